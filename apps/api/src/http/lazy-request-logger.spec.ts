import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Writable } from 'node:stream';
import { pino } from 'pino';
import { pinoHttp } from 'pino-http';
import { lazyRequestLoggers } from './lazy-request-logger.js';

/** A JSON log line as pino writes it (the fields read here). */
interface LogLine {
  level: number;
  msg: string;
  req: { id: string; method: string; url: string; headers: Record<string, string> };
}

/** A server logging through pino-http as the API does (pino redacting the authorization header), with the lazy child on. */
async function serve(level: string): Promise<{ server: Server; url: string; lines: () => LogLine[]; serialized: () => number }> {
  let text = '';
  let serialized = 0;
  const destination = new Writable({
    write(chunk: Buffer, _encoding, done) {
      text += chunk.toString();
      done();
    },
  });
  const logger = pino({ level, redact: ['req.headers.authorization', 'req.headers.cookie'] }, destination);
  let n = 0;
  const http = pinoHttp({
    logger,
    customAttributeKeys: { reqId: 'correlationId' },
    genReqId: () => `corr-${++n}`,
    serializers: { req: (req: unknown) => ((serialized += 1), req) },
  });
  lazyRequestLoggers(http.logger);
  const server = createServer((req, res) =>
    http(req, res, () => {
      if (req.url === '/fail') req.log.error(new Error('boom'), 'it failed');
      if (req.url === '/warn') req.log.info('not logged at warn');
      res.end('ok');
    }),
  );
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const lines = () => text.split('\n').filter(Boolean).map((l) => JSON.parse(l) as LogLine);
  return { server, url, lines, serialized: () => serialized };
}

const get = (url: string) => fetch(url, { headers: { authorization: 'Bearer secret-token' } }).then((r) => r.text());

describe('the per-request logger', () => {
  it('is not built for a request that logs nothing (requests not logged: level warn)', async () => {
    const s = await serve('warn');
    try {
      await get(`${s.url}/ok`);
      await get(`${s.url}/warn`);
      expect(s.serialized()).toBe(0);
      expect(s.lines()).toEqual([]);
    } finally {
      s.server.close();
    }
  });

  it('is built when a request logs an error: the line carries the request id and the request, authorization redacted', async () => {
    const s = await serve('warn');
    try {
      await get(`${s.url}/ok`);
      await get(`${s.url}/fail`);
      expect(s.serialized()).toBe(1);
      const [line] = s.lines();
      expect(s.lines()).toHaveLength(1);
      expect(line).toMatchObject({ level: 50, msg: 'it failed', err: { message: 'boom' }, req: { id: 'corr-2', method: 'GET', url: '/fail' } });
      expect(line!.req.headers.authorization).toBe('[Redacted]');
      expect(JSON.stringify(line)).not.toContain('secret-token');
    } finally {
      s.server.close();
    }
  });

  it('is built for every request when requests are logged (info), as before', async () => {
    const s = await serve('info');
    try {
      await get(`${s.url}/ok`);
      await get(`${s.url}/ok`);
      expect(s.serialized()).toBe(2);
      await new Promise((r) => setTimeout(r, 20));
      const completed = s.lines().filter((l) => l.msg === 'request completed');
      expect(completed.map((l) => l.req.id)).toEqual(['corr-1', 'corr-2']);
      expect(completed[0]!.req.headers.authorization).toBe('[Redacted]');
    } finally {
      s.server.close();
    }
  });
});
