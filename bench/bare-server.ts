/**
 * The bare side of the HTTP bench: plain Fastify and one pg.Pool, no NestJS, no auth,
 * no validation, no event store. POST does one raw INSERT; GET does one indexed SELECT
 * of the same read model the trail route reads. Run as a child process by http.bench.ts.
 */
import { randomUUID } from 'node:crypto';
import Fastify from 'fastify';
import pg from 'pg';

const url = process.env.DATABASE_URL;
if (!url) throw new Error('DATABASE_URL is required');
const pool = new pg.Pool({ connectionString: url, max: Number(process.env.POOL_SIZE ?? 20) });
const app = Fastify({ logger: false });

app.post('/bare/assignments/:id/handoffs', async (request) => {
  const { id } = request.params as { id: string };
  const body = request.body as Record<string, unknown>;
  await pool.query(
    `INSERT INTO bare_events (stream_id, id, type, data, metadata, recorded_at) VALUES ($1, $2, 'AssignmentHandedOff', $3, '{}', now())`,
    [`assignment-${id}`, randomUUID(), JSON.stringify(body)],
  );
  return { version: 1 };
});

app.get('/bare/assignments/:id/trail', async (request) => {
  const { id } = request.params as { id: string };
  const { rows } = await pool.query(
    `SELECT step_no AS step, action, responsible, holder, unit_id AS "unitId", from_at AS "from", to_at AS "to", reason, justification, actor
       FROM responsibility_trail_v1 WHERE assignment_id = $1 ORDER BY step_no`,
    [id],
  );
  return { assignmentId: id, steps: rows };
});

await app.listen({ port: Number(process.env.PORT ?? 0), host: '127.0.0.1' });
process.stdout.write(`ready ${(app.server.address() as { port: number }).port}\n`);
process.on('SIGTERM', () => void app.close().then(() => pool.end()).then(() => process.exit(0)));
