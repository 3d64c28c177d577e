// Lints the OpenAPI document (the body of GET /docs-json) with Spectral's `spectral:oas`
// ruleset (.spectral.yaml): any warning or error fails `npm run lint`. The document is
// written by apps/api/src/openapi.main.ts without a server or database (run
// `npm run build:fast` first; the npm script does).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const dir = mkdtempSync(path.join(os.tmpdir(), 'openapi-lint-'));
const file = path.join(dir, 'openapi.json');
const run = (command, args) => spawnSync(command, args, { stdio: 'inherit' }).status ?? 1;
try {
  if (run(process.execPath, ['dist/apps/api/src/openapi.main.js', file]) !== 0) process.exit(1);
  const status = run(process.execPath, ['node_modules/@stoplight/spectral-cli/dist/index.js', 'lint', file, '--ruleset', '.spectral.yaml', '--fail-severity', 'warn']);
  process.exit(status);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
