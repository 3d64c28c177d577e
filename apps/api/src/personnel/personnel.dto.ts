import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoundedDate } from '#platform';
import { IsIn, IsOptional, IsString, Length, Matches, MaxLength } from 'class-validator';
import type { LeadershipPostView, LeaveView, StaffView, UnitView } from '#read-models';
import { DEPARTURE_REASONS, LEADERSHIP_END_REASONS, LEADERSHIP_ROLES, LEAVE_KINDS, STAFF_CATEGORIES } from '#domain';
import { PageQuery } from '../http/common.dto.js';
import { HistoricalCommandRequest } from '../http/historical.dto.js';
import { PersonRef } from '../http/person-ref.js';

const ID = /^[A-Za-z0-9][A-Za-z0-9_.:-]{0,99}$/;
const ID_MESSAGE = 'must be 1-100 letters, digits, _ . : - (starting with a letter or digit)';

export class EstablishUnitRequest {
  @ApiPropertyOptional({ example: 'so-noi-vu', description: 'Chosen id; generated when omitted' })
  @IsOptional() @Matches(ID, { message: `unitId ${ID_MESSAGE}` }) unitId?: string;
  @ApiProperty({ example: 'Sở Nội vụ' }) @IsString() @Length(1, 200) name!: string;
  @ApiPropertyOptional({ example: 'ubnd-tinh', nullable: true }) @IsOptional() @Matches(ID, { message: `parentUnitId ${ID_MESSAGE}` }) parentUnitId?: string;
  @ApiProperty({ example: '2025-07-01' }) @IsBoundedDate() @Length(10, 10) establishedOn!: string;
}

export class RenameUnitRequest {
  @ApiProperty({ example: 'Sở Nội vụ tỉnh' }) @IsString() @Length(1, 200) name!: string;
  @ApiProperty({ example: '2026-01-01' }) @IsBoundedDate() @Length(10, 10) effectiveOn!: string;
}

export class MergeUnitRequest extends HistoricalCommandRequest {
  @ApiProperty({ example: 'so-noi-vu' }) @Matches(ID, { message: `intoUnitId ${ID_MESSAGE}` }) intoUnitId!: string;
  @ApiProperty({ example: '2025-07-01' }) @IsBoundedDate() @Length(10, 10) mergedOn!: string;
  @ApiProperty({ example: '1234/QĐ-UBND' }) @IsString() @Length(1, 100) decisionRef!: string;
  @ApiPropertyOptional({ example: 'tran-thi-binh', description: 'Who takes over the open work; default the head of the receiving unit' })
  @IsOptional() @Matches(ID, { message: `receiverId ${ID_MESSAGE}` }) @PersonRef() receiverId?: string;
}

export class RegisterStaffRequest {
  @ApiPropertyOptional({ example: 'nguyen-van-an', description: 'Chosen id; generated when omitted' })
  @IsOptional() @Matches(ID, { message: `staffId ${ID_MESSAGE}` }) staffId?: string;
  @ApiProperty({ example: 'CC-000123' }) @IsString() @Length(1, 50) personnelCode!: string;
  @ApiProperty({ example: 'Nguyễn Văn An' }) @IsString() @Length(1, 200) fullName!: string;
  @ApiProperty({ enum: STAFF_CATEGORIES, example: 'civil_servant' }) @IsIn(STAFF_CATEGORIES) category!: (typeof STAFF_CATEGORIES)[number];
  @ApiProperty({ example: 'so-noi-vu' }) @Matches(ID, { message: `unitId ${ID_MESSAGE}` }) unitId!: string;
  @ApiProperty({ example: 'Chuyên viên' }) @IsString() @Length(1, 200) jobPosition!: string;
  @ApiProperty({ example: '2020-03-01' }) @IsBoundedDate() @Length(10, 10) joinedOn!: string;
}

export class TransferStaffRequest {
  @ApiProperty({ example: 'phong-to-chuc' }) @Matches(ID, { message: `toUnitId ${ID_MESSAGE}` }) toUnitId!: string;
  @ApiPropertyOptional({ example: 'Chuyên viên chính' }) @IsOptional() @IsString() @Length(1, 200) jobPosition?: string;
  @ApiProperty({ example: '2026-02-01' }) @IsBoundedDate() @Length(10, 10) effectiveOn!: string;
  @ApiPropertyOptional({ example: '55/QĐ-SNV' }) @IsOptional() @IsString() @Length(1, 100) decisionRef?: string;
}

export class AppointLeadershipRequest {
  @ApiProperty({ enum: LEADERSHIP_ROLES, example: 'head' }) @IsIn(LEADERSHIP_ROLES) role!: (typeof LEADERSHIP_ROLES)[number];
  @ApiProperty({ example: 'phong-to-chuc' }) @Matches(ID, { message: `unitId ${ID_MESSAGE}` }) unitId!: string;
  @ApiProperty({ example: '2026-01-01' }) @IsBoundedDate() @Length(10, 10) effectiveOn!: string;
  @ApiPropertyOptional({ example: '12/QĐ-UBND' }) @IsOptional() @IsString() @Length(1, 100) decisionRef?: string;
}

export class EndLeadershipRequest {
  @ApiProperty({ enum: LEADERSHIP_ROLES }) @IsIn(LEADERSHIP_ROLES) role!: (typeof LEADERSHIP_ROLES)[number];
  @ApiProperty({ example: 'phong-to-chuc' }) @Matches(ID, { message: `unitId ${ID_MESSAGE}` }) unitId!: string;
  @ApiProperty({ example: '2026-06-30' }) @IsBoundedDate() @Length(10, 10) effectiveOn!: string;
  @ApiProperty({ enum: LEADERSHIP_END_REASONS }) @IsIn(LEADERSHIP_END_REASONS) reason!: (typeof LEADERSHIP_END_REASONS)[number];
}

export class RecordLeaveRequest {
  @ApiProperty({ enum: LEAVE_KINDS, example: 'maternity' }) @IsIn(LEAVE_KINDS) kind!: (typeof LEAVE_KINDS)[number];
  @ApiProperty({ example: '2026-03-01' }) @IsBoundedDate() @Length(10, 10) from!: string;
  @ApiProperty({ example: '2026-08-31' }) @IsBoundedDate() @Length(10, 10) to!: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(1000) note?: string;
}

export class RecordDepartureRequest {
  @ApiProperty({ example: '2026-12-31' }) @IsBoundedDate() @Length(10, 10) leftOn!: string;
  @ApiProperty({ enum: DEPARTURE_REASONS }) @IsIn(DEPARTURE_REASONS) reason!: (typeof DEPARTURE_REASONS)[number];
}

export class StaffListQuery extends PageQuery {
  @ApiPropertyOptional({ description: 'Only staff of this unit (not its subtree)' })
  @IsOptional() @Matches(ID, { message: `unitId ${ID_MESSAGE}` }) unitId?: string;
}

export class UnitResponse implements UnitView {
  @ApiProperty({ example: 'so-noi-vu' }) id!: string;
  @ApiProperty({ example: 'Sở Nội vụ' }) name!: string;
  @ApiProperty({ type: String, nullable: true, example: null }) parentUnitId!: string | null;
  @ApiProperty({ example: '/ubnd-tinh/so-noi-vu/', description: 'Materialized path of ancestor ids' }) path!: string;
  @ApiProperty({ enum: ['active', 'merged'] }) status!: 'active' | 'merged';
  @ApiProperty({ type: String, nullable: true }) mergedInto!: string | null;
  @ApiProperty({ format: 'date', example: '2025-07-01' }) establishedOn!: string;
  @ApiProperty({ example: 1, description: 'Stream version (the ETag)' }) version!: number;
}

export class UnitPage {
  @ApiProperty({ type: [UnitResponse] }) items!: UnitResponse[];
  @ApiProperty({ type: String, nullable: true, description: 'Cursor of the next page; null on the last page' }) nextCursor!: string | null;
}

export class LeadershipPostResponse implements LeadershipPostView {
  @ApiProperty({ enum: LEADERSHIP_ROLES }) role!: 'head' | 'deputy';
  @ApiProperty({ example: 'phong-to-chuc' }) unitId!: string;
  @ApiProperty({ format: 'date' }) since!: string;
}

export class LeaveResponse implements LeaveView {
  @ApiProperty({ enum: LEAVE_KINDS }) kind!: string;
  @ApiProperty({ format: 'date' }) from!: string;
  @ApiProperty({ format: 'date' }) to!: string;
}

export class StaffResponse implements StaffView {
  @ApiProperty({ example: 'nguyen-van-an' }) id!: string;
  @ApiProperty({ example: 'CC-000123' }) personnelCode!: string;
  @ApiProperty({ example: 'Nguyễn Văn An' }) fullName!: string;
  @ApiProperty({ enum: STAFF_CATEGORIES }) category!: string;
  @ApiProperty({ example: 'so-noi-vu' }) unitId!: string;
  @ApiProperty({ example: 'Chuyên viên' }) jobPosition!: string;
  @ApiProperty({ format: 'date' }) joinedOn!: string;
  @ApiProperty({ enum: ['active', 'left'] }) status!: 'active' | 'left';
  @ApiProperty({ type: String, format: 'date', nullable: true }) leftOn!: string | null;
  @ApiProperty({ type: [LeadershipPostResponse] }) leadership!: LeadershipPostResponse[];
  @ApiProperty({ type: [LeaveResponse] }) leaves!: LeaveResponse[];
  @ApiProperty({ example: 3, description: 'Stream version (the ETag)' }) version!: number;
}

export class StaffPage {
  @ApiProperty({ type: [StaffResponse] }) items!: StaffResponse[];
  @ApiProperty({ type: String, nullable: true, description: 'Cursor of the next page; null on the last page' }) nextCursor!: string | null;
}
