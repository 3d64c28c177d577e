import { Module } from '@nestjs/common';
import { AssignmentsController } from './assignments.controller.js';
import { MergeUnitWithOpenWorkHandler } from './unit-merge.handler.js';

/** Work handling: assignments, their routing, the trail, and the handover of open work when a unit merges. */
@Module({ controllers: [AssignmentsController], providers: [MergeUnitWithOpenWorkHandler] })
export class WorkModule {}
