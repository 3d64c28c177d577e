import { Global, Module } from '@nestjs/common';
import { APP_INTERCEPTOR } from '@nestjs/core';
import { ScopeService } from '../auth/scope.service.js';
import { AggregateRepository } from './aggregate.repository.js';
import { ExecuteDecisionHandler } from './execute-decision.js';
import { IdempotencyInterceptor } from './idempotency.interceptor.js';

@Global()
@Module({
  providers: [AggregateRepository, ExecuteDecisionHandler, ScopeService, { provide: APP_INTERCEPTOR, useClass: IdempotencyInterceptor }],
  exports: [AggregateRepository, ScopeService],
})
export class CommandsModule {}
