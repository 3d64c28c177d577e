import { randomUUID } from 'node:crypto';
import { Inject, Optional } from '@nestjs/common';
import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import pg from 'pg';
import { planUnitMerge, type UnitMergePlan } from '#domain';
import { authorize, unitAccess, unitDecider, unitStream, type Actor, type MergeUnit } from '#domain';
import { RuleViolation } from '#domain';
import { assignmentDecider, assignmentStream } from '#domain';
import { WrongExpectedVersion } from '#event-store';
import { EVENT_STORE, type EventStore, type EventToAppend, type ExpectedRevision } from '#event-store';
import { PostgresEventStore } from '#event-store';
import { HttpProblem } from '#platform';
import { CommandExecutor, CONSISTENCY_GATE, type ConsistencyGate } from '../commands/command-executor.js';
import { domainNow, type CommandContext } from '../commands/command-context.js';
import { v5 as uuidv5 } from '../commands/uuid-v5.js';
import { PG_POOL } from '../infrastructure/database.tokens.js';

/** Outcome of a merge: the unit stream's version (the ETag) and how many assignments changed hands. */
export interface UnitMergeOutcome {
  readonly version: number;
  readonly handedOver: number;
  readonly position: bigint;
}

/**
 * Merges a unit into another and hands each of its open assignments over with a
 * `restructure` handoff, as one command outcome (DESIGN.md 4, issue 3).
 *
 * Who receives the work: `receiverId` when the caller names one (an active staff
 * member), otherwise the current head of the receiving unit from the staff directory
 * (`staff_v1.leadership`); with open work and neither, the domain refuses
 * (`unit.merge_no_receiver`).
 */
export class MergeUnitWithOpenWork extends Command<UnitMergeOutcome> {
  constructor(
    readonly unitId: string,
    readonly data: { readonly intoUnitId: string; readonly mergedOn: string; readonly decisionRef: string; readonly receiverId?: string },
    readonly ctx: CommandContext,
    /** The caller as unit.access.ts sees it. */
    readonly who: Actor,
  ) {
    super();
  }
}

const MAX_ATTEMPTS = 8;
const OPEN = ['issued', 'accepted', 'declined'];
const EVENT_ID_NAMESPACE = '6a1c0f52-3b7e-4d8a-9f0e-2c4b8d1e7f33';

/**
 * Atomicity: on PostgreSQL every stream of the outcome (the unit and each
 * assignment) is appended in ONE transaction with its expected version, so the
 * merge and the handoffs land together or not at all. On EventStoreDB there is no
 * multi-stream transaction: each handoff is appended first and the unit event last,
 * each with its expected version. A crash in between leaves the unit unmerged with
 * part of its work already handed over (moved to the receiving unit); repeating the
 * request hands over the rest and then merges (a failed request leaves no
 * Idempotency-Key record, so the retry runs again).
 * The list of open work comes from the board (read-your-writes keeps it current for
 * this process); each item's state is then loaded from its own stream.
 */
@CommandHandler(MergeUnitWithOpenWork)
export class MergeUnitWithOpenWorkHandler implements ICommandHandler<MergeUnitWithOpenWork> {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(CommandExecutor) private readonly repository: CommandExecutor,
    @Inject(PG_POOL) private readonly pool: pg.Pool,
    @Optional() @Inject(CONSISTENCY_GATE) private readonly gate?: ConsistencyGate,
  ) {}

  async execute(message: MergeUnitWithOpenWork): Promise<UnitMergeOutcome> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.attempt(message);
      } catch (error) {
        if (!(error instanceof WrongExpectedVersion)) throw error;
        const onUnit = error.streamId === unitStream(message.unitId);
        if (onUnit && message.ctx.ifMatch !== undefined) throw error;
        if (attempt < MAX_ATTEMPTS) {
          await new Promise((r) => setTimeout(r, Math.random() * 5 * attempt));
          continue;
        }
        if (onUnit) throw error;
        throw new HttpProblem(409, 'concurrency_conflict', 'Conflict', 'Open work of the unit kept changing during the merge; retry the request');
      }
    }
  }

  private async attempt(message: MergeUnitWithOpenWork): Promise<UnitMergeOutcome> {
    const { unitId, data, ctx } = message;
    const unit = await this.repository.load(unitDecider, unitStream(unitId));
    if (ctx.ifMatch !== undefined && ctx.ifMatch !== unit.version) {
      throw new WrongExpectedVersion(unitStream(unitId), BigInt(ctx.ifMatch - 1), unit.version === 0 ? undefined : BigInt(unit.version - 1));
    }
    // If-Match first, then who may act (unit.access.ts), on the state the merge is decided on.
    const command: MergeUnit = {
      type: 'MergeUnit',
      data: { unitId, intoUnitId: data.intoUnitId, mergedOn: data.mergedOn, decisionRef: data.decisionRef },
      now: domainNow(ctx),
      actor: ctx.principal.sub,
    };
    const actingAs = authorize(unitAccess, message.who, unit.state, command);
    const receiving = await this.repository.load(unitDecider, unitStream(data.intoUnitId));
    const { rows } = await this.pool.query<{ id: string }>(
      'SELECT id FROM assignment_board_v1 WHERE unit_id = $1 AND status = ANY ($2) ORDER BY id',
      [unitId, OPEN],
    );
    const assignments = await Promise.all(
      rows.map(async ({ id }) => ({ assignmentId: id, ...(await this.repository.load(assignmentDecider, assignmentStream(id))) })),
    );
    const plan = planUnitMerge({
      command: { ...command, actingAs },
      unit: unit.state,
      receivingUnit: receiving.state,
      openAssignments: assignments.map((a) => ({ assignmentId: a.assignmentId, state: a.state })),
      receivingHolder: rows.length === 0 ? null : await this.receiver(data.intoUnitId, data.receiverId),
    });
    const versions = new Map(assignments.map((a) => [assignmentStream(a.assignmentId), a.version]));
    const writes = this.writes(plan, unitId, unit.version, versions, ctx);
    const result = await this.appendAll(writes);
    await this.gate?.waitFor(result.position, 3000);
    return { version: unit.version + plan.unitEvents.length, handedOver: plan.assignmentEvents.length, position: result.position };
  }

  /** The named receiver (must be active staff), else the head of the receiving unit, else null. */
  private async receiver(intoUnitId: string, receiverId: string | undefined): Promise<string | null> {
    if (receiverId !== undefined) {
      const { rowCount } = await this.pool.query("SELECT 1 FROM staff_v1 WHERE id = $1 AND status = 'active'", [receiverId]);
      if (!rowCount) {
        throw new RuleViolation('unit.merge_receiver_unknown', `${receiverId} is not an active staff member`, [
          { field: 'receiverId', message: 'is not an active staff member' },
        ]);
      }
      return receiverId;
    }
    const { rows } = await this.pool.query<{ id: string }>(
      `SELECT id FROM staff_v1 WHERE status = 'active' AND leadership @> $1::jsonb ORDER BY id LIMIT 1`,
      [JSON.stringify([{ role: 'head', unitId: intoUnitId }])],
    );
    return rows[0]?.id ?? null;
  }

  private writes(
    plan: UnitMergePlan,
    unitId: string,
    unitVersion: number,
    versions: ReadonlyMap<string, number>,
    ctx: CommandContext,
  ): Array<{ streamId: string; events: EventToAppend[]; expected: ExpectedRevision }> {
    const metadata = this.repository.metadata(ctx);
    const toAppend = (streamId: string, events: ReadonlyArray<{ type: string; data: unknown }>) =>
      events.map((e, i) => ({ id: this.eventId(ctx, streamId, i), type: e.type, data: e.data as Record<string, unknown>, metadata }));
    const expected = (version: number): ExpectedRevision => (version === 0 ? 'no_stream' : BigInt(version - 1));
    return [
      { streamId: unitStream(unitId), events: toAppend(unitStream(unitId), plan.unitEvents), expected: expected(unitVersion) },
      ...plan.assignmentEvents.map((a) => {
        const streamId = assignmentStream(a.assignmentId);
        return { streamId, events: toAppend(streamId, a.events), expected: expected(versions.get(streamId) ?? 0) };
      }),
    ].filter((w) => w.events.length > 0);
  }

  private async appendAll(writes: ReadonlyArray<{ streamId: string; events: EventToAppend[]; expected: ExpectedRevision }>): Promise<{ position: bigint }> {
    let position = 0n;
    if (this.store instanceof PostgresEventStore) {
      const client = await this.store.pool.connect();
      try {
        await client.query('BEGIN');
        for (const w of writes) {
          const r = await this.store.appendInTransaction(client, w.streamId, w.events, w.expected);
          if (r.position > position) position = r.position;
        }
        await client.query('COMMIT');
      } catch (error) {
        await client.query('ROLLBACK').catch(() => undefined);
        throw error;
      } finally {
        client.release();
      }
      this.store.notifyCommitted();
      return { position };
    }
    // EventStoreDB: no multi-stream transaction; handoffs first, the unit event last (see the class comment).
    for (const w of [...writes.slice(1), ...writes.slice(0, 1)]) {
      const r = await this.store.append(w.streamId, w.events, w.expected);
      if (r.position > position) position = r.position;
    }
    return { position };
  }

  private eventId(ctx: CommandContext, streamId: string, index: number): string {
    if (!ctx.idempotencyKey) return randomUUID();
    return uuidv5(`${ctx.principal.sub}\n${ctx.idempotencyKey}\n${streamId}\n${index}`, EVENT_ID_NAMESPACE);
  }
}
