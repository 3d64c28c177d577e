import { Module } from '@nestjs/common';
import { RecognitionModule } from '../recognition/recognition.module.js';
import { DisciplinaryCasesController, StaffHistoryController } from './discipline.controller.js';
import { SubjectHistoryService } from './subject-history.service.js';

@Module({
  imports: [RecognitionModule],
  controllers: [DisciplinaryCasesController, StaffHistoryController],
  providers: [SubjectHistoryService],
})
export class DisciplineModule {}
