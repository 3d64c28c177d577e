import { Inject } from '@nestjs/common';
import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { authorize, planUnitMerge, staffDecider, staffStream, unitAccess, unitDecider, unitStream, type Actor, type MergeUnit } from '#domain';
import { RuleViolation } from '#domain';
import { assignmentDecider, assignmentStream } from '#domain';
import { DomainError, dossierDecider, dossierStream, type DossierEvent } from '#domain';
import { AssignmentBoardQueries, DossierQueries, StaffDirectoryQueries } from '#read-models';
import { CommandExecutor } from '../commands/command-executor.js';
import { domainNow, type CommandContext } from '../commands/command-context.js';

/** Outcome of a merge: the unit stream's version (the ETag), how many assignments and people moved. */
export interface UnitMergeOutcome {
  readonly version: number;
  readonly handedOver: number;
  readonly transferred: number;
  readonly position: bigint;
}

/**
 * Merges a unit into another as ONE outcome (DESIGN.md 4; issue 13 item 3): the unit
 * event, a `restructure` handoff per open assignment and a `StaffTransferred`
 * (reason `restructure`) per person of the merged unit, decided by `planUnitMerge`
 * and written by the executor's `executeAcross` (`appendStreams`: one transaction on
 * PostgreSQL; on EventStoreDB the ordered fallback with the unit event last).
 *
 * Who receives the work: `receiverId` when the caller names one (an active staff
 * member), otherwise the current head of the receiving unit from the staff directory
 * (`staff_v1.leadership`); with open work and neither, the domain refuses
 * (`unit.merge_no_receiver`). The lists of open work and of the unit's people come
 * from the read side (the route waits for the caller's own writes to be projected);
 * each item's state is then loaded from its own stream.
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

const OPEN = ['issued', 'accepted', 'declined'];

@CommandHandler(MergeUnitWithOpenWork)
export class MergeUnitWithOpenWorkHandler implements ICommandHandler<MergeUnitWithOpenWork> {
  constructor(
    @Inject(CommandExecutor) private readonly repository: CommandExecutor,
    @Inject(AssignmentBoardQueries) private readonly board: AssignmentBoardQueries,
    @Inject(StaffDirectoryQueries) private readonly directory: StaffDirectoryQueries,
    @Inject(DossierQueries) private readonly dossiers: DossierQueries,
  ) {}

  async execute(message: MergeUnitWithOpenWork): Promise<UnitMergeOutcome> {
    const { unitId, data, ctx, who } = message;
    let handedOver = 0;
    let transferred = 0;
    const outcome = await this.repository.executeAcross(
      unitStream(unitId),
      async (load) => {
        const unit = await load(unitDecider, unitStream(unitId));
        const command: MergeUnit = {
          type: 'MergeUnit',
          data: { unitId, intoUnitId: data.intoUnitId, mergedOn: data.mergedOn, decisionRef: data.decisionRef },
          now: domainNow(ctx),
          actor: ctx.principal.sub,
        };
        // If-Match first (the loader), then who may act (unit.access.ts), on the state the merge is decided on.
        const actingAs = authorize(unitAccess, who, unit, command);
        const receivingUnit = await load(unitDecider, unitStream(data.intoUnitId));
        const [work, people] = await Promise.all([this.board.idsOfUnit(unitId, OPEN), this.directory.activeIdsOfUnit(unitId)]);
        const openAssignments = await Promise.all(
          work.map(async (id) => ({ assignmentId: id, state: await load(assignmentDecider, assignmentStream(id)) })),
        );
        const staff = await Promise.all(people.map(async (id) => ({ staffId: id, state: await load(staffDecider, staffStream(id)) })));
        const plan = planUnitMerge({
          command: { ...command, actingAs },
          unit,
          receivingUnit,
          openAssignments,
          receivingHolder: work.length === 0 ? null : await this.receiver(data.intoUnitId, data.receiverId),
          staff,
          recordedLater: ctx.principal.roles.includes('importer'),
        });
        handedOver = plan.assignmentEvents.length;
        transferred = plan.staffEvents.length;
        // Issue 19: open dossiers of the merged unit go to the successor with their dates and recorded delays.
        const dossierWrites: Array<{ streamId: string; events: readonly DossierEvent[] }> = [];
        for (const id of await this.dossiers.openInvolving(unitId)) {
          const state = await load(dossierDecider, dossierStream(id));
          try {
            const events = dossierDecider.decide(
              { type: 'CarryAcrossMerger', data: { fromUnitId: unitId, toUnitId: data.intoUnitId }, now: command.now, actor: command.actor, actingAs: 'manager' },
              state,
            );
            dossierWrites.push({ streamId: dossierStream(id), events });
          } catch (error) {
            if (!(error instanceof DomainError)) throw error;
          }
        }
        return [
          ...dossierWrites,
          ...plan.assignmentEvents.map((a) => ({ streamId: assignmentStream(a.assignmentId), events: a.events })),
          ...plan.staffEvents.map((s) => ({ streamId: staffStream(s.staffId), events: s.events })),
          { streamId: unitStream(unitId), events: plan.unitEvents },
        ];
      },
      ctx,
    );
    return { version: outcome.version, handedOver, transferred, position: outcome.position };
  }

  /** The named receiver (must be active staff), else the head of the receiving unit, else null. */
  private async receiver(intoUnitId: string, receiverId: string | undefined): Promise<string | null> {
    if (receiverId !== undefined) {
      if (!(await this.directory.isActive(receiverId))) {
        throw new RuleViolation('unit.merge_receiver_unknown', `${receiverId} is not an active staff member`, [
          { field: 'receiverId', message: 'is not an active staff member' },
        ]);
      }
      return receiverId;
    }
    return (await this.directory.activeHolderOf({ role: 'head', unitId: intoUnitId })) ?? null;
  }
}
