import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import type { IndicatorSums } from '#read-models';

export class IndicatorSumsResponse implements IndicatorSums {
  @ApiProperty({ minimum: 0, description: 'Work due in the period' }) assigned!: number;
  @ApiProperty({ minimum: 0 }) completed!: number;
  @ApiProperty({ minimum: 0 }) completedOnTime!: number;
  @ApiProperty({ minimum: 0 }) onTimeMeetingQuality!: number;
  @ApiProperty({ minimum: 0 }) late!: number;
  @ApiProperty({ minimum: 0 }) qualityExceeded!: number;
  @ApiProperty({ minimum: 0 }) qualityMet!: number;
  @ApiProperty({ minimum: 0 }) qualityBelow!: number;
  @ApiProperty({ minimum: 0 }) handoffsInitiated!: number;
  @ApiProperty({ minimum: 0 }) handoffsReceived!: number;
  @ApiProperty({ minimum: 0 }) pingPong!: number;
  @ApiProperty({ minimum: 0 }) declines!: number;
  @ApiProperty({ minimum: 0 }) extensions!: number;
  @ApiProperty({ minimum: 0 }) consultationsWithinOwnAuthority!: number;
  @ApiProperty({ minimum: 0 }) consultationsOfUnrelatedParties!: number;
  @ApiProperty({ minimum: 0 }) consultationsAnsweredLate!: number;
  @ApiProperty({ minimum: 0 }) consultationsWithNoPosition!: number;
  @ApiProperty({ minimum: 0 }) dossiersReturnedMoreThanOnce!: number;
  @ApiProperty({ minimum: 0 }) commendations!: number;
}

const COUNTS_BY_REASON = { type: 'object', additionalProperties: { type: 'integer' }, description: 'Counts by handoff reason' } as const;

export class StaffTotalsResponse extends IndicatorSumsResponse {
  @ApiProperty(COUNTS_BY_REASON) handoffsInitiatedByReason!: Record<string, number>;
  @ApiProperty(COUNTS_BY_REASON) handoffsReceivedByReason!: Record<string, number>;
}

export class UnitTotalsResponse extends IndicatorSumsResponse {
  @ApiProperty(COUNTS_BY_REASON) handoffsInitiatedByReason!: Record<string, number>;
}

export class MonthSumsResponse extends IndicatorSumsResponse {
  @ApiProperty({ minimum: 1, maximum: 12 }) month!: number;
}

export class StaffSumsResponse extends IndicatorSumsResponse {
  @ApiProperty() staffId!: string;
}

export class OpenPastDueItemResponse {
  @ApiProperty() assignmentId!: string;
  @ApiProperty({ format: 'date-time' }) dueAt!: string;
  @ApiProperty() streamId!: string;
}

export class OpenPastDueResponse {
  @ApiProperty({ format: 'date-time', description: 'Now, or the end of a past year' }) asOf!: string;
  @ApiProperty({ minimum: 0 }) count!: number;
  @ApiProperty({ minimum: 0, description: 'Age in days of the oldest item' }) oldestDays!: number;
}

export class StaffOpenPastDueResponse extends OpenPastDueResponse {
  @ApiProperty({ type: [OpenPastDueItemResponse] }) items!: OpenPastDueItemResponse[];
}

export class DisciplinaryDecisionRefResponse {
  @ApiProperty() caseId!: string;
  @ApiProperty() form!: string;
  @ApiProperty() decisionNo!: string;
  @ApiProperty({ format: 'date' }) effectiveFrom!: string;
  @ApiProperty() relatedToDuties!: boolean;
  @ApiProperty() streamId!: string;
  @ApiProperty({ minimum: 0 }) revision!: number;
}

export class LeadershipSpanResponse {
  @ApiProperty({ enum: ['head', 'deputy'] }) role!: string;
  @ApiProperty() unitId!: string;
  @ApiProperty({ format: 'date' }) from!: string;
  @ApiProperty({ type: String, format: 'date', nullable: true }) to!: string | null;
}

export class ExcusedDelayResponse {
  @ApiProperty() assignmentId!: string;
  @ApiProperty({ description: 'The due date that was missed' }) dueAt!: string;
  @ApiProperty({ example: 'inspection-ktcv-2026-07/f1', description: 'The finding of objective cause (inspection stream / finding id)' }) finding!: string;
}

export class StaffIndicatorsResponse {
  @ApiProperty() staffId!: string;
  @ApiProperty() unitId!: string;
  @ApiProperty({ enum: ['cadre', 'civil_servant', 'public_employee', 'worker'] }) category!: string;
  @ApiProperty({ example: 2026 }) year!: number;
  @ApiPropertyOptional({ minimum: 1, maximum: 12 }) month?: number;
  @ApiProperty({ type: StaffTotalsResponse }) totals!: StaffTotalsResponse;
  @ApiProperty({ type: [MonthSumsResponse] }) months!: MonthSumsResponse[];
  @ApiProperty({ type: StaffOpenPastDueResponse }) openPastDue!: StaffOpenPastDueResponse;
  @ApiProperty({ type: [DisciplinaryDecisionRefResponse] }) disciplinaryDecisions!: DisciplinaryDecisionRefResponse[];
  @ApiProperty({ type: [ExcusedDelayResponse], description: 'Delays an inspection finding of objective cause excused: not counted in `late`, the finding is the reason' })
  excusedDelays!: ExcusedDelayResponse[];
  @ApiProperty({
    type: 'array', items: { type: 'object', additionalProperties: true },
    description:
      'Presence checks of the year by inspections (per visit: present, absent_excused, absent_unexcused, late_arrival, left_early), each with its PresenceChecked event. Evidence for the general criteria (discipline) and for a finding; no classification rule reads them (see README "Inspections and findings")',
  })
  presenceChecks!: Array<Record<string, unknown>>;
  @ApiProperty({ minimum: 0, maximum: 12 }) monthsWorked!: number;
  @ApiProperty({ type: 'object', additionalProperties: { type: 'number' }, description: 'Months of leave by kind (maternity, sick, study, unpaid, other)' })
  leaveMonths!: Partial<Record<'maternity' | 'sick' | 'study' | 'unpaid' | 'other', number>>;
  @ApiProperty({ type: [LeadershipSpanResponse] }) leadership!: LeadershipSpanResponse[];
}

export class UnitIndicatorsResponse {
  @ApiProperty() unitId!: string;
  @ApiProperty({ example: 2026 }) year!: number;
  @ApiPropertyOptional({ minimum: 1, maximum: 12 }) month?: number;
  @ApiProperty({ minimum: 0 }) staffCount!: number;
  @ApiProperty({ type: UnitTotalsResponse }) totals!: UnitTotalsResponse;
  @ApiProperty({ type: [MonthSumsResponse] }) months!: MonthSumsResponse[];
  @ApiProperty({ type: OpenPastDueResponse }) openPastDue!: Omit<OpenPastDueResponse, 'asOf'>;
  @ApiProperty({ type: [StaffSumsResponse], description: 'First 2000 staff members by id' }) byStaff!: StaffSumsResponse[];
}

export class WatchlistSignalResponse {
  @ApiProperty({ example: 'handoffs_initiated' }) signal!: string;
  @ApiProperty({ minimum: 1 }) count!: number;
  @ApiProperty({ type: 'array', items: { type: 'object', additionalProperties: true }, description: 'The recorded events behind the count (first 50)' })
  events!: Array<Record<string, unknown>>;
}

export class WatchlistItemResponse {
  @ApiProperty({ minimum: 1 }) rank!: number;
  @ApiProperty() staffId!: string;
  @ApiProperty() unitId!: string;
  @ApiProperty({ minimum: 0 }) total!: number;
  @ApiProperty({ type: [WatchlistSignalResponse] }) signals!: WatchlistSignalResponse[];
  @ApiProperty({
    type: 'array', items: { type: 'object', additionalProperties: true },
    description: 'Missed deadlines an objective-cause finding excused (not counted): the signal events, each with `excusedBy` = `inspection-<id>/<findingId>`',
  })
  excusedDelays!: Array<Record<string, unknown>>;
}

export class WatchlistResponse {
  @ApiProperty() notice!: string;
  @ApiProperty({ example: 2026 }) year!: number;
  @ApiProperty({ type: String, nullable: true }) unitId!: string | null;
  @ApiProperty({ type: [WatchlistItemResponse] }) items!: WatchlistItemResponse[];
}
