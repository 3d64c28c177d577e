// A durable JetStream consumer of accountability events (NATS server 2.9 or later,
// the `nats` npm client 2.x, Node 18 or later). Run: node nats-consumer.mjs
import { AckPolicy, connect, DeliverPolicy } from 'nats';

const servers = process.env.NATS_URL ?? 'nats://127.0.0.1:4222';
const stream = process.env.NATS_STREAM ?? 'LEDGER';
const prefix = process.env.NATS_SUBJECT_PREFIX ?? 'ledger';
const durable = process.env.CONSUMER ?? 'payroll';

// The events this service wants: every handoff and everything about consultations.
// A consumer takes one filter subject on NATS 2.9 (`filter_subjects` needs 2.10), so it
// takes the whole stream and acknowledges what it does not want without handling it.
const wanted = (subject) => subject === `${prefix}.assignment.AssignmentHandedOff` || subject.startsWith(`${prefix}.consultation.`);

async function handle(event) {
  // your code; here: one line per event
  console.log(`${event.type} ${event.subject} ${event.id}`);
}

const nc = await connect({ servers });
const jsm = await nc.jetstreamManager();
await jsm.consumers.add(stream, {
  durable_name: durable,
  ack_policy: AckPolicy.Explicit,
  deliver_policy: DeliverPolicy.All,
  filter_subject: `${prefix}.>`,
});
const consumer = await nc.jetstream().consumers.get(stream, durable);
const seen = new Set(); // use a table with a unique key on the id in production
for await (const m of await consumer.consume()) {
  if (wanted(m.subject)) {
    const event = m.json(); // the CloudEvent
    if (!seen.has(event.id)) {
      await handle(event);
      seen.add(event.id);
    }
  }
  m.ack();
}
