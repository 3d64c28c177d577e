import 'reflect-metadata';
import { inspect } from 'node:util';
import { Command } from 'commander';
import { readFileSync, writeFileSync } from 'node:fs';
import { loadSigningKey, PostgresEventStore, PostgresLedger, publicKeyFromPem, writeSigningKeyFile, type SignedCheckpoint } from '#event-store';
import { loadConfig, openLedger, signingKeyPath } from '#platform';
import { runMigrations } from '#platform';
import { resolveDatabase } from '#platform';
import { DataSource } from 'typeorm';
import { ProjectionRunner } from '#read-models';
import { rebuildBeside } from '#read-models';
import { allProjections } from '#read-models';
import { mintDevToken } from '../../api/src/auth/jwt.verifier.js';
import { ROLES, type Role } from '../../api/src/auth/principal.js';
import { registerExport } from './export.command.js';
import { startProgress } from './seed/progress.js';
import { registerSeedDemo } from './seed/seed-demo.command.js';

const program = new Command()
  .name('ledger')
  .description('accountability-ledger operations: migrations, chain verification, digests, projection rebuilds, development tokens')
  .showHelpAfterError();

program
  .command('migrate')
  .description('apply pending database migrations (DATABASE_URL, or the embedded server under DATA_DIR)')
  .action(async () => {
    const db = await resolveDatabase(loadConfig());
    try {
      const ran = await runMigrations(db.url);
      console.log(ran.length ? `applied: ${ran.join(', ')}` : 'database schema is up to date');
    } finally {
      await db.release();
    }
  });

program
  .command('verify')
  .argument('[stream]', 'check only the hash chain of this stream')
  .option('--mode <mode>', 'full: every event; incremental: events after the last successful verification', 'full')
  .option('--checkpoint <file>', 'also compare with a signed checkpoint kept outside the database (JSON, as `checkpoint --out` writes)')
  .option('--public-key <file>', 'verify checkpoint signatures with this public key (PEM) instead of the one derived from the signing key file')
  .description(
    'recompute every stream chain and the global Merkle log from the events, compare them with the sealed log and the newest ' +
      'signed checkpoint, and name the first position where they diverge (exit code 2 when anything is found)',
  )
  .action(async (stream: string | undefined, opts: { mode: string; checkpoint?: string; publicKey?: string }) => {
    if (opts.mode !== 'full' && opts.mode !== 'incremental') throw new Error('--mode must be full or incremental');
    await withDatabase(async (url) => {
      const store = new PostgresEventStore({ connectionString: url });
      try {
        if (stream) {
          const result = await store.verify(stream);
          console.log(JSON.stringify({ ...result, broken: result.broken.map((b) => ({ ...b, revision: Number(b.revision), position: b.position.toString() })) }, null, 2));
          process.exitCode = result.ok ? 0 : 2;
          return;
        }
        const config = loadConfig();
        const publicKey = opts.publicKey
          ? publicKeyFromPem(readFileSync(opts.publicKey, 'utf8'))
          : // Outside production a missing key is created, as the service does at start (a fresh
            // data directory has no checkpoints yet, so nothing signed with another key is lost).
            loadSigningKey(signingKeyPath(config), { createIfMissing: config.NODE_ENV !== 'production', log: (line) => console.error(line) }).publicKey;
        const external = opts.checkpoint ? (JSON.parse(readFileSync(opts.checkpoint, 'utf8')) as SignedCheckpoint) : undefined;
        const ledger = new PostgresLedger({ pool: store.pool, publicKey });
        let bar: ReturnType<typeof startProgress> | undefined;
        let shown = 0;
        const job = await ledger.startVerification(opts.mode as 'full' | 'incremental', `cli:${process.env.USER ?? 'unknown'}`, external, (p) => {
          bar ??= startProgress('verifying the ledger', p.eventsTotal);
          bar.increment(p.eventsChecked - shown);
          shown = p.eventsChecked;
        });
        const report = await job.done;
        (bar as ReturnType<typeof startProgress> | undefined)?.stop();
        console.log(JSON.stringify(report, null, 2));
        process.exitCode = report.ok ? 0 : 2;
      } finally {
        await store.close();
      }
    });
  });

program
  .command('keygen')
  .option('--out <file>', 'where to write the private key (default: LEDGER_SIGNING_KEY_FILE, else DATA_DIR/ledger-signing.key)')
  .description('create the Ed25519 key that signs ledger checkpoints (mode 0600; refuses to overwrite) and print its public key')
  .action((opts: { out?: string }) => {
    const file = opts.out ?? signingKeyPath(loadConfig());
    const signer = writeSigningKeyFile(file);
    console.log(`private key written to ${file} (mode 0600); keep it off the database host`);
    console.log(`key id ${signer.keyId}; public key (publish it where the database administrator cannot change it):`);
    console.log(signer.publicKeyPem().trim());
  });

program
  .command('checkpoint')
  .option('--out <file>', 'write the checkpoint JSON to this file (keep it outside the database)')
  .description('seal what has settled, sign a checkpoint if anything is new (needs the signing key), and print the newest signed checkpoint')
  .action(async (opts: { out?: string }) => {
    await withDatabase(async (url) => {
      const store = new PostgresEventStore({ connectionString: url });
      try {
        const ledger = openLedger({ config: loadConfig(), pool: store.pool, store, log: (line) => console.error(line) });
        const checkpoint = await ledger.sealAndCheckpointNow();
        if (!checkpoint) throw new Error('no events yet: nothing to sign');
        const text = `${JSON.stringify(checkpoint, null, 2)}\n`;
        if (opts.out) writeFileSync(opts.out, text);
        process.stdout.write(text);
      } finally {
        await store.close();
      }
    });
  });

program
  .command('digest')
  .description('compute the Merkle root over all stream heads and store it in event_digests')
  .action(async () => {
    await withDatabase(async (url) => {
      const store = new PostgresEventStore({ connectionString: url });
      try {
        const digest = await store.recordDigest();
        console.log(JSON.stringify({ ...digest, position: digest.position.toString() }));
      } finally {
        await store.close();
      }
    });
  });

program
  .command('rebuild')
  .argument('<projection>', `a projection name (${allProjections().map((p) => p.name).join(', ')}) or "all"`)
  .option('--in-place', 'empty the live tables and replay into them (only while no projector applies the projection)', false)
  .description(
    'rebuild a projection from the events WITHOUT downtime: the next version is built beside the live one (schema ' +
      'rebuild_<projection>, same tables) while the service keeps running and applying it, catches up, then replaces the live ' +
      'tables in one transaction (readers wait a few milliseconds) and the old ones are dropped',
  )
  .action(async (name: string, o: { inPlace: boolean }) => {
    await withDatabase(async (url) => {
      const store = new PostgresEventStore({ connectionString: url });
      const dataSource = new DataSource({ type: 'postgres', url, synchronize: false, logging: false });
      await dataSource.initialize();
      try {
        const runner = new ProjectionRunner(store, dataSource, allProjections(), { batchSize: 2000 });
        const names = name === 'all' ? runner.projections.map((p) => p.name) : [name];
        const unknown = names.filter((n) => !runner.projections.some((p) => p.name === n));
        if (unknown.length) throw new Error(`Unknown projection ${unknown.join(', ')}; known: ${runner.projections.map((p) => p.name).join(', ')}`);
        const total = Number(((await dataSource.query('SELECT count(*)::text AS n FROM events')) as Array<{ n: string }>)[0]!.n);
        for (const projection of names) {
          const started = Date.now();
          const progress = startProgress(`rebuild ${projection}`, total);
          let seen = 0;
          const onProgress = (applied: number) => {
            progress.increment(applied - seen);
            seen = applied;
          };
          let switched = '';
          if (o.inPlace) await runner.rebuild(projection, onProgress);
          else {
            const result = await rebuildBeside(store, dataSource, runner.projections.find((p) => p.name === projection)!, { batchSize: 2000, onProgress });
            switched = `; switched in ${result.switchMs} ms`;
          }
          progress.stop();
          const status = (await runner.status()).find((s) => s.name === projection)!;
          const parked = (await runner.quarantined(projection)).length;
          const seconds = (Date.now() - started) / 1000;
          console.log(
            `${projection}: ${status.events} events applied up to position ${status.position} in ${seconds.toFixed(1)} s ` +
              `(${Math.round(seen / Math.max(seconds, 0.001))} log events/s)${switched}` +
              (parked ? `; ${parked} event(s) quarantined (npm run cli -- projections quarantine ${projection})` : ''),
          );
        }
      } finally {
        await dataSource.destroy();
        await store.close();
      }
    });
  });

/** Runs `work` with a projection runner on the configured database (no subscriptions started). */
async function withRunner(work: (runner: ProjectionRunner) => Promise<void>): Promise<void> {
  await withDatabase(async (url) => {
    const store = new PostgresEventStore({ connectionString: url });
    const dataSource = new DataSource({ type: 'postgres', url, synchronize: false, logging: false });
    await dataSource.initialize();
    try {
      await work(new ProjectionRunner(store, dataSource, allProjections()));
    } finally {
      await dataSource.destroy();
      await store.close();
    }
  });
}

const projectionsCommand = program
  .command('projections')
  .description('events the projections could not apply (quarantine, dead letters) and their replay');

projectionsCommand
  .command('quarantine')
  .argument('[projection]', 'one projection; all when omitted')
  .description('list the quarantined events with the error each one raised')
  .action(async (name?: string) => {
    await withRunner(async (runner) => {
      const rows = await runner.quarantined(name);
      console.log(JSON.stringify(rows.map((r) => ({ ...r, position: r.position.toString() })), null, 2));
    });
  });

projectionsCommand
  .command('retry')
  .argument('<projection>', `a projection name (${allProjections().map((p) => p.name).join(', ')}) or "all"`)
  .description(
    'apply the quarantined events of a projection again (after a fix); those that apply leave the quarantine. ' +
      'They are applied after the events that followed them: for an order-sensitive read model, `rebuild` it instead',
  )
  .action(async (name: string) => {
    await withRunner(async (runner) => {
      const names = name === 'all' ? runner.projections.map((p) => p.name) : [name];
      let failing = 0;
      for (const projection of names) {
        const result = await runner.retryQuarantined(projection);
        failing += result.stillFailing;
        console.log(`${projection}: ${result.applied} applied, ${result.stillFailing} still failing`);
      }
      process.exitCode = failing > 0 ? 2 : 0;
    });
  });

program
  .command('token')
  .description('mint an HS256 development token signed with JWT_SECRET (or the development default); not available with JWT_JWKS_URL')
  .requiredOption('--sub <sub>', 'subject: the staff id of a person, or a service name')
  .requiredOption('--role <roles...>', `one or more roles: ${ROLES.join(', ')}`)
  .option('--units <units...>', 'unit subtrees the subject may see; * for every unit', [])
  .option('--expires-in <duration>', 'lifetime, e.g. 12h or 30m; the API refuses tokens that live longer than JWT_MAX_TTL (12h)', '12h')
  .addHelpText('after', '\nExample:\n  npm run cli -- token --sub nguyen-van-an --role staff unit_head --units so-noi-vu\n')
  .action(async (options: { sub: string; role: string[]; units: string[]; expiresIn: string }) => {
    const config = loadConfig();
    if (!config.jwtSecret) throw new Error('JWT_JWKS_URL is set: tokens come from the identity provider, not from this CLI');
    const unknown = options.role.filter((r) => !(ROLES as readonly string[]).includes(r));
    if (unknown.length) throw new Error(`Unknown role(s) ${unknown.join(', ')}; known: ${ROLES.join(', ')}`);
    const token = await mintDevToken(
      config.jwtSecret,
      { sub: options.sub, roles: options.role as Role[], units: options.units },
      { issuer: config.JWT_ISSUER, audience: config.JWT_AUDIENCE, expiresIn: options.expiresIn },
    );
    console.log(token);
  });

registerSeedDemo(program, withDatabase);
registerExport(program, withDatabase);

/**
 * Opens the database for a command: DATABASE_URL, or the embedded server (started
 * here when the service does not run). Pending migrations are applied first, so every
 * command works on a fresh clone before the service ever started.
 */
async function withDatabase(work: (url: string) => Promise<void>): Promise<void> {
  const db = await resolveDatabase(loadConfig());
  try {
    const ran = await runMigrations(db.url);
    if (ran.length) console.error(`migrations applied: ${ran.join(', ')}`);
    await work(db.url);
  } finally {
    await db.release();
  }
}

program.parseAsync(process.argv).catch((error: unknown) => {
  // Some libraries reject with non-Error values; never print a bare "undefined".
  console.error(error instanceof Error ? error.message.trimEnd() : `Failed: ${inspect(error)}`);
  process.exit(1);
});
