import os from 'node:os';
import path from 'node:path';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import pg from 'pg';
import request from 'supertest';
import { createApp } from '../../apps/api/src/app.factory.js';
import { mintDevToken } from '../../apps/api/src/auth/jwt.verifier.js';
import type { Role } from '../../apps/api/src/auth/principal.js';
import { loadConfig, withRole } from '#platform';
import { createTestDatabase, type TestDatabase } from './database.js';

export const TEST_JWT_SECRET = 'e2e-secret-that-is-at-least-32-characters';
/** One checkpoint signing key per test process (created 0600 on first use). */
export const TEST_SIGNING_KEY_FILE = path.join(os.tmpdir(), `ledger-test-signing-${process.pid}.key`);

export interface TestApp {
  readonly app: NestFastifyApplication;
  readonly db: TestDatabase;
  /**
   * supertest agent bound to the running server, acting as ONE client session: every
   * request carries the highest `Ledger-Position` any earlier response of this app gave
   * (`Ledger-Min-Position`), so a test that writes as one user and reads as another
   * reads what it wrote, as a real client passing the token would (README "Consistency").
   */
  http(): ReturnType<typeof request>;
  /** supertest agent without the session token: for tests of the consistency rules themselves. */
  raw(): ReturnType<typeof request>;
  token(sub: string, roles: Role[], units?: string[]): Promise<string>;
  /** Direct SQL on the test database (assertions on events, tampering). */
  sql<R = Record<string, unknown>>(text: string, params?: unknown[]): Promise<R[]>;
  close(): Promise<void>;
}

/** The real application on its own fresh database (projector in-process). */
export async function createTestApp(env: Record<string, string> = {}, options: { db?: TestDatabase } = {}): Promise<TestApp> {
  // A second instance on the same database (`options.db`) does not drop it on close.
  const db = options.db ?? (await createTestDatabase());
  const ownsDb = options.db === undefined;
  const config = loadConfig({
    NODE_ENV: 'test',
    LOG_LEVEL: (process.env.TEST_LOG_LEVEL ?? 'silent') as string,
    DOCS_UI: 'false',
    JWT_SECRET: TEST_JWT_SECRET,
    // Projections read below the oldest transaction of the whole PostgreSQL cluster (commit-safe
    // order), and the shared test server clones and drops databases for every test file of
    // every engineer: a read-your-writes wait can take seconds here. A busy machine slows the
    // tests down instead of failing them; the test of the bound sets a short one.
    READ_WAIT_TIMEOUT_MS: '600000',
    LEDGER_SIGNING_KEY_FILE: TEST_SIGNING_KEY_FILE,
    // CheckpointSigned events would interleave with the events other tests expect on the
    // feed; test/e2e/ledger.e2e-spec.ts sets its own cadence.
    LEDGER_CHECKPOINT_EVERY: '1000000',
    LEDGER_CHECKPOINT_INTERVAL_MS: '3600000',
    // Suites make thousands of requests as one caller; the rate-limit suite sets its own budgets.
    RATE_LIMIT_MAX: '1000000',
    RATE_LIMIT_HEAVY_MAX: '1000000',
    RATE_LIMIT_AUDIT_MAX: '1000000',
    RATE_LIMIT_PUBLIC_LOOKUP_MAX: '1000000',
    ...env,
  });
  // The application works as the service role, as in production: it cannot write
  // events or checkpoints except through the append functions.
  const app = await createApp(config, withRole(db.url, 'ledger_service'));
  await app.init();
  await app.getHttpAdapter().getInstance().ready();
  const pool = new pg.Pool({ connectionString: db.url, max: 2 });
  const session = { position: 0n };
  return {
    app,
    db,
    http: () => sessionAgent(request(app.getHttpServer()), session),
    raw: () => request(app.getHttpServer()),
    token: (sub, roles, units = []) => mintDevToken(TEST_JWT_SECRET, { sub, roles, units }),
    sql: async (text, params) => (await pool.query(text, params)).rows,
    close: async () => {
      await pool.end();
      await app.close();
      if (ownsDb) await db.drop();
    },
  };
}

const METHODS = new Set(['get', 'post', 'put', 'patch', 'delete', 'head', 'options']);

/** Wraps a supertest agent so that its requests carry and collect the consistency token. */
export function sessionAgent<A extends object>(agent: A, session: { position: bigint } = { position: 0n }): A {
  return new Proxy(agent, {
    get(target, prop, receiver) {
      const value: unknown = Reflect.get(target, prop, receiver);
      if (typeof prop !== 'string' || !METHODS.has(prop) || typeof value !== 'function') return value;
      return (...args: unknown[]) => {
        const test = (value as (...a: unknown[]) => request.Test).apply(target, args);
        if (session.position > 0n) void test.set('Ledger-Min-Position', session.position.toString());
        test.on('response', (res: { headers: Record<string, string | undefined> }) => {
          const p = res.headers['ledger-position'];
          if (p !== undefined && /^\d+$/.test(p) && BigInt(p) > session.position) session.position = BigInt(p);
        });
        return test;
      };
    },
  });
}

/** Bearer header for supertest's `.set(...)`. */
export function bearer(token: string): [string, string] {
  return ['Authorization', `Bearer ${token}`];
}
