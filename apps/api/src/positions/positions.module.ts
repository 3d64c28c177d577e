import { Module } from '@nestjs/common';
import { PositionsController } from './positions.controller.js';
import { ScoreSheetsController } from './score-sheets.controller.js';

/** Issue 14: job positions, product catalogues, period score sheets and KPI views. */
@Module({ controllers: [PositionsController, ScoreSheetsController] })
export class PositionsModule {}
