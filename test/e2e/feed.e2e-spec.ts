import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { CloudEvent } from 'cloudevents';
import { PostgresEventStore } from '#event-store';
import { bearer, createTestApp, type TestApp } from '../support/app.js';

interface SseMessage {
  id?: string;
  event?: string;
  data: string;
}

/** A minimal EventSource: parses frames, records comments, can pause reading. */
class SseClient {
  readonly messages: SseMessage[] = [];
  comments = 0;
  status = 0;
  private req: http.ClientRequest | undefined;
  private res: http.IncomingMessage | undefined;
  private waiters: Array<() => void> = [];

  constructor(private readonly url: string, private readonly headers: Record<string, string>) {}

  open(): Promise<void> {
    return new Promise((resolve, reject) => {
      this.req = http.get(this.url, { headers: { accept: 'text/event-stream', ...this.headers } }, (res) => {
        this.res = res;
        this.status = res.statusCode ?? 0;
        let buffer = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => {
          buffer += chunk;
          let cut: number;
          while ((cut = buffer.indexOf('\n\n')) >= 0) {
            this.frame(buffer.slice(0, cut));
            buffer = buffer.slice(cut + 2);
          }
        });
        res.on('error', () => undefined);
        resolve();
      });
      this.req.on('error', reject);
    });
  }

  private frame(text: string): void {
    const msg: SseMessage = { data: '' };
    let data: string[] | undefined;
    for (const line of text.split('\n')) {
      if (line.startsWith(':')) this.comments += 1;
      else if (line.startsWith('id: ')) msg.id = line.slice(4);
      else if (line.startsWith('event: ')) msg.event = line.slice(7);
      else if (line.startsWith('data: ')) (data ??= []).push(line.slice(6));
    }
    // Like EventSource: a message without data is not dispatched.
    if (data) this.messages.push({ ...msg, data: data.join('\n') });
    for (const w of this.waiters.splice(0)) w();
  }

  /** Waits for `check`; a message that never comes is caught by Jest's hang guard, not a deadline here. */
  async until(check: () => boolean): Promise<void> {
    while (!check()) {
      await new Promise<void>((r) => {
        this.waiters.push(r);
        setTimeout(r, 50);
      });
    }
  }

  pause(): void {
    this.res?.pause();
  }

  close(): void {
    this.req?.destroy();
  }
}

describe('GET /api/v1/events (SSE feed)', () => {
  let t: TestApp;
  let base: string;
  let hr: string;
  let integration: string;

  beforeAll(async () => {
    t = await createTestApp({ FEED_HEARTBEAT_MS: '200' });
    await t.app.listen(0, '127.0.0.1');
    base = `http://127.0.0.1:${(t.app.getHttpServer().address() as AddressInfo).port}`;
    hr = await t.token('hr-1', ['hr'], ['*']);
    integration = await t.token('payroll', ['integration']);
  });
  afterAll(async () => {
    // Let the closed feeds' subscriptions finish stopping before the database goes.
    await new Promise((r) => setTimeout(r, 500));
    await t.close();
  });

  const unit = (unitId: string, parentUnitId?: string) =>
    t.http().post('/api/v1/units').set(...bearer(hr)).send({ unitId, name: `Unit ${unitId}`, establishedOn: '2025-07-01', ...(parentUnitId ? { parentUnitId } : {}) }).expect(201);

  it('delivers events appended after connecting, then exactly the missed ones after a reconnect with Last-Event-ID', async () => {
    const first = new SseClient(`${base}/api/v1/events`, { authorization: `Bearer ${integration}` });
    await first.open();
    expect(first.status).toBe(200);
    for (const id of ['tinh', 'snv', 'stc']) await unit(id, id === 'tinh' ? undefined : 'tinh');
    await first.until(() => first.messages.length >= 3);
    expect(first.messages.map((m) => m.event)).toEqual(['UnitEstablished', 'UnitEstablished', 'UnitEstablished']);
    const ces = first.messages.map((m) => JSON.parse(m.data) as Record<string, unknown>);
    expect(ces.map((c) => c.subject)).toEqual(['unit-tinh', 'unit-snv', 'unit-stc']);
    for (const [i, ce] of ces.entries()) {
      expect(new CloudEvent(ce).validate()).toBe(true);
      expect(ce).toMatchObject({ specversion: '1.0', type: 'vn.gov.accountability.UnitEstablished.v1', source: '/accountability-ledger/unit', position: first.messages[i]!.id });
    }
    const lastSeen = first.messages[2]!.id!;
    first.close();

    for (const id of ['sxd', 'syt', 'sgd']) await unit(id, 'tinh');
    const second = new SseClient(`${base}/api/v1/events`, { authorization: `Bearer ${integration}`, 'last-event-id': lastSeen });
    await second.open();
    await second.until(() => second.messages.length >= 3);
    await new Promise((r) => setTimeout(r, 600)); // a few heartbeats: nothing else arrives
    expect(second.messages.map((m) => (JSON.parse(m.data) as { subject: string }).subject)).toEqual(['unit-sxd', 'unit-syt', 'unit-sgd']);
    const ids = second.messages.map((m) => BigInt(m.id!));
    expect(ids[0]! > BigInt(lastSeen) && ids[0]! < ids[1]! && ids[1]! < ids[2]!).toBe(true);
    expect(second.comments).toBeGreaterThan(0);
    second.close();

    // ?after= is the same resume point for clients that cannot send Last-Event-ID.
    const third = new SseClient(`${base}/api/v1/events?after=${lastSeen}&categories=unit&types=UnitEst`, { authorization: `Bearer ${integration}` });
    await third.open();
    await third.until(() => third.messages.length >= 3);
    expect(third.messages).toHaveLength(3);
    third.close();
  });

  it('filters by type prefix and category', async () => {
    await t
      .http()
      .post('/api/v1/staff')
      .set(...bearer(hr))
      .send({ staffId: 'an', personnelCode: 'CC-1', fullName: 'Nguyễn Văn An', category: 'civil_servant', unitId: 'snv', jobPosition: 'Chuyên viên', joinedOn: '2020-03-01' })
      .expect(201);
    const byType = new SseClient(`${base}/api/v1/events?types=vn.gov.accountability.Staff`, { authorization: `Bearer ${integration}` });
    const byCategory = new SseClient(`${base}/api/v1/events?categories=staff`, { authorization: `Bearer ${integration}` });
    await Promise.all([byType.open(), byCategory.open()]);
    await byType.until(() => byType.messages.length >= 1);
    await byCategory.until(() => byCategory.messages.length >= 1);
    await new Promise((r) => setTimeout(r, 400));
    expect(byType.messages.map((m) => m.event)).toEqual(['StaffRegistered']);
    expect(byCategory.messages.map((m) => m.event)).toEqual(['StaffRegistered']);
    byType.close();
    byCategory.close();
  });

  it('shows hr with a unit subtree only the events whose unitId is in scope', async () => {
    // Wait for the units read model (scope lookups use unit paths).
    await t.http().get('/api/v1/units/stc').set(...bearer(hr)).expect(200);
    const scoped = await t.token('hr-stc', ['hr'], ['stc']);
    const client = new SseClient(`${base}/api/v1/events`, { authorization: `Bearer ${scoped}` });
    await client.open();
    await client.until(() => client.messages.length >= 1);
    await new Promise((r) => setTimeout(r, 500));
    expect(client.messages.map((m) => (JSON.parse(m.data) as { data: { unitId: string } }).data.unitId)).toEqual(['stc']);
    client.close();
  });

  it('refuses a missing token (401), a role without the feed (403) and malformed resume points (400)', async () => {
    await t.http().get('/api/v1/events').expect(401);
    const staff = await t.token('an', ['staff'], ['snv']);
    await t.http().get('/api/v1/events').set(...bearer(staff)).expect(403);
    const bad = await t.http().get('/api/v1/events').set(...bearer(integration)).set('Last-Event-ID', 'abc');
    expect(bad.status).toBe(400);
    expect(bad.body.code).toBe('invalid_last_event_id');
    await t.http().get('/api/v1/events?after=-1').set(...bearer(integration)).expect(400);
    const cat = await t.http().get('/api/v1/events?categories=payroll').set(...bearer(integration));
    expect(cat.status).toBe(400);
    expect(cat.body.code).toBe('unknown_category');
  });

  it('keeps serving other clients while one does not read (back-pressure)', async () => {
    const store = new PostgresEventStore({ connectionString: t.db.url });
    store.pool.on('error', () => undefined);
    const stalled = new SseClient(`${base}/api/v1/events`, { authorization: `Bearer ${integration}` });
    await stalled.open();
    stalled.pause();
    const big = 'x'.repeat(4096);
    for (let i = 0; i < 40; i += 1) {
      await store.append(`unit-bulk${i}`, Array.from({ length: 25 }, (_, j) => ({ id: randomUUID(), type: j === 0 ? 'UnitEstablished' : 'UnitRenamed', data: { unitId: `bulk${i}`, name: big, note: j } })), 'any');
    }
    const live = new SseClient(`${base}/api/v1/events?categories=unit&types=UnitEstablished`, { authorization: `Bearer ${integration}` });
    await live.open();
    await live.until(() => live.messages.some((m) => m.data.includes('"subject":"unit-bulk39"')));
    expect(stalled.messages.length).toBeLessThan(1000);
    live.close();
    stalled.close();
    await store.close();
  });

  it('holds a surprise inspection plan from the feed until its start, then sends it just before the start (issue 15)', async () => {
    const inspector = await t.token('insp-feed', ['inspector'], ['*']);
    const query = '?types=Inspection,UnitEstablished';
    const live = new SseClient(`${base}/api/v1/events${query}`, { authorization: `Bearer ${integration}` });
    const replay = new SseClient(`${base}/api/v1/events${query}`, { authorization: `Bearer ${integration}` });
    await live.open();
    try {
      await t.http().post('/api/v1/inspections').set(...bearer(inspector)).send({
        inspectionId: 'surprise-xa', kind: 'surprise', decisionNo: '15/QĐ-KTCV', scopeUnitIds: ['snv'], team: ['insp-feed'], leadInspector: 'insp-feed',
        subject: 'Giờ làm việc', plannedStart: '2026-06-10',
      }).expect(201);
      // An event recorded after the plan: once it arrives, the plan would have arrived before it.
      await unit('after-plan', 'tinh');
      await live.until(() => live.messages.some((m) => m.data.includes('"subject":"unit-after-plan"')));
      expect(live.messages.filter((m) => m.event?.startsWith('Inspection'))).toEqual([]);

      await t.http().post('/api/v1/inspections/surprise-xa/start').set(...bearer(inspector)).send({}).expect(200);
      await live.until(() => live.messages.some((m) => m.event === 'InspectionStarted'));
      const sent = live.messages.filter((m) => m.event?.startsWith('Inspection'));
      expect(sent.map((m) => m.event)).toEqual(['InspectionPlanned', 'InspectionStarted']);
      // The released plan carries no id: the resume point does not move back to its position.
      expect(sent[0]!.id).toBeUndefined();
      expect(JSON.parse(sent[0]!.data)).toMatchObject({ subject: 'inspection-surprise-xa', revision: '0', data: { kind: 'surprise', scopeUnitIds: ['snv'] } });
      live.close();

      // A catch-up from the beginning after the start: the plan comes just before the start, not at its own position.
      await replay.open();
      await replay.until(() => replay.messages.some((m) => m.event === 'InspectionStarted'));
      const order = replay.messages.map((m) => (m.event === 'UnitEstablished' ? JSON.parse(m.data).subject : m.event));
      expect(order.slice(order.indexOf('unit-after-plan'))).toEqual(['unit-after-plan', 'InspectionPlanned', 'InspectionStarted']);
    } finally {
      live.close();
      replay.close();
    }
  });

  it('serves the AsyncAPI document at /asyncapi.json without a token, equal to docs/asyncapi.json', async () => {
    const res = await t.http().get('/asyncapi.json').expect(200);
    expect(res.body).toEqual(JSON.parse(fs.readFileSync(path.resolve(import.meta.dirname, '../../docs/asyncapi.json'), 'utf8')));
  });
});

/** Issue 12 item 7: one caller cannot take every feed slot; idle filtered connections read nothing from the store. */
describe('GET /api/v1/events: per-caller cap and one shared reader', () => {
  let t: TestApp;
  let base: string;
  let hr: string;
  const opened: SseClient[] = [];

  beforeAll(async () => {
    t = await createTestApp({ FEED_HEARTBEAT_MS: '200', FEED_MAX_CLIENTS: '8', FEED_MAX_CLIENTS_PER_CALLER: '3' });
    await t.app.listen(0, '127.0.0.1');
    base = `http://127.0.0.1:${(t.app.getHttpServer().address() as AddressInfo).port}`;
    hr = await t.token('hr-1', ['hr'], ['*']);
  });
  afterAll(async () => {
    for (const c of opened) c.close();
    await new Promise((r) => setTimeout(r, 500));
    await t.close();
  });

  const connect = async (token: string, query = '') => {
    const client = new SseClient(`${base}/api/v1/events${query}`, { authorization: `Bearer ${token}` });
    await client.open();
    opened.push(client);
    return client;
  };
  const readByConnections = async () => {
    const text = (await t.http().get('/metrics').expect(200)).text;
    const match = /ledger_feed_events_read_total\{reader="connection"\} (\d+)/.exec(text);
    return Number(match?.[1] ?? 0);
  };

  it('refuses a caller\'s connections beyond FEED_MAX_CLIENTS_PER_CALLER (filtered ones counted) while others still get in', async () => {
    const inspector = await t.token('insp-1', ['inspector'], ['*']);
    for (let i = 0; i < 3; i++) expect((await connect(inspector, '?types=NoSuchType')).status).toBe(200);
    for (let i = 0; i < 10; i++) {
      const refused = await t.http().get('/api/v1/events?types=NoSuchType').set(...bearer(inspector));
      expect(refused.status).toBe(429);
      expect(refused.headers['content-type']).toMatch(/problem\+json/);
      expect(refused.body.code).toBe('feed_caller_limit');
    }
    const integration = await connect(await t.token('payroll', ['integration']));
    expect(integration.status).toBe(200);
    await t.http().post('/api/v1/units').set(...bearer(hr)).send({ unitId: 'live-1', name: 'Live', establishedOn: '2025-07-01' }).expect(201);
    await integration.until(() => integration.messages.some((m) => m.event === 'UnitEstablished'));
  });

  it('feeds caught-up connections from the one shared reader: new events cost no store read per connection', async () => {
    const inspector = await t.token('insp-2', ['inspector'], ['*']);
    for (let i = 0; i < 2; i++) await connect(inspector, '?types=NoSuchType');
    const watcher = await connect(await t.token('payroll-2', ['integration']), '?types=Unit');
    expect(watcher.status).toBe(200);
    await new Promise((r) => setTimeout(r, 1000)); // every connection has caught up
    const before = await readByConnections();
    for (let i = 0; i < 10; i++) {
      await t.http().post('/api/v1/units').set(...bearer(hr)).send({ unitId: `shared-${i}`, name: `S ${i}`, establishedOn: '2025-07-01' }).expect(201);
    }
    await watcher.until(() => watcher.messages.filter((m) => m.event === 'UnitEstablished').length >= 11);
    await new Promise((r) => setTimeout(r, 600)); // several heartbeats of the idle filtered connections
    expect(await readByConnections()).toBe(before);
    const text = (await t.http().get('/metrics').expect(200)).text;
    expect(Number(/ledger_feed_events_read_total\{reader="shared"\} (\d+)/.exec(text)?.[1] ?? 0)).toBeGreaterThanOrEqual(10);
  });
});
