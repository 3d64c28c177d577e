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
  Max,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';
import type {
  AppealOutcome,
  CaseDismissalReason,
  CouncilRole,
  CouncilVoteOption,
  DocumentKind,
  ExemptionGround,
  SelfReviewConvenerRole,
  StatementRole,
  SubjectLevel,
  SuspensionGround,
} from '#domain';
import type { DisciplinaryForm } from '#domain';
import type { ViolationSeverity } from '#domain';
import type { CaseView } from '#read-models';
import { InnovationResponse } from '../recognition/recognition.dto.js';
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
const COUNCIL_ROLES: readonly CouncilRole[] = [
  'chair', 'secretary', 'employing_unit_leader', 'party_representative', 'trade_union_representative', 'commune_leader',
  'specialist_office_representative', 'member',
];
const CONVENER_ROLES: readonly SelfReviewConvenerRole[] = ['head_of_employing_unit', 'deputy_head_of_employing_unit', 'superior_body_leader'];
const DOCUMENT_KINDS: readonly DocumentKind[] = [
  'self_criticism', 'self_review_minutes', 'council_minutes', 'summons', 'medical_certificate', 'birth_certificate',
  'detention_order', 'written_request', 'authority_decision', 'other',
];
const SUSPENSION_GROUNDS: readonly SuspensionGround[] = ['serious_illness', 'pregnancy', 'maternity_leave', 'child_under_12_months', 'detained_or_prosecuted'];
const EXEMPTION_GROUNDS: readonly ExemptionGround[] = ['lost_civil_capacity', 'executed_superior_decision', 'emergency_or_force_majeure'];
const LEVELS: readonly SubjectLevel[] = ['central_or_provincial', 'commune'];
const DATE = { example: '2026-03-05' };

/** A document by reference: the ledger keeps number, date, issuer and the file's SHA-256, never the file. */
export class DocumentRefDto {
  @ApiProperty({ example: '12/BB-KĐ' }) @IsString() @Length(1, 100) number!: string;
  @ApiProperty(DATE) @IsBoundedDate() @Length(10, 10) date!: string;
  @ApiProperty({ example: 'Phòng Tổ chức cán bộ, Sở Nội vụ' }) @IsString() @Length(1, 300) issuer!: string;
  @ApiProperty({ example: 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855', description: 'Lower-case hex SHA-256 of the file' })
  @Matches(/^[0-9a-f]{64}$/, { message: 'digest must be a lower-case hex SHA-256' }) digest!: string;
}

export class ConflictDeclarationDto {
  @ApiProperty({ example: 'nguyen-thi-b' }) @Matches(CLIENT_ID, { message: `personId ${CLIENT_ID_MESSAGE}` }) personId!: string;
  @ApiProperty({ enum: ['relative', 'interested_in_violation'], description: 'Decree 112 art. 2(11): relatives and persons with rights or obligations related to the violation are excluded' })
  @IsIn(['relative', 'interested_in_violation']) relation!: 'relative' | 'interested_in_violation';
}

export class EvidenceRefDto {
  @ApiProperty({ example: 'assignment-a-2026-0042', description: 'Stream of the recorded event' })
  @Matches(STREAM_ID, { message: 'streamId must be a stream id' }) streamId!: string;
  @ApiProperty({ example: 3, minimum: 0, maximum: Number.MAX_SAFE_INTEGER, description: '0-based revision of the event in its stream' })
  @IsInt() @Min(0) @Max(Number.MAX_SAFE_INTEGER) revision!: number;
}

export class AllegationDto {
  @ApiProperty({ example: 'v1' }) @Matches(CLIENT_ID, { message: `id ${CLIENT_ID_MESSAGE}` }) id!: string;
  @ApiProperty({ example: 'Đẩy hồ sơ sang đơn vị khác không đúng thẩm quyền' }) @IsString() @Length(1, 4000) description!: string;
  @ApiProperty({ example: '2026-02-10' }) @IsBoundedDate() @Length(10, 10) violationDate!: string;
  @ApiProperty({ enum: SEVERITIES, example: 'reprimand_level', description: '5-year limitation for reprimand_level, 10 otherwise' })
  @IsIn(SEVERITIES) severity!: ViolationSeverity;
  @ApiProperty({ type: [EvidenceRefDto] })
  @IsArray() @ArrayMaxSize(100) @ValidateNested({ each: true }) @Type(() => EvidenceRefDto) evidence!: EvidenceRefDto[];
  @ApiPropertyOptional({ example: '2026-02-28', description: 'Last day of a continuing violation; the limitation period runs from it' })
  @IsOptional() @IsBoundedDate() @Length(10, 10) violationEndDate?: string;
}

export class OpenCaseRequest extends HistoricalCommandRequest {
  @ApiPropertyOptional({ example: 'kl-2026-007', description: 'Chosen id; generated when omitted' })
  @IsOptional() @Matches(CLIENT_ID, { message: `caseId ${CLIENT_ID_MESSAGE}` }) caseId?: string;
  @ApiProperty({ example: 'nguyen-van-an', description: 'Staff id; category and leadership are read from the staff directory' })
  @Matches(CLIENT_ID, { message: `subjectId ${CLIENT_ID_MESSAGE}` }) @PersonRef() subjectId!: string;
  @ApiProperty({ type: [AllegationDto] })
  @IsArray() @ArrayMinSize(1) @ArrayMaxSize(50) @ValidateNested({ each: true }) @Type(() => AllegationDto) allegations!: AllegationDto[];
  @ApiPropertyOptional({ example: '2026-03-01', description: 'When the violation was detected; the 90/150-day processing period runs from it (Decree 172/2025). Default: the opening date' })
  @IsOptional() @IsBoundedDate() @Length(10, 10) detectedOn?: string;
  @ApiPropertyOptional({ enum: LEVELS, description: 'commune for a commune civil servant (its own council before 2025-07-01)' })
  @IsOptional() @IsIn(LEVELS) subjectLevel?: SubjectLevel;
}

export class CouncilSeatDto {
  @ApiProperty({ example: 'pho-giam-doc-1' }) @Matches(CLIENT_ID, { message: `personId ${CLIENT_ID_MESSAGE}` }) @PersonRef() personId!: string;
  @ApiProperty({ enum: COUNCIL_ROLES, example: 'chair' }) @IsIn(COUNCIL_ROLES) role!: CouncilRole;
}

export class ConveneCouncilRequest extends HistoricalCommandRequest {
  @ApiProperty({ type: [CouncilSeatDto], description: 'Every seat with its role, chair and secretary included; checked against the composition of Decree 112 art. 28 for the subject (422 case.council_composition)' })
  @IsArray() @ArrayMinSize(1) @ArrayMaxSize(20) @ValidateNested({ each: true }) @Type(() => CouncilSeatDto) seats!: CouncilSeatDto[];
  @ApiPropertyOptional({ type: [ConflictDeclarationDto], description: 'Declared relations of proposed members to the subject or the violation' })
  @IsOptional() @IsArray() @ArrayMaxSize(20) @ValidateNested({ each: true }) @Type(() => ConflictDeclarationDto) conflicts?: ConflictDeclarationDto[];
}

export class ReplaceCouncilMemberRequest extends HistoricalCommandRequest {
  @ApiProperty({ example: 'chu-tich-cong-doan' }) @Matches(CLIENT_ID, { message: `replaced ${CLIENT_ID_MESSAGE}` }) replaced!: string;
  @ApiProperty({ example: 'pho-chu-tich-cong-doan' }) @Matches(CLIENT_ID, { message: `replacement ${CLIENT_ID_MESSAGE}` }) @PersonRef() replacement!: string;
  @ApiProperty({ enum: ['conflict_of_interest', 'unavailable', 'transferred', 'other'] })
  @IsIn(['conflict_of_interest', 'unavailable', 'transferred', 'other']) reason!: 'conflict_of_interest' | 'unavailable' | 'transferred' | 'other';
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(2000) note?: string;
  @ApiPropertyOptional({ type: [ConflictDeclarationDto] })
  @IsOptional() @IsArray() @ArrayMaxSize(20) @ValidateNested({ each: true }) @Type(() => ConflictDeclarationDto) conflicts?: ConflictDeclarationDto[];
}

export class IssueSummonsRequest extends HistoricalCommandRequest {
  @ApiPropertyOptional({ example: 'gm-01', description: 'Chosen id; generated when omitted' })
  @IsOptional() @Matches(CLIENT_ID, { message: `summonsId ${CLIENT_ID_MESSAGE}` }) summonsId?: string;
  @ApiProperty({ enum: ['self_review', 'council'] }) @IsIn(['self_review', 'council']) purpose!: 'self_review' | 'council';
  @ApiProperty(DATE) @IsBoundedDate() @Length(10, 10) meetingOn!: string;
  @ApiProperty({ example: '2026-03-03', description: 'Day the summons reached the subject; not after the meeting, not in the future' })
  @IsBoundedDate() @Length(10, 10) deliveredOn!: string;
  @ApiPropertyOptional({ type: DocumentRefDto }) @IsOptional() @IsObject() @ValidateNested() @Type(() => DocumentRefDto) document?: DocumentRefDto;
}

export class SelfCriticismDto {
  @ApiProperty({ example: 'Tôi nhận khuyết điểm đã để hồ sơ quá hạn' }) @IsString() @Length(1, 8000) summary!: string;
  @ApiPropertyOptional({ enum: [...DISCIPLINARY_FORMS, 'no_discipline'], description: 'The form the subject proposes for themself' })
  @IsOptional() @IsIn([...DISCIPLINARY_FORMS, 'no_discipline']) proposedForm?: CouncilVoteOption;
  @ApiPropertyOptional({ type: DocumentRefDto }) @IsOptional() @IsObject() @ValidateNested() @Type(() => DocumentRefDto) document?: DocumentRefDto;
}

export class RecordSelfReviewRequest extends HistoricalCommandRequest {
  @ApiProperty(DATE) @IsBoundedDate() @Length(10, 10) heldOn!: string;
  @ApiProperty({ example: 'truong-phong-a', description: 'Who chaired the meeting' }) @Matches(CLIENT_ID, { message: `convenedBy ${CLIENT_ID_MESSAGE}` }) @PersonRef() convenedBy!: string;
  @ApiProperty({ enum: CONVENER_ROLES, description: 'superior_body_leader for a head or deputy head (Decree 112 art. 26(1) as amended)' })
  @IsIn(CONVENER_ROLES) convenerRole!: SelfReviewConvenerRole;
  @ApiProperty({ example: ['cv-1', 'cv-2', 'cv-3'], description: 'Members of the unit who attended and voted (not the subject)' })
  @IsArray() @ArrayMinSize(1) @ArrayMaxSize(200) @Matches(CLIENT_ID, { each: true, message: `attendees ${CLIENT_ID_MESSAGE}` }) @PersonRef({ each: true }) attendees!: string[];
  @ApiProperty({ example: true }) @IsBoolean() subjectPresent!: boolean;
  @ApiPropertyOptional({ enum: ['written_request', 'second_summons'], description: 'Why the meeting went ahead without the subject' })
  @IsOptional() @IsIn(['written_request', 'second_summons']) absence?: 'written_request' | 'second_summons';
  @ApiPropertyOptional({ type: SelfCriticismDto }) @IsOptional() @IsObject() @ValidateNested() @Type(() => SelfCriticismDto) selfCriticism?: SelfCriticismDto;
  @ApiProperty({ type: DocumentRefDto, description: 'The minutes (biên bản)' }) @IsObject() @ValidateNested() @Type(() => DocumentRefDto) minutes!: DocumentRefDto;
  @ApiProperty({ type: () => [TallyEntryDto], description: 'The vote on the proposed form; the form with more than half of the attendees is proposed' })
  @IsArray() @ArrayMaxSize(20) @ValidateNested({ each: true }) @Type(() => TallyEntryDto) tally!: TallyEntryDto[];
  @ApiPropertyOptional({ type: [ConflictDeclarationDto] })
  @IsOptional() @IsArray() @ArrayMaxSize(20) @ValidateNested({ each: true }) @Type(() => ConflictDeclarationDto) conflicts?: ConflictDeclarationDto[];
}

export class AttachDocumentRequest extends HistoricalCommandRequest {
  @ApiProperty({ enum: DOCUMENT_KINDS }) @IsIn(DOCUMENT_KINDS) kind!: DocumentKind;
  @ApiProperty({ type: DocumentRefDto }) @IsObject() @ValidateNested() @Type(() => DocumentRefDto) document!: DocumentRefDto;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(2000) note?: string;
}

export class SuspendCaseRequest extends HistoricalCommandRequest {
  @ApiProperty({ enum: SUSPENSION_GROUNDS, description: 'Cases not yet considered (Decree 172/2025; Decree 112/2020 art. 3 as amended)' })
  @IsIn(SUSPENSION_GROUNDS) ground!: SuspensionGround;
  @ApiProperty(DATE) @IsBoundedDate() @Length(10, 10) from!: string;
  @ApiPropertyOptional({ example: '2026-09-10', description: 'Expected end of the ground (end of maternity leave, the child\'s first birthday)' })
  @IsOptional() @IsBoundedDate() @Length(10, 10) expectedUntil?: string;
  @ApiProperty({ type: DocumentRefDto, description: 'Certificate of the ground' }) @IsObject() @ValidateNested() @Type(() => DocumentRefDto) document!: DocumentRefDto;
}

export class ResumeCaseRequest extends HistoricalCommandRequest {
  @ApiProperty(DATE) @IsBoundedDate() @Length(10, 10) on!: string;
  @ApiProperty({ enum: ['ground_ended', 'subject_requested', 'authority_decided'] })
  @IsIn(['ground_ended', 'subject_requested', 'authority_decided']) reason!: 'ground_ended' | 'subject_requested' | 'authority_decided';
  @ApiPropertyOptional({ type: DocumentRefDto, description: "Required for subject_requested (the subject's written request) and authority_decided" })
  @IsOptional() @IsObject() @ValidateNested() @Type(() => DocumentRefDto) document?: DocumentRefDto;
}

export class ExemptCaseRequest extends HistoricalCommandRequest {
  @ApiProperty({ enum: EXEMPTION_GROUNDS, description: 'Decree 112/2020 art. 4' }) @IsIn(EXEMPTION_GROUNDS) ground!: ExemptionGround;
  @ApiProperty({ type: DocumentRefDto }) @IsObject() @ValidateNested() @Type(() => DocumentRefDto) document!: DocumentRefDto;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(4000) note?: string;
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
  @ApiProperty({ example: 3, minimum: 0, maximum: 10000 }) @IsInt() @Min(0) @Max(10000) votes!: number;
}

export class RecordVoteRequest extends HistoricalCommandRequest {
  @ApiProperty({ example: ['pho-giam-doc-1', 'truong-phong-tccb', 'chu-tich-cong-doan'], description: 'Members present; quorum 3 with chair and secretary' })
  @IsArray() @ArrayMaxSize(30) @Matches(CLIENT_ID, { each: true, message: `present ${CLIENT_ID_MESSAGE}` }) present!: string[];
  @ApiProperty({ type: [TallyEntryDto], description: 'Secret-ballot tally; the option with more than half of those present is the recommendation' })
  @IsArray() @ArrayMaxSize(20) @ValidateNested({ each: true }) @Type(() => TallyEntryDto) tally!: TallyEntryDto[];
  @ApiPropertyOptional({ type: DocumentRefDto, description: "The council meeting's minutes" })
  @IsOptional() @IsObject() @ValidateNested() @Type(() => DocumentRefDto) minutes?: DocumentRefDto;
}

export class HeavierBasisDto {
  @ApiProperty({ enum: ['repeat_violation_during_discipline'] }) @IsIn(['repeat_violation_during_discipline']) kind!: 'repeat_violation_during_discipline';
  @ApiProperty({ example: '3/QĐ-KL', description: 'The decision in effect when the violation was repeated' }) @IsString() @Length(1, 100) priorDecisionNo!: string;
}

export class IssueDecisionRequest extends HistoricalCommandRequest {
  @ApiProperty({ enum: DISCIPLINARY_FORMS, example: 'reprimand', description: 'Checked against the forms regime of the subject category on the decision date' })
  @IsIn(DISCIPLINARY_FORMS) form!: DisciplinaryForm;
  @ApiProperty({ example: '88/QĐ-SNV' }) @IsString() @Length(1, 100) decisionNo!: string;
  @ApiProperty({ example: '2026-12-01' }) @IsBoundedDate() @Length(10, 10) effectiveFrom!: string;
  @ApiProperty({ example: true }) @IsBoolean() relatedToDuties!: boolean;
  @ApiProperty({ example: ['v1'], description: 'The allegations found proven' })
  @IsArray() @ArrayMaxSize(50) @Matches(CLIENT_ID, { each: true, message: `allegationIds ${CLIENT_ID_MESSAGE}` }) allegationIds!: string[];
  @ApiPropertyOptional({ type: HeavierBasisDto, description: 'Lawful basis for one level heavier than recommended' })
  @IsOptional() @IsObject() @ValidateNested() @Type(() => HeavierBasisDto) heavierBasis?: HeavierBasisDto;
  @ApiPropertyOptional({ type: DocumentRefDto, description: 'The signed decision' })
  @IsOptional() @IsObject() @ValidateNested() @Type(() => DocumentRefDto) document?: DocumentRefDto;
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
  @ApiPropertyOptional({ enum: ['open', 'decided', 'dismissed', 'exempted'] })
  @IsOptional() @IsIn(['open', 'decided', 'dismissed', 'exempted']) status?: 'open' | 'decided' | 'dismissed' | 'exempted';
}

export class HistoryQuery {
  @ApiPropertyOptional({ example: '2020-01-01', description: 'Start of the period (business time, inclusive); default: 10 years back (the longest limitation)' })
  @IsOptional() @IsBoundedDate() @Length(10, 10) from?: string;
  @ApiPropertyOptional({ example: '2026-12-31', description: 'End of the period (inclusive); default: today' })
  @IsOptional() @IsBoundedDate() @Length(10, 10) to?: string;
}

const OBJECT = { type: 'object', additionalProperties: true } as const;

export class AllegationResponse {
  @ApiProperty({ example: 'v1' }) id!: string;
  @ApiProperty() description!: string;
  @ApiProperty({ format: 'date' }) violationDate!: string;
  @ApiProperty({ enum: SEVERITIES }) severity!: ViolationSeverity;
  @ApiProperty({ type: [EvidenceRefDto] }) evidence!: EvidenceRefDto[];
}

/** A case as the API shows it (CaseView of the read model). */
export class CaseResponse implements CaseView {
  @ApiProperty({ example: 'case-2026-007' }) id!: string;
  @ApiProperty({ example: 'case-2026-007' }) caseId!: string;
  @ApiProperty({ enum: ['open', 'decided', 'dismissed', 'exempted'] }) status!: CaseView['status'];
  @ApiProperty({ example: 'nguyen-van-an' }) subjectId!: string;
  @ApiProperty({ enum: ['cadre', 'civil_servant', 'public_employee', 'worker'] }) subjectCategory!: CaseView['subjectCategory'];
  @ApiProperty() subjectIsLeader!: boolean;
  @ApiProperty({ type: [AllegationResponse] }) allegations!: CaseView['allegations'];
  @ApiProperty() openedBy!: string;
  @ApiProperty({ format: 'date' }) openedOn!: string;
  @ApiProperty({ format: 'date', description: 'Processing limit (90 days from detection, extendable to 150; moved by the days suspended)' }) processingDeadline!: string;
  @ApiProperty({ format: 'date', description: 'When the violation was detected; the processing period runs from it' }) detectedOn!: string;
  @ApiProperty({ enum: ['central_or_provincial', 'commune'] }) subjectLevel!: CaseView['subjectLevel'];
  @ApiProperty({ type: String, nullable: true, description: "The subject's unit at opening" }) subjectUnitId!: string | null;
  @ApiProperty({ type: 'array', items: { type: 'object' }, description: 'Summonses to the self-review meeting and the council, with delivery dates' }) summonses!: CaseView['summonses'];
  @ApiPropertyOptional({ ...OBJECT, description: 'The self-review meeting (họp kiểm điểm) once held' }) selfReview?: CaseView['selfReview'];
  @ApiProperty({ type: 'array', items: { type: 'object' }, description: 'Documents by reference (number, date, issuer, digest)' }) documents!: CaseView['documents'];
  @ApiPropertyOptional({ ...OBJECT, description: 'The ground the case is not yet considered on, while it lasts' }) suspension?: CaseView['suspension'];
  @ApiProperty({ minimum: 0, description: 'Calendar days suspended in total' }) daysSuspended!: number;
  @ApiPropertyOptional({ ...OBJECT, description: 'Chair, secretary and members once convened' }) council?: CaseView['council'];
  @ApiPropertyOptional({ ...OBJECT, description: 'The secret-ballot tally once voted' }) vote?: CaseView['vote'];
  @ApiProperty({ minimum: 0 }) statements!: number;
  @ApiProperty({ ...OBJECT, nullable: true, description: 'The decision (form, number, effective date) once decided' }) decision!: CaseView['decision'];
  @ApiProperty({ ...OBJECT, nullable: true, description: 'The appeal against the decision and its resolution' }) appeal!: CaseView['appeal'];
  @ApiProperty({ ...OBJECT, nullable: true, description: 'Why the case was dismissed' }) dismissal!: CaseView['dismissal'];
  @ApiProperty({ ...OBJECT, nullable: true, description: 'The exemption (miễn trách nhiệm) that closed the case' }) exemption!: CaseView['exemption'];
  @ApiPropertyOptional({ type: 'array', items: { type: 'object' }, description: 'Legal consequences of the decision with their end dates' }) consequences?: unknown[];
  @ApiProperty({ type: [InnovationResponse], description: 'Approved innovation proposals covering the work the evidence is about' })
  coveringInnovationProposals!: CaseView['coveringInnovationProposals'];
  @ApiProperty({ example: 4 }) version!: number;
}

export class CasePage {
  @ApiProperty({ type: [CaseResponse] }) items!: CaseResponse[];
  @ApiProperty({ type: String, nullable: true, description: 'Cursor of the next page; null on the last page' }) nextCursor!: string | null;
}

export class EventVerificationResponse {
  @ApiProperty({ description: 'The hash chain vouches for this event' }) verified!: boolean;
  @ApiProperty({ example: 'ok', description: '`ok`, the reason of the first broken link, or `after_broken_link`' }) reason!: string;
  @ApiPropertyOptional() detail?: string;
}

export class HistoryEventResponse {
  @ApiProperty({ example: '1042', description: 'Global position (string: 64-bit)' }) position!: string;
  @ApiProperty({ example: 'assignment-a-2026-0042' }) streamId!: string;
  @ApiProperty({ minimum: 0 }) revision!: number;
  @ApiProperty({ format: 'uuid' }) eventId!: string;
  @ApiProperty({ example: 'AssignmentHandedOff' }) type!: string;
  @ApiProperty({ format: 'date-time' }) occurredAt!: string;
  @ApiProperty({ format: 'date-time' }) recordedAt!: string;
  @ApiProperty({ ...OBJECT, description: 'Subject and roles of the token that recorded it' }) actor!: unknown;
  @ApiProperty({ ...OBJECT, description: 'The event data (see the AsyncAPI document)' }) data!: Record<string, unknown>;
  @ApiProperty() hash!: string;
  @ApiProperty() prevHash!: string;
  @ApiProperty({ type: EventVerificationResponse }) verification!: EventVerificationResponse;
}

export class HistoryPeriodResponse {
  @ApiProperty({ format: 'date' }) from!: string;
  @ApiProperty({ format: 'date' }) to!: string;
}

export class HistoryStreamResponse {
  @ApiProperty() streamId!: string;
  @ApiProperty() verified!: boolean;
  @ApiPropertyOptional({ minimum: 0, description: 'Revision of the first broken link' }) brokenAt?: number;
}

export class SubjectHistoryResponse {
  @ApiProperty() staffId!: string;
  @ApiProperty({ type: HistoryPeriodResponse }) period!: HistoryPeriodResponse;
  @ApiProperty({ type: [HistoryStreamResponse] }) streams!: HistoryStreamResponse[];
  @ApiProperty({ type: [HistoryEventResponse], description: 'Every event of those streams in the period, in global order' }) events!: HistoryEventResponse[];
  @ApiProperty() verifiedAll!: boolean;
  @ApiPropertyOptional({ type: 'array', items: { type: 'object' }, description: 'Legal consequences of disciplinary decisions with their end dates (staff history only)' })
  disciplineConsequences?: unknown[];
}

export class ResolvedEvidenceResponse {
  @ApiProperty() allegationId!: string;
  @ApiProperty() streamId!: string;
  @ApiProperty({ minimum: 0 }) revision!: number;
  @ApiProperty({ description: 'The reference names a recorded event' }) found!: boolean;
  @ApiPropertyOptional({ type: HistoryEventResponse }) event?: HistoryEventResponse;
}

export class CaseFileResponse extends SubjectHistoryResponse {
  @ApiProperty({ type: CaseResponse }) case!: CaseResponse;
  @ApiProperty({ type: [ResolvedEvidenceResponse] }) evidence!: ResolvedEvidenceResponse[];
  @ApiProperty({ type: [InnovationResponse], description: 'Innovation proposals naming the work the evidence is about' }) innovationProposals!: InnovationResponse[];
}

export class DecisionIssuedResponse {
  @ApiProperty({ example: 5, description: 'Stream version after the command; also sent as ETag' }) version!: number;
  @ApiProperty({ type: [String], description: 'Ids of the commendations revoked because their period contains a proven violation' }) revokedCommendations!: string[];
}
