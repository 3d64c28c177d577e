import { Module } from '@nestjs/common';
import { ClassificationRuns } from './classification-runner.js';
import { EvaluationCyclesController } from './evaluation.controller.js';
import { IndicatorsController, StaffIndicatorsController, WatchlistController } from './indicators.controller.js';

/** Indicators, the avoidance watchlist and annual evaluation cycles. */
@Module({ controllers: [EvaluationCyclesController, StaffIndicatorsController, IndicatorsController, WatchlistController], providers: [ClassificationRuns] })
export class EvaluationModule {}
