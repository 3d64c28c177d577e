import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { MEMORY_DEFAULTS, memoryFlags, memorySettings } from './memory-settings.js';

describe('the API heap settings (README "Memory")', () => {
  it('caps the old generation and the semi-spaces by default', () => {
    expect(memorySettings({})).toEqual({ heapMb: MEMORY_DEFAULTS.heapMb, semiSpaceMb: MEMORY_DEFAULTS.semiSpaceMb });
    expect(memoryFlags(memorySettings({}), [])).toEqual([`--max-old-space-size=${MEMORY_DEFAULTS.heapMb}`, `--max-semi-space-size=${MEMORY_DEFAULTS.semiSpaceMb}`]);
  });

  it('takes API_HEAP_MB and API_SEMI_SPACE_MB; 0 or off leaves V8 its default', () => {
    expect(memoryFlags(memorySettings({ API_HEAP_MB: '300', API_SEMI_SPACE_MB: '4' }), [])).toEqual(['--max-old-space-size=300', '--max-semi-space-size=4']);
    expect(memoryFlags(memorySettings({ API_HEAP_MB: '0', API_SEMI_SPACE_MB: 'off' }), [])).toEqual([]);
  });

  it('refuses a size that is not a whole number of MB or too small to run the API', () => {
    expect(() => memorySettings({ API_HEAP_MB: '12' })).toThrow(/API_HEAP_MB must be a whole number of MB >= 64/);
    expect(() => memorySettings({ API_SEMI_SPACE_MB: '8MB' })).toThrow(/API_SEMI_SPACE_MB/);
  });

  it('leaves a flag the operator already gave on the command line or in NODE_OPTIONS', () => {
    const s = memorySettings({});
    expect(memoryFlags(s, ['--enable-source-maps', '--max-old-space-size=1024'])).toEqual([`--max-semi-space-size=${MEMORY_DEFAULTS.semiSpaceMb}`]);
    expect(memoryFlags(s, [], '--max_semi_space_size=2 --max-old-space-size=96')).toEqual([]);
  });

  // The compiled module, as `node dist/apps/api/src/main.js` runs it: the process replaces
  // itself (same pid) and V8 then reports the capped heap.
  it('restarts the process in place with the flags, keeping its own arguments and pid', () => {
    execFileSync('npm', ['run', 'build:fast', '--silent'], { stdio: 'ignore' });
    const dir = mkdtempSync(path.join(os.tmpdir(), 'ledger-memory-'));
    try {
      const script = path.join(dir, 'probe.mjs');
      const module = pathToFileURL(path.resolve('dist/apps/api/src/memory-settings.js')).href;
      writeFileSync(
        script,
        `import v8 from 'node:v8';
         import { applyMemorySettings } from ${JSON.stringify(module)};
         const before = process.pid;
         if (!process.env.PROBE_FIRST_PID) process.env.PROBE_FIRST_PID = String(before);
         applyMemorySettings();
         console.log(JSON.stringify({ firstPid: process.env.PROBE_FIRST_PID, pid: String(process.pid), argv: process.argv.slice(2), execArgv: process.execArgv,
           limitMb: v8.getHeapStatistics().heap_size_limit / 2 ** 20 }));`,
      );
      const run = (env: Record<string, string>) =>
        JSON.parse(execFileSync(process.execPath, ['--enable-source-maps', script, 'a', 'b'], { env: { PATH: process.env.PATH ?? '', ...env }, encoding: 'utf8' }).trim()) as {
          firstPid: string; pid: string; argv: string[]; execArgv: string[]; limitMb: number;
        };
      const capped = run({ API_HEAP_MB: '100', API_SEMI_SPACE_MB: '2' });
      expect(capped.pid).toBe(capped.firstPid);
      expect(capped.argv).toEqual(['a', 'b']);
      expect(capped.execArgv).toEqual(['--max-old-space-size=100', '--max-semi-space-size=2', '--enable-source-maps']);
      expect(capped.limitMb).toBeLessThan(120);
      const uncapped = run({ API_HEAP_MB: 'off', API_SEMI_SPACE_MB: 'off' });
      expect(uncapped.execArgv).toEqual(['--enable-source-maps']);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
