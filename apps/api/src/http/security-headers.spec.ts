import fastifyHelmet from '@fastify/helmet';
import Fastify, { type FastifyInstance } from 'fastify';
import { registerSecurityHeaders, SECURITY_HEADER_OPTIONS, securityHeaders } from './security-headers.js';

/** A server with a JSON route, a hijacked (raw, SSE-like) route and the 404 handler. */
async function server(withHeaders: (app: FastifyInstance) => Promise<void> | void): Promise<FastifyInstance> {
  const app = Fastify();
  await withHeaders(app);
  app.get('/json', async () => ({ ok: true }));
  app.get('/raw', (_request, reply) => {
    reply.hijack();
    reply.raw.writeHead(200, { 'content-type': 'text/event-stream' });
    reply.raw.end('data: 1\n\n');
  });
  app.post('/fail', async () => {
    throw new Error('boom');
  });
  await app.ready();
  return app;
}

const withoutDate = (headers: Record<string, unknown>) => Object.fromEntries(Object.entries(headers).filter(([name]) => name !== 'date'));

describe('security headers', () => {
  let reference: FastifyInstance;
  let ours: FastifyInstance;

  beforeAll(async () => {
    // The reference: @fastify/helmet, which builds helmet's middleware on every request.
    reference = await server(async (app) => {
      await app.register(fastifyHelmet, SECURITY_HEADER_OPTIONS);
    });
    ours = await server((app) => registerSecurityHeaders(app));
  });

  afterAll(async () => {
    await Promise.all([reference.close(), ours.close()]);
  });

  it.each([
    ['GET', '/json'],
    ['GET', '/raw'],
    ['GET', '/missing'],
    ['POST', '/fail'],
  ] as const)('are the same as @fastify/helmet sends with the same options (%s %s)', async (method, url) => {
    const [expected, actual] = await Promise.all([reference.inject({ method, url }), ours.inject({ method, url })]);
    expect(actual.statusCode).toBe(expected.statusCode);
    expect(withoutDate(actual.headers)).toEqual(withoutDate(expected.headers));
  });

  it('are computed once, with these values', () => {
    expect(Object.fromEntries(securityHeaders().set.map(([name, value]) => [name.toLowerCase(), value]))).toEqual({
      'content-security-policy':
        "default-src 'self';base-uri 'self';font-src 'self' https: data:;form-action 'self';frame-ancestors 'none';img-src 'self' data:;object-src 'none';script-src 'self';script-src-attr 'none';style-src 'self' 'unsafe-inline';upgrade-insecure-requests",
      'cross-origin-opener-policy': 'same-origin',
      'cross-origin-resource-policy': 'same-origin',
      'origin-agent-cluster': '?1',
      'referrer-policy': 'no-referrer',
      'strict-transport-security': 'max-age=31536000; includeSubDomains',
      'x-content-type-options': 'nosniff',
      'x-dns-prefetch-control': 'off',
      'x-download-options': 'noopen',
      'x-frame-options': 'SAMEORIGIN',
      'x-permitted-cross-domain-policies': 'none',
      'x-xss-protection': '0',
    });
    expect(securityHeaders().removed).toEqual(['X-Powered-By']);
  });

  it('refuses a CSP directive computed per request (it cannot be computed once)', () => {
    expect(() => securityHeaders({ contentSecurityPolicy: { directives: { scriptSrc: ["'self'", () => "'nonce-x'"] } } })).toThrow(/computed per request/);
  });
});
