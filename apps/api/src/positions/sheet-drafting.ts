import { periodBounds, POSITIONS_RULES, ruleError, scoreSheetAccess, scoreSheetDecider, scoreSheetStream, type Actor, type DraftScoreSheet, type ProductInForce } from '#domain';
import type { PositionQueries, ScoreSheetQueries } from '#read-models';
import type { CommandContext } from '../commands/command-context.js';
import type { CommandExecutor, CommandInput } from '../commands/command-executor.js';
import { lastDayOf, periodInstants, periodKind, sheetItems, sheetScoring } from './sheet-inputs.js';

/** People drafted per round (one work scan, one bulk append of their new sheets). */
const BATCH = 2000;

export interface DraftOutcome {
  period: string;
  drafted: number;
  unchanged: number;
  confirmedAlready: string[];
}

/**
 * Drafts the period's sheet of everyone whose main position is in a unit subtree: one
 * scan of the work record for all of them, the objective causes inspection findings
 * confirmed for those items, one catalogue read per position, then the
 * new sheets in bulk (`executeNew`: the access policy and the decider per sheet,
 * appended many streams per transaction) and the existing drafts one by one
 * (`execute`: loaded, re-decided, unchanged ones append nothing).
 */
export async function draftSheets(
  deps: { readonly positions: PositionQueries; readonly sheets: ScoreSheetQueries; readonly executor: CommandExecutor },
  q: { readonly unitId: string; readonly period: string },
  ctx: CommandContext,
  who: Actor,
): Promise<DraftOutcome> {
  const kind = periodKind();
  if (q.period.includes('Q') !== (kind === 'quarter')) {
    throw ruleError(POSITIONS_RULES.periodKind, `The policy scores ${kind === 'quarter' ? 'quarterly (YYYY-Qn)' : 'monthly (YYYY-MM)'}`, [{ field: 'period', message: `must be a ${kind}` }]);
  }
  // Everyone with a main position in the subtree at some time in the period (an appointment ended mid-period included).
  const staff = await deps.positions.mainPositionsIn(q.unitId, lastDayOf(q.period), periodBounds(q.period)!.from);
  const { from, until } = periodInstants(q.period);
  const scoring = sheetScoring();
  const cache = new Map<string, Map<string, ProductInForce>>();
  const out: DraftOutcome = { period: q.period, drafted: 0, unchanged: 0, confirmedAlready: [] };
  const bulk = { ...ctx, ifMatch: undefined, idempotencyKey: undefined };
  const settle = (stream: string, appended: number, error?: unknown) => {
    if (error === undefined) {
      if (appended > 0) out.drafted++;
      else out.unchanged++;
      return;
    }
    const code = (error as { code?: string }).code;
    if (code !== POSITIONS_RULES.alreadyConfirmed.code && code !== POSITIONS_RULES.published.code) throw error;
    out.confirmedAlready.push(stream.slice('scoresheet-'.length, -(q.period.length + 1)));
  };
  // A batch of people at a time: the memory held is one batch's work rows and events
  // (a whole province at once held ~40 KB per person: 2 GB for 50,000; bench/README.md).
  for (let at = 0; at < staff.length; at += BATCH) {
    const batch = staff.slice(at, at + BATCH);
    const ids = batch.map((s) => s.staffId);
    const [work, existing] = await Promise.all([deps.sheets.workDueOf(ids, from, until), deps.sheets.withSheet(ids, q.period)]);
    const causes = await deps.sheets.objectiveCauses([...work.values()].flat().map((w) => w.assignmentId));
    const fresh: Array<{ stream: string; command: CommandInput<DraftScoreSheet> }> = [];
    const known: typeof fresh = [];
    for (const s of batch) {
      const items = await sheetItems(deps.positions, work.get(s.staffId) ?? [], q.period, cache);
      const command: CommandInput<DraftScoreSheet> = {
        type: 'DraftScoreSheet',
        data: {
          staffId: s.staffId, period: q.period, unitId: s.unitId, positionId: s.positionId, taskGroup: s.taskGroup, items, scoring,
          objectiveCauses: items.flatMap((i) => causes.get(i.assignmentId) ?? []),
        },
      };
      (existing.has(s.staffId) ? known : fresh).push({ stream: scoreSheetStream(s.staffId, q.period), command });
    }
    for (const r of await deps.executor.executeNew(scoreSheetDecider, scoreSheetAccess, fresh, bulk, who)) settle(r.stream, r.appended, r.error);
    for (const k of known) {
      try {
        const outcome = await deps.executor.execute({ decider: scoreSheetDecider, stream: k.stream, access: scoreSheetAccess, command: k.command, ctx: bulk, who });
        settle(k.stream, outcome.events.length);
      } catch (error) {
        settle(k.stream, 0, error);
      }
    }
  }
  return out;
}
