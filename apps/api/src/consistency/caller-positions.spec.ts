import { allProjections } from '#read-models';
import { CallerPositions, requestWrites } from './caller-positions.js';
import { READ_MODEL_NAMES, ReadModelCatalogue } from './read-models.js';

describe('read models a route can declare', () => {
  it('are exactly the projections of the service', () => {
    expect([...READ_MODEL_NAMES].sort()).toEqual(allProjections().map((p) => p.name).sort());
  });
});

describe('the last position each caller wrote, per read model', () => {
  const catalogue = new ReadModelCatalogue();
  const positions = (options = { ttlMs: 60_000, maxCallers: 100 }) => new CallerPositions(catalogue, options);

  it('makes only the read models that project the write wait for it', () => {
    const p = positions();
    p.appended({ caller: 'an', types: ['AssignmentHandedOff'], position: 42n });
    const required = p.required('an', ['assignment_board_v1', 'responsibility_trail_v1', 'personnel_v1', 'recognition_v1']);
    expect(required).toEqual(new Map([['assignment_board_v1', 42n], ['responsibility_trail_v1', 42n]]));
  });

  it('keeps the highest position per model and nothing for a caller who never wrote', () => {
    const p = positions();
    p.appended({ caller: 'an', types: ['UnitEstablished'], position: 50n });
    p.appended({ caller: 'an', types: ['StaffRegistered'], position: 40n });
    expect(p.required('an', ['personnel_v1']).get('personnel_v1')).toBe(50n);
    expect(p.required('binh', ['personnel_v1']).size).toBe(0);
  });

  it('is bounded: the least recently written caller is forgotten beyond the maximum', () => {
    const p = positions({ ttlMs: 60_000, maxCallers: 2 });
    for (const caller of ['a', 'b', 'c']) p.appended({ caller, types: ['UnitEstablished'], position: 1n });
    expect(p.size()).toBe(2);
    expect(p.required('a', ['personnel_v1']).size).toBe(0);
    expect(p.required('c', ['personnel_v1']).size).toBe(1);
  });

  it('forgets a caller after the time to live', async () => {
    const p = positions({ ttlMs: 20, maxCallers: 10 });
    p.appended({ caller: 'an', types: ['UnitEstablished'], position: 7n });
    await new Promise((r) => setTimeout(r, 40));
    expect(p.required('an', ['personnel_v1']).size).toBe(0);
  });

  it('stamps the request\'s Ledger-Position with the highest position the request wrote', () => {
    const p = positions();
    const headers: Record<string, string> = {};
    const writes = { setHeader: (name: string, value: string) => void (headers[name] = value) } as { position?: bigint; setHeader(n: string, v: string): void };
    requestWrites.run(writes, () => {
      p.appended({ caller: 'an', types: ['UnitEstablished'], position: 9n });
      p.appended({ caller: 'an', types: [], position: 3n });
    });
    expect(headers).toEqual({ 'Ledger-Position': '9' });
    expect(writes.position).toBe(9n);
  });
});
