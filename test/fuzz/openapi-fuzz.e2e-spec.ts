import type { AddressInfo } from 'node:net';
import fc from 'fast-check';
import { SignJWT, UnsecuredJWT } from 'jose';
import { mintDevToken } from '../../apps/api/src/auth/jwt.verifier.js';
import { createTestApp, TEST_JWT_SECRET, type TestApp } from '../support/app.js';
import { invalidRequest, validRequest, type AuthChoice, type FuzzContext } from './generators.js';
import { send, type FuzzRequest } from './http-client.js';
import { operationsOf, type Operation } from './openapi-model.js';
import { checkResponse, emptyTally, formatTable, formatViolation, record, type RouteTally, type Violation } from './report.js';
import { seed } from './seed.js';

/**
 * Bad input, at scale (issue 7, item 5). Every operation of the OpenAPI document
 * served by the running app gets generated valid requests and mutated ones (body,
 * path, query, headers, token, content type), one at a time, and every exchange
 * must satisfy:
 *   - no 5xx (and an HTTP response at all);
 *   - every 4xx is application/problem+json with numeric `status` equal to the
 *     HTTP status and string `code` and `title`;
 *   - a rejected request (4xx) appended no event (events counted before and after).
 * `npm test` runs a bounded number per operation; FUZZ_RUNS=n (npm run fuzz) runs n
 * invalid and n/2 valid requests per operation. FUZZ_SEED replays a run.
 */

const RUNS = Number(process.env.FUZZ_RUNS ?? '') || 0;
const INVALID_PER_OP = RUNS > 0 ? RUNS : 6;
const VALID_PER_OP = RUNS > 0 ? Math.ceil(RUNS / 2) : 3;
const SEED = Number(process.env.FUZZ_SEED ?? '') || Math.floor(Math.random() * 2 ** 31);
const ISSUER = 'accountability-ledger';
const secret = new TextEncoder().encode(TEST_JWT_SECRET);

async function invalidAuth(t: TestApp): Promise<AuthChoice[]> {
  const now = Math.floor(Date.now() / 1000);
  const signed = (claims: Record<string, unknown>, opts: { exp?: number; aud?: string; iss?: string; sub?: string | null } = {}) => {
    let jwt = new SignJWT(claims).setProtectedHeader({ alg: 'HS256', typ: 'JWT' }).setIssuedAt(now - 7200).setIssuer(opts.iss ?? ISSUER).setAudience(opts.aud ?? ISSUER).setExpirationTime(opts.exp ?? now + 3600);
    if (opts.sub !== null) jwt = jwt.setSubject(opts.sub ?? 'fuzz-x');
    return jwt.sign(secret);
  };
  const staffToken = await t.token('an', ['staff'], ['snv']);
  return [
    { label: 'no Authorization header', header: undefined },
    { label: 'empty Bearer', header: 'Bearer' },
    { label: 'Bearer + blank', header: 'Bearer    ' },
    { label: 'not a JWT', header: 'Bearer not.a.jwt' },
    { label: '8 KB token', header: `Bearer ${'x'.repeat(8 * 1024)}` },
    { label: 'Basic credentials', header: 'Basic dXNlcjpwYXNz' },
    { label: 'token without scheme', header: staffToken },
    { label: 'latin-1 garbage', header: 'Bearer \u00ff\u00fe\u00e9' },
    { label: 'signed with another secret', header: `Bearer ${await mintDevToken('another-secret-that-is-also-32-characters-long', { sub: 'fuzz-admin', roles: ['admin'], units: ['*'] })}` },
    { label: 'expired', header: `Bearer ${await signed({ roles: ['admin'], units: ['*'] }, { exp: now - 3600 })}` },
    { label: 'alg none', header: `Bearer ${new UnsecuredJWT({ roles: ['admin'], units: ['*'] }).setSubject('fuzz-admin').setIssuer(ISSUER).setAudience(ISSUER).setExpirationTime(now + 3600).encode()}` },
    { label: 'unknown role', header: `Bearer ${await signed({ roles: ['superuser'], units: ['*'] })}` },
    { label: 'no subject', header: `Bearer ${await signed({ roles: ['admin'], units: ['*'] }, { sub: null })}` },
    { label: 'wrong audience', header: `Bearer ${await signed({ roles: ['admin'], units: ['*'] }, { aud: 'someone-else' })}` },
    { label: 'units not a list', header: `Bearer ${await signed({ roles: ['hr'], units: 'snv' })}` },
    { label: 'roles not a list', header: `Bearer ${await signed({ roles: 'admin', units: ['*'] })}` },
    { label: 'wrong role (integration)', header: `Bearer ${await t.token('fuzz-integration', ['integration'], ['*'])}` },
    { label: 'wrong role (staff of another unit)', header: `Bearer ${await t.token('dung', ['staff'], ['stc'])}` },
    { label: 'role with no units', header: `Bearer ${await t.token('fuzz-inspector', ['inspector'], [])}` },
  ];
}

describe('OpenAPI-driven fuzzing: every operation, valid and invalid requests', () => {
  let t: TestApp;
  let port: number;
  let operations: Operation[];
  let ctx: FuzzContext;
  let seededEvents = 0;

  beforeAll(async () => {
    t = await createTestApp();
    const server = t.app.getHttpServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
    port = (server.address() as AddressInfo).port;
    const doc: unknown = (await t.http().get('/docs-json').expect(200)).body;
    operations = operationsOf(doc);
    const seeded = await seed(t);
    seededEvents = seeded.events;
    ctx = {
      seed: seeded,
      validAuth: [
        { label: 'admin *', header: `Bearer ${await t.token('fuzz-admin', ['admin'], ['*'])}` },
        { label: 'hr *', header: `Bearer ${await t.token('fuzz-hr', ['hr'], ['*'])}` },
        { label: 'staff an', header: `Bearer ${await t.token('an', ['staff'], ['snv'])}` },
        { label: 'unit head cuong', header: `Bearer ${await t.token('cuong', ['unit_head'], ['snv'])}` },
        { label: 'integration *', header: `Bearer ${await t.token('fuzz-feed', ['integration'], ['*'])}` },
      ],
      invalidAuth: await invalidAuth(t),
    };
  });

  afterAll(async () => {
    await t?.close();
  });

  it(`no 5xx, problem+json on every 4xx, no event appended by a rejected request (seed ${SEED})`, async () => {
    expect(operations.length).toBeGreaterThan(50);
    const tallies = new Map<string, RouteTally>();
    const violations: Violation[] = [];
    const started = Date.now();

    const countEvents = async (): Promise<{ n: number; p: string }> => {
      const rows = await t.sql<{ n: number; p: string }>('SELECT count(*)::int AS n, coalesce(max(position), 0)::text AS p FROM events');
      return rows[0] ?? { n: 0, p: '0' };
    };
    const exchange = async (request: FuzzRequest): Promise<void> => {
      const before = await countEvents();
      const response = await send(port, request);
      const after = await countEvents();
      const appended = after.n - before.n;
      const problems = checkResponse(response, appended);
      const tally = tallies.get(`${request.method} ${request.template}`) ?? emptyTally();
      tallies.set(`${request.method} ${request.template}`, tally);
      record(tally, request, response, appended, problems.length);
      if (problems.length > 0) {
        const events =
          appended !== 0
            ? await t.sql<{ stream_id: string; revision: string; type: string }>(
                'SELECT stream_id, revision::text, type FROM events WHERE position > $1 ORDER BY position',
                [before.p],
              )
            : undefined;
        violations.push({ property: problems.join('; '), request, response, appended: events });
      }
    };

    for (const [i, op] of operations.entries()) {
      for (const [kind, runs, arb] of [
        ['valid', VALID_PER_OP, validRequest(op, ctx)],
        ['invalid', INVALID_PER_OP, invalidRequest(op, ctx)],
      ] as const) {
        await fc.assert(
          fc.asyncProperty(arb, async (request) => {
            await exchange(request);
          }),
          { numRuns: runs, seed: SEED + i * 2 + (kind === 'valid' ? 0 : 1) },
        );
      }
    }

    const seconds = ((Date.now() - started) / 1000).toFixed(1);
    console.log(
      formatTable(
        tallies,
        `OpenAPI fuzz: ${operations.length} operations, ${VALID_PER_OP} valid + ${INVALID_PER_OP} invalid per operation, seed ${SEED} ` +
          `(FUZZ_SEED=${SEED} replays), ${seededEvents} seeded events, ${seconds} s`,
      ),
    );
    if (violations.length > 0) {
      // Grouped by property and route, so one bug does not bury the others.
      const seen = new Map<string, number>();
      const shown: string[] = [];
      for (const v of violations) {
        const key = `${v.property.replace(/\d+ event/, 'n event')} @ ${v.request.method} ${v.request.template}`;
        const count = (seen.get(key) ?? 0) + 1;
        seen.set(key, count);
        if (count <= 2) shown.push(formatViolation(v));
      }
      console.log(
        `${violations.length} violating exchange(s) (FUZZ_SEED=${SEED}); at most two shown per property and route:\n\n${shown.join('\n\n')}\n\n` +
          [...seen.entries()].map(([k, n]) => `${String(n).padStart(4)} × ${k}`).join('\n'),
      );
    }
    expect(violations.map((v) => `${v.property} @ ${v.request.method} ${v.request.url.slice(0, 120)} [${v.request.mutations.join(' + ')}]`)).toEqual([]);
  });
});
