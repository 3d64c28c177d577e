import { Global, Module } from '@nestjs/common';
import { APP_INTERCEPTOR } from '@nestjs/core';
import { ScopeService } from '../auth/scope.service.js';
import { AggregateRepository } from './aggregate.repository.js';
import { ExecuteDecisionHandler } from './execute-decision.js';
import { IdempotencyInterceptor } from './idempotency.interceptor.js';
import { UnitStandings } from './unit-standings.js';

@Global()
@Module({
  providers: [AggregateRepository, ExecuteDecisionHandler, ScopeService, UnitStandings, { provide: APP_INTERCEPTOR, useClass: IdempotencyInterceptor }],
  exports: [AggregateRepository, ScopeService, UnitStandings],
})
export class CommandsModule {}
