import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsBoolean, IsIn, IsInt, IsNumber, IsOptional, IsString, Matches, Max, MaxLength, Min, ValidateNested } from 'class-validator';
import { IsBoundedInstant } from '#platform';
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
  @ApiProperty({ example: '2026-01-01', description: 'In force from this date until the next version' }) @Matches(/^\d{4}-\d{2}-\d{2}$/) effectiveFrom!: string;
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
  @ApiPropertyOptional({ example: 'Cán bộ hướng dẫn tận tình', description: 'Held apart (erasable); the event keeps its SHA-256' }) @IsOptional() @IsString() @MaxLength(4000) text?: string;
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
  @ApiProperty({ example: '2026-03', description: 'Month, Vietnam time' }) @Matches(/^\d{4}-(0[1-9]|1[0-2])$/) month!: string;
  @ApiPropertyOptional({ enum: ['json', 'csv', 'xlsx'], example: 'json' }) @IsOptional() @IsIn(['json', 'csv', 'xlsx']) format?: 'json' | 'csv' | 'xlsx';
}

/** A JSON document (its shape is described in the operation). */
export class DossierDocument {
  @ApiPropertyOptional({ example: 'XA-260302-0001' }) receiptCode?: string;
}

export class ErasedResponse {
  @ApiProperty({ example: 2, description: 'Entries erased (contact, feedback texts)' }) erased!: number;
}
