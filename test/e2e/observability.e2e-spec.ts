import { bearer, createTestApp, type TestApp } from '../support/app.js';

function sample(text: string, name: string, labels = ''): number {
  const line = text.split('\n').find((l) => l.startsWith(`${name}${labels}`) && !l.startsWith('#'));
  return line ? Number(line.split(' ').at(-1)) : Number.NaN;
}

describe('observability: /metrics and health', () => {
  let t: TestApp;
  let hr: string;

  beforeAll(async () => {
    t = await createTestApp();
    hr = await t.token('hr-1', ['hr'], ['*']);
  });
  afterAll(async () => {
    await t.close();
  });

  it('exposes the listed series, and the counters move after commands', async () => {
    const before = (await t.http().get('/metrics')).text;
    for (const series of [
      'ledger_http_request_duration_seconds',
      'ledger_append_duration_seconds',
      'ledger_append_conflicts_total',
      'ledger_events_appended_total',
      'ledger_projection_lag_events',
      'ledger_projection_lag_seconds',
      'ledger_process_resident_memory_bytes',
    ]) {
      expect(before).toContain(`# TYPE ${series}`);
    }
    const appendedBefore = sample(before, 'ledger_events_appended_total');

    await t.http().post('/api/v1/units').set(...bearer(hr)).send({ unitId: 'u1', name: 'Unit 1', establishedOn: '2025-07-01' }).expect(201);
    await t.http().post('/api/v1/units/u1/renaming').set(...bearer(hr)).send({ name: 'Unit one', effectiveOn: '2026-01-01' }).expect(200);
    // A stale If-Match is refused before any append: no event, no counter.
    await t.http().post('/api/v1/units/u1/renaming').set(...bearer(hr)).set('If-Match', '"1"').send({ name: 'Unit 1 again', effectiveOn: '2026-01-02' }).expect(412);

    const after = (await t.http().get('/metrics')).text;
    expect(sample(after, 'ledger_events_appended_total')).toBe(appendedBefore + 2);
    expect(sample(after, 'ledger_append_duration_seconds_count', '{outcome="ok"}')).toBeGreaterThanOrEqual(2);
    expect(sample(after, 'ledger_http_request_duration_seconds_count', '{method="POST",route="/api/v1/units",status="201"}')).toBe(1);
    expect(sample(after, 'ledger_projection_lag_events', '{projection="personnel_v1"}')).toBe(0);
  });

  it('the readiness probe reports the database check', async () => {
    const res = await t.http().get('/health/ready');
    expect(res.status).toBe(200);
    expect(res.body.checks.database.status).toBe('up');
  });
});
