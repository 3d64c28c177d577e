import type { CatalogueRow, PositionQueries, WorkProductRow } from '#read-models';
import { lastDayOf, periodInstants, sheetItems } from './sheet-inputs.js';

const catalogue = (catalogueId: string, ownerKind: 'position' | 'unit', versions: Array<[number, string, number]>): CatalogueRow => ({
  catalogueId, ownerKind, ownerId: catalogueId, unitId: 'xa',
  versions: versions.map(([version, effectiveFrom, coefficient]) => ({
    version, effectiveFrom, basis: 'x', products: [{ code: 'MC', name: 'Chứng thực', unitOfMeasure: 'bản', coefficient, qualityCriterion: 'đạt', standardDays: 1 }],
  })),
});
const positions = {
  cataloguesFor: async () => ({ own: catalogue('p', 'position', [[1, '2026-01-01', 0.25], [2, '2026-03-01', 0.3]]), overlaysRootFirst: [] }),
} as unknown as PositionQueries;
const work = (over: Partial<WorkProductRow>): WorkProductRow => ({
  assignmentId: 'a', title: 't', dueAt: '2026-02-10T03:00:00.000Z', status: 'reviewed', late: false, quality: 'met', belowReviews: 0, positionId: 'p',
  productCode: 'MC', productName: 'Chứng thực', unitOfMeasure: 'bản', quantity: 40, coefficient: 0.25, catalogueId: 'p', catalogueVersion: 1, adHocReason: null, ...over,
});

describe('score-sheet items: each product converted with the catalogue in force in the period', () => {
  it('a past period keeps the coefficient of its time; a later period gets the new version', async () => {
    const [feb] = await sheetItems(positions, [work({})], '2026-02');
    const [mar] = await sheetItems(positions, [work({ dueAt: '2026-03-10T03:00:00.000Z' })], '2026-03');
    expect([feb!.coefficient, feb!.coefficientSource]).toEqual([0.25, 'catalogue p v1 in force on 2026-02-28']);
    expect([mar!.coefficient, mar!.coefficientSource]).toEqual([0.3, 'catalogue p v2 in force on 2026-03-31']);
  });
  it('a product no longer in the catalogue keeps its coefficient at issue; ad-hoc work keeps the issuer\'s; work naming no product is one unit', async () => {
    const items = await sheetItems(positions, [
      work({ assignmentId: 'gone', productCode: 'OLD', coefficient: 2 }),
      work({ assignmentId: 'adhoc', productCode: null, coefficient: 4, adHocReason: 'đột xuất' }),
      work({ assignmentId: 'plain', productCode: null, positionId: null, coefficient: null, quantity: null }),
    ], '2026-02');
    expect(items.map((i) => [i.assignmentId, i.quantity, i.coefficient])).toEqual([['gone', 40, 2], ['adhoc', 40, 4], ['plain', 1, 1]]);
    expect(items[1]!.coefficientSource).toBe('ad hoc, set by the issuer: đột xuất');
  });
  it('completion, lateness and the final review feed the item', async () => {
    const [late] = await sheetItems(positions, [work({ late: true, quality: 'below', belowReviews: 1 })], '2026-02');
    const [open] = await sheetItems(positions, [work({ status: 'accepted', quality: null })], '2026-02');
    expect([late!.completed, late!.delays, late!.quality, late!.belowReviews]).toEqual([true, 1, 'below', 1]);
    expect(open!.completed).toBe(false);
  });
  it('periods are Vietnam\'s civil months', () => {
    expect(lastDayOf('2026-02')).toBe('2026-02-28');
    expect(periodInstants('2026-11')).toEqual({ from: '2026-10-31T17:00:00.000Z', until: '2026-11-30T17:00:00.000Z' });
  });
});
