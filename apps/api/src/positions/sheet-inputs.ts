import { vnDecree335of2025 } from '#classification';
import { catalogueInForce, periodBounds, type ProductInForce, type SheetItem, type SheetScoring } from '#domain';
import type { PositionQueries, WorkProductRow } from '#read-models';

/**
 * Days after publication during which a staff member may contest a sheet: the policy's
 * `sheetContestWindowDays` (interpretation, see the policy file), 10 when it has none.
 */
export const CONTEST_WINDOW_DAYS = vnDecree335of2025.scoring?.sheetContestWindowDays?.value ?? 10;

/** Today on Vietnam's civil calendar (UTC+7). */
export function vnToday(now = new Date()): string {
  return new Date(now.getTime() + 7 * 3600_000).toISOString().slice(0, 10);
}

/** The scoring numbers of the Decree 335/2025 policy (each sourced in the policy file). */
export function sheetScoring(): SheetScoring {
  const s = vnDecree335of2025.scoring!;
  return {
    taskMax: s.taskResultsMax.value,
    split: s.split.value,
    qualityDeduction: s.qualityDeductionPerBelowReview.value,
    progressDeduction: s.progressDeductionPerDelay.value,
    contestWindowDays: CONTEST_WINDOW_DAYS,
    policy: `${vnDecree335of2025.id}@${vnDecree335of2025.version}`,
  };
}

/** The period kind of the policy: monthly by default, quarterly where the policy says so. */
export function periodKind(): 'month' | 'quarter' {
  return vnDecree335of2025.scoring!.period.value;
}

/** The last day of a period (the catalogue in force on it scores the period). */
export function lastDayOf(period: string): string {
  const b = periodBounds(period)!;
  return new Date(Date.parse(`${b.until}T00:00:00Z`) - 86_400_000).toISOString().slice(0, 10);
}

/** [from, until) instants of a period on Vietnam's civil calendar. */
export function periodInstants(period: string): { from: string; until: string } {
  const b = periodBounds(period)!;
  return { from: new Date(`${b.from}T00:00:00+07:00`).toISOString(), until: new Date(`${b.until}T00:00:00+07:00`).toISOString() };
}

/**
 * The items of a sheet from the work record: each product converted with the catalogue
 * in force on the period's last day for the position it was named under (so a past
 * period keeps the catalogue of its time); a product no longer in that catalogue keeps
 * its coefficient at issue; ad-hoc work keeps the issuer's; work naming no product
 * counts one unit (interpretation: the count-based weight, so unconverted work is not
 * lost from the sheet).
 */
export async function sheetItems(
  positions: PositionQueries,
  work: readonly WorkProductRow[],
  period: string,
  /** Products in force per position for this period, shared across people (one catalogue read per position). */
  cache = new Map<string, Map<string, ProductInForce>>(),
): Promise<SheetItem[]> {
  const day = lastDayOf(period);
  const inForce = async (positionId: string) => {
    let map = cache.get(positionId);
    if (!map) {
      const { own, overlaysRootFirst } = await positions.cataloguesFor(positionId);
      cache.set(positionId, (map = catalogueInForce(own ?? undefined, overlaysRootFirst, day)));
    }
    return map;
  };
  const items: SheetItem[] = [];
  for (const w of work) {
    let coefficient = 1;
    let source = 'no product named: one unit';
    let name = w.productName;
    let unit = w.unitOfMeasure;
    if (w.productCode && w.positionId) {
      const p = (await inForce(w.positionId)).get(w.productCode);
      if (p) {
        coefficient = p.coefficient;
        source = `catalogue ${p.catalogueId} v${p.version} in force on ${day}`;
        name = p.name;
        unit = p.unitOfMeasure;
      } else {
        coefficient = w.coefficient ?? 1;
        source = `not in the catalogue in force on ${day}: coefficient at issue (${w.catalogueId ?? '?'} v${w.catalogueVersion ?? '?'})`;
      }
    } else if (w.coefficient !== null) {
      coefficient = w.coefficient;
      source = `ad hoc, set by the issuer: ${w.adHocReason ?? ''}`;
    }
    items.push({
      assignmentId: w.assignmentId,
      title: w.title,
      productCode: w.productCode,
      productName: name,
      unitOfMeasure: unit,
      quantity: w.quantity ?? 1,
      coefficient,
      coefficientSource: source,
      dueAt: w.dueAt,
      completed: w.status === 'completed' || w.status === 'reviewed',
      delays: w.late ? 1 : 0,
      quality: w.quality,
      belowReviews: w.belowReviews,
    });
  }
  return items;
}
