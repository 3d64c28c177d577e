import { Writable } from 'node:stream';
import { loadConfig } from '../config/config.js';
import { createLogger, startupLines, usesPrettyLogs } from './logger.js';

function capture(): { stream: Writable; text: () => string } {
  let text = '';
  const stream = new Writable({
    write(chunk: Buffer, _enc, done) {
      text += chunk.toString();
      done();
    },
  });
  return { stream, text: () => text };
}

describe('logs', () => {
  it('are pretty on a terminal outside production, JSON otherwise, and LOG_FORMAT forces either', () => {
    const dev = loadConfig({});
    expect(usesPrettyLogs(dev, true)).toBe(true);
    expect(usesPrettyLogs(dev, false)).toBe(false);
    expect(usesPrettyLogs({ ...dev, NODE_ENV: 'production' }, true)).toBe(false);
    expect(usesPrettyLogs({ ...dev, LOG_FORMAT: 'json' }, true)).toBe(false);
    expect(usesPrettyLogs({ ...dev, LOG_FORMAT: 'pretty' }, false)).toBe(true);
  });

  it('writes pino-pretty lines on a terminal and one JSON object per line when piped', () => {
    const config = loadConfig({});
    const tty = capture();
    createLogger(config, { isTTY: true, destination: tty.stream }).info({ correlationId: 'c-1' }, 'hello');
    expect(tty.text()).toMatch(/^\[\d\d:\d\d:\d\d\.\d{3}\] INFO: hello/);
    expect(() => JSON.parse(tty.text())).toThrow();
    const piped = capture();
    createLogger(config, { isTTY: false, destination: piped.stream }).info({ correlationId: 'c-1' }, 'hello');
    expect(JSON.parse(piped.text())).toMatchObject({ level: 30, msg: 'hello', correlationId: 'c-1' });
  });

  it('start with where the data lives, the docs URL, how to mint a token and how to seed', () => {
    const lines = startupLines(loadConfig({ DATA_DIR: '/srv/ledger' }), { url: 'http://127.0.0.1:3000', dataDir: '/srv/ledger/pg' });
    expect(lines[0]).toMatch(/^data: embedded PostgreSQL 17 on 127\.0\.0\.1:54329, files in \/srv\/ledger\/pg/);
    expect(lines[1]).toMatch(/^docs: http:\/\/127\.0\.0\.1:3000\/docs/);
    expect(lines[2]).toContain("npm run cli -- token --sub hr-1 --role hr --units '*'");
    expect(lines[3]).toContain('npm run cli -- seed-demo --staff 2000');
    const prod = startupLines(loadConfig({ NODE_ENV: 'production', DATABASE_URL: 'postgres://app:pw@db:5432/ledger', JWT_JWKS_URL: 'https://idp/jwks', LEDGER_SIGNING_KEY_FILE: '/run/secrets/ledger-signing.key' }), { url: 'http://0.0.0.0:3000', dataDir: null });
    expect(prod[0]).toBe('data: PostgreSQL at db:5432/ledger (DATABASE_URL)');
    expect(prod.join('\n')).not.toContain('pw');
    expect(prod.join('\n')).not.toContain('seed-demo');
  });
});
