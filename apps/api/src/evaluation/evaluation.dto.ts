import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsIn, IsInt, IsNumber, IsOptional, IsString, Matches, Max, MaxLength, Min, MinLength, ValidateNested } from 'class-validator';
import { EVALUATION_LEVELS, type EvaluationLevel } from '#domain';

const ID = /^[A-Za-z0-9._:-]{1,100}$/;

export class OpenCycleRequest {
  @ApiPropertyOptional({ description: 'Client-chosen id; a UUID is generated otherwise' })
  @IsOptional() @IsString() @Matches(ID) cycleId?: string;
  @ApiProperty({ example: 2026 }) @Type(() => Number) @IsInt() @Min(2000) @Max(2100) year!: number;
  @ApiProperty({ description: 'Root of the unit subtree the cycle covers' }) @IsString() @Matches(ID) scopeUnitId!: string;
  @ApiPropertyOptional({ description: 'Policy id to use for every category it covers; by default the policy is chosen per category by assessment year (effective date)', example: 'vn-decree-335-2025' })
  @IsOptional() @IsString() @MaxLength(200) policyId?: string;
}

export class SelfAssessmentRequest {
  @ApiProperty() @IsString() @MinLength(1) @MaxLength(10_000) text!: string;
  @ApiPropertyOptional({ enum: EVALUATION_LEVELS }) @IsOptional() @IsIn(EVALUATION_LEVELS) selfLevel?: EvaluationLevel;
}

export class GeneralCriteriaRequest {
  @ApiProperty() @IsString() @Matches(ID) staffId!: string;
  @ApiProperty({ minimum: 0, maximum: 30 }) @IsNumber() @Min(0) @Max(30) score!: number;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(2000) note?: string;
}

export class DecisionItem {
  @ApiProperty() @IsString() @Matches(ID) staffId!: string;
  @ApiPropertyOptional({ enum: EVALUATION_LEVELS, description: 'Defaults to the proposed level' }) @IsOptional() @IsIn(EVALUATION_LEVELS) level?: EvaluationLevel;
  @ApiPropertyOptional({ description: 'Why, when the level differs from the proposal' }) @IsOptional() @IsString() @MaxLength(2000) basis?: string;
}

export class DecisionsRequest {
  @ApiProperty({ example: 'QD-15/2027' }) @IsString() @MinLength(1) @MaxLength(100) decisionNo!: string;
  @ApiPropertyOptional({ description: 'Basis for every item without its own; default "As proposed from the record"' })
  @IsOptional() @IsString() @MaxLength(2000) basis?: string;
  @ApiPropertyOptional({ type: [DecisionItem], description: 'Staff to decide; omitted = everyone in the cycle with an undecided proposal, as proposed' })
  @IsOptional() @IsArray() @ArrayMaxSize(5000) @ValidateNested({ each: true }) @Type(() => DecisionItem) items?: DecisionItem[];
}

export class AppealRequest {
  @ApiProperty() @IsString() @MinLength(1) @MaxLength(10_000) grounds!: string;
}

export class RevisionRequest {
  @ApiProperty() @IsString() @Matches(ID) staffId!: string;
  @ApiProperty({ enum: EVALUATION_LEVELS }) @IsIn(EVALUATION_LEVELS) level!: EvaluationLevel;
  @ApiProperty() @IsString() @MinLength(1) @MaxLength(100) decisionNo!: string;
  @ApiProperty() @IsString() @MinLength(1) @MaxLength(2000) reason!: string;
}

export class ResultsQuery {
  @ApiPropertyOptional() @IsOptional() @IsString() @Matches(ID) unitId?: string;
  @ApiPropertyOptional({ enum: EVALUATION_LEVELS, description: 'Filters on the level that stands (final, else proposed)' }) @IsOptional() @IsIn(EVALUATION_LEVELS) level?: EvaluationLevel;
  @ApiPropertyOptional({ enum: ['json', 'csv', 'xlsx'] }) @IsOptional() @IsIn(['json', 'csv', 'xlsx']) format?: 'json' | 'csv' | 'xlsx';
  @ApiPropertyOptional({ enum: ['single', 'unit'], description: 'XLSX only: one sheet (default) or one sheet per unit' }) @IsOptional() @IsIn(['single', 'unit']) sheets?: 'single' | 'unit';
}

const CATEGORIES = ['cadre', 'civil_servant', 'public_employee', 'worker'] as const;

export class CyclePolicyResponse {
  @ApiProperty({ enum: CATEGORIES }) category!: string;
  @ApiProperty({ example: 'vn-decree-335-2025' }) policyId!: string;
  @ApiProperty({ example: 1 }) policyVersion!: number;
  @ApiProperty({ enum: ['given', 'selected'], description: '`given`: named by HR when opening; `selected`: chosen by year and category' }) chosenBy!: 'given' | 'selected';
}

export class CycleResponse {
  @ApiProperty() id!: string;
  @ApiProperty({ example: 2026 }) year!: number;
  @ApiProperty() scopeUnitId!: string;
  @ApiProperty({ enum: ['open', 'closed'] }) status!: string;
  @ApiProperty({ type: [CyclePolicyResponse] }) policies!: CyclePolicyResponse[];
}

export class StaffCodeResponse {
  @ApiProperty() staffId!: string;
  @ApiProperty({ example: 'evaluation.no_policy' }) code!: string;
}

export class SkippedStaffResponse extends StaffCodeResponse {
  @ApiProperty() message!: string;
}

export class RefusedDecisionResponse extends StaffCodeResponse {
  @ApiProperty() detail!: string;
}

export class ClassificationRunResponse {
  @ApiProperty({ format: 'uuid' }) runId!: string;
  @ApiProperty({ minimum: 0 }) classified!: number;
  @ApiProperty({ minimum: 0, description: 'New proposals appended' }) proposed!: number;
  @ApiProperty({ minimum: 0, description: 'Proposals unchanged since the last run (nothing appended)' }) unchanged!: number;
  @ApiProperty({ type: 'object', additionalProperties: { type: 'integer' }, description: 'Count per level' }) levels!: Record<string, number>;
  @ApiProperty({ type: [SkippedStaffResponse] }) skipped!: SkippedStaffResponse[];
  @ApiProperty({ type: [StaffCodeResponse] }) refused!: StaffCodeResponse[];
}

export class DecidedResponse {
  @ApiProperty() staffId!: string;
  @ApiProperty({ minimum: 1 }) version!: number;
}

export class DecisionsResponse {
  @ApiProperty({ type: [DecidedResponse] }) decided!: DecidedResponse[];
  @ApiProperty({ type: [RefusedDecisionResponse] }) refused!: RefusedDecisionResponse[];
}

export class TraceEntryResponse {
  @ApiProperty() rule!: string;
  @ApiProperty() outcome!: string;
  @ApiPropertyOptional() effect?: string;
}

export class ProposalEventResponse {
  @ApiProperty({ type: String, nullable: true }) streamId!: string | null;
  @ApiProperty({ type: Number, nullable: true }) revision!: number | null;
}

const NULLABLE_LEVEL = { enum: EVALUATION_LEVELS, nullable: true, type: String } as const;

export class ResultRowResponse {
  @ApiProperty() staffId!: string;
  @ApiProperty({ type: String, nullable: true }) fullName!: string | null;
  @ApiProperty({ type: String, nullable: true }) unitId!: string | null;
  @ApiProperty({ type: String, nullable: true }) policyId!: string | null;
  @ApiProperty({ type: Number, nullable: true }) policyVersion!: number | null;
  @ApiProperty({ type: Number, nullable: true, minimum: 0, maximum: 30 }) generalCriteriaScore!: number | null;
  @ApiProperty({ type: Number, nullable: true }) score!: number | null;
  @ApiProperty(NULLABLE_LEVEL) proposedLevel!: string | null;
  @ApiProperty(NULLABLE_LEVEL) decidedLevel!: string | null;
  @ApiProperty({ type: String, nullable: true }) decisionNo!: string | null;
  @ApiProperty({ type: String, nullable: true }) basis!: string | null;
  @ApiProperty({ type: String, nullable: true }) appealStatus!: string | null;
  @ApiProperty(NULLABLE_LEVEL) revisedLevel!: string | null;
  @ApiProperty(NULLABLE_LEVEL) finalLevel!: string | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true, description: 'When the standing proposal was made' }) proposedAt!: Date | null;
  @ApiProperty(NULLABLE_LEVEL) selfLevel!: string | null;
  @ApiProperty({ type: String, nullable: true }) runId!: string | null;
  @ApiProperty({ type: ProposalEventResponse }) proposalEvent!: ProposalEventResponse;
  @ApiProperty({ type: 'object', additionalProperties: true, nullable: true, description: 'The indicators the proposal was computed from' }) indicators!: Record<string, unknown> | null;
  @ApiProperty({ type: [TraceEntryResponse], nullable: true, description: 'The rule trace of the proposal' }) trace!: TraceEntryResponse[] | null;
  @ApiProperty({ example: 3 }) version!: number;
}

export class ResultsResponse {
  @ApiProperty() cycleId!: string;
  @ApiProperty({ type: [ResultRowResponse] }) items!: ResultRowResponse[];
}

export class TaskGroupDeclarationItem {
  @ApiProperty({ description: 'Unit the group belongs to' }) @IsString() @Matches(ID) unitId!: string;
  @ApiProperty({ description: 'Name of the group of similar tasks', example: 'licensing' }) @IsString() @MinLength(1) @MaxLength(100) groupId!: string;
  @ApiProperty({ type: [String], description: 'The job positions of the unit in this group (as registered on the staff)' })
  @IsArray() @ArrayMaxSize(500) @IsString({ each: true }) @MaxLength(200, { each: true }) jobPositions!: string[];
}

export class OutstandingUnitItem {
  @ApiProperty() @IsString() @Matches(ID) unitId!: string;
  @ApiProperty({ minimum: 0, maximum: 1, description: 'Share of those rated good that may be rated excellent, as decided' }) @IsNumber() @Min(0) @Max(1) share!: number;
  @ApiProperty({ description: 'The decision of the competent authority that set the share' }) @IsString() @MinLength(1) @MaxLength(100) decisionRef!: string;
}

export class ClassificationRunRequest {
  @ApiPropertyOptional({
    type: [TaskGroupDeclarationItem],
    description:
      'Groups of similar tasks per unit (Decree 335/2025 art. 20(5)(a)), each a set of job positions. A unit without declared groups is one group; a unit with groups must list every job position of its staff (otherwise 422-style skip `classification.task_group_undeclared`).',
  })
  @IsOptional() @IsArray() @ArrayMaxSize(5000) @ValidateNested({ each: true }) @Type(() => TaskGroupDeclarationItem) taskGroups?: TaskGroupDeclarationItem[];
  @ApiPropertyOptional({
    type: [OutstandingUnitItem],
    description: 'Units with outstanding achievements whose excellent share the competent authority decided (Decree 335/2025 art. 20(5)(b))',
  })
  @IsOptional() @IsArray() @ArrayMaxSize(5000) @ValidateNested({ each: true }) @Type(() => OutstandingUnitItem) outstandingUnits?: OutstandingUnitItem[];
}
