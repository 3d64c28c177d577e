import { CloudEvent } from 'cloudevents';
import type { RecordedEvent } from '../event-store.port.js';
import { categoryOf, natsSubject } from './catalogue.js';
import { toCloudEvent } from './cloudevent.js';

const recorded: RecordedEvent = {
  id: '0b7c3f5e-2a51-4f0e-9a55-3f0f5b1f3b7a',
  streamId: 'assignment-as-1',
  revision: 0n,
  position: 9_007_199_254_740_993n,
  type: 'AssignmentAccepted',
  schemaVersion: 1,
  data: { assignmentId: 'as-1', acceptedBy: 'a', acceptedAt: '2026-03-01T08:00:00Z' },
  metadata: { correlationId: 'req-1', causationId: 'cmd-1', actor: { sub: 'a', roles: ['staff'] } },
  recordedAt: '2026-03-01T08:00:01.123Z',
  prevHash: '',
  hash: 'ab'.repeat(32),
};

describe('toCloudEvent', () => {
  it('maps a recorded event to a CloudEvent 1.0 that the SDK validates', () => {
    const ce = toCloudEvent(recorded);
    expect(ce).toEqual({
      specversion: '1.0',
      id: recorded.id,
      source: '/accountability-ledger/assignment',
      type: 'vn.gov.accountability.AssignmentAccepted.v1',
      subject: 'assignment-as-1',
      time: '2026-03-01T08:00:01.123Z',
      datacontenttype: 'application/json',
      data: recorded.data,
      position: '9007199254740993',
      revision: '0',
      hash: 'ab'.repeat(32),
      prevhash: '',
      correlationid: 'req-1',
      causationid: 'cmd-1',
    });
    const sdk = new CloudEvent({ ...ce }, true);
    expect(sdk.validate()).toBe(true);
    // The structured JSON round-trips through the SDK with the extensions intact.
    const again = new CloudEvent(JSON.parse(JSON.stringify(ce)) as Record<string, unknown>);
    expect(again.validate()).toBe(true);
    expect(again['position']).toBe('9007199254740993');
  });

  it('leaves out absent optional extensions and keeps actor metadata out of the envelope', () => {
    const ce = toCloudEvent({ ...recorded, metadata: {}, schemaVersion: 2, revision: 3n, prevHash: 'cd'.repeat(32) });
    expect(ce).not.toHaveProperty('correlationid');
    expect(ce).not.toHaveProperty('actor');
    expect(ce.type).toBe('vn.gov.accountability.AssignmentAccepted.v2');
    expect(new CloudEvent({ ...ce }).validate()).toBe(true);
  });

  it('carries the stored W3C trace context as the CloudEvents distributed-tracing extension', () => {
    const traceparent = '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01';
    const ce = toCloudEvent({ ...recorded, metadata: { traceparent, tracestate: 'ledger=1' } });
    expect(ce.traceparent).toBe(traceparent);
    expect(ce.tracestate).toBe('ledger=1');
    const sdk = new CloudEvent({ ...ce });
    expect(sdk.validate()).toBe(true);
    expect(sdk['traceparent']).toBe(traceparent);
    expect(toCloudEvent({ ...recorded, metadata: {} })).not.toHaveProperty('traceparent');
  });

  it('takes the category from the stream id up to the first dash', () => {
    expect(categoryOf('evaluation-2026-staff-1')).toBe('evaluation');
    expect(categoryOf('unit-snv')).toBe('unit');
    expect(natsSubject('ledger', 'unit', 'UnitEstablished')).toBe('ledger.unit.UnitEstablished');
  });
});
