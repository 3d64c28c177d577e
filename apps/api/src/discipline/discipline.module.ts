import { Module } from '@nestjs/common';
import { DisciplinaryCasesController, StaffHistoryController } from './discipline.controller.js';
import { SubjectHistoryService } from './subject-history.service.js';

@Module({
  controllers: [DisciplinaryCasesController, StaffHistoryController],
  providers: [SubjectHistoryService],
})
export class DisciplineModule {}
