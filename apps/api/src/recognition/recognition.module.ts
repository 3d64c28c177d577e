import { Module } from '@nestjs/common';
import { CommendationsController, InnovationProposalsController } from './recognition.controller.js';

@Module({
  controllers: [CommendationsController, InnovationProposalsController],
})
export class RecognitionModule {}
