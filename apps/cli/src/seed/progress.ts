import cliProgress from 'cli-progress';

/** Progress of one long step: a bar with rate and ETA on a terminal, a plain line every 5 % otherwise. */
export interface Progress {
  increment(n?: number): void;
  stop(): void;
}

export interface ProgressOptions {
  /** Where to draw; stderr by default so stdout stays for the summary. */
  readonly stream?: NodeJS.WriteStream;
  /** Force plain lines (tests, CI) or the bar; by default the stream's isTTY decides. */
  readonly tty?: boolean;
  /** Nothing at all (tests). */
  readonly silent?: boolean;
}

export function startProgress(label: string, total: number, options: ProgressOptions = {}): Progress {
  const stream = options.stream ?? process.stderr;
  if (options.silent) return { increment: () => undefined, stop: () => undefined };
  const started = Date.now();
  let value = 0;
  const rate = () => Math.round(value / Math.max(0.001, (Date.now() - started) / 1000));
  if (options.tty ?? stream.isTTY === true) {
    const bar = new cliProgress.SingleBar(
      {
        stream,
        format: `${label.padEnd(24)} [{bar}] {percentage}% | {value}/{total} | {rate}/s | ETA {eta_formatted}`,
        hideCursor: true,
        etaBuffer: 200,
        fps: 5,
      },
      cliProgress.Presets.shades_classic,
    );
    bar.start(Math.max(total, 1), 0, { rate: 0 });
    return {
      increment: (n = 1) => {
        value += n;
        bar.update(value, { rate: rate() });
      },
      stop: () => {
        bar.update(Math.max(total, 1), { rate: rate() });
        bar.stop();
      },
    };
  }
  let nextPct = 5;
  const line = (pct: number) => {
    const seconds = (Date.now() - started) / 1000;
    const eta = value > 0 ? Math.max(0, Math.round((seconds * (total - value)) / value)) : 0;
    stream.write(`${label}: ${pct}% (${value}/${total}) ${rate()}/s, ${seconds.toFixed(1)} s elapsed, ETA ${eta} s\n`);
  };
  return {
    increment: (n = 1) => {
      value += n;
      const pct = total > 0 ? Math.floor((value * 100) / total) : 100;
      if (pct >= nextPct) {
        line(Math.min(100, pct));
        nextPct = Math.floor(pct / 5) * 5 + 5;
      }
    },
    stop: () => {
      if (nextPct <= 100) {
        value = Math.max(value, total);
        line(100);
      }
    },
  };
}
