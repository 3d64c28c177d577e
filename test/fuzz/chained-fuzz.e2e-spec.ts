import type { AddressInfo } from 'node:net';
import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { createTestApp, type TestApp } from '../support/app.js';
import { send, type FuzzRequest, type FuzzResponse } from './http-client.js';
import { checkResponse, emptyTally, formatTable, record, type RouteTally } from './report.js';
import { seed } from './seed.js';

/**
 * Chained valid sequences with mutated steps (issue 12). The OpenAPI fuzz mostly hits
 * validation, so code after validation runs only on failures; here every chain is a real
 * story that succeeds step by step (issue, accept, hand off, accept, complete, review; open a
 * case, hold the self-review meeting, convene a council by role, summon it, vote, decide), and some steps are mutated (a field dropped or of the
 * wrong type, a date the record cannot hold, a ghost or look-alike person, another
 * caller, a step replayed or skipped, an Idempotency-Key replayed with another body), so
 * the chain goes on from whatever state the mutation left. Every exchange must satisfy:
 * no 5xx; every 4xx problem+json; a rejected request appended nothing; an accepted
 * command appended all of its events (the stream version the command answered equals
 * the events in the stream); and at the end no projection is wedged (readiness `up`, no
 * quarantined event, every read model at the head) and the board agrees with the streams.
 * FUZZ_CHAINS=n (npm run fuzz) runs n chains of each kind; FUZZ_SEED replays a run.
 */
const CHAINS = Number(process.env.FUZZ_CHAINS ?? '') || 6;
const SEED = Number(process.env.FUZZ_SEED ?? '') || Math.floor(Math.random() * 2 ** 31);
const DAY = 86_400_000;

type Mutation =
  | 'none'
  | 'drop-field'
  | 'wrong-type'
  | 'far-future-date'
  | 'ghost-person'
  | 'lookalike-person'
  | 'other-caller'
  | 'replay-step'
  | 'skip-step'
  | 'idempotency-other-body'
  | 'nasty-text';
const MUTATIONS: readonly Mutation[] = [
  'drop-field', 'wrong-type', 'far-future-date', 'ghost-person', 'lookalike-person', 'other-caller', 'replay-step', 'skip-step', 'idempotency-other-body', 'nasty-text',
];
const NASTY = ['', ' ', '\u0000', '\ud800', '𝕏'.repeat(3000), '<script>', "'; DROP TABLE events; --", '\u202e', 'a'.repeat(100_000), '%00', '{"$gt":""}'];

/** The value at a dotted path (`seats.0.personId`) of a request body. */
const getPath = (body: Record<string, unknown>, path: string): unknown =>
  path.split('.').reduce<unknown>((at, key) => (at !== null && typeof at === 'object' ? (at as Record<string, unknown>)[key] : undefined), body);
/** Sets the value at a dotted path of a (cloned) request body, if the path's parent exists. */
const setPath = (body: Record<string, unknown>, path: string, value: unknown): void => {
  const keys = path.split('.');
  const parent = getPath(body, keys.slice(0, -1).join('.') || '') ?? (keys.length === 1 ? body : undefined);
  if (parent !== null && typeof parent === 'object') (parent as Record<string, unknown>)[keys[keys.length - 1]!] = value;
};

interface Step {
  readonly name: string;
  readonly path: string;
  readonly token: string;
  readonly body: Record<string, unknown>;
  /** Fields naming a person, a date and free text, for the mutations (person: a dotted path such as `seats.0.personId`). */
  readonly person?: string;
  readonly date?: string;
  readonly text?: string;
}

describe('chained fuzz: valid stories with mutated steps', () => {
  let t: TestApp;
  let port: number;
  const tokens: Record<string, string> = {};

  beforeAll(async () => {
    t = await createTestApp();
    const server = t.app.getHttpServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
    port = (server.address() as AddressInfo).port;
    await seed(t);
    // Council members by role (not the subject; issue 16: five seats for a civil servant).
    const hr = await t.token('fuzz-hr', ['hr'], ['*']);
    for (const staffId of ['hoa', 'khanh', 'lan', 'minh', 'nga']) {
      const res = await t.http().post('/api/v1/staff').set('Authorization', `Bearer ${hr}`)
        .send({ staffId, personnelCode: `CC-${staffId}`, fullName: staffId, category: 'civil_servant', unitId: 'tinh', jobPosition: 'CV', joinedOn: '2020-03-01' });
      if (res.status !== 201) throw new Error(`seeding ${staffId}: ${res.status} ${res.text}`);
    }
    tokens.hr = hr;
    tokens.head = await t.token('cuong', ['unit_head'], ['snv']);
    tokens.an = await t.token('an', ['staff'], ['snv']);
    tokens.binh = await t.token('binh', ['staff'], ['snv']);
    tokens.outsider = await t.token('dung', ['staff', 'unit_head'], ['stc']);
  });
  afterAll(async () => {
    await t?.close();
  });

  it(`no 5xx, no partial write, no wedged projection over ${CHAINS} chains of each kind (seed ${SEED})`, async () => {
    const tallies = new Map<string, RouteTally>();
    const violations: string[] = [];
    let requests = 0;
    let chainNo = 0;

    const eventsOf = async (stream: string) => (await t.sql<{ n: number }>('SELECT count(*)::int AS n FROM events WHERE stream_id = $1', [stream]))[0]!.n;
    const total = async () => (await t.sql<{ n: number }>('SELECT count(*)::int AS n FROM events'))[0]!.n;

    const exchange = async (step: Step, stream: string, mutation: Mutation, idemKey?: string): Promise<FuzzResponse> => {
      let body: Record<string, unknown> = structuredClone(step.body);
      let token = step.token;
      const headers: Record<string, string> = { 'content-type': 'application/json' };
      if (idemKey) headers['idempotency-key'] = idemKey;
      const keys = Object.keys(body);
      switch (mutation) {
        case 'drop-field':
          if (keys.length) delete body[keys[chainNo % keys.length]!];
          break;
        case 'wrong-type':
          if (keys.length) body[keys[(chainNo + 1) % keys.length]!] = [{ nested: true }];
          break;
        case 'far-future-date':
          if (step.date) body[step.date] = chainNo % 2 ? '+010000-01-01T00:00:00Z' : '9999-12-31T23:59:59-23:59';
          break;
        case 'ghost-person':
          if (step.person) setPath(body, step.person, `ghost-${chainNo}`);
          break;
        case 'lookalike-person':
          if (step.person && typeof getPath(body, step.person) === 'string') setPath(body, step.person, `${getPath(body, step.person) as string}${['\u200b', '\u200e', '\ufeff', '\u2066'][chainNo % 4]}`);
          break;
        case 'other-caller':
          token = tokens.outsider!;
          break;
        case 'nasty-text':
          if (step.text) body[step.text] = NASTY[chainNo % NASTY.length];
          break;
        case 'idempotency-other-body':
          body = { ...body, [step.text ?? keys[0] ?? 'x']: `other-${chainNo}` };
          break;
        default:
          break;
      }
      headers.authorization = `Bearer ${token}`;
      const raw = JSON.stringify(body);
      const request: FuzzRequest = { method: 'POST', template: step.name, url: step.path, headers, body: raw, intent: mutation === 'none' ? 'valid' : 'invalid', mutations: [mutation] };
      const before = await total();
      const streamBefore = await eventsOf(stream);
      const response = await send(port, request);
      requests += 1;
      const appended = (await total()) - before;
      const problems = checkResponse(response, appended);
      if (response.status >= 200 && response.status < 300) {
        // All of the command's events landed: the answered version is the stream's length.
        const answer = JSON.parse(response.text) as { id?: string; version?: number };
        // A create without its id in the body (a dropped field) names a new stream itself.
        const created = typeof answer.id === 'string' && response.status === 201 && !stream.endsWith(`-${answer.id}`);
        const target = created ? `${stream.slice(0, stream.indexOf('-'))}-${answer.id}` : stream;
        const after = await eventsOf(target);
        if (typeof answer.version === 'number' && answer.version !== after) problems.push(`answered version ${answer.version} but ${target} holds ${after} events`);
        if (!created && after < streamBefore) problems.push('the stream shrank');
      }
      const tally = tallies.get(`POST ${step.name}`) ?? emptyTally();
      tallies.set(`POST ${step.name}`, tally);
      record(tally, request, response, appended, problems.length);
      if (problems.length) violations.push(`${problems.join('; ')} @ ${step.name} [${mutation}] -> ${response.status} ${response.text.slice(0, 300)}`);
      return response;
    };

    const runChain = async (steps: (id: string) => Step[], stream: (id: string) => string, plan: readonly Mutation[]) => {
      const id = `fz${SEED % 100_000}-${chainNo++}`;
      const all = steps(id);
      for (const [i, step] of all.entries()) {
        const mutation = plan[i] ?? 'none';
        if (mutation === 'skip-step') continue;
        const key = `chain-${id}-${i}`;
        const first = await exchange(step, stream(id), mutation === 'idempotency-other-body' ? 'none' : mutation, key);
        if (mutation === 'replay-step') await exchange(step, stream(id), 'none', `${key}-again`);
        if (mutation === 'idempotency-other-body') {
          const replay = await exchange(step, stream(id), 'idempotency-other-body', key);
          if (first.status < 300 && replay.status !== 422) violations.push(`idempotency key reused with another body answered ${replay.status} @ ${step.name}`);
        }
      }
    };

    const due = new Date(Date.now() + 10 * DAY).toISOString();
    const workChain = (id: string): Step[] => [
      { name: '/assignments (issue)', path: '/api/v1/assignments', token: tokens.head!, person: 'assignee', date: 'dueAt', text: 'title',
        body: { assignmentId: id, unitId: 'snv', assignee: 'an', title: 'Rà soát', description: 'Rà soát hồ sơ', deliverable: 'Báo cáo', successCriteria: 'Đủ', assignedBy: 'cuong', authorityBasis: 'QĐ 12', dueAt: due } },
      { name: '/assignments/{id}/acceptance', path: `/api/v1/assignments/${id}/acceptance`, token: tokens.an!, body: {} },
      { name: '/assignments/{id}/handoffs', path: `/api/v1/assignments/${id}/handoffs`, token: tokens.an!, person: 'to', text: 'justification',
        body: { to: 'binh', reason: 'reassignment', justification: 'Đồng chí Bình phụ trách' } },
      { name: '/assignments/{id}/acceptance (receiver)', path: `/api/v1/assignments/${id}/acceptance`, token: tokens.binh!, body: {} },
      { name: '/assignments/{id}/completion', path: `/api/v1/assignments/${id}/completion`, token: tokens.binh!, text: 'deliverableRef', body: { deliverableRef: `VB-${id}` } },
      { name: '/assignments/{id}/review', path: `/api/v1/assignments/${id}/review`, token: tokens.head!, text: 'comment', body: { quality: 'met', comment: 'Đạt' } },
    ];
    const today = new Date(Date.now() + 7 * 3600_000).toISOString().slice(0, 10); // the Vietnam calendar
    const council = ['hoa', 'khanh', 'lan', 'minh', 'nga'];
    const roles = ['chair', 'employing_unit_leader', 'party_representative', 'trade_union_representative', 'secretary'];
    const digest = (s: string) => createHash('sha256').update(s).digest('hex');
    // Issue 16: open, self-review meeting, a council with seats by role, the summons to it, vote, decide.
    const caseChain = (id: string): Step[] => [
      { name: '/disciplinary-cases (open)', path: '/api/v1/disciplinary-cases', token: tokens.hr!, person: 'subjectId', text: 'subjectId',
        body: { caseId: id, subjectId: 'dung', allegations: [{ id: 'v1', description: 'Né tránh', severity: 'reprimand_level', violationDate: '2026-01-10', evidence: [{ streamId: 'staff-dung', revision: 0 }] }] } },
      { name: '/disciplinary-cases/{id}/self-review-meeting', path: `/api/v1/disciplinary-cases/${id}/self-review-meeting`, token: tokens.hr!, person: 'convenedBy', date: 'heldOn', text: 'convenerRole',
        body: {
          heldOn: today, convenedBy: 'cuong', convenerRole: 'head_of_employing_unit', attendees: ['an', 'binh'], subjectPresent: true,
          minutes: { number: `BB-${id}`, date: today, issuer: 'Phòng', digest: digest(`minutes-${id}`) }, tally: [{ option: 'reprimand', votes: 2 }],
        } },
      { name: '/disciplinary-cases/{id}/council', path: `/api/v1/disciplinary-cases/${id}/council`, token: tokens.hr!, person: 'seats.0.personId',
        body: { seats: council.map((personId, i) => ({ personId, role: roles[i] })) } },
      { name: '/disciplinary-cases/{id}/summonses', path: `/api/v1/disciplinary-cases/${id}/summonses`, token: tokens.hr!, date: 'meetingOn', text: 'purpose',
        body: { purpose: 'council', meetingOn: today, deliveredOn: today } },
      { name: '/disciplinary-cases/{id}/votes', path: `/api/v1/disciplinary-cases/${id}/votes`, token: tokens.hr!, person: 'present.0',
        body: { present: council, tally: [{ option: 'reprimand', votes: 5 }] } },
      { name: '/disciplinary-cases/{id}/decision', path: `/api/v1/disciplinary-cases/${id}/decision`, token: tokens.hr!, date: 'effectiveFrom', text: 'decisionNo',
        body: { form: 'reprimand', decisionNo: `QĐ-${id}`, effectiveFrom: today, relatedToDuties: true, allegationIds: ['v1'] } },
    ];

    // Each chain: its steps valid or mutated; about one step in three is mutated.
    const plan = (length: number) => fc.array(fc.oneof({ weight: 2, arbitrary: fc.constant<Mutation>('none') }, { weight: 1, arbitrary: fc.constantFrom(...MUTATIONS) }), { minLength: length, maxLength: length });
    await fc.assert(fc.asyncProperty(plan(6), async (p) => runChain(workChain, (id) => `assignment-${id}`, p)), { numRuns: CHAINS, seed: SEED });
    await fc.assert(fc.asyncProperty(plan(6), async (p) => runChain(caseChain, (id) => `case-${id}`, p)), { numRuns: CHAINS, seed: SEED + 1 });

    // Nothing wedged: every projection reaches the head, nothing quarantined, and the board agrees with the streams.
    const deadline = Date.now() + 30_000;
    let ready: { status?: string; checks?: { projections?: { lagEvents?: number; quarantinedEvents?: number } } } = {};
    while (Date.now() < deadline) {
      ready = (await t.http().get('/health/ready')).body as typeof ready;
      if (ready.status === 'up' && ready.checks?.projections?.lagEvents === 0) break;
      await new Promise((r) => setTimeout(r, 200));
    }
    const wedged = ready.status === 'up' && ready.checks?.projections?.lagEvents === 0 && ready.checks.projections.quarantinedEvents === 0 ? 0 : 1;
    if (wedged) violations.push(`projections not at the head or quarantined: ${JSON.stringify(ready)}`);
    const mismatched = await t.sql<{ id: string }>(
      `SELECT b.id FROM assignment_board_v1 b
        WHERE b.version <> (SELECT count(*) FROM events e WHERE e.stream_id = 'assignment-' || b.id)`,
    );
    if (mismatched.length) violations.push(`board rows disagree with their streams: ${mismatched.map((r) => r.id).join(', ')}`);

    const partial = [...tallies.values()].reduce((n, tally) => n + tally.partialWrites, 0);
    const fivexx = [...tallies.values()].reduce((n, tally) => n + tally.s5xx, 0);
    console.log(
      formatTable(tallies, `Chained fuzz: ${CHAINS} work + ${CHAINS} case chains, ${requests} requests, seed ${SEED} (FUZZ_SEED=${SEED} replays)`) +
        `\n5xx: ${fivexx}, partial writes: ${partial}, wedged projections: ${wedged}, board rows off: ${mismatched.length}`,
    );
    expect(violations).toEqual([]);
  });
});
