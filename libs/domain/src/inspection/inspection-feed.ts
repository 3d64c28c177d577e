/**
 * A SURPRISE PLAN IS HELD FROM THE EVENT FEEDS UNTIL ITS START (issue 15 items 1 and 6).
 *
 * The SSE feed (`GET /events`) and the NATS relay publish recorded events to machine
 * consumers (`integration`, whole-store `hr`/`inspector`) whose output can reach the
 * inspected unit. An `InspectionPlanned` of a surprise inspection names the units, the
 * team and the date, and even its stream id (`inspection-<id>`, a client-chosen id) can
 * name the target, so redacting the data is not enough: the event is held whole. It is
 * released just before the inspection's start (`InspectionStarted`, always revision 1
 * of its stream), so every consumer still receives every event of the stream, in
 * revision order; its `position` is then lower than the one before it on the feed.
 * A surprise plan never started is never published. Scheduled plans are public from
 * the plan. Interpretation: the surprise is the point of a surprise inspection (the
 * provincial directives ask for inspections "including surprise inspections").
 */
export interface FeedEventLike {
  readonly type: string;
  readonly streamId: string;
  readonly data: Readonly<Record<string, unknown>>;
}

/** A surprise inspection's plan: held from the feeds until the inspection starts. */
export function isHeldSurprisePlan(e: FeedEventLike): boolean {
  return e.type === 'InspectionPlanned' && e.streamId.startsWith('inspection-') && e.data['kind'] === 'surprise';
}

/** One event to send: `released` marks a held plan sent just before its inspection's start. */
export interface FeedItem<E> {
  readonly event: E;
  readonly released: boolean;
}

/**
 * The events of a page as the feeds send them: held surprise plans left out, and each
 * released (looked up with `planOf`, the first event of the stream) before its start.
 */
export async function withSurprisePlansHeld<E extends FeedEventLike>(
  events: readonly E[],
  planOf: (streamId: string) => Promise<E | undefined>,
): Promise<Array<FeedItem<E>>> {
  const out: Array<FeedItem<E>> = [];
  for (const event of events) {
    if (isHeldSurprisePlan(event)) continue;
    if (event.type === 'InspectionStarted' && event.streamId.startsWith('inspection-')) {
      const plan = await planOf(event.streamId);
      if (plan && isHeldSurprisePlan(plan)) out.push({ event: plan, released: true });
    }
    out.push({ event, released: false });
  }
  return out;
}
