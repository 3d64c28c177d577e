import { deciderSpec } from '../shared/given-when-then.js';
import type { AppointStaff, EstablishPosition } from './position.commands.js';
import { positionDecider, positionStream } from './position.decide.js';
import type { PositionEstablished, StaffAppointedToPosition } from './position.events.js';
import type { PublishCatalogueVersion } from './catalogue.commands.js';
import { catalogueDecider, catalogueInForce, catalogueStream, catalogueVersionInForce, type CatalogueVersion } from './catalogue.decide.js';
import type { CatalogueProduct, CatalogueVersionPublished } from './catalogue.events.js';
import { productNamed } from './assignment-product.js';
import { DomainError } from '../shared/errors.js';

const now = '2026-03-01T08:00:00Z';
const establish: EstablishPosition = {
  type: 'EstablishPosition',
  data: {
    positionId: 'p-mc', unitId: 'xa-a', code: 'VT-MC', title: 'Công chức tiếp nhận và trả kết quả (một cửa)', category: 'professional',
    competencies: [{ name: 'Giao tiếp với công dân', level: 3 }], taskGroup: 'mot-cua', effectiveFrom: '2026-01-01', effectiveTo: null,
  },
  now, actor: 'hr-1', actingAs: 'hr',
};
const established: PositionEstablished = { type: 'PositionEstablished', data: { ...establish.data, establishedBy: 'hr-1', establishedAt: now } };
const appoint = (staffId: string, main: boolean, elsewhere: string | null = null): AppointStaff => ({
  type: 'AppointStaff', data: { positionId: 'p-mc', staffId, main, from: '2026-01-05', mainPositionElsewhere: elsewhere }, now, actor: 'hr-1', actingAs: 'hr',
});
const appointed: StaffAppointedToPosition = { type: 'StaffAppointedToPosition', data: { positionId: 'p-mc', staffId: 'an', main: true, from: '2026-01-05', appointedBy: 'hr-1', appointedAt: now } };

describe('job positions', () => {
  const spec = deciderSpec(positionDecider);
  it('names its stream position-<id>', () => expect(positionStream('p-mc')).toBe('position-p-mc'));
  it('is established with its capacity framework and task group', () => spec.given([]).when(establish).then([established]));
  it('refuses a competency level outside 1..5 and a blank task group', () => {
    spec.given([]).when({ ...establish, data: { ...establish.data, taskGroup: ' ', competencies: [{ name: 'x', level: 9 }] } }).thenThrows('position.invalid', ['taskGroup', 'competencies[0].level']);
  });
  it('appoints a person as main position', () => spec.given([established]).when(appoint('an', true)).then([appointed]));
  it('refuses a second main position while another is in force (one main position at a time)', () => {
    spec.given([established]).when(appoint('an', true, 'p-other')).thenThrows('position.main_position_held', ['main']);
  });
  it('allows a concurrent non-main position', () => {
    spec.given([established]).when(appoint('an', false, 'p-other')).thenEvents((e) => expect(e[0]!.type).toBe('StaffAppointedToPosition'));
  });
  it('refuses appointing twice and ending what is not open', () => {
    spec.given([established, appointed]).when(appoint('an', true)).thenThrows('position.already_appointed');
    spec.given([established]).when({ type: 'EndAppointment', data: { positionId: 'p-mc', staffId: 'an', to: '2026-02-01', reason: 'chuyển công tác' }, now, actor: 'hr-1', actingAs: 'hr' }).thenThrows('position.not_appointed');
  });
  it('refuses an appointment before the position takes effect', () => {
    spec.given([established]).when({ ...appoint('an', true), data: { ...appoint('an', true).data, from: '2025-12-01' } }).thenThrows('position.not_in_effect');
  });
});

const product = (code: string, coefficient: number): CatalogueProduct => ({ code, name: code, unitOfMeasure: 'hồ sơ', coefficient, qualityCriterion: 'đúng quy định', standardDays: 3, defaultFor: null });
const publish = (effectiveFrom: string, products: CatalogueProduct[]): PublishCatalogueVersion => ({
  type: 'PublishCatalogueVersion', data: { ownerKind: 'position', ownerId: 'p-mc', unitId: 'xa-a', effectiveFrom, products, basis: 'QĐ 12/2026' }, now, actor: 'hr-1', actingAs: 'hr',
});
const published = (version: number, effectiveFrom: string, products: CatalogueProduct[]): CatalogueVersionPublished => ({
  type: 'CatalogueVersionPublished',
  data: { catalogueId: 'p-mc', ownerKind: 'position', ownerId: 'p-mc', unitId: 'xa-a', version, effectiveFrom, products, basis: 'QĐ 12/2026', publishedBy: 'hr-1', publishedAt: now },
});

describe('product catalogue, versioned by effective date', () => {
  const spec = deciderSpec(catalogueDecider);
  const v1 = published(1, '2026-01-01', [product('MC-01', 1)]);
  it('names its stream catalogue-<positionId> or catalogue-unit.<unitId>', () => {
    expect(catalogueStream('position', 'p-mc')).toBe('catalogue-p-mc');
    expect(catalogueStream('unit', 'tinh')).toBe('catalogue-unit.tinh');
  });
  it('publishes version 1, then version 2 from a later date', () => {
    spec.given([]).when(publish('2026-01-01', [product('MC-01', 1)])).then([v1]);
    spec.given([v1]).when(publish('2026-03-01', [product('MC-01', 1.5)])).then([published(2, '2026-03-01', [product('MC-01', 1.5)])]);
  });
  it('refuses a version that would take effect on or before the last one (the past keeps its catalogue)', () => {
    spec.given([v1]).when(publish('2026-01-01', [product('MC-01', 2)])).thenThrows('catalogue.version_not_later', ['effectiveFrom']);
  });
  it('refuses absurd coefficients, duplicate codes and missing criteria', () => {
    spec.given([]).when(publish('2026-01-01', [product('A', 0), { ...product('A', 5000), qualityCriterion: '' }])).thenThrows('catalogue.invalid', [
      'products[0].coefficient', 'products[1].code', 'products[1].coefficient', 'products[1].qualityCriterion',
    ]);
  });
  it('names at most one default product per assignment kind', () => {
    spec.given([]).when(publish('2026-01-01', [{ ...product('A', 1), defaultFor: 'dossier' }, { ...product('B', 1), defaultFor: 'dossier' }])).thenThrows('catalogue.invalid', ['products[1].defaultFor']);
    spec.given([]).when(publish('2026-01-01', [{ ...product('A', 1), defaultFor: 'dossier' }, { ...product('B', 1), defaultFor: 'task' }])).thenEvents((e) => {
      expect((e[0]!.data as { products: readonly CatalogueProduct[] }).products.map((p) => p.defaultFor)).toEqual(['dossier', 'task']);
    });
  });
  it('scores a past period with the version in force then', () => {
    const versions: CatalogueVersion[] = [
      { version: 1, effectiveFrom: '2026-01-01', products: [product('MC-01', 1)], basis: 'x' },
      { version: 2, effectiveFrom: '2026-03-01', products: [product('MC-01', 1.5)], basis: 'y' },
    ];
    expect(catalogueVersionInForce(versions, '2026-02-28')?.version).toBe(1);
    expect(catalogueVersionInForce(versions, '2026-03-01')?.version).toBe(2);
    expect(catalogueVersionInForce(versions, '2025-12-31')).toBeUndefined();
    expect(catalogueInForce({ catalogueId: 'p-mc', versions }, [], '2026-02-15').get('MC-01')?.coefficient).toBe(1);
  });
  it('adds local products from the units\' overlays; the position\'s own entry wins on the same code', () => {
    const own = { catalogueId: 'p-mc', versions: [{ version: 1, effectiveFrom: '2026-01-01', products: [product('MC-01', 1)], basis: 'x' }] };
    const province = { catalogueId: 'unit.tinh', versions: [{ version: 1, effectiveFrom: '2026-01-01', products: [product('TINH-01', 2), product('MC-01', 9)], basis: 'p' }] };
    const commune = { catalogueId: 'unit.xa-a', versions: [{ version: 1, effectiveFrom: '2026-01-01', products: [product('TINH-01', 3)], basis: 'c' }] };
    const inForce = catalogueInForce(own, [province, commune], '2026-02-01');
    expect(inForce.get('MC-01')).toMatchObject({ coefficient: 1, origin: 'position' });
    expect(inForce.get('TINH-01')).toMatchObject({ coefficient: 3, origin: 'overlay', catalogueId: 'unit.xa-a' });
  });
});

describe('assignments carry products', () => {
  const catalogued = { catalogueId: 'p-mc', version: 1, name: 'Hồ sơ chứng thực', unitOfMeasure: 'hồ sơ', coefficient: 0.5 };
  const codeOf = (f: () => unknown) => {
    try {
      f();
    } catch (e) {
      return (e as DomainError).code;
    }
    return 'no error';
  };
  it('records a catalogue product with the catalogue\'s coefficient', () => {
    const [e] = productNamed('a1', { productCode: 'MC-01', quantity: 12, coefficient: null, reason: null, positionId: 'p-mc', catalogued }, 'head', now);
    expect(e!.data).toMatchObject({ productCode: 'MC-01', quantity: 12, coefficient: 0.5, catalogueVersion: 1, adHocReason: null });
  });
  it('refuses an unknown product, a negative or absurd quantity, a coefficient without a reason', () => {
    expect(codeOf(() => productNamed('a1', { productCode: 'NOPE', quantity: 1, coefficient: null, reason: null, positionId: 'p-mc', catalogued: null }, 'h', now))).toBe('catalogue.unknown_product');
    expect(codeOf(() => productNamed('a1', { productCode: 'MC-01', quantity: -2, coefficient: null, reason: null, positionId: 'p-mc', catalogued }, 'h', now))).toBe('assignment.product_quantity_invalid');
    expect(codeOf(() => productNamed('a1', { productCode: 'MC-01', quantity: 1e9, coefficient: null, reason: null, positionId: 'p-mc', catalogued }, 'h', now))).toBe('assignment.product_quantity_invalid');
    expect(codeOf(() => productNamed('a1', { productCode: null, quantity: 1, coefficient: 4, reason: ' ', positionId: 'p-mc', catalogued: null }, 'h', now))).toBe('assignment.coefficient_without_reason');
    expect(codeOf(() => productNamed('a1', { productCode: 'MC-01', quantity: 1, coefficient: null, reason: null, positionId: null, catalogued: null }, 'h', now))).toBe('assignment.assignee_without_position');
  });
  it('records ad-hoc work with the issuer\'s coefficient and reason', () => {
    const [e] = productNamed('a1', { productCode: null, quantity: 1, coefficient: 8, reason: 'Báo cáo đột xuất cho UBND tỉnh', positionId: 'p-mc', catalogued: null }, 'h', now);
    expect(e!.data).toMatchObject({ productCode: null, coefficient: 8, adHocReason: 'Báo cáo đột xuất cho UBND tỉnh' });
  });
});
