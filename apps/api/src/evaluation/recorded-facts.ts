import type { FindingRefs } from '#classification';
import type { ClassificationFacts, ExcusedCount } from '#read-models';

/**
 * The facts of a classification that come from the record rather than from the
 * monthly counters (issue 15 item 3): objective causes, degradation and corruption or
 * waste confirmed by inspection findings, and the earlier cycle that already counted
 * a disciplinary violation (Decree 48/2023: a violation counts once).
 */
export class RecordedFacts {
  private readonly delays: Map<string, ExcusedCount>;
  private readonly below: Map<string, ExcusedCount>;

  constructor(private readonly facts: ClassificationFacts) {
    const key = (c: ExcusedCount) => `${c.staffId}\u0000${c.month}`;
    this.delays = new Map(facts.excusedDelays.map((c) => [key(c), c]));
    this.below = new Map(facts.excusedBelow.map((c) => [key(c), c]));
  }

  /**
   * Delays of the month excused by an objective-cause finding. The indicators leave them
   * out of `late` (the lateness is removed, with the finding as the reason), so the
   * classification adds them back as delays with an objective cause.
   */
  excusedDelays(staffId: string, month: number): number {
    return this.delays.get(`${staffId}\u0000${month}`)?.count ?? 0;
  }

  /** Failed reviews of the month excused by an objective-cause finding, never more than the failed reviews counted. */
  excusedBelow(staffId: string, month: number, qualityBelow: number): number {
    return Math.min(qualityBelow, this.below.get(`${staffId}\u0000${month}`)?.count ?? 0);
  }

  degradationConcluded(staffId: string): boolean {
    return this.facts.degradation.has(staffId);
  }

  unitHandledForCorruptionOrWaste(staffId: string): boolean {
    return this.facts.unitCorruptionOrWaste.has(staffId);
  }

  /** The earlier cycle whose proposal already counted the violation, if any. */
  countedIn(staffId: string, violationId: string): string | undefined {
    return this.facts.countedEarlier.get(staffId)?.get(violationId);
  }

  /** The findings behind the person's facts, for the trace. */
  refs(staffId: string): FindingRefs | undefined {
    const byMonth = (list: readonly ExcusedCount[]) => {
      const mine = list.filter((c) => c.staffId === staffId);
      return mine.length ? Object.fromEntries(mine.map((c) => [c.month, c.findings])) : undefined;
    };
    const refs: FindingRefs = {
      ...(byMonth(this.facts.excusedDelays) && { delaysWithObjectiveCause: byMonth(this.facts.excusedDelays) }),
      ...(byMonth(this.facts.excusedBelow) && { belowWithObjectiveCause: byMonth(this.facts.excusedBelow) }),
      ...(this.facts.degradation.has(staffId) && { degradationConcluded: this.facts.degradation.get(staffId) }),
      ...(this.facts.unitCorruptionOrWaste.has(staffId) && { unitHandledForCorruptionOrWaste: this.facts.unitCorruptionOrWaste.get(staffId) }),
    };
    return Object.keys(refs).length ? refs : undefined;
  }
}
