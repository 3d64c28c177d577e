import { deciderSpec } from '../shared/given-when-then.js';
import type { EstablishUnit, MergeUnit, RenameUnit } from './unit.commands.js';
import { unitDecider, unitStream } from './unit.decide.js';
import type { UnitEstablished, UnitMerged, UnitRenamed } from './unit.events.js';

const spec = deciderSpec(unitDecider);
const now = '2026-03-01T08:00:00Z';
const actor = 'hr-1';

const established: UnitEstablished = {
  type: 'UnitEstablished',
  data: { unitId: 'u-1', name: 'Office of Finance', parentUnitId: 'u-root', establishedOn: '2020-01-01' },
};
const renamed: UnitRenamed = {
  type: 'UnitRenamed',
  data: { unitId: 'u-1', name: 'Office of Finance and Planning', previousName: 'Office of Finance', effectiveOn: '2024-01-01' },
};
const merged: UnitMerged = {
  type: 'UnitMerged',
  data: { unitId: 'u-1', intoUnitId: 'u-2', mergedOn: '2025-07-01', decisionRef: 'Resolution 1656/NQ-UBTVQH15' },
};

const establish = (data: Partial<EstablishUnit['data']> = {}): EstablishUnit => ({
  type: 'EstablishUnit',
  data: { unitId: 'u-1', name: 'Office of Finance', parentUnitId: 'u-root', establishedOn: '2020-01-01', ...data },
  now,
  actor,
  actingAs: 'hr',
});
const rename = (data: Partial<RenameUnit['data']> = {}): RenameUnit => ({
  type: 'RenameUnit',
  data: { unitId: 'u-1', name: 'Office of Finance and Planning', effectiveOn: '2024-01-01', ...data },
  now,
  actor,
  actingAs: 'hr',
});
const merge = (data: Partial<MergeUnit['data']> = {}): MergeUnit => ({
  type: 'MergeUnit',
  data: { unitId: 'u-1', intoUnitId: 'u-2', mergedOn: '2025-07-01', decisionRef: 'Resolution 1656/NQ-UBTVQH15', ...data },
  now,
  actor,
  actingAs: 'hr',
});

describe('unit stream', () => {
  it('is named unit-<id>', () => expect(unitStream('u-1')).toBe('unit-u-1'));
});

describe('when a unit is established', () => {
  it('records it with its parent', () => {
    spec.given([]).when(establish()).then([established]);
  });

  it('records a top-level unit with a null parent', () =>
    spec
      .given([])
      .when(establish({ parentUnitId: undefined }))
      .then([{ ...established, data: { ...established.data, parentUnitId: null } }]));

  it('refuses a second establishment of the same unit', () => {
    spec.given([established]).when(establish()).thenThrows('unit.already_exists');
  });

  it('names every missing or malformed field', () => {
    spec.given([]).when(establish({ name: ' ', establishedOn: '2020-13-01' })).thenThrows('unit.invalid', ['name', 'establishedOn']);
  });

  it('refuses a unit that reports to itself', () => {
    spec.given([]).when(establish({ parentUnitId: 'u-1' })).thenThrows('unit.parent_self');
  });
});

describe('when a unit is renamed', () => {
  it('records the new and the previous name', () => {
    spec.given([established]).when(rename()).then([renamed]);
  });

  it('refuses a unit that does not exist', () => {
    spec.given([]).when(rename()).thenThrows('unit.not_found');
  });

  it('refuses the name it already has', () => {
    spec.given([established]).when(rename({ name: 'Office of Finance' })).thenThrows('unit.name_unchanged');
  });

  it('refuses a date before the unit was established', () => {
    spec.given([established]).when(rename({ effectiveOn: '2019-12-31' })).thenThrows('unit.date_before_established');
  });

  it('refuses a merged unit', () => {
    spec.given([established, merged]).when(rename()).thenThrows('unit.merged');
  });
});

describe('when a unit is merged into another', () => {
  it('records the receiving unit and the decision', () => {
    spec.given([established, renamed]).when(merge()).then([merged]);
  });

  it('refuses merging a unit into itself', () => {
    spec.given([established]).when(merge({ intoUnitId: 'u-1' })).thenThrows('unit.merge_into_self');
  });

  it('refuses a merge without the deciding act', () => {
    spec.given([established]).when(merge({ decisionRef: '' })).thenThrows('unit.invalid', ['decisionRef']);
  });

  it('refuses a unit merged already', () => {
    spec.given([established, merged]).when(merge({ intoUnitId: 'u-3' })).thenThrows('unit.merged');
  });

  it('refuses a unit that does not exist', () => {
    spec.given([]).when(merge()).thenThrows('unit.not_found');
  });

  it('refuses a date before the unit was established', () => {
    spec.given([established]).when(merge({ mergedOn: '2019-01-01' })).thenThrows('unit.date_before_established');
  });
});
