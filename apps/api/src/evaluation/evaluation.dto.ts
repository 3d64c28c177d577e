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
  @ApiPropertyOptional({ description: 'Basis for every item without its own', default: 'As proposed from the record' })
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
