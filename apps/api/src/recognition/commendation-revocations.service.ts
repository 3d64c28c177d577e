import { Inject, Injectable } from '@nestjs/common';
import pg from 'pg';
import { commendationDecider, commendationRevocationByDecision, commendationStream } from '#domain';
import { commendationsToRevoke, type DisciplinaryFinding } from '#domain';
import { CommandExecutor } from '../commands/command-executor.js';
import type { CommandContext } from '../commands/command-context.js';
import { PG_POOL } from '../infrastructure/database.tokens.js';

/**
 * The process manager "a later finding revokes the commendations of the period it
 * covers" (Law on Emulation and Commendation 2022; Decree 98/2023, indicative).
 *
 * Chosen shape: it runs in the request that issues the decision, right after the
 * DecisionIssued event is stored, and not as a projection-like subscriber. A
 * projection must not append (it runs inside the read-model transaction and the
 * read-your-writes gate waits on it), and doing it in the request means the caller
 * sees the revocations in the same response. Each revocation is its own command on
 * the commendation stream, decided by the commendation decider on the state loaded
 * from the event store (the read model only names the candidates), with the
 * decision's correlation id and the case stream as `findingRef`. If the process
 * stops between the decision and a revocation, calling `revokeCoveredBy` again is
 * safe: a revoked commendation is skipped by `commendationsToRevoke`.
 */
@Injectable()
export class CommendationRevocations {
  constructor(
    @Inject(CommandExecutor) private readonly repository: CommandExecutor,
    @Inject(PG_POOL) private readonly pool: pg.Pool,
  ) {}

  /** Revokes every granted commendation of the subject whose period contains a proven violation date; returns their ids. */
  async revokeCoveredBy(finding: DisciplinaryFinding, ctx: CommandContext): Promise<string[]> {
    const { rows } = await this.pool.query<{ id: string }>(
      `SELECT id FROM commendations_v1 WHERE recipient_kind = 'person' AND recipient_id = $1 AND status = 'granted' ORDER BY seq`,
      [finding.subjectId],
    );
    const states = await Promise.all(rows.map(async (r) => (await this.repository.load(commendationDecider, commendationStream(r.id))).state));
    const due = commendationsToRevoke(finding, states);
    const revoked: string[] = [];
    // The case's If-Match says nothing about the commendation streams.
    const revocationCtx: CommandContext = { ...ctx, ifMatch: undefined, causationId: ctx.correlationId };
    for (const item of due) {
      await this.repository.execute({
        decider: commendationDecider,
        stream: commendationStream(item.commendationId),
        access: commendationRevocationByDecision,
        command: { type: 'RevokeCommendation', data: { reason: item.reason, findingRef: item.findingRef, revokedBy: ctx.principal.sub } },
        ctx: revocationCtx,
      });
      revoked.push(item.commendationId);
    }
    return revoked;
  }
}
