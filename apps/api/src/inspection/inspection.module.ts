import { Module } from '@nestjs/common';
import { HeadViewController } from './head-view.controller.js';
import { InspectionsController } from './inspection.controller.js';
import { EvidenceService } from './evidence.service.js';
import { PersonnelActionsController } from './personnel-actions.controller.js';

@Module({
  controllers: [InspectionsController, PersonnelActionsController, HeadViewController],
  providers: [EvidenceService],
})
export class InspectionModule {}
