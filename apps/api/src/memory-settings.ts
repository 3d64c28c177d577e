/**
 * The API's V8 heap settings (README "Memory"). The API's resident memory under load is
 * mostly garbage V8 has not collected yet, not live data: left to its defaults on a large
 * machine, V8 sizes a 4 GB old generation and 32 MB semi-spaces and grows the heap lazily
 * to the allocation rate, so 32 requests in flight took the process from ~200 MB to ~500 MB.
 * Capping the old generation and the young generation bounds that garbage; the batch work
 * that needs a large heap (the classification run of a cycle) runs in a worker thread with
 * limits of its own (`CLASSIFICATION_WORKER_HEAP_MB`).
 *
 * V8 reads heap limits only when the isolate is created, so `main.ts` applies them by
 * replacing the process with itself (`process.execve`: same pid, same stdio, same
 * arguments) with the flags added, before anything else is loaded. Whoever starts
 * `dist/apps/api/src/main.js` (npm start, the container, a bench) gets the same heap.
 */

export interface MemorySettings {
  /** `--max-old-space-size` in MB; null: V8's default. */
  readonly heapMb: number | null;
  /** `--max-semi-space-size` in MB; null: V8's default. */
  readonly semiSpaceMb: number | null;
}

export const MEMORY_DEFAULTS = { heapMb: 160, semiSpaceMb: 8 } as const;

/** Set by the re-exec so the replaced process does not replace itself again. */
export const MEMORY_FLAGS_APPLIED = 'LEDGER_API_MEMORY_FLAGS_APPLIED';

function sizeMb(env: NodeJS.ProcessEnv, name: string, fallback: number, min: number): number | null {
  const raw = env[name]?.trim();
  if (raw === undefined || raw === '') return fallback;
  if (raw === '0' || raw.toLowerCase() === 'off') return null;
  if (!/^\d+$/.test(raw) || Number(raw) < min) throw new Error(`${name} must be a whole number of MB >= ${min}, or 0/off for V8's default (got "${raw}")`);
  return Number(raw);
}

export function memorySettings(env: NodeJS.ProcessEnv = process.env): MemorySettings {
  return {
    heapMb: sizeMb(env, 'API_HEAP_MB', MEMORY_DEFAULTS.heapMb, 64),
    semiSpaceMb: sizeMb(env, 'API_SEMI_SPACE_MB', MEMORY_DEFAULTS.semiSpaceMb, 1),
  };
}

/** Whether a V8 flag is already given (`--max-old-space-size=..` or `--max_old_space_size ..`) in the arguments or NODE_OPTIONS. */
function given(flag: string, execArgv: readonly string[], nodeOptions: string): boolean {
  const dashed = flag.replaceAll('_', '-');
  const words = [...execArgv, ...nodeOptions.split(/\s+/)];
  return words.some((w) => w.replaceAll('_', '-').split('=')[0] === dashed);
}

/**
 * The flags to add to this process: those of the settings that neither the command line
 * nor NODE_OPTIONS already set (an operator's explicit flag wins).
 */
export function memoryFlags(settings: MemorySettings, execArgv: readonly string[], nodeOptions = ''): string[] {
  const flags: string[] = [];
  if (settings.heapMb !== null && !given('--max-old-space-size', execArgv, nodeOptions)) flags.push(`--max-old-space-size=${settings.heapMb}`);
  if (settings.semiSpaceMb !== null && !given('--max-semi-space-size', execArgv, nodeOptions)) flags.push(`--max-semi-space-size=${settings.semiSpaceMb}`);
  return flags;
}

/**
 * Replaces this process by itself with the heap flags, when some are missing. Returns
 * only when nothing is to be done (or `process.execve` is not available: then it warns
 * and the process runs with V8's defaults).
 */
export function applyMemorySettings(): void {
  if (process.env[MEMORY_FLAGS_APPLIED] === '1') return;
  let settings: MemorySettings;
  try {
    settings = memorySettings();
  } catch (error) {
    console.error((error as Error).message);
    process.exit(78);
  }
  const flags = memoryFlags(settings, process.execArgv, process.env.NODE_OPTIONS ?? '');
  if (flags.length === 0) return;
  // process.execve: Node >= 23.11 on POSIX (not in @types/node 20, which the project compiles against).
  const { execve } = process as unknown as { execve?: (file: string, args: string[], env: NodeJS.ProcessEnv) => never };
  if (typeof execve !== 'function') {
    console.warn(`process.execve is not available on ${process.platform}: the API runs without ${flags.join(' ')} (pass them to node yourself)`);
    return;
  }
  execve.call(process, process.execPath, [process.execPath, ...flags, ...process.execArgv, ...process.argv.slice(1)], { ...process.env, [MEMORY_FLAGS_APPLIED]: '1' });
}
