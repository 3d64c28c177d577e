import { Global, Module } from '@nestjs/common';
import { APP_INTERCEPTOR } from '@nestjs/core';
import { ScopeService } from '../auth/scope.service.js';
import { AggregateRepository } from './aggregate.repository.js';
import { ExecuteDecisionHandler } from './execute-decision.js';
import { IdempotencyInterceptor } from './idempotency.interceptor.js';
import { PERSON_DIRECTORY, PersonDirectory, PersonRefInterceptor } from '../http/person-ref.interceptor.js';

@Global()
@Module({
  providers: [AggregateRepository, ExecuteDecisionHandler, ScopeService, { provide: APP_INTERCEPTOR, useClass: IdempotencyInterceptor },
    { provide: APP_INTERCEPTOR, useClass: PersonRefInterceptor },
    { provide: PERSON_DIRECTORY, useClass: PersonDirectory },
  ],
  exports: [AggregateRepository, ScopeService],
})
export class CommandsModule {}
