import { Module } from '@nestjs/common';
import { ConsultationsController } from './consultation.controller.js';

@Module({ controllers: [ConsultationsController] })
export class ConsultationModule {}
