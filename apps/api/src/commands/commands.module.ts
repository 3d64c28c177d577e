import { Global, Module } from '@nestjs/common';
import { APP_INTERCEPTOR } from '@nestjs/core';
import { ScopeService } from '../auth/scope.service.js';
import { CommandCallPipe } from './command-call.js';
import { CommandExecutor } from './command-executor.js';
import { IdempotencyInterceptor } from './idempotency.interceptor.js';
import { UnitStandings } from './unit-standings.js';

@Global()
@Module({
  providers: [CommandExecutor, CommandCallPipe, ScopeService, UnitStandings, { provide: APP_INTERCEPTOR, useClass: IdempotencyInterceptor }],
  exports: [CommandExecutor, CommandCallPipe, ScopeService, UnitStandings],
})
export class CommandsModule {}
