import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsBoolean, IsIn, IsInt, IsNumber, IsOptional, IsString, Matches, Max, MaxLength, Min, ValidateNested } from 'class-validator';
import { IsBoundedDate, IsBoundedInstant } from '#platform';
import { CRITERIA, STAGE_KINDS, type SatisfactionCriterion, type StageKind } from '#domain';
import { CLIENT_ID, CLIENT_ID_MESSAGE, HistoricalCommandRequest } from '../http/historical.dto.js';
import { PersonRef } from '../http/person-ref.js';

export class ProcedureStageRequest {
  @ApiProperty({ example: 'land_office' }) @Matches(CLIENT_ID, { message: `key ${CLIENT_ID_MESSAGE}` }) key!: string;
  @ApiProperty({ example: 'Chi nhánh Văn phòng đăng ký đất đai' }) @IsString() @MaxLength(300) name!: string;
  @ApiProperty({ enum: STAGE_KINDS, example: 'processing' }) @IsIn(STAGE_KINDS) kind!: StageKind;
  @ApiProperty({ example: 'vpdkdd', description: 'Agency of the stage; a hand-over between agencies is inter-agency (liên thông)' }) @IsString() @MaxLength(100) agency!: string;
  @ApiProperty({ type: [String], example: ['vpdk-cn1'] }) @IsArray() @ArrayMaxSize(500) @Matches(CLIENT_ID, { each: true, message: `unitIds ${CLIENT_ID_MESSAGE}` }) unitIds!: string[];
  @ApiProperty({ example: 6, description: 'Working days of the statutory time given to the stage (half days allowed)' }) @IsNumber() @Min(0) @Max(1000) shareDays!: number;
}

export class PublishProcedureVersionRequest extends HistoricalCommandRequest {
  @ApiProperty({ example: 'Đăng ký biến động quyền sử dụng đất' }) @IsString() @MaxLength(500) name!: string;
  @ApiProperty({ example: '2026-01-01', description: 'In force from this date until the next version' }) @IsBoundedDate() effectiveFrom!: string;
  @ApiProperty({ example: 10, description: 'Statutory processing time, working days' }) @IsNumber() @Min(0) @Max(1000) statutoryDays!: number;
  @ApiProperty({ type: [ProcedureStageRequest] }) @IsArray() @ArrayMaxSize(30) @ValidateNested({ each: true }) @Type(() => ProcedureStageRequest) stages!: ProcedureStageRequest[];
  @ApiProperty({ example: 'Quyết định 1234/QĐ-UBND công bố thủ tục và quy trình nội bộ' }) @IsString() @MaxLength(500) legalBasis!: string;
}

export class ApplicantContactRequest {
  @ApiPropertyOptional({ example: 'Nguyễn Văn A' }) @IsOptional() @IsString() @MaxLength(200) name?: string;
  @ApiPropertyOptional({ example: '0912345678' }) @IsOptional() @IsString() @MaxLength(50) phone?: string;
  @ApiPropertyOptional({ example: 'a@example.vn' }) @IsOptional() @IsString() @MaxLength(200) email?: string;
  @ApiPropertyOptional({ example: 'Thôn 3, xã A' }) @IsOptional() @IsString() @MaxLength(500) address?: string;
}

export class ReceiveDossierRequest extends HistoricalCommandRequest {
  @ApiPropertyOptional({ example: 'hs-2026-0001', description: 'Chosen id; generated when omitted' }) @IsOptional() @Matches(CLIENT_ID, { message: `dossierId ${CLIENT_ID_MESSAGE}` }) dossierId?: string;
  @ApiProperty({ example: 'XA-260302-0001', description: 'Code printed on the receipt; the public looks the dossier up by it' }) @Matches(CLIENT_ID, { message: `receiptCode ${CLIENT_ID_MESSAGE}` }) receiptCode!: string;
  @ApiProperty({ example: '1.012345' }) @Matches(CLIENT_ID, { message: `procedureCode ${CLIENT_ID_MESSAGE}` }) procedureCode!: string;
  @ApiProperty({ example: 'xa-a-tthc', description: 'The one-stop centre receiving the dossier' }) @Matches(CLIENT_ID, { message: `centreUnitId ${CLIENT_ID_MESSAGE}` }) centreUnitId!: string;
  @ApiProperty({ type: [String], example: ['Đơn đăng ký biến động', 'Giấy chứng nhận'] }) @IsArray() @ArrayMaxSize(100) @IsString({ each: true }) @MaxLength(300, { each: true }) documents!: string[];
  @ApiPropertyOptional({ type: ApplicantContactRequest, description: 'Held apart from the record (erasable); the events carry only an opaque reference' })
  @IsOptional() @ValidateNested() @Type(() => ApplicantContactRequest) applicant?: ApplicantContactRequest;
}

export class ReceivedResponse {
  @ApiProperty({ example: 'hs-2026-0001' }) id!: string;
  @ApiProperty({ example: 1 }) version!: number;
  @ApiProperty({ example: '5b0f...', description: 'Opaque applicant reference (printed on the receipt; the portal sends it with feedback)' }) applicantRef!: string;
  @ApiPropertyOptional({ example: '1048577', pattern: '^\\d+$' }) position?: string;
}

export class HandOverDossierRequest extends HistoricalCommandRequest {
  @ApiProperty({ example: 'land_office', description: 'The next stage of the procedure' }) @IsString() @MaxLength(100) toStage!: string;
  @ApiProperty({ example: 'vpdk-cn1' }) @IsString() @MaxLength(100) toUnitId!: string;
  @ApiProperty({ example: 'tran-thi-b', description: 'The officer who receives the dossier' }) @IsString() @MaxLength(100) @PersonRef() to!: string;
}

export class SupplementItemRequest {
  @ApiProperty({ example: 'Bản trích đo địa chính' }) @IsString() @MaxLength(300) document!: string;
  @ApiPropertyOptional({ example: 'Thiếu chữ ký của chủ sử dụng liền kề' }) @IsOptional() @IsString() @MaxLength(1000) note?: string;
}

export class RequestSupplementRequest extends HistoricalCommandRequest {
  @ApiProperty({ type: [SupplementItemRequest], description: 'Everything missing, in one written request' }) @IsArray() @ArrayMaxSize(100) @ValidateNested({ each: true }) @Type(() => SupplementItemRequest) items!: SupplementItemRequest[];
}

export class RecordSupplementRequest extends HistoricalCommandRequest {
  @ApiProperty({ type: [String], example: ['Bản trích đo địa chính'] }) @IsArray() @ArrayMaxSize(100) @IsString({ each: true }) @MaxLength(300, { each: true }) documents!: string[];
}

/** Reason and new date are checked by the domain so a missing one is 422 `dossier.apology_incomplete` naming it. */
export class IssueDossierApologyRequest extends HistoricalCommandRequest {
  @ApiPropertyOptional({ example: 'Chờ kết quả đo đạc lại thửa đất' }) @IsOptional() @IsString() @MaxLength(2000) reason?: string;
  @ApiPropertyOptional({ example: '2026-03-18T10:00:00Z', description: 'The new appointment date given to the applicant' }) @IsOptional() @IsBoundedInstant() @MaxLength(40) newAppointmentAt?: string;
}

export class ReturnDossierRequest extends HistoricalCommandRequest {
  @ApiProperty({ type: [String], example: ['Thửa đất đang có tranh chấp'], description: 'The written reasons (a refusal must give them)' }) @IsArray() @ArrayMaxSize(50) @IsString({ each: true }) @MaxLength(2000, { each: true }) reasons!: string[];
}

export class DeliverResultRequest extends HistoricalCommandRequest {}

export class WithdrawDossierRequest extends HistoricalCommandRequest {
  @ApiProperty({ example: 'Đơn xin rút hồ sơ ngày 05/03/2026' }) @IsString() @MaxLength(2000) reason!: string;
}

export class RatingRequest {
  @ApiProperty({ enum: CRITERIA, example: 'result' }) @IsIn(CRITERIA) criterion!: SatisfactionCriterion;
  @ApiProperty({ example: 4, minimum: 1, maximum: 5 }) @IsInt() score!: number;
}

export class RecordFeedbackRequest extends HistoricalCommandRequest {
  @ApiProperty({ example: '5b0f...', description: 'The applicant reference given at reception' }) @IsString() @MaxLength(100) applicantRef!: string;
  @ApiPropertyOptional({ type: [RatingRequest] }) @IsOptional() @IsArray() @ArrayMaxSize(10) @ValidateNested({ each: true }) @Type(() => RatingRequest) ratings?: RatingRequest[];
  @ApiPropertyOptional({ example: 'Cán bộ hướng dẫn tận tình', description: 'Held apart (erasable); the event keeps its HMAC-SHA-256 under a key erased with it' }) @IsOptional() @IsString() @MaxLength(4000) text?: string;
  @ApiPropertyOptional({ example: false, description: 'A complaint to be routed to the responsible unit and answered' }) @IsOptional() @IsBoolean() complaint?: boolean;
}

export class RouteComplaintRequest extends HistoricalCommandRequest {
  @ApiProperty({ example: 'vpdk-cn1' }) @IsString() @MaxLength(100) toUnitId!: string;
}

export class AnswerComplaintRequest extends HistoricalCommandRequest {
  @ApiProperty({ example: 'Đơn vị đã chấn chỉnh và xin lỗi ông/bà' }) @IsString() @MaxLength(4000) answer!: string;
}

export class CarryAcrossMergerRequest extends HistoricalCommandRequest {
  @ApiProperty({ example: 'xa-a' }) @IsString() @MaxLength(100) fromUnitId!: string;
  @ApiProperty({ example: 'xa-moi' }) @IsString() @MaxLength(100) toUnitId!: string;
}

export class BoardQuery {
  @ApiPropertyOptional({ example: 'xa-a-tthc', description: 'One centre only' }) @IsOptional() @IsString() @MaxLength(100) centreUnitId?: string;
}

export class StatisticsQuery {
  @ApiProperty({ example: '2026-03', description: 'Month, Vietnam time (years 1900..2200)' }) @Matches(/^(19\d{2}|2[01]\d{2}|2200)-(0[1-9]|1[0-2])$/, { message: 'month must be YYYY-MM in the years 1900..2200' }) month!: string;
  @ApiPropertyOptional({ enum: ['json', 'csv', 'xlsx'], example: 'json' }) @IsOptional() @IsIn(['json', 'csv', 'xlsx']) format?: 'json' | 'csv' | 'xlsx';
}

export class ErasedResponse {
  @ApiProperty({ example: 2, description: 'Entries erased (contact, feedback texts, complaint answers, digest key)' }) erased!: number;
  @ApiProperty({ example: 1, description: 'Version of the applicant stream that records the erasure' }) version!: number;
}

// ------------------------------------------------------------------ responses

export class ProcedureVersionView {
  @ApiProperty({ example: '1.004227' }) procedureCode!: string;
  @ApiProperty({ example: 'Đăng ký biến động quyền sử dụng đất' }) name!: string;
  @ApiProperty({ example: '2026-01-01' }) effectiveFrom!: string;
  @ApiProperty({ example: 10 }) statutoryDays!: number;
  @ApiProperty({ type: [ProcedureStageRequest] }) stages!: ProcedureStageRequest[];
  @ApiProperty({ example: 'QĐ công bố thủ tục' }) legalBasis!: string;
  @ApiProperty({ example: 'hr-1' }) publishedBy!: string;
  @ApiProperty({ example: '2026-01-01T01:00:00.000Z' }) publishedAt!: string;
}

export class ProcedureResponse {
  @ApiProperty({ example: '1.004227' }) procedureCode!: string;
  @ApiProperty({ type: [ProcedureVersionView] }) versions!: ProcedureVersionView[];
}

export class TrailStageView {
  @ApiProperty({ example: 'land_office' }) stageKey!: string;
  @ApiProperty({ example: 'Chi nhánh Văn phòng đăng ký đất đai' }) stageName!: string;
  @ApiProperty({ example: 'vpdk' }) unitId!: string;
  @ApiProperty({ example: 'cb-vpdk', description: 'Who held the dossier at this stage' }) holder!: string;
  @ApiProperty({ example: '2026-03-05T03:00:00.000Z' }) startedAt!: string;
  @ApiProperty({ example: '2026-03-16T03:00:00.000Z', nullable: true, type: String }) endedAt!: string | null;
  @ApiProperty({ example: '2026-03-13T03:00:00.000Z', description: 'The stage due date (its share from its start, moved by supplement pauses)' }) dueAt!: string;
  @ApiProperty({ example: 6, description: 'Working days allowed' }) allowedDays!: number;
  @ApiProperty({ example: 6.88, nullable: true, type: Number, description: 'Working days used (pauses excluded); null while in hand' }) usedDays!: number | null;
  @ApiProperty({ example: true, nullable: true, type: Boolean, description: 'The stage\'s share ran out: the delay is this stage\'s; null while in hand' }) late!: boolean | null;
  @ApiProperty({ example: true }) interAgency!: boolean;
}

export class ApologyView {
  @ApiProperty({ example: 'vpdk' }) unitId!: string;
  @ApiProperty({ example: 'land_office' }) stageKey!: string;
  @ApiProperty({ example: 'cb-vpdk' }) by!: string;
  @ApiProperty({ example: 'Chờ kết quả đo đạc lại thửa đất' }) reason!: string;
  @ApiProperty({ example: '2026-03-12T08:00:00.000Z' }) at!: string;
  @ApiProperty({ example: '2026-03-18T10:00:00.000Z' }) newAppointmentAt!: string;
  @ApiProperty({ example: true }) beforeDue!: boolean;
}

export class DossierViewResponse {
  @ApiProperty({ example: 'hs-1' }) dossierId!: string;
  @ApiProperty({ example: 'XA-A-260302-0001' }) receiptCode!: string;
  @ApiProperty({ example: '1.004227' }) procedureCode!: string;
  @ApiProperty({ example: 'Đăng ký biến động quyền sử dụng đất' }) procedureName!: string;
  @ApiProperty({ example: 10 }) statutoryDays!: number;
  @ApiProperty({ example: 'xa-a-tthc' }) centreUnitId!: string;
  @ApiProperty({ enum: ['in_progress', 'awaiting_supplement', 'result_ready', 'delivered', 'returned', 'withdrawn'], example: 'delivered' }) status!: string;
  @ApiProperty({ example: '2026-03-02T01:00:00.000Z' }) receivedAt!: string;
  @ApiProperty({ example: '2026-03-13T10:00:00.000Z', description: 'Lateness is measured against it' }) statutoryDueAt!: string;
  @ApiProperty({ example: '2026-03-18T10:00:00.000Z', description: 'The date promised to the applicant (after an apology, its new date)' }) appointmentAt!: string;
  @ApiProperty({ enum: ['early', 'on_time', 'late'], nullable: true, type: String, example: 'late' }) outcome!: string | null;
  @ApiProperty({ type: [TrailStageView] }) trail!: TrailStageView[];
  @ApiProperty({ type: [ApologyView] }) apologies!: ApologyView[];
  @ApiProperty({ type: 'array', items: { type: 'object' }, description: 'Supplement requests: requestNo, at, unitId, by, documents, avoidableItems' }) supplementRequests!: object[];
  @ApiProperty({ type: 'array', items: { type: 'object' }, description: 'Feedback: feedbackNo, channel, recordedBy, onBehalf (recorded by centre staff for the applicant: not counted for the recorder nor their unit), recorderUnitId, ratings, complaint, routedTo, answerDueAt, answeredAt' }) feedback!: object[];
}

export class PublicDossierStatusResponse {
  @ApiProperty({ example: 'XA-A-260302-0001' }) receiptCode!: string;
  @ApiProperty({ type: 'object', properties: { code: { type: 'string' }, name: { type: 'string' } }, example: { code: '1.004227', name: 'Đăng ký biến động quyền sử dụng đất' } }) procedure!: object;
  @ApiProperty({ example: 'in_progress' }) status!: string;
  @ApiProperty({ example: '2026-03-02T01:00:00.000Z' }) receivedAt!: string;
  @ApiProperty({ example: '2026-03-13T10:00:00.000Z' }) appointmentAt!: string;
  @ApiProperty({ type: 'object', nullable: true, properties: { key: { type: 'string' }, name: { type: 'string' } } }) stage!: object | null;
  @ApiProperty({ type: 'array', items: { type: 'object', properties: { at: { type: 'string' }, reason: { type: 'string' }, newAppointmentAt: { type: 'string' } } } }) apologies!: object[];
  @ApiProperty({ type: [String], description: 'What the applicant is asked to supplement, while waiting' }) supplementRequested!: string[];
  @ApiProperty({ type: [String] }) returnReasons!: string[];
}

export class BoardResponse {
  @ApiProperty({ example: '2026-12-01T08:00:00.000Z' }) at!: string;
  @ApiProperty({ example: 12 }) open!: number;
  @ApiProperty({ type: 'object', additionalProperties: { type: 'integer' }, example: { commune: 3, land_office: 9 } }) byStage!: Record<string, number>;
  @ApiProperty({ type: 'array', items: { type: 'object' } }) dueToday!: object[];
  @ApiProperty({ type: 'array', items: { type: 'object' }, description: 'Late now at their stage, or late at an earlier stage (lateStages)' }) late!: object[];
  @ApiProperty({ type: 'array', items: { type: 'object', properties: { stageKey: { type: 'string' }, unitId: { type: 'string' }, count: { type: 'integer' } } } }) lateByStageAndUnit!: object[];
  @ApiProperty({ type: 'array', items: { type: 'object' } }) readyForDelivery!: object[];
}
