import { InvalidArgumentError, type Command } from 'commander';
import { loadConfig } from '#platform';
import { describeSeed, seedDemo } from './seed-demo.js';

const integer = (min: number, max: number) => (value: string): number => {
  const n = Number(value);
  if (!Number.isInteger(n) || n < min || n > max) throw new InvalidArgumentError(`expected a whole number from ${min} to ${max}`);
  return n;
};
const share = (value: string): number => {
  const n = Number(value);
  if (!Number.isFinite(n) || n < 0 || n > 0.5) throw new InvalidArgumentError('expected a share from 0 to 0.5, e.g. 0.1');
  return n;
};

/** `seed-demo`: a demo province with a year of work, written as domain events. */
export function registerSeedDemo(program: Command, withDatabase: (work: (url: string) => Promise<void>) => Promise<void>): void {
  const thisYear = new Date().getUTCFullYear();
  program
    .command('seed-demo')
    .description(
      'seed a demo province (departments, divisions, communes/wards after the 2025 two-level reform, Vietnamese names) with a year ' +
        'of work generated through the domain deciders (every event valid), written as historical records (occurredAt in the past), ' +
        'then bring the read models up to date',
    )
    .option('--staff <n>', 'number of staff', integer(10, 200_000), 2000)
    .option(
      '--year <year>',
      `business year; default ${thisYear - 1} (last year: a whole, finished year, so every fact lies in the past as historical ` +
        `records must; the current year is seeded up to now)`,
      integer(2025, thisYear),
      thisYear - 1,
    )
    .option('--seed <seed>', 'seed of the deterministic generator: the same seed gives the same province, people and event ids', 'ledger')
    .option('--avoiders <share>', 'share of staff with an avoidance habit (avoid, push work back, consult within own authority)', share, 0.1)
    .option('--assignments-per-staff <n>', 'average assignments per person over a full year', integer(1, 500), 24)
    .option('--concurrency <n>', 'transactions in flight while writing', integer(1, 32), 4)
    .option('--force', 'seed even though the database already holds a demo province (adds a second one with ids demo2-...)', false)
    .option('--no-catch-up', 'do not apply the projections (a running projector will)')
    .addHelpText(
      'after',
      '\nRefuses a database that already holds a demo province (stream unit-demo-tinh) unless --force.\n' +
        'If the API runs with its in-process projector, seed-demo waits for it instead of applying the projections twice.\n\n' +
        'Example:\n  npm run cli -- seed-demo --staff 2000 --seed 42\n',
    )
    .action(
      async (o: { staff: number; year: number; seed: string; avoiders: number; assignmentsPerStaff: number; concurrency: number; force: boolean; catchUp: boolean }) => {
        const config = loadConfig();
        await withDatabase(async (url) => {
          const result = await seedDemo({
            databaseUrl: url,
            staff: o.staff,
            year: o.year,
            seed: o.seed,
            avoiderShare: o.avoiders,
            assignmentsPerStaff: o.assignmentsPerStaff,
            concurrency: o.concurrency,
            force: o.force,
            catchUp: o.catchUp,
          });
          const summary = config.jwtSecret
            ? await describeSeed(result, { year: o.year, port: config.PORT, jwtSecret: config.jwtSecret, issuer: config.JWT_ISSUER, audience: config.JWT_AUDIENCE })
            : JSON.stringify(result, null, 2);
          console.log(summary);
        });
      },
    );
}
