import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/**
 * One row per assignment: where the work stands now. `overdue` is not stored: it
 * depends on the clock, so queries compute it as of now (open and `due_at < now()`).
 */
@Entity({ name: 'assignment_board_v1' })
export class AssignmentBoardRow {
  @PrimaryColumn('text') id!: string;
  @Column('text') kind!: string;
  @Column('text') title!: string;
  @Index() @Column('text', { name: 'unit_id', nullable: true }) unitId!: string | null;
  @Column('text') assignee!: string;
  @Column('text', { name: 'assigned_by' }) assignedBy!: string;
  /** Who has the work in hand now. */
  @Index() @Column('text') holder!: string;
  /** Who answers for the result now. */
  @Column('text') responsible!: string;
  @Column('text') status!: string;
  @Column('timestamptz', { name: 'due_at' }) dueAt!: Date;
  @Column('timestamptz', { name: 'issued_at' }) issuedAt!: Date;
  @Column('timestamptz', { name: 'completed_at', nullable: true }) completedAt!: Date | null;
  /** Completed after the due date in force at completion; null while not completed. */
  @Column('boolean', { nullable: true }) late!: boolean | null;
  @Column('text', { nullable: true }) quality!: string | null;
  @Column('integer') handoffs!: number;
  @Column('integer', { name: 'ping_pongs' }) pingPongs!: number;
  /** Everyone involved (assigner, assignees, holders, responsible persons): who may read it as staff. */
  @Column('text', { array: true }) participants!: string[];
  /** Stream version (the ETag). */
  @Column('integer') version!: number;
  @Column('bigint', { name: 'last_position' }) lastPosition!: string;
}

/**
 * The responsibility trail: one row per step of an assignment (issued, accepted,
 * declined, handed off, completed, reviewed, cancelled), each with the person who
 * held the work and the person answerable for it from `from_at` until `to_at`
 * (null while the step is the current one). Instants are business time.
 */
@Entity({ name: 'responsibility_trail_v1' })
@Index(['assignmentId', 'stepNo'], { unique: true })
export class ResponsibilityTrailRow {
  @PrimaryColumn('uuid', { name: 'event_id' }) eventId!: string;
  @Column('text', { name: 'assignment_id' }) assignmentId!: string;
  @Column('integer', { name: 'step_no' }) stepNo!: number;
  @Column('text') action!: string;
  /** Null after a cancellation: nobody holds or answers for cancelled work. */
  @Column('text', { nullable: true }) responsible!: string | null;
  @Column('text', { nullable: true }) holder!: string | null;
  @Column('text', { name: 'unit_id', nullable: true }) unitId!: string | null;
  @Column('timestamptz', { name: 'from_at' }) fromAt!: Date;
  @Column('timestamptz', { name: 'to_at', nullable: true }) toAt!: Date | null;
  @Column('text', { nullable: true }) reason!: string | null;
  @Column('text', { nullable: true }) justification!: string | null;
  /** The person who took the step (from event data, e.g. `by` of a handoff). */
  @Column('text') actor!: string;
  @Column('boolean', { name: 'ping_pong' }) pingPong!: boolean;
  /** The due date in force while this step was the current one. */
  @Column('timestamptz', { name: 'due_at', nullable: true }) dueAt!: Date | null;
  /** Who held the work when `due_at` passed (carried to later steps until a new date is set). */
  @Column('text', { name: 'due_missed_by', nullable: true }) dueMissedBy!: string | null;
  /** Due dates that passed while this step's holder held the work. */
  @Column('integer', { name: 'deadlines_missed', default: 0 }) deadlinesMissed!: number;
  @Column('timestamptz', { name: 'missed_due_at', nullable: true }) missedDueAt!: Date | null;
  @Column('bigint', { name: 'event_position' }) eventPosition!: string;
}
