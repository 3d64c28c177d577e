import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoundedInstant } from '#platform';
import { Transform, Type } from 'class-transformer';
import { IsBoolean, IsIn, IsInt, IsOptional, IsString, Matches, Max, MaxLength, Min, ValidateNested } from 'class-validator';
import type { AssignmentStatus } from '#domain';
import {
  ASSIGNMENT_KINDS,
  COMPLETION_QUALITIES,
  HANDOFF_REASONS,
  type AssignmentKind,
  type CompletionQuality,
  type HandoffReason,
} from '#domain';
import { PageQuery } from '../http/common.dto.js';
import { PersonRef } from '../http/person-ref.js';
import { AssignmentProductRequest } from '../positions/positions.dto.js';

const ID = /^[A-Za-z0-9][A-Za-z0-9_.:-]{0,99}$/;
const ID_MESSAGE = 'must be 1-100 letters, digits, _ . : - (starting with a letter or digit)';
const STATUSES: readonly AssignmentStatus[] = ['issued', 'accepted', 'declined', 'completed', 'reviewed', 'cancelled'];

/** Business time of a historical record; only the importer role may set it in the past. */
class Backdatable {
  @ApiPropertyOptional({
    example: '2025-03-01T08:00:00Z',
    description: 'When it happened (business time). Only the `importer` role may set it in the past; default now.',
  })
  @IsOptional() @IsBoundedInstant() @MaxLength(40) occurredAt?: string;
}

/**
 * Issue request. The "6 clear" fields are required in the contract (a generated
 * client refuses to build a request without them), but the server lets a request
 * that lacks some of them reach the domain, which answers 422
 * `assignment.six_clear_incomplete` naming each missing one in the words of the
 * "6 clear" (one answer listing every gap, rather than 400 for the first). Types and
 * sizes are still checked, and unknown fields are refused.
 */
export class IssueAssignmentRequest extends Backdatable {
  @ApiPropertyOptional({ example: 'cv-2026-0142', description: 'Chosen id; generated when omitted' })
  @IsOptional() @Matches(ID, { message: `assignmentId ${ID_MESSAGE}` }) assignmentId?: string;
  @ApiPropertyOptional({ enum: ASSIGNMENT_KINDS, description: 'Default task' }) @IsOptional() @IsIn(ASSIGNMENT_KINDS) kind?: AssignmentKind;
  @ApiPropertyOptional({ example: 'phong-to-chuc', description: "Unit the work belongs to; defaults to the assignee's unit" })
  @IsOptional() @Matches(ID, { message: `unitId ${ID_MESSAGE}` }) unitId?: string;
  @ApiProperty({ example: 'nguyen-van-an', description: 'Clear person: who does the work' })
  @IsOptional() @IsString() @MaxLength(100) @PersonRef() assignee?: string;
  @ApiProperty({ example: 'Rà soát vị trí việc làm', description: 'Clear work' })
  @IsOptional() @IsString() @MaxLength(300) title?: string;
  @ApiProperty({ example: 'Rà soát đề án vị trí việc làm của các phòng chuyên môn', description: 'Clear work' })
  @IsOptional() @IsString() @MaxLength(5000) description?: string;
  @ApiProperty({ example: 'Báo cáo rà soát', description: 'Clear result: the deliverable' })
  @IsOptional() @IsString() @MaxLength(1000) deliverable?: string;
  @ApiProperty({ example: 'Đủ 12 phòng, có đề xuất điều chỉnh', description: 'Clear result: how success is judged' })
  @IsOptional() @IsString() @MaxLength(2000) successCriteria?: string;
  @ApiProperty({ example: 'tran-thi-binh', description: 'Clear authority: who assigns the work' })
  @IsOptional() @IsString() @MaxLength(100) @PersonRef({ orCaller: true }) assignedBy?: string;
  @ApiProperty({ example: 'Quyết định 12/QĐ-SNV phân công nhiệm vụ', description: 'Clear authority: on what basis' })
  @IsOptional() @IsString() @MaxLength(1000) authorityBasis?: string;
  @ApiProperty({ example: '2026-04-30T10:00:00Z', description: 'Clear deadline: ISO 8601 instant' })
  @IsOptional() @IsString() @MaxLength(40) @IsBoundedInstant({ formatLeftToDomain: true }) dueAt?: string;
  @ApiPropertyOptional({ example: 'nguyen-van-an', description: 'Clear responsibility; defaults to the assignee' })
  @IsOptional() @IsString() @MaxLength(100) @PersonRef() responsible?: string;
  @ApiPropertyOptional({ type: AssignmentProductRequest, description: 'What the work produces (issue 14): a product of the assignee\'s catalogue and a quantity, or ad-hoc work with a coefficient and its reason' })
  @IsOptional() @ValidateNested() @Type(() => AssignmentProductRequest) product?: AssignmentProductRequest;
}

export class AcceptAssignmentRequest extends Backdatable {}

export class DeclineAssignmentRequest extends Backdatable {
  @ApiProperty({ example: 'Không thuộc chức năng của phòng' }) @IsString() @MaxLength(2000) reason!: string;
}

export class HandOffAssignmentRequest extends Backdatable {
  @ApiProperty({ example: 'le-van-cuong', description: 'Who receives the work' }) @IsString() @MaxLength(100) @PersonRef() to!: string;
  @ApiProperty({ enum: HANDOFF_REASONS, example: 'reassignment' }) @IsIn(HANDOFF_REASONS) reason!: HandoffReason;
  @ApiProperty({ example: 'Đồng chí Cường phụ trách lĩnh vực này' }) @IsString() @MaxLength(2000) justification!: string;
  @ApiPropertyOptional({ example: 'le-van-cuong', description: 'Responsible person after the handoff; by default it follows the work when the holder was responsible' })
  @IsOptional() @IsString() @MaxLength(100) @PersonRef() responsible?: string;
}

export class ReportProgressRequest extends Backdatable {
  @ApiProperty({ example: 'Đã rà soát 6/12 phòng' }) @IsString() @MaxLength(2000) note!: string;
  @ApiPropertyOptional({ example: 50, minimum: 0, maximum: 100 }) @IsOptional() @IsInt() @Min(0) @Max(100) percentComplete?: number;
}

/** The approver of an extension is the caller (a unit head or HR), so an approval cannot be claimed for someone else. */
export class ExtendDeadlineRequest extends Backdatable {
  @ApiProperty({ example: '2026-05-15T10:00:00Z' }) @IsBoundedInstant() @MaxLength(40) newDueAt!: string;
  @ApiProperty({ example: 'Chờ số liệu của Sở Tài chính' }) @IsString() @MaxLength(2000) reason!: string;
}

export class CompleteAssignmentRequest extends Backdatable {
  @ApiProperty({ example: 'VB-2026-0831', description: 'Reference to the deliverable (document number, link)' })
  @IsString() @MaxLength(500) deliverableRef!: string;
}

export class ReviewCompletionRequest extends Backdatable {
  @ApiProperty({ enum: COMPLETION_QUALITIES, example: 'met' }) @IsIn(COMPLETION_QUALITIES) quality!: CompletionQuality;
  @ApiPropertyOptional({ example: 'Đạt yêu cầu' }) @IsOptional() @IsString() @MaxLength(2000) comment?: string;
}

export class CancelAssignmentRequest extends Backdatable {
  @ApiProperty({ example: 'Nhiệm vụ không còn cần thiết sau sáp nhập' }) @IsString() @MaxLength(2000) reason!: string;
}

export class AssignmentDossierReturnRequest extends Backdatable {
  @ApiProperty({ example: 'Thiếu bản sao giấy chứng nhận' }) @IsString() @MaxLength(2000) reason!: string;
}

export class IssueApologyRequest extends Backdatable {
  @ApiProperty({ example: '2026-05-20T10:00:00Z', description: 'New date promised to the applicant' })
  @IsBoundedInstant() @MaxLength(40) newDueAt!: string;
}

export class AssignmentListQuery extends PageQuery {
  @ApiPropertyOptional({ example: 'phong-to-chuc', description: 'Only work of this unit (not its subtree)' })
  @IsOptional() @Matches(ID, { message: `unitId ${ID_MESSAGE}` }) unitId?: string;
  @ApiPropertyOptional({ example: 'nguyen-van-an', description: 'Only work first given to this person' })
  @IsOptional() @IsString() @MaxLength(100) assigneeId?: string;
  @ApiPropertyOptional({ example: 'nguyen-van-an', description: 'Only work this person holds now' })
  @IsOptional() @IsString() @MaxLength(100) holder?: string;
  @ApiPropertyOptional({ enum: STATUSES }) @IsOptional() @IsIn(STATUSES) status?: AssignmentStatus;
  @ApiPropertyOptional({ type: Boolean, description: 'true: open and past due as of now; false: the others' })
  @IsOptional()
  @Transform(({ value }: { value: unknown }) => (value === 'true' ? true : value === 'false' ? false : value))
  @IsBoolean()
  overdue?: boolean;
}

export class ResponsibleAtQuery {
  @ApiProperty({ example: '2026-03-05T09:00:00Z', description: 'ISO 8601 instant' }) @IsBoundedInstant() @MaxLength(40) at!: string;
}

export class AssignmentView {
  @ApiProperty({ example: 'cv-2026-0142' }) id!: string;
  @ApiProperty({ enum: ASSIGNMENT_KINDS }) kind!: string;
  @ApiProperty() title!: string;
  @ApiProperty({ nullable: true, type: String }) unitId!: string | null;
  @ApiProperty() assignee!: string;
  @ApiProperty() assignedBy!: string;
  @ApiProperty({ description: 'Who has the work in hand now' }) holder!: string;
  @ApiProperty({ description: 'Who answers for the result now' }) responsible!: string;
  @ApiProperty({ enum: STATUSES }) status!: string;
  @ApiProperty({ example: '2026-04-30T10:00:00.000Z', type: String, nullable: true, description: 'Null when the recorded due date is unusable (odd data written behind the API): no date in force' }) dueAt!: string | null;
  @ApiProperty({ type: String, nullable: true, description: 'Null when the recorded time is unusable (odd data written behind the API)' }) issuedAt!: string | null;
  @ApiProperty({ nullable: true, type: String }) completedAt!: string | null;
  @ApiProperty({ nullable: true, type: Boolean, description: 'Completed after the due date' }) late!: boolean | null;
  @ApiProperty({ nullable: true, enum: COMPLETION_QUALITIES }) quality!: string | null;
  @ApiProperty({ description: 'Open and past due, as of the time of the request' }) overdue!: boolean;
  @ApiProperty() handoffs!: number;
  @ApiProperty({ description: 'Handoffs back to someone who held the work before (an avoidance signal, not a verdict)' }) pingPongs!: number;
  @ApiProperty({ example: 5 }) version!: number;
}

export class AssignmentPage {
  @ApiProperty({ type: [AssignmentView] }) items!: AssignmentView[];
  @ApiProperty({ nullable: true, type: String }) nextCursor!: string | null;
}

export class TrailStepView {
  @ApiProperty({ example: 1 }) step!: number;
  @ApiProperty({ enum: ['issued', 'accepted', 'declined', 'handed_off', 'completed', 'reviewed', 'cancelled'] }) action!: string;
  @ApiProperty({ nullable: true, type: String }) responsible!: string | null;
  @ApiProperty({ nullable: true, type: String }) holder!: string | null;
  @ApiProperty({ nullable: true, type: String }) unitId!: string | null;
  @ApiProperty({ example: '2026-03-01T08:00:00.000Z' }) from!: string;
  @ApiProperty({ nullable: true, type: String, description: 'Null while this is the current step' }) to!: string | null;
  @ApiProperty({ nullable: true, type: String, description: 'Handoff/decline/cancel reason; the quality for a review' }) reason!: string | null;
  @ApiProperty({ nullable: true, type: String }) justification!: string | null;
  @ApiProperty() actor!: string;
  @ApiProperty() pingPong!: boolean;
  @ApiProperty({ nullable: true, type: String, description: 'The due date in force while this step was the current one' }) dueAt!: string | null;
  @ApiProperty({
    description:
      "True when a due date passed while this step's holder held the work: the holder let the deadline pass. Someone who received the work already late is not marked unless they miss the date in force for them (after an apology or an extension).",
  })
  deadlineMissed!: boolean;
  @ApiProperty({ nullable: true, type: String, description: 'The (last) due date that passed during this step' }) missedDueAt!: string | null;
  @ApiPropertyOptional({
    example: 'inspection-ktcv-2026/f1',
    description: 'The inspection finding of an objective cause that excused the missed deadline (absent when none): the delay stays on the trail as a fact but is not charged',
  })
  deadlineExcusedBy?: string;
  @ApiProperty() eventId!: string;
  @ApiProperty({ example: '1042', description: 'Global position of the event (string: 64-bit)' }) eventPosition!: string;
}

export class TrailView {
  @ApiProperty() assignmentId!: string;
  @ApiProperty({ type: [TrailStepView] }) steps!: TrailStepView[];
}

export class ResponsibleView {
  @ApiProperty() assignmentId!: string;
  @ApiProperty() at!: string;
  @ApiProperty() responsible!: string;
  @ApiProperty() holder!: string;
  @ApiProperty({ nullable: true, type: String }) unitId!: string | null;
  @ApiProperty({ type: TrailStepView, description: 'The trail step in force at that instant' }) step!: TrailStepView;
}
