import type { CycleStaffInput } from '#classification';
import type { ScoreSheetQueries } from '#read-models';

/**
 * Adds each person's period score sheets of the year to the classification inputs
 * (issue 14): the Decree 335 policy then scores task points from the confirmed sheets;
 * people without sheets keep the count-based computation (the documented fallback).
 */
export async function withScoreSheets(sheets: ScoreSheetQueries, staff: CycleStaffInput[], year: number): Promise<CycleStaffInput[]> {
  const byStaff = await sheets.forClassification(staff.map((s) => s.indicators.staffId), year);
  return staff.map((s) => {
    const mine = byStaff.get(s.indicators.staffId);
    return mine && mine.length > 0 ? { ...s, indicators: { ...s.indicators, scoreSheets: mine } } : s;
  });
}
