import { ProjectionRunner } from '#read-models';
import { bearer, createTestApp, type TestApp } from '../support/app.js';

/**
 * Commands do not wait for projections; reads wait only when they must (README
 * "Consistency"). The projector of instance A is paused (stopped) where a test needs
 * the read models to be behind; every request here goes through `raw()`, the agent
 * without the test session's token.
 */
describe('read-your-writes: consistency token and the caller\'s own writes', () => {
  let a: TestApp;
  let b: TestApp;
  let c: TestApp;
  let runner: ProjectionRunner;
  let hr: string;
  let hr2: string;
  const unit = (unitId: string) => ({ unitId, name: `Unit ${unitId}`, establishedOn: '2025-07-01' });
  const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
  /** Starts a request and reports whether it has answered yet. */
  const pending = <T>(p: Promise<T>): { answered: boolean; result: Promise<T> } => {
    const state: { answered: boolean; result: Promise<T> } = { answered: false, result: Promise.resolve(undefined as T) };
    state.result = p.then((r) => {
      state.answered = true;
      return r;
    });
    return state;
  };

  beforeAll(async () => {
    a = await createTestApp();
    // Another instance on the same database, reading the read models A projects.
    b = await createTestApp({ PROJECTOR_INLINE: 'false' }, { db: a.db });
    // And one whose reads give up after 400 ms.
    c = await createTestApp({ PROJECTOR_INLINE: 'false', READ_WAIT_TIMEOUT_MS: '400' }, { db: a.db });
    runner = a.app.get(ProjectionRunner);
    hr = await a.token('hr-1', ['hr'], ['*']);
    hr2 = await a.token('hr-2', ['hr'], ['*']);
  });
  afterAll(async () => {
    await c?.close();
    await b?.close();
    await a?.close();
  });
  afterEach(async () => {
    // Resume and let the projector catch up, so the next test starts with current read models.
    await runner.start().catch(() => undefined);
    const head = (await a.sql<{ p: string }>('SELECT coalesce(max(position), 0)::text AS p FROM events'))[0]!.p;
    expect(await runner.waitFor(BigInt(head), 30_000, true)).toBe(true);
  });

  it('a command answers while the projector is paused, with the ETag and its position as Ledger-Position (header and body)', async () => {
    await runner.stop();
    const res = await a.raw().post('/api/v1/units').set(...bearer(hr)).send(unit('u0'));
    expect(res.status).toBe(201);
    expect(res.headers.etag).toBe('"1"');
    expect(res.headers['ledger-position']).toMatch(/^\d+$/);
    expect(res.body).toEqual({ id: 'u0', version: 1, position: res.headers['ledger-position'] });
  });

  it('the same caller reads its own write with no header: the GET waits for the read model, then answers with it', async () => {
    await runner.stop();
    expect((await a.raw().post('/api/v1/units').set(...bearer(hr)).send(unit('u1'))).status).toBe(201);
    const read = pending(a.raw().get('/api/v1/units/u1').set(...bearer(hr)).then((r) => r));
    await sleep(300);
    expect(read.answered).toBe(false);
    // A caller who never wrote and sends no token does not wait: the read model does not have u1 yet.
    const stranger = await a.raw().get('/api/v1/units/u1').set(...bearer(hr2));
    expect(stranger.status).toBe(404);
    expect(read.answered).toBe(false);
    await runner.start();
    const res = await read.result;
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ id: 'u1', name: 'Unit u1' });
  });

  it('another caller with the token (Ledger-Min-Position) waits for it and sees the write', async () => {
    await runner.stop();
    const created = await a.raw().post('/api/v1/units').set(...bearer(hr)).send(unit('u2'));
    const token = created.headers['ledger-position'] as string;
    const read = pending(a.raw().get('/api/v1/units/u2').set(...bearer(hr2)).set('Ledger-Min-Position', token).then((r) => r));
    await sleep(300);
    expect(read.answered).toBe(false);
    await runner.start();
    expect((await read.result).status).toBe(200);
  });

  it('another instance honours the token: it waits until the read models (projected elsewhere) reached it', async () => {
    const created = await a.raw().post('/api/v1/units').set(...bearer(hr)).send(unit('u3'));
    const res = await b.raw().get('/api/v1/units/u3').set(...bearer(hr2)).set('Ledger-Min-Position', created.headers['ledger-position'] as string);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ id: 'u3' });
  });

  it('the wait is bounded: 503 problem+json read_model_behind with Retry-After; a caller with nothing to wait for answers at once', async () => {
    await runner.stop();
    // The caller writes through instance C, whose reads need A's (paused) projector.
    expect((await c.raw().post('/api/v1/units').set(...bearer(hr)).send(unit('u4'))).status).toBe(201);
    const res = await c.raw().get('/api/v1/units/u4').set(...bearer(hr));
    expect(res.status).toBe(503);
    expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(res.headers['retry-after']).toBe('1');
    expect(res.body).toMatchObject({ status: 503, code: 'read_model_behind' });
    expect(res.body.detail).toMatch(/personnel_v1/);
    const stranger = await c.raw().get('/api/v1/units/u4').set(...bearer(hr2));
    expect(stranger.status).toBe(404);
  });

  it('refuses a malformed token with 400 invalid_min_position', async () => {
    const res = await a.raw().get('/api/v1/units').set(...bearer(hr)).set('Ledger-Min-Position', 'yesterday');
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ code: 'invalid_min_position', errors: [{ field: 'Ledger-Min-Position' }] });
  });

  it('a replayed Idempotency-Key answers the first position again', async () => {
    const send = () => a.raw().post('/api/v1/units').set(...bearer(hr)).set('Idempotency-Key', 'u5-once').send(unit('u5'));
    const first = await send();
    const again = await send();
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(again.headers['ledger-position']).toBe(first.headers['ledger-position']);
    expect(again.body).toEqual(first.body);
    expect(first.body.position).toBe(first.headers['ledger-position']);
  });
});
