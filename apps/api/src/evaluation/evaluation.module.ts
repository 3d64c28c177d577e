import { Module } from '@nestjs/common';
import { EvaluationCyclesController } from './evaluation.controller.js';
import { IndicatorsController, StaffIndicatorsController, WatchlistController } from './indicators.controller.js';

/** Indicators, the avoidance watchlist and annual evaluation cycles. */
@Module({ controllers: [EvaluationCyclesController, StaffIndicatorsController, IndicatorsController, WatchlistController] })
export class EvaluationModule {}
