import { randomBytes, randomUUID } from 'node:crypto';
import { connect, type NatsConnection } from 'nats';
import { PostgresEventStore, type LedgerCloudEvent } from '#event-store';
import { createTestDatabase, type TestDatabase } from '../../../../test/support/database.js';
import { NatsRelay, type RelayCheckpoints } from './nats-relay.js';

/**
 * Issue 15: the relay holds a surprise inspection's plan until the inspection starts,
 * then publishes it just before the start (libs/domain/src/inspection/inspection-feed.ts).
 */
const NATS_URL = process.env.NATS_URL ?? 'nats://127.0.0.1:4222';
const run = randomBytes(4).toString('hex');
const STREAM = `LEDGER_S_${run}`;
const PREFIX = `ledger_s_${run}`;

class MemoryCheckpoints implements RelayCheckpoints {
  position = 0n;
  async load(): Promise<bigint> {
    return this.position;
  }
  async save(_name: string, position: bigint): Promise<void> {
    if (position > this.position) this.position = position;
  }
  async lead(): Promise<{ release(): Promise<void> }> {
    return { release: async () => undefined };
  }
}

describe('NATS relay: a surprise inspection plan is held until its start', () => {
  let db: TestDatabase;
  let store: PostgresEventStore;
  let nc: NatsConnection;
  let relay: NatsRelay;

  beforeAll(async () => {
    db = await createTestDatabase();
    store = new PostgresEventStore({ connectionString: db.url, pollIntervalMs: 50 });
    nc = await connect({ servers: NATS_URL });
    relay = new NatsRelay(store, new MemoryCheckpoints(), { servers: NATS_URL, streamName: STREAM, subjectPrefix: PREFIX, checkpointName: `relay:${run}`, retryMs: 100 });
    relay.start();
  });
  afterAll(async () => {
    await relay.stop();
    await (await nc.jetstreamManager()).streams.delete(STREAM).catch(() => undefined);
    await nc.close();
    await store.close();
    await db.drop();
  });

  const published = async (): Promise<LedgerCloudEvent[]> => {
    const jsm = await nc.jetstreamManager();
    const info = await jsm.streams.info(STREAM).catch(() => undefined);
    const out: LedgerCloudEvent[] = [];
    for (let seq = 1; info && seq <= info.state.last_seq; seq++) out.push((await jsm.streams.getMessage(STREAM, { seq })).json<LedgerCloudEvent>());
    return out;
  };
  const until = async (check: (m: LedgerCloudEvent[]) => boolean): Promise<LedgerCloudEvent[]> => {
    for (let i = 0; i < 600; i++) {
      const m = await published();
      if (check(m)) return m;
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error('the relay published nothing matching');
  };
  const append = (streamId: string, type: string, data: Record<string, unknown>) =>
    store.append(streamId, [{ id: randomUUID(), type, data, metadata: { actor: { sub: 'fixture', roles: ['importer'] } } }], 'any');

  it('publishes nothing of the plan before the start, then the plan just before the start', async () => {
    await append('inspection-s1', 'InspectionPlanned', {
      inspectionId: 's1', kind: 'surprise', decisionNo: '1/QĐ', scopeUnitIds: ['xa'], team: ['i1'], leadInspector: 'i1', subject: 's', plannedStart: '2026-06-10', plannedBy: 'i1', plannedAt: '2026-06-01T00:00:00Z',
    });
    await append('unit-after', 'UnitEstablished', { unitId: 'after', name: 'After', establishedOn: '2020-01-01' });
    const before = await until((m) => m.some((e) => e.subject === 'unit-after'));
    expect(before.filter((e) => e.subject.startsWith('inspection-'))).toEqual([]);

    await append('inspection-s1', 'InspectionStarted', { announcedAt: '2026-06-10T00:00:00Z', startedBy: 'i1', startedAt: '2026-06-10T00:00:00Z' });
    const after = await until((m) => m.some((e) => e.type.includes('InspectionStarted')));
    expect(after.map((e) => e.subject)).toEqual(['unit-after', 'inspection-s1', 'inspection-s1']);
    expect(after.slice(1).map((e) => [e.revision, e.type])).toEqual([
      ['0', 'vn.gov.accountability.InspectionPlanned.v1'],
      ['1', 'vn.gov.accountability.InspectionStarted.v1'],
    ]);
  });
});
