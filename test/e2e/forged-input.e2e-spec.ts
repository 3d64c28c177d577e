import { bearer, createTestApp, type TestApp } from '../support/app.js';

/** base64url of a JSON text, as the API encodes its cursors. */
const cursorOf = (json: string): string => Buffer.from(json).toString('base64url');

/** Cursors no list returned: forged parts of every wrong type, out-of-range numbers, broken encodings. */
const FORGED_FOR_ANY_LIST: Record<string, string> = {
  'an object part': cursorOf('[{}]'),
  'a boolean part': cursorOf('[true]'),
  'a null part': cursorOf('[null]'),
  'a 30-digit number': cursorOf('[123456789012345678901234567890]'),
  'a float': cursorOf('[1.5]'),
  'no part': cursorOf('[]'),
  'two parts': cursorOf('["a","b"]'),
  'an object instead of an array': cursorOf('{"id":"x"}'),
  'not JSON': cursorOf('["abc"'),
  'not base64url': '!!!not*base64',
  'padding and slashes': 'WyJhIl0=/+',
};

/** Lists ordered by a 64-bit sequence also refuse text and out-of-range integers. */
const FORGED_FOR_SEQUENCE_LISTS: Record<string, string> = {
  'a text part': cursorOf('["abc"]'),
  'a negative number': cursorOf('["-1"]'),
  'a 30-digit numeric string': cursorOf('["123456789012345678901234567890"]'),
  'one past the largest bigint': cursorOf('["9223372036854775808"]'),
  'a numeric string with a sign': cursorOf('["+5"]'),
};

const TEXT_KEYED = ['/units', '/staff', '/assignments'];
const SEQUENCE_KEYED = ['/consultations', '/commendations', '/innovation-proposals', '/disciplinary-cases'];

describe('forged input on lists and evidence (issue 12 item 12): 400 problem+json, never 500', () => {
  let t: TestApp;
  let admin: string;
  let hr: string;
  const api = '/api/v1';

  beforeAll(async () => {
    t = await createTestApp();
    admin = await t.token('admin-1', ['admin'], ['*']);
    hr = await t.token('hr-1', ['hr'], ['*']);
    await t.http().post(`${api}/units`).set(...bearer(hr)).send({ unitId: 'tinh', name: 'UBND tỉnh', establishedOn: '2025-07-01' }).expect(201);
    for (const unitId of ['snv', 'stc', 'sxd']) {
      await t.http().post(`${api}/units`).set(...bearer(hr)).send({ unitId, name: unitId, parentUnitId: 'tinh', establishedOn: '2025-07-01' }).expect(201);
    }
    for (const id of ['an', 'binh']) {
      await t.http().post(`${api}/staff`).set(...bearer(hr))
        .send({ staffId: id, personnelCode: `CC-${id}`, fullName: id, category: 'civil_servant', unitId: 'snv', jobPosition: 'Chuyên viên', joinedOn: '2015-01-01' })
        .expect(201);
    }
  });
  afterAll(async () => {
    await t.close();
  });

  const expectInvalidCursor = async (path: string, cursor: string): Promise<void> => {
    const res = await t.http().get(`${api}${path}`).query({ cursor }).set(...bearer(admin));
    expect({ path, cursor, status: res.status }).toEqual({ path, cursor, status: 400 });
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.body).toMatchObject({ status: 400, code: 'invalid_cursor', errors: [{ field: 'cursor' }] });
  };

  it.each([...TEXT_KEYED, ...SEQUENCE_KEYED])('GET %s refuses every forged cursor with 400 invalid_cursor', async (path) => {
    for (const cursor of Object.values(FORGED_FOR_ANY_LIST)) await expectInvalidCursor(path, cursor);
  });

  it.each(SEQUENCE_KEYED)('GET %s (ordered by sequence) refuses text and out-of-range integers', async (path) => {
    for (const cursor of Object.values(FORGED_FOR_SEQUENCE_LISTS)) await expectInvalidCursor(path, cursor);
  });

  it('a cursor the API returned still pages through a list, for text and sequence keys', async () => {
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page: { body: { items: Array<{ id: string }>; nextCursor: string | null } } = await t.http().get(`${api}/units`)
        .query({ limit: 1, ...(cursor ? { cursor } : {}) }).set(...bearer(admin)).expect(200);
      seen.push(...page.body.items.map((u) => u.id));
      cursor = page.body.nextCursor;
    } while (cursor);
    expect(seen.sort()).toEqual(['snv', 'stc', 'sxd', 'tinh']);

    for (const id of ['k1', 'k2']) {
      await t.http().post(`${api}/commendations`).set(...bearer(hr)).send({
        commendationId: id, recipient: { kind: 'person', id: 'an' }, form: 'Giấy khen', level: 'department', decisionNo: `${id}/QĐ`, decidedBy: 'Giám đốc', reason: 'Hoàn thành tốt',
      }).expect(201);
    }
    // Read models are eventual: wait until both commendations are listed.
    let first: { body: { items: Array<{ id: string }>; nextCursor: string | null } } | undefined;
    for (let i = 0; i < 50; i++) {
      first = await t.http().get(`${api}/commendations`).query({ limit: 1 }).set(...bearer(admin)).expect(200);
      if (first!.body.nextCursor) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    expect(first!.body.items.map((c) => c.id)).toEqual(['k1']);
    const second = await t.http().get(`${api}/commendations`).query({ limit: 1, cursor: first!.body.nextCursor }).set(...bearer(admin)).expect(200);
    expect(second.body.items.map((c: { id: string }) => c.id)).toEqual(['k2']);
  });

  it('an evidence revision beyond 2^53 is 400 validation_failed, on opening a case and on attaching evidence', async () => {
    const opened = await t.http().post(`${api}/disciplinary-cases`).set(...bearer(hr)).send({
      caseId: 'case-big', subjectId: 'an',
      allegations: [{ id: 'v1', description: 'Né tránh', violationDate: '2026-01-05', severity: 'reprimand_level', evidence: [{ streamId: 'staff-an', revision: 9223372036854775808 }] }],
    });
    expect(opened.status).toBe(400);
    expect(opened.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(opened.body).toMatchObject({ code: 'validation_failed', errors: [{ field: 'allegations.0.evidence.0.revision' }] });

    await t.http().post(`${api}/disciplinary-cases`).set(...bearer(hr)).send({
      caseId: 'case-ok', subjectId: 'an',
      allegations: [{ id: 'v1', description: 'Né tránh', violationDate: '2026-01-05', severity: 'reprimand_level', evidence: [{ streamId: 'staff-an', revision: 0 }] }],
    }).expect(201);
    const attached = await t.http().post(`${api}/disciplinary-cases/case-ok/evidence`).set(...bearer(hr))
      .send({ allegationId: 'v1', evidence: { streamId: 'staff-an', revision: 9223372036854775808 }, note: 'x' });
    expect(attached.status).toBe(400);
    expect(attached.body).toMatchObject({ code: 'validation_failed' });
  });
});
