import type { ScoreSheetRow } from '#read-models';
import { kpiRows } from './kpi-export.js';

const sheet = (staffId: string, over: Partial<ScoreSheetRow> = {}): ScoreSheetRow => ({
  staffId, fullName: staffId, period: '2026-11', unitId: 'xa', positionId: 'p', positionTitle: 'Công chức một cửa', taskGroup: 'g', status: 'confirmed', plannedUnits: 10, deliveredUnits: 10,
  onTimeShare: 1, qualityShare: 1, computedPoints: 70, taskPoints: 70, adjustmentPoints: 0, qualityDeductions: 0, progressDeductions: 0, selfAssessed: true,
  selfPoints: null, contestPending: false, revisions: 0, products: {}, rankInTaskGroup: 1, groupSize: 2, version: 2, ...over,
});

describe('KPI views', () => {
  const sheets = [
    sheet('a', { plannedUnits: 30, deliveredUnits: 24, onTimeShare: 0.5, qualityShare: 0.8, taskPoints: 50, rankInTaskGroup: 2 }),
    sheet('b', { plannedUnits: 10, deliveredUnits: 10, onTimeShare: 1, qualityShare: 1, taskPoints: 70, positionId: 'q' }),
    sheet('c', { unitId: 'xa-khac', positionId: 'q', plannedUnits: 0, deliveredUnits: 0, onTimeShare: null, qualityShare: null, taskPoints: null }),
  ];
  it('per staff: converted output, shares and the rank in the task group as the sheets have them', () => {
    expect(kpiRows(sheets, 'staff')[0]).toMatchObject({ key: 'a', deliveredUnits: 24, onTimeShare: 0.5, qualityShare: 0.8, taskPoints: 50, rankInTaskGroup: 2 });
  });
  it('per unit: units summed, shares weighted by planned units (not averaged per person), points averaged over scored sheets', () => {
    const xa = kpiRows(sheets, 'unit').find((r) => r.key === 'xa')!;
    // on time: (0.5 x 30 + 1 x 10) / 40 = 0.625; quality: (0.8 x 30 + 10) / 40 = 0.85
    expect(xa).toMatchObject({ sheets: 2, plannedUnits: 40, deliveredUnits: 34, onTimeShare: 0.625, qualityShare: 0.85, taskPoints: 60, rankInTaskGroup: null });
  });
  it('per subtree: one row per period for everything read', () => {
    expect(kpiRows(sheets, 'subtree', 'tinh')).toMatchObject([{ key: 'tinh', sheets: 3, plannedUnits: 40, deliveredUnits: 34, taskPoints: 60 }]);
  });
  it('per position: a position with nothing planned has no shares and no points', () => {
    const q = kpiRows(sheets, 'position').find((r) => r.key === 'q')!;
    expect(q).toMatchObject({ sheets: 2, plannedUnits: 10, taskPoints: 70 });
    // The row names the position by its title (the key alone is an id nobody reads).
    expect(kpiRows(sheets, 'position').find((r) => r.key === 'p')).toMatchObject({ label: 'Công chức một cửa' });
    expect(kpiRows([sheets[2]!], 'position')[0]).toMatchObject({ onTimeShare: null, qualityShare: null, taskPoints: null });
  });
});
