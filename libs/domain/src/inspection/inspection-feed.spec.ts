import { isHeldSurprisePlan, withSurprisePlansHeld, type FeedEventLike } from './inspection-feed.js';

const ev = (streamId: string, type: string, data: Record<string, unknown> = {}): FeedEventLike => ({ streamId, type, data });

describe('a surprise plan is held from the feeds until its start', () => {
  const surprise = ev('inspection-ktcv-xa', 'InspectionPlanned', { inspectionId: 'ktcv-xa', kind: 'surprise', scopeUnitIds: ['xa'] });
  const scheduled = ev('inspection-ktcv-y', 'InspectionPlanned', { inspectionId: 'ktcv-y', kind: 'scheduled', scopeUnitIds: ['y'] });
  const started = ev('inspection-ktcv-xa', 'InspectionStarted', { announcedAt: 't' });
  const plans: Record<string, FeedEventLike> = { 'inspection-ktcv-xa': surprise, 'inspection-ktcv-y': scheduled };
  const planOf = async (s: string) => plans[s];

  it('holds only the plan of a surprise inspection', () => {
    expect(isHeldSurprisePlan(surprise)).toBe(true);
    expect(isHeldSurprisePlan(scheduled)).toBe(false);
    // Another category's event of that type name, or odd data, is not held.
    expect(isHeldSurprisePlan(ev('unit-x', 'InspectionPlanned', { kind: 'surprise' }))).toBe(false);
    expect(isHeldSurprisePlan(ev('inspection-z', 'InspectionPlanned', {}))).toBe(false);
  });

  it('leaves the plan out until the start, then sends it just before the start', async () => {
    const unit = ev('unit-xa', 'UnitEstablished');
    expect(await withSurprisePlansHeld([surprise, unit], planOf)).toEqual([{ event: unit, released: false }]);
    expect(await withSurprisePlansHeld([surprise, unit, started], planOf)).toEqual([
      { event: unit, released: false },
      { event: surprise, released: true },
      { event: started, released: false },
    ]);
  });

  it('sends a scheduled plan where it stands and releases nothing at its start', async () => {
    const start = ev('inspection-ktcv-y', 'InspectionStarted');
    expect(await withSurprisePlansHeld([scheduled, start], planOf)).toEqual([
      { event: scheduled, released: false },
      { event: start, released: false },
    ]);
  });
});
