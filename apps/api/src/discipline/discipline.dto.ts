import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoundedDate } from '#platform';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsObject,
  IsOptional,
  IsString,
  Length,
  Matches,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';
import type { AppealOutcome, CaseDismissalReason, CouncilVoteOption, StatementRole } from '#domain';
import type { DisciplinaryForm } from '#domain';
import type { ViolationSeverity } from '#domain';
import { PageQuery } from '../http/common.dto.js';
import { CLIENT_ID, CLIENT_ID_MESSAGE, HistoricalCommandRequest } from '../http/historical.dto.js';
import { PersonRef } from '../http/person-ref.js';

export const DISCIPLINARY_FORMS: readonly DisciplinaryForm[] = [
  'reprimand',
  'warning',
  'salary_grade_reduction',
  'salary_raise_deferral',
  'demotion',
  'dismissal_from_post',
  'removal_from_office',
  'forced_resignation',
  'dismissal',
];
const VOTE_OPTIONS: readonly CouncilVoteOption[] = [...DISCIPLINARY_FORMS, 'no_discipline'];
const SEVERITIES: readonly ViolationSeverity[] = ['reprimand_level', 'higher'];
const DISMISSAL_REASONS: readonly CaseDismissalReason[] = ['protected_innovation', 'insufficient_evidence', 'time_barred', 'other'];
const STATEMENT_ROLES: readonly StatementRole[] = ['subject', 'witness', 'complainant', 'council_member', 'other'];
const APPEAL_OUTCOMES: readonly AppealOutcome[] = ['upheld', 'modified', 'annulled'];
const STREAM_ID = /^[A-Za-z0-9][A-Za-z0-9_.:-]{0,199}$/;

export class EvidenceRefDto {
  @ApiProperty({ example: 'assignment-a-2026-0042', description: 'Stream of the recorded event' })
  @Matches(STREAM_ID, { message: 'streamId must be a stream id' }) streamId!: string;
  @ApiProperty({ example: 3, description: '0-based revision of the event in its stream' }) @IsInt() @Min(0) revision!: number;
}

export class AllegationDto {
  @ApiProperty({ example: 'v1' }) @Matches(CLIENT_ID, { message: `id ${CLIENT_ID_MESSAGE}` }) id!: string;
  @ApiProperty({ example: 'Đẩy hồ sơ sang đơn vị khác không đúng thẩm quyền' }) @IsString() @Length(1, 4000) description!: string;
  @ApiProperty({ example: '2026-02-10' }) @IsBoundedDate() @Length(10, 10) violationDate!: string;
  @ApiProperty({ enum: SEVERITIES, example: 'reprimand_level', description: '5-year limitation for reprimand_level, 10 otherwise' })
  @IsIn(SEVERITIES) severity!: ViolationSeverity;
  @ApiProperty({ type: [EvidenceRefDto] })
  @IsArray() @ArrayMaxSize(100) @ValidateNested({ each: true }) @Type(() => EvidenceRefDto) evidence!: EvidenceRefDto[];
}

export class OpenCaseRequest extends HistoricalCommandRequest {
  @ApiPropertyOptional({ example: 'kl-2026-007', description: 'Chosen id; generated when omitted' })
  @IsOptional() @Matches(CLIENT_ID, { message: `caseId ${CLIENT_ID_MESSAGE}` }) caseId?: string;
  @ApiProperty({ example: 'nguyen-van-an', description: 'Staff id; category and leadership are read from the staff directory' })
  @Matches(CLIENT_ID, { message: `subjectId ${CLIENT_ID_MESSAGE}` }) @PersonRef() subjectId!: string;
  @ApiProperty({ type: [AllegationDto] })
  @IsArray() @ArrayMinSize(1) @ArrayMaxSize(50) @ValidateNested({ each: true }) @Type(() => AllegationDto) allegations!: AllegationDto[];
}

export class ConveneCouncilRequest extends HistoricalCommandRequest {
  @ApiProperty({ example: 'pho-giam-doc-1' }) @Matches(CLIENT_ID, { message: `chair ${CLIENT_ID_MESSAGE}` }) @PersonRef() chair!: string;
  @ApiProperty({ example: 'truong-phong-tccb' }) @Matches(CLIENT_ID, { message: `secretary ${CLIENT_ID_MESSAGE}` }) @PersonRef() secretary!: string;
  @ApiProperty({ example: ['chu-tich-cong-doan'] })
  @IsArray() @ArrayMaxSize(20) @Matches(CLIENT_ID, { each: true, message: `members ${CLIENT_ID_MESSAGE}` }) @PersonRef({ each: true }) members!: string[];
}

export class RecordStatementRequest extends HistoricalCommandRequest {
  @ApiProperty({ example: 'nguyen-van-an' }) @Matches(CLIENT_ID, { message: `personId ${CLIENT_ID_MESSAGE}` }) @PersonRef() personId!: string;
  @ApiProperty({ enum: STATEMENT_ROLES, example: 'subject' }) @IsIn(STATEMENT_ROLES) role!: StatementRole;
  @ApiProperty({ example: 'Tôi đã chuyển hồ sơ vì cho rằng không thuộc thẩm quyền' }) @IsString() @Length(1, 8000) summary!: string;
  @ApiPropertyOptional({ example: 'bien-ban-2026-03-01.pdf' }) @IsOptional() @IsString() @MaxLength(500) documentRef?: string;
}

export class AttachEvidenceRequest extends HistoricalCommandRequest {
  @ApiProperty({ example: 'v1' }) @Matches(CLIENT_ID, { message: `allegationId ${CLIENT_ID_MESSAGE}` }) allegationId!: string;
  @ApiProperty({ type: EvidenceRefDto }) @IsObject() @ValidateNested() @Type(() => EvidenceRefDto) evidence!: EvidenceRefDto;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(2000) note?: string;
}

export class ExtendProcessingRequest extends HistoricalCommandRequest {
  @ApiProperty({ example: '2026-09-30', description: 'At most 150 days after opening' }) @IsBoundedDate() @Length(10, 10) newDeadline!: string;
  @ApiProperty({ example: 'Vụ việc phức tạp, cần xác minh thêm' }) @IsString() @Length(1, 2000) reason!: string;
}

export class TallyEntryDto {
  @ApiProperty({ enum: VOTE_OPTIONS, example: 'reprimand' }) @IsIn(VOTE_OPTIONS) option!: CouncilVoteOption;
  @ApiProperty({ example: 3 }) @IsInt() @Min(0) votes!: number;
}

export class RecordVoteRequest extends HistoricalCommandRequest {
  @ApiProperty({ example: ['pho-giam-doc-1', 'truong-phong-tccb', 'chu-tich-cong-doan'], description: 'Members present; quorum 3 with chair and secretary' })
  @IsArray() @ArrayMaxSize(30) @Matches(CLIENT_ID, { each: true, message: `present ${CLIENT_ID_MESSAGE}` }) @PersonRef({ each: true }) present!: string[];
  @ApiProperty({ type: [TallyEntryDto], description: 'Secret-ballot tally' })
  @IsArray() @ArrayMaxSize(20) @ValidateNested({ each: true }) @Type(() => TallyEntryDto) tally!: TallyEntryDto[];
}

export class IssueDecisionRequest extends HistoricalCommandRequest {
  @ApiProperty({ enum: DISCIPLINARY_FORMS, example: 'reprimand', description: 'Checked against the forms regime of the subject category on the decision date' })
  @IsIn(DISCIPLINARY_FORMS) form!: DisciplinaryForm;
  @ApiProperty({ example: '88/QĐ-SNV' }) @IsString() @Length(1, 100) decisionNo!: string;
  @ApiProperty({ example: '2026-12-01' }) @IsBoundedDate() @Length(10, 10) effectiveFrom!: string;
  @ApiProperty({ example: true }) @IsBoolean() relatedToDuties!: boolean;
  @ApiProperty({ example: ['v1'], description: 'The allegations found proven' })
  @IsArray() @ArrayMaxSize(50) @Matches(CLIENT_ID, { each: true, message: `allegationIds ${CLIENT_ID_MESSAGE}` }) allegationIds!: string[];
}

export class DismissCaseRequest extends HistoricalCommandRequest {
  @ApiProperty({ enum: DISMISSAL_REASONS, example: 'protected_innovation' }) @IsIn(DISMISSAL_REASONS) reason!: CaseDismissalReason;
  @ApiProperty({ example: 'Thực hiện đúng đề xuất đổi mới đã được phê duyệt' }) @IsString() @MaxLength(4000) note!: string;
  @ApiPropertyOptional({ example: 'dx-2026-03', description: 'Required for protected_innovation: the approved, evaluated proposal covering the work' })
  @IsOptional() @Matches(CLIENT_ID, { message: `innovationProposalId ${CLIENT_ID_MESSAGE}` }) innovationProposalId?: string;
}

export class FileAppealRequest extends HistoricalCommandRequest {
  @ApiProperty({ example: 'Hình thức kỷ luật không tương xứng' }) @IsString() @Length(1, 8000) grounds!: string;
}

export class ResolveAppealRequest extends HistoricalCommandRequest {
  @ApiProperty({ enum: APPEAL_OUTCOMES, example: 'upheld' }) @IsIn(APPEAL_OUTCOMES) outcome!: AppealOutcome;
  @ApiPropertyOptional({ enum: DISCIPLINARY_FORMS, description: 'Only when modified' }) @IsOptional() @IsIn(DISCIPLINARY_FORMS) newForm?: DisciplinaryForm;
  @ApiProperty({ example: '12/QĐ-GQKN' }) @IsString() @Length(1, 100) decisionNo!: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(4000) note?: string;
}

export class CaseListQuery extends PageQuery {
  @ApiPropertyOptional() @IsOptional() @Matches(CLIENT_ID, { message: `subjectId ${CLIENT_ID_MESSAGE}` }) subjectId?: string;
  @ApiPropertyOptional({ enum: ['open', 'decided', 'dismissed'] }) @IsOptional() @IsIn(['open', 'decided', 'dismissed']) status?: 'open' | 'decided' | 'dismissed';
}

export class HistoryQuery {
  @ApiPropertyOptional({ example: '2020-01-01', description: 'Start of the period (business time, inclusive); default: 10 years back (the longest limitation)' })
  @IsOptional() @IsBoundedDate() @Length(10, 10) from?: string;
  @ApiPropertyOptional({ example: '2026-12-31', description: 'End of the period (inclusive); default: today' })
  @IsOptional() @IsBoundedDate() @Length(10, 10) to?: string;
}
