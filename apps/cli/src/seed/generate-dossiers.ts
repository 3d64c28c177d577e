import {
  addWorkingDays,
  DomainError,
  dossierDecider,
  dossierStream,
  isWorkingDay,
  procedureDecider,
  procedureStream,
  type Decider,
  type DomainEvent,
  type DossierCommand,
  type DossierState,
  type ProcedureStage,
  type ProcedureVersion,
} from '#domain';
import type { EventToAppend } from '#event-store';
import { Prng } from './prng.js';

/**
 * Demo data of issue 19: a procedures catalogue and a month of dossiers at the commune
 * one-stop centres, decided by the real deciders (so every rule holds), with the usual
 * mix: most on time, some stages late (a share run out), apologies before the due date,
 * one written supplement request, a few refusals with reasons and withdrawals, ratings.
 * A separate generator (its own seed) so the rest of the province is unchanged.
 */

export interface DossierSeedUnit {
  readonly id: string;
  readonly kind: 'province' | 'department' | 'division' | 'commune';
  readonly name: string;
  readonly members: readonly string[];
  readonly headId?: string;
  readonly activeFrom: number;
}

export interface DossierSeedOptions {
  readonly seed: string;
  readonly prefix: string;
  readonly year: number;
  /** Business time never goes past it. */
  readonly horizon: number;
  readonly units: readonly DossierSeedUnit[];
  /** Who keeps the catalogue (an hr-like actor id). */
  readonly keeper: string;
  /** Dossiers per commune centre in the month. */
  readonly perCentre?: number;
  readonly refusals: Map<string, number>;
}

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const VN = 7 * HOUR;
const iso = (ms: number) => new Date(ms).toISOString();

interface Catalogued {
  readonly version: ProcedureVersion;
  readonly weight: number;
}

class Builder<S, C, E extends DomainEvent> {
  state: S;
  readonly events: EventToAppend[] = [];
  constructor(private readonly o: { rng: Prng; prefix: string; refusals: Map<string, number>; seq: { n: number } }, private readonly decider: Decider<S, C, E>, readonly streamId: string) {
    this.state = decider.initialState();
  }

  exec(command: C & { type: string }, actor: string): boolean {
    let decided: readonly E[];
    try {
      decided = this.decider.decide(command, this.state);
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      const key = `${command.type}: ${error.code}`;
      this.o.refusals.set(key, (this.o.refusals.get(key) ?? 0) + 1);
      return false;
    }
    const correlationId = `${this.o.prefix}seed-d${(this.o.seq.n++).toString(36)}`;
    const now = (command as unknown as { now: string }).now;
    for (const e of decided) {
      this.state = this.decider.evolve(this.state, e);
      this.events.push({ id: this.o.rng.uuid(), type: e.type, data: e.data as Record<string, unknown>, metadata: { correlationId, causationId: correlationId, actor: { sub: actor, roles: ['importer'] }, occurredAt: now, source: 'seed-demo' } });
    }
    return true;
  }
}

/** The month the dossiers fall in: the last whole month of the year before the horizon (or January). */
export function dossierMonth(year: number, horizon: number): { from: number; to: number; month: number } {
  let month = 12;
  while (month > 1 && Date.UTC(year, month, 1) - VN > horizon) month -= 1;
  return { from: Date.UTC(year, month - 1, 1) - VN, to: Math.min(Date.UTC(year, month, 1) - VN, horizon), month };
}

/** The catalogue (demo: illustrative statutory times, not taken from a published procedure decision) and the month of dossiers. */
export function generateDossierStreams(o: DossierSeedOptions): { writes: { streamId: string; events: EventToAppend[] }[]; examples: { receiptCode: string | null; dossierId: string | null } } {
  const rng = new Prng(`${o.seed}/${o.prefix}/dossiers`);
  const ctx = { rng, prefix: o.prefix, refusals: o.refusals, seq: { n: 0 } };
  const communes = o.units.filter((u) => u.kind === 'commune' && u.members.length >= 3);
  const landDept = o.units.find((u) => u.kind === 'department' && /Nông nghiệp/.test(u.name)) ?? o.units.find((u) => u.kind === 'department');
  const justiceDept = o.units.find((u) => u.kind === 'department' && /Tư pháp/.test(u.name)) ?? landDept;
  if (communes.length === 0 || !landDept || !justiceDept || landDept.members.length === 0) return { writes: [], examples: { receiptCode: null, dossierId: null } };
  const centres = communes.map((c) => c.id);
  const stage = (key: string, name: string, kind: ProcedureStage['kind'], agency: string, unitIds: string[], shareDays: number): ProcedureStage => ({ key, name, kind, agency, unitIds, shareDays });
  const effectiveFrom = `${o.year}-01-01`;
  const legalBasis = 'demo: quyết định công bố thủ tục và quy trình nội bộ của tỉnh (illustrative times, not a published decision)';
  const catalogue: Catalogued[] = [
    {
      weight: 4,
      version: {
        procedureCode: `${o.prefix}1.004227`, name: 'Đăng ký biến động quyền sử dụng đất', effectiveFrom, statutoryDays: 10, legalBasis, publishedBy: o.keeper, publishedAt: '',
        stages: [
          stage('reception', 'Tiếp nhận tại Bộ phận một cửa', 'reception', 'ubnd-xa', centres, 0.5),
          stage('commune', 'UBND xã kiểm tra, xác nhận', 'processing', 'ubnd-xa', centres, 3),
          stage('land_office', 'Văn phòng đăng ký đất đai', 'processing', 'vpdkdd', [landDept.id], 6),
          stage('return', 'Trả kết quả', 'return', 'ubnd-xa', centres, 0.5),
        ],
      },
    },
    {
      weight: 5,
      version: {
        procedureCode: `${o.prefix}1.001193`, name: 'Đăng ký khai sinh', effectiveFrom, statutoryDays: 2, legalBasis, publishedBy: o.keeper, publishedAt: '',
        stages: [
          stage('reception', 'Tiếp nhận tại Bộ phận một cửa', 'reception', 'ubnd-xa', centres, 0.5),
          stage('civil_status', 'Công chức tư pháp - hộ tịch', 'processing', 'ubnd-xa', centres, 1),
          stage('return', 'Trả kết quả', 'return', 'ubnd-xa', centres, 0.5),
        ],
      },
    },
    {
      weight: 2,
      version: {
        procedureCode: `${o.prefix}2.000720`, name: 'Cấp phiếu lý lịch tư pháp', effectiveFrom, statutoryDays: 10, legalBasis, publishedBy: o.keeper, publishedAt: '',
        stages: [
          stage('reception', 'Tiếp nhận tại Bộ phận một cửa', 'reception', 'ubnd-xa', centres, 0.5),
          stage('justice', 'Sở Tư pháp tra cứu, cấp phiếu', 'processing', 'so-tu-phap', [justiceDept.id], 9),
          stage('return', 'Trả kết quả', 'return', 'ubnd-xa', centres, 0.5),
        ],
      },
    },
  ];
  const writes: { streamId: string; events: EventToAppend[] }[] = [];
  const start = Date.UTC(o.year, 0, 1) - VN + 8 * HOUR;
  for (const c of catalogue) {
    const b = new Builder(ctx, procedureDecider, procedureStream(c.version.procedureCode));
    const { publishedBy: _p, publishedAt: _a, ...data } = c.version;
    b.exec({ type: 'PublishProcedureVersion', data, now: iso(Math.min(start, o.horizon)), actor: o.keeper, actingAs: 'catalogue_keeper' }, o.keeper);
    writes.push({ streamId: b.streamId, events: b.events });
  }

  const { from, to, month } = dossierMonth(o.year, o.horizon);
  const workingStarts: number[] = [];
  for (let d = from; d < to; d += DAY) if (isWorkingDay(new Date(d + VN).toISOString().slice(0, 10))) workingStarts.push(d + 8 * HOUR);
  if (workingStarts.length === 0) return { writes, examples: { receiptCode: null, dossierId: null } };
  let example: { receiptCode: string; dossierId: string } | null = null;
  let n = 0;
  for (const centre of communes) {
    const centreStaff = centre.members.filter((m) => m !== centre.headId);
    for (let i = 0; i < (o.perCentre ?? 12); i++) {
      const proc = rng.weighted(Object.fromEntries(catalogue.map((c, k) => [String(k), c.weight])) as Record<string, number>);
      const version = catalogue[Number(proc)]!.version;
      const receivedAt = rng.pick(workingStarts) + rng.int(0, 7) * HOUR + rng.int(0, 59) * 60_000;
      if (receivedAt > o.horizon) continue;
      n += 1;
      const dossierId = `${o.prefix}hs-${String(month).padStart(2, '0')}-${String(n).padStart(5, '0')}`;
      const receiptCode = `${o.prefix.toUpperCase()}${centre.id.slice(o.prefix.length, o.prefix.length + 12).toUpperCase()}-${String(n).padStart(5, '0')}`;
      const b = new Builder(ctx, dossierDecider, dossierStream(dossierId));
      const receptionist = rng.pick(centreStaff.length ? centreStaff : centre.members);
      const run = (type: DossierCommand['type'], data: unknown, at: number, actor: string, actingAs: string) =>
        at <= o.horizon && b.exec({ type, data, now: iso(at), actor, actingAs } as DossierCommand, actor);
      if (!run('ReceiveDossier', { dossierId, receiptCode, procedure: version, centreUnitId: centre.id, applicantRef: rng.uuid(), documents: ['Đơn/tờ khai', 'Giấy tờ kèm theo'] }, receivedAt, receptionist, 'centre_staff')) continue;
      example ??= { receiptCode, dossierId };
      let at = receivedAt;
      let holder = receptionist;
      const late = rng.chance(0.12);
      const lateStage = late ? rng.int(1, version.stages.length - 2) : -1;
      let done = true;
      for (let k = 1; k < version.stages.length; k++) {
        const prev = version.stages[k - 1]!;
        const next = version.stages[k]!;
        // Time the previous stage takes: most well inside the share, the late one past it.
        const fraction = k - 1 === lateStage ? 1.1 + rng.next() * 0.6 : 0.2 + rng.next() * 0.7;
        let endAt = Date.parse(addWorkingDays(iso(at), prev.shareDays * fraction));
        if (k === 2 && rng.chance(0.08)) {
          // One written request naming everything missing, answered two working days later: the stage's clock stops meanwhile.
          const askAt = at + HOUR;
          if (askAt < endAt && run('RequestSupplement', { items: [{ document: 'Bản sao giấy tờ tùy thân', note: 'Chưa có' }] }, askAt, holder, 'holder')) {
            run('RecordSupplement', { documents: ['Bản sao giấy tờ tùy thân'] }, Date.parse(addWorkingDays(iso(askAt), 2)), receptionist, 'centre_staff');
            endAt = Date.parse(addWorkingDays(iso(endAt), 2));
          }
        }
        if (k - 1 === lateStage && rng.chance(0.7)) {
          // The late unit apologises before the dossier's due date passes.
          const s = b.state as Exclude<DossierState, { status: 'none' }>;
          const apologyAt = Math.min(endAt - HOUR, Date.parse(s.appointmentAt) - 2 * HOUR);
          if (apologyAt > at) run('IssueDossierApology', { reason: 'Cần xác minh thêm thông tin', newAppointmentAt: addWorkingDays(s.appointmentAt, 3) }, apologyAt, holder, 'holder');
        }
        if (k === version.stages.length - 1 && rng.chance(0.03)) {
          run('ReturnDossierWithReasons', { reasons: ['Hồ sơ không đủ điều kiện giải quyết theo quy định'] }, endAt, holder, 'holder');
          done = false;
          break;
        }
        const unitId = next.kind === 'return' ? centre.id : next.unitIds.includes(centre.id) ? centre.id : next.unitIds[0]!;
        const unit = o.units.find((u) => u.id === unitId)!;
        const to = next.kind === 'return' ? receptionist : rng.pick(unit.members.filter((m) => m !== unit.headId).length ? unit.members.filter((m) => m !== unit.headId) : unit.members);
        if (!run('HandOverDossier', { toStage: next.key, toUnitId: unitId, to }, endAt, holder, 'holder')) {
          done = false;
          break;
        }
        at = endAt;
        holder = to;
      }
      if (done && b.state.status === 'result_ready') {
        const deliveredAt = at + rng.int(1, 40) * HOUR;
        if (run('DeliverResult', {}, deliveredAt, receptionist, 'centre_staff') && rng.chance(0.4)) {
          const s = b.state as Exclude<DossierState, { status: 'none' }>;
          const score = lateStage >= 0 ? rng.int(2, 4) : rng.int(4, 5);
          run('RecordFeedback', { applicantRef: s.applicantRef, ratings: [{ criterion: 'civil_servant', score }, { criterion: 'result', score }], textDigest: null, complaint: false }, deliveredAt + HOUR, receptionist, 'centre_staff');
        }
      } else if (b.state.status === 'in_progress' && rng.chance(0.02)) {
        run('WithdrawDossier', { reason: 'Đơn xin rút hồ sơ' }, at + 2 * HOUR, receptionist, 'centre_staff');
      }
      writes.push({ streamId: b.streamId, events: b.events });
    }
  }
  return { writes, examples: example ?? { receiptCode: null, dossierId: null } };
}
