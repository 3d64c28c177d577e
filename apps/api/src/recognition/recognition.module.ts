import { Module } from '@nestjs/common';
import { CommendationRevocations } from './commendation-revocations.service.js';
import { CommendationsController, InnovationProposalsController } from './recognition.controller.js';

@Module({
  controllers: [CommendationsController, InnovationProposalsController],
  providers: [CommendationRevocations],
  exports: [CommendationRevocations],
})
export class RecognitionModule {}
