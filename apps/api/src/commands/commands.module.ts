import { Global, Module } from '@nestjs/common';
import { APP_INTERCEPTOR } from '@nestjs/core';
import { ScopeService } from '../auth/scope.service.js';
import { CommandCallPipe } from './command-call.js';
import { CommandExecutor } from './command-executor.js';
import { IdempotencyInterceptor } from './idempotency.interceptor.js';
import { UnitStandings } from './unit-standings.js';
import { PERSON_DIRECTORY, PersonDirectory, PersonRefInterceptor } from '../http/person-ref.interceptor.js';

@Global()
@Module({
  providers: [
    CommandExecutor,
    CommandCallPipe,
    ScopeService,
    UnitStandings,
    { provide: APP_INTERCEPTOR, useClass: IdempotencyInterceptor },
    { provide: APP_INTERCEPTOR, useClass: PersonRefInterceptor },
    { provide: PERSON_DIRECTORY, useClass: PersonDirectory },
  ],
  exports: [CommandExecutor, CommandCallPipe, ScopeService, UnitStandings],
})
export class CommandsModule {}
