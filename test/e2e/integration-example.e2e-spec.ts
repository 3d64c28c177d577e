import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { connect } from 'nats';
import { PostgresEventStore } from '#event-store';
import { createTestApp, type TestApp } from '../support/app.js';

const NATS_URL = process.env.NATS_URL ?? 'nats://127.0.0.1:4222';

/**
 * docs/integration.md's NATS consumer, run as a reader would run it, against the
 * local NATS (2.9 on these machines) and the relay of a real app: it must receive the
 * handoff and the consultation events, and not the others.
 */
describe('docs/integration.md: the NATS consumer example runs against the local NATS', () => {
  const run = randomBytes(3).toString('hex');
  const STREAM = `EXAMPLE_${run}`;
  const PREFIX = `example${run}`;
  let t: TestApp;
  let consumer: ChildProcess | undefined;

  beforeAll(async () => {
    t = await createTestApp({ NATS_URL, NATS_STREAM: STREAM, NATS_SUBJECT_PREFIX: PREFIX });
  });
  afterAll(async () => {
    consumer?.kill('SIGKILL');
    await t?.close();
    const nc = await connect({ servers: NATS_URL });
    await (await nc.jetstreamManager()).streams.delete(STREAM).catch(() => undefined);
    await nc.close();
  });

  it('is the file docs/examples/nats-consumer.mjs, verbatim', () => {
    const doc = readFileSync('docs/integration.md', 'utf8');
    const file = readFileSync('docs/examples/nats-consumer.mjs', 'utf8');
    expect(doc).toContain('```js\n' + file + '```');
    expect(file).not.toMatch(/filter_subjects\s*:/);
  });

  it('receives the handoff and the consultation events, once each, and nothing else', async () => {
    const store = new PostgresEventStore({ connectionString: t.db.url, poolSize: 2 });
    try {
      await store.append('assignment-ex1', [
        {
          id: randomUUID(),
          type: 'AssignmentIssued',
          data: { assignmentId: 'ex1', kind: 'task', unitId: 'dept', assignee: 'a', title: 't', description: 'd', deliverable: 'r', successCriteria: 's', assignedBy: 'lead', authorityBasis: 'b', dueAt: '2026-12-30T10:00:00Z', responsible: 'a', issuedAt: '2026-05-01T02:00:00Z' },
          metadata: { actor: { sub: 'fixture', roles: ['importer'] } },
        },
        {
          id: randomUUID(),
          type: 'AssignmentHandedOff',
          data: { assignmentId: 'ex1', from: 'a', to: 'b', reason: 'reassignment', justification: 'j', by: 'lead', responsible: 'b', toUnitId: null, pingPong: false, handedOffAt: '2026-05-02T02:00:00Z' },
          metadata: { actor: { sub: 'fixture', roles: ['importer'] } },
        },
      ], 'no_stream');
      await store.append('consultation-q1', [
        {
          id: randomUUID(),
          type: 'ConsultationRequested',
          data: { consultationId: 'q1', requestedBy: 'a', requesterUnitId: 'dept', consultedUnitId: 'other', question: '?', withinRequesterAuthority: false, dueAt: '2026-05-10T10:00:00Z', requestedAt: '2026-05-01T02:00:00Z' },
          metadata: { actor: { sub: 'fixture', roles: ['importer'] } },
        },
      ], 'no_stream');
    } finally {
      await store.close();
    }

    consumer = spawn(process.execPath, ['docs/examples/nats-consumer.mjs'], {
      env: { ...process.env, NATS_URL, NATS_STREAM: STREAM, NATS_SUBJECT_PREFIX: PREFIX, CONSUMER: `example-${run}` },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    consumer.stdout!.on('data', (c: Buffer) => (out += c.toString()));
    consumer.stderr!.on('data', (c: Buffer) => (err += c.toString()));
    // The relay publishes as the projector runs; the consumer prints one line per event.
    while (out.trim().split('\n').filter(Boolean).length < 2) {
      if (consumer.exitCode !== null) throw new Error(`the example exited with ${consumer.exitCode}: ${err}`);
      await new Promise((r) => setTimeout(r, 50));
    }
    // Then the relay has published AssignmentIssued too (it comes first): it must not show.
    const lines = out.trim().split('\n');
    expect(lines.map((l) => l.split(' ').slice(0, 2).join(' '))).toEqual([
      'vn.gov.accountability.AssignmentHandedOff.v1 assignment-ex1',
      'vn.gov.accountability.ConsultationRequested.v1 consultation-q1',
    ]);
    expect(err).toBe('');
  });
});
