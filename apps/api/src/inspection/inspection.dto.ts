import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoundedDate, IsBoundedInstant } from '#platform';
import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsIn, IsInt, IsObject, IsOptional, IsString, Length, Matches, Max, Min, ValidateNested } from 'class-validator';
import type { AvoidanceBehaviour, FindingKind, PersonnelActionKind, PresenceStatus } from '#domain';
import { CLIENT_ID, CLIENT_ID_MESSAGE, HistoricalCommandRequest } from '../http/historical.dto.js';
import { PersonRef } from '../http/person-ref.js';

const FINDING_KINDS: FindingKind[] = ['avoidance_confirmed', 'objective_cause', 'degradation_concluded', 'corruption_or_waste_handled', 'violation_to_discipline'];
const BEHAVIOURS: AvoidanceBehaviour[] = ['pushing_work', 'delaying', 'consulting_within_authority', 'consulting_unrelated_party', 'other'];
const PRESENCE: PresenceStatus[] = ['present', 'absent_excused', 'absent_unexcused', 'late_arrival', 'left_early'];
const ACTION_KINDS: PersonnelActionKind[] = ['review', 'transfer', 'replacement', 'dismissal', 'commendation'];

export class EventRefDto {
  @ApiProperty({ example: 'assignment-a-2026-0042' }) @IsString() @Length(1, 200) streamId!: string;
  @ApiProperty({ example: 3, minimum: 0 }) @IsInt() @Min(0) @Max(1_000_000_000) revision!: number;
}

export class PlanInspectionRequest extends HistoricalCommandRequest {
  @ApiPropertyOptional({ example: 'ktcv-2026-07', description: 'Chosen id; generated when omitted' })
  @IsOptional() @Matches(CLIENT_ID, { message: `inspectionId ${CLIENT_ID_MESSAGE}` }) inspectionId?: string;
  @ApiProperty({ enum: ['scheduled', 'surprise'] }) @IsIn(['scheduled', 'surprise']) kind!: 'scheduled' | 'surprise';
  @ApiProperty({ example: '15/QĐ-KTCV' }) @IsString() @Length(1, 100) decisionNo!: string;
  @ApiProperty({ example: ['xa-an-binh'], description: 'Inspected units (their subtrees)' })
  @IsArray() @ArrayMinSize(1) @ArrayMaxSize(50) @Matches(CLIENT_ID, { each: true, message: `scopeUnitIds ${CLIENT_ID_MESSAGE}` }) scopeUnitIds!: string[];
  @ApiProperty({ example: ['insp-1', 'insp-2'], description: 'Inspectors on the team, the lead included' })
  @IsArray() @ArrayMinSize(1) @ArrayMaxSize(30) @Matches(CLIENT_ID, { each: true, message: `team ${CLIENT_ID_MESSAGE}` }) team!: string[];
  @ApiProperty({ example: 'insp-1' }) @Matches(CLIENT_ID, { message: `leadInspector ${CLIENT_ID_MESSAGE}` }) leadInspector!: string;
  @ApiProperty({ example: 'Giờ làm việc và giải quyết hồ sơ' }) @IsString() @Length(1, 2000) subject!: string;
  @ApiProperty({ example: '2026-06-10' }) @IsBoundedDate() @Length(10, 10) plannedStart!: string;
}

export class StartInspectionRequest extends HistoricalCommandRequest {
  @ApiPropertyOptional({ description: 'When the inspected units were told (default: the start)' })
  @IsOptional() @IsBoundedInstant() announcedAt?: string;
}

export class RecordVisitRequest extends HistoricalCommandRequest {
  @ApiProperty({ example: 'v1' }) @Matches(CLIENT_ID, { message: `visitId ${CLIENT_ID_MESSAGE}` }) visitId!: string;
  @ApiProperty({ example: 'xa-an-binh' }) @Matches(CLIENT_ID, { message: `unitId ${CLIENT_ID_MESSAGE}` }) unitId!: string;
  @ApiProperty({ example: 'Bộ phận một cửa, 7:45' }) @IsString() @Length(0, 4000) notes!: string;
}

export class PresenceCheckDto {
  @ApiProperty({ example: 'nguyen-van-an' }) @Matches(CLIENT_ID, { message: `staffId ${CLIENT_ID_MESSAGE}` }) @PersonRef() staffId!: string;
  @ApiProperty({ enum: PRESENCE }) @IsIn(PRESENCE) status!: PresenceStatus;
  @ApiPropertyOptional() @IsOptional() @IsString() @Length(0, 1000) note?: string;
}

export class RecordPresenceRequest extends HistoricalCommandRequest {
  @ApiProperty({ example: 'v1' }) @Matches(CLIENT_ID, { message: `visitId ${CLIENT_ID_MESSAGE}` }) visitId!: string;
  @ApiProperty({ type: [PresenceCheckDto] }) @IsArray() @ArrayMinSize(1) @ArrayMaxSize(500) @ValidateNested({ each: true }) @Type(() => PresenceCheckDto) checks!: PresenceCheckDto[];
}

export class ConcludeInspectionRequest extends HistoricalCommandRequest {
  @ApiProperty({ example: '22/KL-KTCV' }) @IsString() @Length(1, 100) conclusionNo!: string;
  @ApiProperty({ example: '2026-06-20' }) @IsBoundedDate() @Length(10, 10) concludedOn!: string;
  @ApiProperty({ example: 'Trưởng đoàn kiểm tra' }) @IsString() @Length(1, 200) signer!: string;
  @ApiProperty() @IsString() @Length(1, 8000) summary!: string;
}

export class RecordFindingRequest extends HistoricalCommandRequest {
  @ApiPropertyOptional({ example: 'f1', description: 'Chosen id; generated when omitted' })
  @IsOptional() @Matches(CLIENT_ID, { message: `findingId ${CLIENT_ID_MESSAGE}` }) findingId?: string;
  @ApiProperty({ enum: FINDING_KINDS }) @IsIn(FINDING_KINDS) kind!: FindingKind;
  @ApiPropertyOptional({ description: 'The person (every kind but corruption_or_waste_handled)' })
  @IsOptional() @Matches(CLIENT_ID, { message: `staffId ${CLIENT_ID_MESSAGE}` }) @PersonRef() staffId?: string;
  @ApiPropertyOptional({ description: 'The unit handled for corruption or waste' })
  @IsOptional() @Matches(CLIENT_ID, { message: `unitId ${CLIENT_ID_MESSAGE}` }) unitId?: string;
  @ApiPropertyOptional({ description: 'The work whose delay or failed review had an objective cause' })
  @IsOptional() @Matches(CLIENT_ID, { message: `assignmentId ${CLIENT_ID_MESSAGE}` }) assignmentId?: string;
  @ApiPropertyOptional({ enum: ['delay', 'quality'] }) @IsOptional() @IsIn(['delay', 'quality']) failure?: 'delay' | 'quality';
  @ApiPropertyOptional({ description: 'Leaders in direct charge of the unit at the time' })
  @IsOptional() @IsArray() @ArrayMaxSize(20) @Matches(CLIENT_ID, { each: true, message: `leadersInDirectCharge ${CLIENT_ID_MESSAGE}` }) @PersonRef({ each: true }) leadersInDirectCharge?: string[];
  @ApiPropertyOptional({ enum: BEHAVIOURS, isArray: true }) @IsOptional() @IsArray() @ArrayMaxSize(5) @IsIn(BEHAVIOURS, { each: true }) behaviours?: AvoidanceBehaviour[];
  @ApiPropertyOptional({ example: 'Ủy ban kiểm tra Huyện ủy' }) @IsOptional() @IsString() @Length(1, 300) competentBody?: string;
  @ApiProperty() @IsString() @Length(1, 8000) description!: string;
  @ApiProperty({ type: [EventRefDto] }) @IsArray() @ArrayMaxSize(200) @ValidateNested({ each: true }) @Type(() => EventRefDto) evidence!: EventRefDto[];
}

export class ContestFindingRequest extends HistoricalCommandRequest {
  @ApiProperty() @IsString() @Length(1, 8000) grounds!: string;
}

export class ReviseFindingRequest extends HistoricalCommandRequest {
  @ApiProperty({ enum: ['upheld', 'amended', 'withdrawn'] }) @IsIn(['upheld', 'amended', 'withdrawn']) outcome!: 'upheld' | 'amended' | 'withdrawn';
  @ApiProperty() @IsString() @Length(1, 8000) reason!: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @Length(1, 8000) description?: string;
  @ApiPropertyOptional({ type: [EventRefDto] }) @IsOptional() @IsArray() @ArrayMaxSize(200) @ValidateNested({ each: true }) @Type(() => EventRefDto) addedEvidence?: EventRefDto[];
}

export class CaseFromFindingRequest extends HistoricalCommandRequest {
  @ApiPropertyOptional({ description: 'Chosen case id; generated when omitted' })
  @IsOptional() @Matches(CLIENT_ID, { message: `caseId ${CLIENT_ID_MESSAGE}` }) caseId?: string;
  @ApiProperty({ example: '2026-05-15', description: 'Date of the violation' }) @IsBoundedDate() @Length(10, 10) violationDate!: string;
  @ApiProperty({ enum: ['reprimand_level', 'higher'] }) @IsIn(['reprimand_level', 'higher']) severity!: 'reprimand_level' | 'higher';
}

export class HeadViewQuery {
  @ApiProperty({ example: 2026 }) @Type(() => Number) @IsInt() @Min(1900) @Max(2200) year!: number;
}

export class InspectionListQuery {
  @ApiPropertyOptional({ maximum: 200 }) @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(200) limit?: number;
}

export class FindingRefDto {
  @ApiProperty() @IsString() @Length(1, 200) inspectionId!: string;
  @ApiProperty() @IsString() @Length(1, 200) findingId!: string;
}

export class ClassificationResultRefDto {
  @ApiProperty() @IsString() @Length(1, 200) cycleId!: string;
  @ApiProperty({ example: 2026 }) @IsInt() @Min(1900) @Max(2200) year!: number;
  @ApiProperty() @IsString() @Length(1, 100) level!: string;
}

export class PersonnelActionBasisDto {
  @ApiProperty({ type: [FindingRefDto] }) @IsArray() @ArrayMaxSize(50) @ValidateNested({ each: true }) @Type(() => FindingRefDto) findings!: FindingRefDto[];
  @ApiProperty({ type: [ClassificationResultRefDto] }) @IsArray() @ArrayMaxSize(20) @ValidateNested({ each: true }) @Type(() => ClassificationResultRefDto) results!: ClassificationResultRefDto[];
  @ApiProperty({ type: [EventRefDto] }) @IsArray() @ArrayMaxSize(50) @ValidateNested({ each: true }) @Type(() => EventRefDto) events!: EventRefDto[];
}

export class ProposePersonnelActionRequest extends HistoricalCommandRequest {
  @ApiPropertyOptional() @IsOptional() @Matches(CLIENT_ID, { message: `actionId ${CLIENT_ID_MESSAGE}` }) actionId?: string;
  @ApiProperty() @Matches(CLIENT_ID, { message: `staffId ${CLIENT_ID_MESSAGE}` }) @PersonRef() staffId!: string;
  @ApiProperty({ enum: ACTION_KINDS }) @IsIn(ACTION_KINDS) kind!: PersonnelActionKind;
  @ApiProperty() @IsString() @Length(1, 8000) reason!: string;
  @ApiProperty({ type: PersonnelActionBasisDto }) @IsObject() @ValidateNested() @Type(() => PersonnelActionBasisDto) basis!: PersonnelActionBasisDto;
}

export class DecidePersonnelActionRequest extends HistoricalCommandRequest {
  @ApiProperty({ enum: ['approved', 'rejected'] }) @IsIn(['approved', 'rejected']) decision!: 'approved' | 'rejected';
  @ApiProperty({ example: '31/QĐ-UBND' }) @IsString() @Length(1, 100) decisionNo!: string;
  @ApiProperty() @IsString() @Length(0, 4000) note!: string;
}

export class PersonnelActionOutcomeRequest extends HistoricalCommandRequest {
  @ApiProperty({ type: EventRefDto, description: 'The StaffTransferred / LeadershipEnded / StaffLeft / CommendationGranted event that carried it out' })
  @IsObject() @ValidateNested() @Type(() => EventRefDto) outcome!: EventRefDto;
  @ApiProperty() @IsString() @Length(0, 4000) note!: string;
}

export class PersonnelActionListQuery {
  @ApiPropertyOptional() @IsOptional() @Matches(CLIENT_ID, { message: `staffId ${CLIENT_ID_MESSAGE}` }) staffId?: string;
  @ApiPropertyOptional() @IsOptional() @Matches(CLIENT_ID, { message: `unitId ${CLIENT_ID_MESSAGE}` }) unitId?: string;
  @ApiPropertyOptional({ enum: ACTION_KINDS }) @IsOptional() @IsIn(ACTION_KINDS) kind?: PersonnelActionKind;
  @ApiPropertyOptional() @IsOptional() @IsIn(['proposed', 'approved', 'rejected', 'carried_out']) status?: string;
}

/** An inspection as a reader may see it (parts depend on visibility). */
export class InspectionResponse {
  @ApiProperty() id!: string;
  @ApiProperty({ enum: ['plan', 'progress', 'results', 'full', 'own_findings'], description: 'own_findings: the person a finding is about sees the conclusion and their own findings' }) visibility!: string;
  @ApiProperty({ enum: ['planned', 'started', 'concluded'] }) status!: string;
  @ApiProperty({ type: 'object', additionalProperties: true }) plan!: Record<string, unknown>;
  @ApiPropertyOptional({ nullable: true, type: String }) startedAt?: string | null;
  @ApiPropertyOptional({ type: 'array', items: { type: 'object', additionalProperties: true } }) visits?: Array<Record<string, unknown>>;
  @ApiPropertyOptional({ type: 'array', items: { type: 'object', additionalProperties: true } }) presence?: Array<Record<string, unknown>>;
  @ApiPropertyOptional({ type: 'object', additionalProperties: true, nullable: true }) conclusion?: Record<string, unknown> | null;
  @ApiPropertyOptional({ type: 'array', items: { type: 'object', additionalProperties: true } }) findings?: Array<Record<string, unknown>>;
  @ApiProperty() version!: number;
}

export class InspectionPage {
  @ApiProperty({ type: [InspectionResponse] }) items!: InspectionResponse[];
}

export class HeadViewResponse {
  @ApiProperty() staffId!: string;
  @ApiProperty() year!: number;
  @ApiProperty({ type: 'array', items: { type: 'object', additionalProperties: true }, description: 'One entry per unit the person headed or deputised in the year' })
  units!: Array<Record<string, unknown>>;
  @ApiProperty({ type: 'array', items: { type: 'object', additionalProperties: true }, description: "The rules of the person's own classification that the unit's record fed" })
  classificationRules!: Array<Record<string, unknown>>;
}

export class PersonnelActionResponse {
  @ApiProperty() id!: string;
  @ApiProperty() staffId!: string;
  @ApiProperty() unitId!: string;
  @ApiProperty({ enum: ACTION_KINDS }) kind!: string;
  @ApiProperty({ enum: ['proposed', 'approved', 'rejected', 'carried_out'] }) status!: string;
  @ApiProperty({ type: 'object', additionalProperties: true }) proposal!: Record<string, unknown>;
  @ApiPropertyOptional({ type: 'object', additionalProperties: true, nullable: true }) decision!: Record<string, unknown> | null;
  @ApiPropertyOptional({ type: 'object', additionalProperties: true, nullable: true }) outcome!: Record<string, unknown> | null;
  @ApiProperty() version!: number;
}

export class PersonnelActionPage {
  @ApiProperty({ type: [PersonnelActionResponse] }) items!: PersonnelActionResponse[];
}
