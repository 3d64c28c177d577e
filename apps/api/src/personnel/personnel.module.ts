import { Module } from '@nestjs/common';
import { StaffController, UnitsController } from './personnel.controller.js';

@Module({ controllers: [UnitsController, StaffController] })
export class PersonnelModule {}
