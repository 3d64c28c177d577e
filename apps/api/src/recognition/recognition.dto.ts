import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoundedDate } from '#platform';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsNumber,
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
import type { HeadVote, InnovationResult } from '#domain';
import type { CommendationRowView, InnovationRowView } from '#read-models';
import { PageQuery } from '../http/common.dto.js';
import { CLIENT_ID, CLIENT_ID_MESSAGE, HistoricalCommandRequest } from '../http/historical.dto.js';
import { PersonRef } from '../http/person-ref.js';

export class CommendationRecipientDto {
  @ApiProperty({ enum: ['person', 'unit'], example: 'person' }) @IsIn(['person', 'unit']) kind!: 'person' | 'unit';
  @ApiProperty({ example: 'nguyen-van-an', description: 'Staff id or unit id' })
  @Matches(CLIENT_ID, { message: `recipient.id ${CLIENT_ID_MESSAGE}` })
  @PersonRef({ when: (recipient) => recipient.kind === 'person' })
  id!: string;
}

export class GrantCommendationRequest extends HistoricalCommandRequest {
  @ApiPropertyOptional({ example: 'kt-2026-001', description: 'Chosen id; generated when omitted' })
  @IsOptional() @Matches(CLIENT_ID, { message: `commendationId ${CLIENT_ID_MESSAGE}` }) commendationId?: string;
  @ApiProperty({ type: CommendationRecipientDto }) @IsObject() @ValidateNested() @Type(() => CommendationRecipientDto) recipient!: CommendationRecipientDto;
  @ApiProperty({ example: 'Bằng khen' }) @IsString() @Length(1, 200) form!: string;
  @ApiProperty({ example: 'provincial' }) @IsString() @Length(1, 100) level!: string;
  @ApiProperty({ example: '123/QĐ-UBND' }) @IsString() @Length(1, 100) decisionNo!: string;
  @ApiProperty({ example: 'Chủ tịch UBND tỉnh' }) @IsString() @Length(1, 200) decidedBy!: string;
  @ApiProperty({ example: 'Hoàn thành xuất sắc nhiệm vụ năm 2025' }) @IsString() @Length(1, 4000) reason!: string;
  @ApiPropertyOptional({ example: '2025-01-01', description: 'Start of the commended period' })
  @IsOptional() @IsBoundedDate() @Length(10, 10) periodFrom?: string;
  @ApiPropertyOptional({ example: '2025-12-31', description: 'End of the commended period' })
  @IsOptional() @IsBoundedDate() @Length(10, 10) periodTo?: string;
}

export class RevokeCommendationRequest extends HistoricalCommandRequest {
  @ApiProperty({ example: 'Vi phạm trong thời gian được khen thưởng' }) @IsString() @Length(1, 4000) reason!: string;
  @ApiPropertyOptional({ example: '45/QĐ-UBND', description: 'The revoking decision (this or findingRef is required)' })
  @IsOptional() @IsString() @Length(1, 100) decisionNo?: string;
  @ApiPropertyOptional({ example: 'case-ky-luat-7', description: 'The finding behind the revocation, e.g. a case stream' })
  @IsOptional() @IsString() @Length(1, 200) findingRef?: string;
}

export class CommendationListQuery extends PageQuery {
  @ApiPropertyOptional({ description: 'Staff id or unit id of the recipient' })
  @IsOptional() @Matches(CLIENT_ID, { message: `recipientId ${CLIENT_ID_MESSAGE}` }) recipientId?: string;
  @ApiPropertyOptional({ enum: ['granted', 'revoked'] }) @IsOptional() @IsIn(['granted', 'revoked']) status?: 'granted' | 'revoked';
}

export class RegisterInnovationRequest extends HistoricalCommandRequest {
  @ApiPropertyOptional({ example: 'dx-2026-03', description: 'Chosen id; generated when omitted' })
  @IsOptional() @Matches(CLIENT_ID, { message: `proposalId ${CLIENT_ID_MESSAGE}` }) proposalId?: string;
  @ApiProperty({ example: 'phong-dat-dai', description: "The proposal's unit: the caller's own, one they lead, or one in their scope" })
  @Matches(CLIENT_ID, { message: `unitId ${CLIENT_ID_MESSAGE}` }) unitId!: string;
  @ApiProperty({ example: 'Cấp phép xây dựng một cửa trong 5 ngày' }) @IsString() @Length(1, 300) title!: string;
  @ApiProperty({ example: 'Gộp thẩm định và cấp phép; ký số hồ sơ' }) @IsString() @Length(1, 8000) plan!: string;
  @ApiProperty({ example: 'Hồ sơ cấp phép xây dựng nhà ở riêng lẻ' }) @IsString() @Length(1, 2000) scope!: string;
  @ApiProperty({ example: ['a-2026-0042'], description: 'The work the proposal covers' })
  @IsArray() @ArrayMaxSize(200) @Matches(CLIENT_ID, { each: true, message: `relatedAssignmentIds ${CLIENT_ID_MESSAGE}` }) relatedAssignmentIds!: string[];
}

export class ApproveInnovationRequest extends HistoricalCommandRequest {
  @ApiProperty({ example: 2, minimum: 0, maximum: 10000 }) @IsInt() @Min(0) @Max(10000) votesFor!: number;
  @ApiProperty({ example: 3, minimum: 0, maximum: 10000 }) @IsInt() @Min(0) @Max(10000) votesAgainst!: number;
  @ApiProperty({ example: 0, minimum: 0, maximum: 10000 }) @IsInt() @Min(0) @Max(10000) abstentions!: number;
  @ApiProperty({ enum: ['for', 'against'], example: 'for', description: "The head's own ballot: breaks a tie, must back an override" })
  @IsIn(['for', 'against']) headVote!: HeadVote;
  @ApiProperty({ example: true, description: 'The vote failed and the head approves in writing, taking the responsibility' })
  @IsBoolean() writtenOverride!: boolean;
}

export class RejectInnovationRequest extends HistoricalCommandRequest {
  @ApiProperty({ example: 'Tập thể lãnh đạo không tán thành' }) @IsString() @Length(1, 4000) reason!: string;
}

export class DamageDto {
  @ApiProperty({ example: 0, minimum: 0, maximum: 1e15, description: 'VND; 0 when none' }) @IsNumber() @Min(0) @Max(1e15) amountVnd!: number;
  @ApiPropertyOptional({ example: 'Chậm 3 hồ sơ' }) @IsOptional() @IsString() @MaxLength(2000) description?: string;
}

export class EvaluateInnovationRequest extends HistoricalCommandRequest {
  @ApiProperty({ enum: ['success', 'partial', 'failure'], example: 'partial' }) @IsIn(['success', 'partial', 'failure']) result!: InnovationResult;
  @ApiProperty({ type: DamageDto }) @IsObject() @ValidateNested() @Type(() => DamageDto) damage!: DamageDto;
  @ApiProperty({ example: false, description: 'Anyone gained personally (removes the protection)' }) @IsBoolean() personalGain!: boolean;
  @ApiProperty({ example: ['Phần mềm ký số chưa ổn định'] })
  @IsArray() @ArrayMaxSize(50) @IsString({ each: true }) @MaxLength(2000, { each: true }) causes!: string[];
}

export class InnovationListQuery extends PageQuery {
  @ApiPropertyOptional() @IsOptional() @Matches(CLIENT_ID, { message: `unitId ${CLIENT_ID_MESSAGE}` }) unitId?: string;
  @ApiPropertyOptional({ enum: ['registered', 'approved', 'rejected'] })
  @IsOptional() @IsIn(['registered', 'approved', 'rejected']) status?: 'registered' | 'approved' | 'rejected';
  @ApiPropertyOptional({ description: 'Only proposals covering this assignment' })
  @IsOptional() @Matches(CLIENT_ID, { message: `assignmentId ${CLIENT_ID_MESSAGE}` }) assignmentId?: string;
}

const PAGE_CURSOR = { type: String, nullable: true, description: 'Cursor of the next page; null on the last page' } as const;

export class CommendationRevocationResponse {
  @ApiProperty() reason!: string;
  @ApiPropertyOptional({ description: 'Number of the revoking decision, when one was issued' }) decisionNo?: string;
  @ApiPropertyOptional({ description: 'The disciplinary finding behind the revocation, e.g. a case stream' }) findingRef?: string;
  @ApiProperty({ example: 'tran-thi-binh' }) revokedBy!: string;
  @ApiProperty({ format: 'date-time' }) revokedAt!: string;
}

export class CommendationResponse implements CommendationRowView {
  @ApiProperty({ example: 'kt-2026-001' }) id!: string;
  @ApiProperty({ enum: ['person', 'unit'] }) recipientKind!: 'person' | 'unit';
  @ApiProperty({ example: 'nguyen-van-an', description: 'Staff id or unit id' }) recipientId!: string;
  @ApiProperty({ example: 'Bằng khen' }) form!: string;
  @ApiProperty({ example: 'provincial' }) level!: string;
  @ApiProperty({ example: '123/QĐ-UBND' }) decisionNo!: string;
  @ApiProperty() decidedBy!: string;
  @ApiProperty() reason!: string;
  @ApiProperty({ type: String, format: 'date', nullable: true }) periodFrom!: string | null;
  @ApiProperty({ type: String, format: 'date', nullable: true }) periodTo!: string | null;
  @ApiProperty({ format: 'date-time' }) grantedAt!: string;
  @ApiProperty({ enum: ['granted', 'revoked'] }) status!: 'granted' | 'revoked';
  @ApiProperty({ type: CommendationRevocationResponse, nullable: true }) revocation!: CommendationRowView['revocation'];
  @ApiProperty({ example: 1 }) version!: number;
}

export class CommendationPage {
  @ApiProperty({ type: [CommendationResponse] }) items!: CommendationResponse[];
  @ApiProperty(PAGE_CURSOR) nextCursor!: string | null;
}

export class InnovationApprovalResponse {
  @ApiProperty({ minimum: 0 }) votesFor!: number;
  @ApiProperty({ minimum: 0 }) votesAgainst!: number;
  @ApiProperty({ minimum: 0 }) abstentions!: number;
  @ApiProperty({ enum: ['for', 'against'] }) headVote!: HeadVote;
  @ApiProperty({ description: 'The vote did not pass and the head approved in writing, taking the responsibility' }) writtenOverride!: boolean;
  @ApiProperty() approvedBy!: string;
  @ApiProperty({ format: 'date-time' }) approvedAt!: string;
}

export class InnovationRejectionResponse {
  @ApiProperty() reason!: string;
  @ApiProperty() rejectedBy!: string;
  @ApiProperty({ format: 'date-time' }) rejectedAt!: string;
}

export class InnovationDamageResponse {
  @ApiProperty({ minimum: 0, description: 'VND; 0 when none' }) amountVnd!: number;
  @ApiPropertyOptional() description?: string;
}

export class InnovationEvaluationResponse {
  @ApiProperty({ enum: ['success', 'partial', 'failure'] }) result!: InnovationResult;
  @ApiProperty({ type: InnovationDamageResponse }) damage!: InnovationDamageResponse;
  @ApiProperty({ description: 'Whether anyone gained personally; personal gain removes the protection' }) personalGain!: boolean;
  @ApiProperty({ type: [String] }) causes!: string[];
  @ApiProperty() evaluatedBy!: string;
  @ApiProperty({ format: 'date-time' }) evaluatedAt!: string;
}

export class InnovationResponse implements InnovationRowView {
  @ApiProperty({ example: 'dx-2026-03' }) id!: string;
  @ApiProperty({ example: 'tran-thi-binh' }) proposerId!: string;
  @ApiProperty({ example: 'phong-dat-dai' }) unitId!: string;
  @ApiProperty() title!: string;
  @ApiProperty() plan!: string;
  @ApiProperty() scope!: string;
  @ApiProperty({ type: [String] }) relatedAssignmentIds!: string[];
  @ApiProperty({ enum: ['registered', 'approved', 'rejected'] }) status!: 'registered' | 'approved' | 'rejected';
  @ApiProperty({ type: InnovationApprovalResponse, nullable: true }) approval!: InnovationRowView['approval'];
  @ApiProperty({ type: InnovationRejectionResponse, nullable: true }) rejection!: InnovationRowView['rejection'];
  @ApiProperty({ type: InnovationEvaluationResponse, nullable: true }) evaluation!: InnovationRowView['evaluation'];
  @ApiProperty({ format: 'date-time' }) registeredAt!: string;
  @ApiProperty({ example: 2 }) version!: number;
}

export class InnovationPage {
  @ApiProperty({ type: [InnovationResponse] }) items!: InnovationResponse[];
  @ApiProperty(PAGE_CURSOR) nextCursor!: string | null;
}
