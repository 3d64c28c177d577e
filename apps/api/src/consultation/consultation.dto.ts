import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoundedInstant } from '#platform';
import { IsBoolean, IsIn, IsOptional, IsString, Length, Matches, MaxLength } from 'class-validator';
import type { ConsultationFlag, ConsultationPosition } from '#domain';
import type { ConsultationView } from '#read-models';
import { PageQuery } from '../http/common.dto.js';
import { CLIENT_ID, CLIENT_ID_MESSAGE, HistoricalCommandRequest } from '../http/historical.dto.js';
import { PersonRef } from '../http/person-ref.js';

export const CONSULTATION_POSITIONS: readonly ConsultationPosition[] = ['agree', 'disagree', 'conditional', 'no_position'];
export const CONSULTATION_FLAGS: readonly ConsultationFlag[] = [
  'within_own_authority',
  'unrelated_party',
  'vague_response',
  'late_response',
];

export class RequestConsultationRequest extends HistoricalCommandRequest {
  @ApiPropertyOptional({ example: 'tv-2026-0012', description: 'Chosen id; generated when omitted' })
  @IsOptional() @Matches(CLIENT_ID, { message: `consultationId ${CLIENT_ID_MESSAGE}` }) consultationId?: string;
  @ApiProperty({ example: 'phong-dat-dai', description: "The requester's unit: the caller's own unit or one in their scope" })
  @Matches(CLIENT_ID, { message: `requesterUnitId ${CLIENT_ID_MESSAGE}` }) requesterUnitId!: string;
  @ApiPropertyOptional({ example: 'so-tai-nguyen', description: 'The consulted unit (exactly one of consultedUnitId, consultedPersonId)' })
  @IsOptional() @Matches(CLIENT_ID, { message: `consultedUnitId ${CLIENT_ID_MESSAGE}` }) consultedUnitId?: string;
  @ApiPropertyOptional({ example: 'tran-thi-binh', description: 'The consulted person (exactly one of consultedUnitId, consultedPersonId)' })
  @IsOptional() @Matches(CLIENT_ID, { message: `consultedPersonId ${CLIENT_ID_MESSAGE}` }) @PersonRef() consultedPersonId?: string;
  @ApiProperty({ example: 'Có được cấp phép xây dựng trên thửa đất số 12 không?' }) @IsString() @Length(1, 4000) question!: string;
  @ApiProperty({ example: false, description: "The matter is within the requester's own authority (an avoidance signal when true)" })
  @IsBoolean() withinRequesterAuthority!: boolean;
  @ApiPropertyOptional({ example: 'a-2026-0042' })
  @IsOptional() @Matches(CLIENT_ID, { message: `relatedAssignmentId ${CLIENT_ID_MESSAGE}` }) relatedAssignmentId?: string;
  @ApiProperty({ example: '2026-03-10T17:00:00+07:00' }) @IsBoundedInstant() dueAt!: string;
}

export class AnswerConsultationRequest extends HistoricalCommandRequest {
  @ApiProperty({ enum: CONSULTATION_POSITIONS, example: 'agree', description: 'no_position is recorded and counts as a vague answer' })
  @IsIn(CONSULTATION_POSITIONS) position!: ConsultationPosition;
  @ApiProperty({ example: 'Đồng ý, với điều kiện bổ sung hồ sơ môi trường.' }) @IsString() @Length(1, 8000) answer!: string;
}

export class FlagConsultationRequest extends HistoricalCommandRequest {
  @ApiProperty({ enum: CONSULTATION_FLAGS, example: 'unrelated_party' }) @IsIn(CONSULTATION_FLAGS) flag!: ConsultationFlag;
  @ApiPropertyOptional({ example: 'Sở Y tế không liên quan đến việc cấp phép xây dựng' }) @IsOptional() @IsString() @MaxLength(2000) note?: string;
}

export class WithdrawConsultationRequest extends HistoricalCommandRequest {
  @ApiProperty({ example: 'Đã có hướng dẫn của cấp trên' }) @IsString() @Length(1, 2000) reason!: string;
}

export class ConsultationListQuery extends PageQuery {
  @ApiPropertyOptional({ description: 'Staff id of the requester' })
  @IsOptional() @Matches(CLIENT_ID, { message: `requester ${CLIENT_ID_MESSAGE}` }) requester?: string;
  @ApiPropertyOptional() @IsOptional() @Matches(CLIENT_ID, { message: `requesterUnitId ${CLIENT_ID_MESSAGE}` }) requesterUnitId?: string;
  @ApiPropertyOptional() @IsOptional() @Matches(CLIENT_ID, { message: `consultedUnitId ${CLIENT_ID_MESSAGE}` }) consultedUnitId?: string;
  @ApiPropertyOptional({ enum: CONSULTATION_FLAGS, description: 'Raised or derived flag' }) @IsOptional() @IsIn(CONSULTATION_FLAGS) flag?: ConsultationFlag;
  @ApiPropertyOptional({ enum: ['true', 'false'], description: 'Answered after the due time, or unanswered past it' })
  @IsOptional() @IsIn(['true', 'false']) late?: 'true' | 'false';
  @ApiPropertyOptional({ enum: CONSULTATION_POSITIONS }) @IsOptional() @IsIn(CONSULTATION_POSITIONS) position?: ConsultationPosition;
}

export class ConsultationAnswerResponse {
  @ApiProperty({ enum: CONSULTATION_POSITIONS }) position!: ConsultationPosition;
  @ApiProperty() answer!: string;
  @ApiProperty({ example: 'tran-thi-binh' }) answeredBy!: string;
  @ApiProperty({ format: 'date-time' }) answeredAt!: string;
  @ApiProperty({ description: 'Answered after the due time' }) late!: boolean;
}

export class ConsultationWithdrawalResponse {
  @ApiProperty() by!: string;
  @ApiProperty() reason!: string;
  @ApiProperty({ format: 'date-time' }) withdrawnAt!: string;
}

export class ConsultationResponse implements ConsultationView {
  @ApiProperty({ example: 'tv-2026-0012' }) id!: string;
  @ApiProperty({ example: 'tv-2026-0012' }) consultationId!: string;
  @ApiProperty({ example: 'nguyen-van-an' }) requestedBy!: string;
  @ApiProperty({ example: 'phong-dat-dai' }) requesterUnitId!: string;
  @ApiPropertyOptional({ description: 'Set when a unit was consulted' }) consultedUnitId?: string;
  @ApiPropertyOptional({ description: 'Set when a person was consulted' }) consultedPersonId?: string;
  @ApiProperty() question!: string;
  @ApiProperty() withinRequesterAuthority!: boolean;
  @ApiPropertyOptional() relatedAssignmentId?: string;
  @ApiProperty({ format: 'date-time' }) dueAt!: string;
  @ApiProperty({ format: 'date-time' }) requestedAt!: string;
  @ApiProperty({ enum: ['requested', 'answered', 'withdrawn'] }) status!: 'requested' | 'answered' | 'withdrawn';
  @ApiProperty({ type: ConsultationAnswerResponse, nullable: true }) answer!: ConsultationAnswerResponse | null;
  @ApiProperty({ type: ConsultationWithdrawalResponse, nullable: true }) withdrawal!: ConsultationWithdrawalResponse | null;
  @ApiProperty({ type: [String], enum: CONSULTATION_FLAGS, description: 'Flags raised by people' }) raisedFlags!: string[];
  @ApiProperty({ type: [String], enum: CONSULTATION_FLAGS, description: 'Raised and derived flags as of now' }) flags!: ConsultationFlag[];
  @ApiProperty({ description: 'Answered late, or unanswered past the due time' }) late!: boolean;
  @ApiProperty({ example: 2 }) version!: number;
}

export class ConsultationPage {
  @ApiProperty({ type: [ConsultationResponse] }) items!: ConsultationResponse[];
  @ApiProperty({ type: String, nullable: true, description: 'Cursor of the next page; null on the last page' }) nextCursor!: string | null;
}
