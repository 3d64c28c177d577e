import { NATIONAL_POLICIES, selectPolicy } from '#classification';
import { createHash } from 'node:crypto';
import {
  assignmentDecider,
  assignmentStream,
  caseDecider,
  councilComposition,
  selfReviewRequired,
  caseStream,
  commendationDecider,
  commendationStream,
  consultationDecider,
  consultationStream,
  cycleDecider,
  cycleStream,
  DomainError,
  staffDecider,
  staffStream,
  unitDecider,
  unitStream,
  catalogueDecider,
  catalogueStream,
  monthOf,
  periodEndInstant,
  positionDecider,
  positionStream,
  scoreSheetDecider,
  scoreSheetStream,
  catalogueVersionInForce,
  type AssignmentProductInput,
  type CatalogueVersion,
  type SheetItem,
  type AssignmentCommand,
  type AssignmentKind,
  type CompletionQuality,
  type ConsultationPosition,
  type CyclePolicyChoice,
  type Decider,
  type DomainEvent,
  type EvaluationCategory,
  type LeaveKind,
  type StaffCategory,
} from '#domain';
import type { EventToAppend } from '#event-store';
import {
  COMMUNE_POSITIONS,
  COMMUNES,
  DEPARTMENT_POSITIONS,
  DEPARTMENTS,
  DOCUMENT_TITLES,
  DOSSIER_TITLES,
  FAMILY_NAMES,
  GIVEN_NAMES_FEMALE,
  GIVEN_NAMES_MALE,
  MIDDLE_NAMES_FEMALE,
  MIDDLE_NAMES_MALE,
  PROVINCE_NAME,
  slug,
  TASK_TITLES,
} from './names.js';
import { Prng } from './prng.js';
import { COMMUNE_SET, DEPARTMENT_SET, itemsFromEvents, ONE_STOP_SET, productFor, type SeedPosition } from './positions.js';
import { sheetScoring } from '../../../api/src/positions/sheet-inputs.js';
import { generateDossierStreams } from './generate-dossiers.js';

/**
 * Generates a year of a demo province as domain events. Every event comes out of the
 * real decider for its aggregate (decide on the folded state, then evolve), with the
 * business time as the domain's `now` and as `occurredAt` in the metadata, the way
 * the importer role records historical facts. Nothing here touches a database.
 */

export interface GenerateOptions {
  readonly staff: number;
  readonly year: number;
  readonly seed: string;
  /** Share of staff with an avoidance habit (avoid, push work back, consult within own authority, late). */
  readonly avoiderShare: number;
  /** Average assignments per staff member over a full year. */
  readonly assignmentsPerStaff: number;
  /** Id prefix of everything generated (`demo-` by default; another one for a forced second province). */
  readonly prefix: string;
  /** Business time never goes past this instant (the wall clock when seeding the current year). */
  readonly horizon: number;
}

export type Habit = 'diligent' | 'normal' | 'avoider' | 'pusher' | 'consulter' | 'late';

export interface DemoUnit {
  readonly id: string;
  readonly name: string;
  readonly parentId: string | null;
  readonly kind: 'province' | 'department' | 'division' | 'commune';
  /** Business time from which the unit works (communes: the reform date 2025-07-01). */
  readonly activeFrom: number;
  readonly members: string[];
  headId?: string;
  deputyId?: string;
}

export interface DemoStaff {
  readonly id: string;
  readonly fullName: string;
  readonly female: boolean;
  readonly category: StaffCategory;
  readonly unitId: string;
  readonly habit: Habit;
  readonly joinedOn: string;
  leave?: { from: number; to: number };
}

/** One stream to append, with its events in order. */
export interface StreamWrite {
  readonly streamId: string;
  readonly events: EventToAppend[];
}

export interface GeneratedProvince {
  readonly units: DemoUnit[];
  readonly staff: DemoStaff[];
  /** Phases in write order: later phases may refer to earlier streams (evidence, heads). */
  readonly phases: { readonly name: string; readonly writes: StreamWrite[] }[];
  /** Commands the deciders refused (the step is then skipped), by `command type: rule code`. */
  readonly refusals: Record<string, number>;
  readonly examples: {
    readonly staffId: string;
    readonly avoiderId: string;
    readonly headId: string;
    readonly pingPongAssignmentId: string;
    readonly assignmentId: string;
    readonly unitId: string;
    readonly cycleId: string;
    readonly caseId: string | null;
    /** A dossier of the demo month (issue 19), for the public lookup. */
    readonly dossierReceiptCode?: string | null;
  };
}

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
/** Vietnam is UTC+7 all year. */
const VN = 7 * HOUR;
const REFORM_2025 = Date.UTC(2025, 6, 1) - VN;

const HABIT_ON_TIME: Record<Habit, number> = { diligent: 0.98, normal: 0.9, avoider: 0.6, pusher: 0.78, consulter: 0.85, late: 0.5 };

const iso = (ms: number): string => new Date(ms).toISOString();
const vnDate = (ms: number): string => new Date(ms + VN).toISOString().slice(0, 10);

/**
 * The capacity in which the seed issues each command type (the one the aggregate's
 * access policy grants the person the seed acts as). Commands not listed act as
 * themselves (the holder, the requester...) or name `actingAs` where they are built.
 */
const SEED_CAPACITIES: Readonly<Record<string, string>> = {
  EstablishUnit: 'hr',
  RenameUnit: 'hr',
  RegisterStaff: 'hr',
  TransferStaff: 'hr',
  AppointLeadership: 'hr',
  EndLeadership: 'hr',
  RecordLeave: 'hr',
  RecordDeparture: 'hr',
  // The consulted unit's member answers; flags are raised by an overseer (inspector or unit head in scope).
  AnswerConsultation: 'consulted_unit',
  FlagConsultation: 'overseer',
  GrantCommendation: 'hr',
  RevokeCommendation: 'hr',
  OpenCase: 'hr',
  ConveneCouncil: 'hr',
  RecordStatement: 'hr',
  AttachEvidence: 'hr',
  ExtendProcessingPeriod: 'hr',
  RecordCouncilVote: 'hr',
  IssueDecision: 'hr',
  DismissCase: 'hr',
  ResolveAppeal: 'hr',
  OpenCycle: 'hr',
  CloseCycle: 'hr',
  ScoreGeneralCriteria: 'assessor',
  ProposeClassification: 'hr',
  DecideClassification: 'hr',
  ReviseClassification: 'hr',
  EstablishPosition: 'hr',
  AppointStaff: 'hr',
  PublishCatalogueVersion: 'hr',
  DraftScoreSheet: 'manager',
  SelfAssessScoreSheet: 'self',
  ConfirmScoreSheet: 'manager',
  PublishScoreSheet: 'manager',
};

/** Generates the whole province; deterministic for a given seed and options. */
export function generateProvince(options: GenerateOptions): GeneratedProvince {
  const rng = new Prng(`${options.seed}/${options.prefix}`);
  const gen = new Generator(rng, options);
  return gen.run();
}

class StreamBuilder<S, C, E extends DomainEvent> {
  state: S;
  readonly events: EventToAppend[] = [];

  constructor(
    private readonly g: Generator,
    private readonly decider: Decider<S, C, E>,
    readonly streamId: string,
  ) {
    this.state = decider.initialState();
  }

  /** Decides a command on the folded state and records its events; false (and nothing recorded) when a rule refuses it. */
  exec(build: (now: string) => C, at: number, actor: string): boolean {
    const now = iso(at);
    const built = build(now) as C & { type: string; actingAs?: string };
    // The seed plays every role: each command carries the capacity its access policy would grant.
    const capacity = built.actingAs ?? SEED_CAPACITIES[built.type];
    const command = (capacity === undefined ? built : { ...built, actingAs: capacity }) as C;
    let decided: readonly E[];
    try {
      decided = this.decider.decide(command, this.state);
    } catch (error) {
      if (error instanceof DomainError) {
        const type = (command as { type?: string }).type ?? '?';
        const key = `${type}: ${error.code}`;
        this.g.refusals.set(key, (this.g.refusals.get(key) ?? 0) + 1);
        return false;
      }
      throw error;
    }
    const correlationId = this.g.correlationId();
    for (const e of decided) {
      this.state = this.decider.evolve(this.state, e);
      this.events.push({
        id: this.g.rng.uuid(),
        type: e.type,
        data: e.data as Record<string, unknown>,
        metadata: { correlationId, causationId: correlationId, actor: { sub: actor, roles: ['importer'] }, occurredAt: now, source: 'seed-demo' },
      });
    }
    return true;
  }

  get revision(): number {
    return this.events.length - 1;
  }

  write(): StreamWrite {
    return { streamId: this.streamId, events: this.events };
  }
}

class Generator {
  /** Commands the deciders refused, by `type: code` (the generated step is then skipped). */
  readonly refusals = new Map<string, number>();
  private correlation = 0;
  private readonly units: DemoUnit[] = [];
  private readonly staff: DemoStaff[] = [];
  private readonly staffById = new Map<string, DemoStaff>();
  private readonly unitById = new Map<string, DemoUnit>();
  private readonly yearStart: number;
  private readonly yearEnd: number;
  private readonly p: string;
  /** Evidence for disciplinary cases: late completions and ping-pong handoffs per person. */
  private readonly evidence = new Map<string, { streamId: string; revision: number; at: number; what: string }[]>();
  private examplePingPong = '';
  /** Issue 14: each appointed person's main position, and the catalogue versions per position. */
  private readonly mainPosition = new Map<string, { positionId: string; from: number }>();
  private readonly catalogues = new Map<string, CatalogueVersion[]>();
  private exampleAssignment = '';

  constructor(
    readonly rng: Prng,
    private readonly o: GenerateOptions,
  ) {
    this.yearStart = Date.UTC(o.year, 0, 1) - VN;
    this.yearEnd = Math.min(Date.UTC(o.year + 1, 0, 1) - VN - HOUR, o.horizon);
    this.p = o.prefix;
  }

  correlationId(): string {
    return `${this.p}seed-${(this.correlation++).toString(36)}`;
  }

  run(): GeneratedProvince {
    this.buildOrganisation();
    const unitWrites = this.unitStreams();
    const staffBuilders = this.staffStreams();
    const positions = this.positionStreams();
    const assignments = this.assignmentStreams();
    const sheets = this.scoreSheetStreams(assignments);
    const consultations = this.consultationStreams();
    const cases = this.caseStreams();
    const commendations = this.commendationStreams(new Set(cases.subjects));
    const cycle = this.cycleStream();
    const avoider = this.staff.find((s) => s.habit === 'avoider' || s.habit === 'pusher') ?? this.staff[0]!;
    const someone = this.staff.find((s) => s.habit === 'normal' && this.unitById.get(s.unitId)!.headId !== s.id) ?? this.staff[0]!;
    const dept = this.units.find((u) => u.kind === 'department')!;
    // Issue 19: the procedures catalogue and a month of dossiers at the commune centres (own generator and seed).
    const dossiers = generateDossierStreams({ seed: this.o.seed, prefix: this.p, year: this.o.year, horizon: this.o.horizon, units: this.units, keeper: `${this.p}so-noi-vu-import`, refusals: this.refusals });
    return {
      units: this.units,
      staff: this.staff,
      phases: [
        { name: 'units', writes: unitWrites },
        { name: 'staff', writes: staffBuilders.map((b) => b.write()) },
        { name: 'positions', writes: positions },
        { name: 'assignments', writes: assignments },
        { name: 'score-sheets', writes: sheets },
        { name: 'consultations', writes: consultations },
        { name: 'discipline', writes: cases.writes },
        { name: 'commendations', writes: commendations },
        { name: 'evaluation', writes: [cycle.write] },
        { name: 'dossiers', writes: dossiers.writes },
      ],
      refusals: Object.fromEntries(this.refusals),
      examples: {
        staffId: someone.id,
        avoiderId: avoider.id,
        headId: dept.headId!,
        pingPongAssignmentId: this.examplePingPong || this.exampleAssignment,
        assignmentId: this.exampleAssignment,
        unitId: dept.id,
        cycleId: cycle.id,
        caseId: cases.firstCaseId,
        dossierReceiptCode: dossiers.examples.receiptCode,
      },
    };
  }

  // ---------------------------------------------------------------- organisation

  private buildOrganisation(): void {
    const n = this.o.staff;
    const deptCount = Math.min(DEPARTMENTS.length, Math.max(3, Math.round(n / 120)));
    const communeCount = Math.min(COMMUNES.length, Math.max(2, Math.round(n / 45)));
    const withDivisions = n >= 300;
    const before = Date.UTC(2024, 0, 1) - VN;
    const province = this.addUnit(`${this.p}tinh`, PROVINCE_NAME, null, 'province', before);
    const departments: DemoUnit[] = [];
    for (const d of DEPARTMENTS.slice(0, deptCount)) {
      const dept = this.addUnit(`${this.p}${slug(d.name)}`, d.name, province.id, 'department', before);
      departments.push(dept);
      if (withDivisions) for (const div of d.divisions) this.addUnit(`${dept.id}.${slug(div)}`, `${div} - ${d.name}`, dept.id, 'division', before);
    }
    for (const c of COMMUNES.slice(0, communeCount)) this.addUnit(`${this.p}${slug(c)}`, `Ủy ban nhân dân ${c}`, province.id, 'commune', REFORM_2025);

    // Staff: a few provincial leaders, ~60 % in departments (and their divisions), the rest in communes.
    const leaders = Math.min(4, Math.max(2, Math.round(n / 500)));
    const workUnits = this.units.filter((u) => u.kind !== 'province');
    const deptUnits = workUnits.filter((u) => u.kind !== 'commune');
    const communes = workUnits.filter((u) => u.kind === 'commune');
    for (let i = 0; i < n; i++) {
      let unit: DemoUnit;
      if (i < leaders) unit = province;
      else if (i < leaders + workUnits.length) unit = workUnits[i - leaders]!; // everyone gets at least a head
      else unit = this.rng.chance(0.6) ? this.rng.pick(deptUnits) : this.rng.pick(communes);
      this.addStaff(i, unit);
    }
    // Heads and deputies (never workers on labour contracts, who hold no leadership posts).
    for (const u of this.units) {
      const eligible = u.members.filter((id) => this.staffById.get(id)!.category !== 'worker' && this.staffById.get(id)!.habit !== 'avoider');
      if (eligible.length === 0) continue;
      u.headId = eligible[0];
      if (u.members.length >= 8 && eligible.length > 1) u.deputyId = eligible[1];
    }
  }

  private addUnit(id: string, name: string, parentId: string | null, kind: DemoUnit['kind'], activeFrom: number): DemoUnit {
    const unit: DemoUnit = { id, name, parentId, kind, activeFrom, members: [] };
    this.units.push(unit);
    this.unitById.set(id, unit);
    return unit;
  }

  private addStaff(i: number, unit: DemoUnit): void {
    const female = this.rng.chance(0.52);
    const family = this.rng.weighted(Object.fromEntries(FAMILY_NAMES) as Record<string, number>);
    const middle = this.rng.pick(female ? MIDDLE_NAMES_FEMALE : MIDDLE_NAMES_MALE);
    const given = this.rng.pick(female ? GIVEN_NAMES_FEMALE : GIVEN_NAMES_MALE);
    const category: StaffCategory =
      unit.kind === 'commune'
        ? this.rng.weighted({ cadre: 22, civil_servant: 66, public_employee: 4, worker: 8 })
        : unit.kind === 'province'
          ? 'cadre'
          : this.rng.weighted({ civil_servant: 78, public_employee: 14, worker: 8, cadre: 0 });
    const avoid = this.o.avoiderShare;
    const habit: Habit = this.rng.weighted({
      diligent: 0.18,
      normal: Math.max(0, 0.82 - avoid - 0.05),
      late: 0.05,
      avoider: avoid * 0.4,
      pusher: avoid * 0.35,
      consulter: avoid * 0.25,
    });
    const joinedYear = this.rng.chance(0.03) ? this.o.year : this.rng.int(1992, this.o.year - 1);
    const joinedOn = joinedYear === this.o.year ? vnDate(this.yearStart + this.rng.int(20, 200) * DAY) : `${joinedYear}-${pad(this.rng.int(1, 12))}-${pad(this.rng.int(1, 28))}`;
    const s: DemoStaff = { id: `${this.p}cb-${pad(i + 1, 5)}`, fullName: `${family} ${middle} ${given}`, female, category, unitId: unit.id, habit, joinedOn };
    this.staff.push(s);
    this.staffById.set(s.id, s);
    unit.members.push(s.id);
  }

  /** When this person can be given work: joined, unit active, not on leave. */
  private available(s: DemoStaff, at: number): boolean {
    if (at < this.unitById.get(s.unitId)!.activeFrom) return false;
    if (vnDate(at) < s.joinedOn) return false;
    return !(s.leave && at >= s.leave.from && at <= s.leave.to + DAY);
  }

  // ---------------------------------------------------------------- units and staff

  private unitStreams(): StreamWrite[] {
    return this.units.map((u) => {
      const b = new StreamBuilder(this, unitDecider, unitStream(u.id));
      const establishedOn = u.kind === 'commune' ? '2025-07-01' : '2008-04-04';
      const at = Math.max(this.yearStart, u.activeFrom) - 6 * HOUR;
      b.exec((now) => ({ type: 'EstablishUnit', data: { unitId: u.id, name: u.name, parentUnitId: u.parentId, establishedOn }, now, actor: this.hrSub() }), at, this.hrSub());
      return b.write();
    });
  }

  private hrSub(): string {
    return `${this.p}so-noi-vu-import`;
  }

  private staffStreams(): StreamBuilder<unknown, unknown, DomainEvent>[] {
    const builders: StreamBuilder<unknown, unknown, DomainEvent>[] = [];
    for (const s of this.staff) {
      const unit = this.unitById.get(s.unitId)!;
      const b = new StreamBuilder(this, staffDecider, staffStream(s.id));
      const registeredAt = Math.max(this.yearStart, unit.activeFrom, Date.parse(`${s.joinedOn}T00:00:00+07:00`)) - 5 * HOUR;
      const positions = unit.kind === 'commune' ? COMMUNE_POSITIONS : DEPARTMENT_POSITIONS;
      const isHead = unit.headId === s.id;
      const isDeputy = unit.deputyId === s.id;
      const jobPosition = isHead
        ? unit.kind === 'commune' ? 'Chủ tịch Ủy ban nhân dân' : unit.kind === 'province' ? 'Chủ tịch Ủy ban nhân dân tỉnh' : unit.kind === 'division' ? 'Trưởng phòng' : 'Giám đốc Sở'
        : isDeputy
          ? unit.kind === 'commune' ? 'Phó Chủ tịch Ủy ban nhân dân' : unit.kind === 'division' ? 'Phó Trưởng phòng' : 'Phó Giám đốc'
          : unit.kind === 'province' ? 'Phó Chủ tịch Ủy ban nhân dân tỉnh' : this.rng.pick(positions);
      b.exec(
        (now) => ({
          type: 'RegisterStaff',
          data: { staffId: s.id, personnelCode: `TA${pad(this.staff.indexOf(s) + 1, 6)}`, fullName: s.fullName, category: s.category, unitId: s.unitId, jobPosition, joinedOn: s.joinedOn, unit: { status: 'active' } },
          now,
          actor: this.hrSub(),
        }),
        registeredAt,
        this.hrSub(),
      );
      if (isHead || isDeputy) {
        const appointed = unit.kind === 'commune' ? '2025-07-01' : `${this.o.year - this.rng.int(1, 4)}-0${this.rng.int(1, 9)}-15`;
        // Never before joining (the decider refuses that): a recent joiner is appointed on the day they join.
        const effectiveOn = appointed < s.joinedOn ? s.joinedOn : appointed;
        b.exec(
          (now) => ({
            type: 'AppointLeadership',
            data: { staffId: s.id, role: isHead ? 'head' : 'deputy', unitId: s.unitId, effectiveOn, decisionRef: `${this.rng.int(10, 999)}/QĐ-UBND` },
            now,
            actor: this.hrSub(),
          }),
          registeredAt + HOUR,
          this.hrSub(),
        );
      }
      // Leaves: some sick leave, some study, maternity for a few.
      const roll = this.rng.next();
      const kind: LeaveKind | null = roll < 0.05 ? 'sick' : roll < 0.065 ? 'study' : roll < 0.085 && s.female ? 'maternity' : roll < 0.09 ? 'other' : null;
      if (kind) {
        const days = kind === 'maternity' ? 180 : kind === 'study' ? this.rng.int(20, 60) : this.rng.int(2, 12);
        const start = Math.max(registeredAt + 2 * DAY, this.yearStart + this.rng.int(0, 330) * DAY);
        const end = start + (days - 1) * DAY;
        if (end < this.yearEnd) {
          const from = vnDate(start);
          const to = vnDate(end);
          if (b.exec((now) => ({ type: 'RecordLeave', data: { staffId: s.id, kind, from, to, note: null }, now, actor: this.hrSub() }), Math.min(start, this.yearEnd), this.hrSub())) {
            s.leave = { from: start, to: end };
          }
        }
      }
      builders.push(b as unknown as StreamBuilder<unknown, unknown, DomainEvent>);
    }
    return builders;
  }

  // ---------------------------------------------------------------- work

  /** Who gives work to this person and reviews it: the unit head, or the head of the unit above for a head. */
  private managerOf(s: DemoStaff): string | null {
    const unit = this.unitById.get(s.unitId)!;
    if (unit.headId && unit.headId !== s.id) return unit.headId;
    let parent = unit.parentId ? this.unitById.get(unit.parentId) : undefined;
    while (parent) {
      if (parent.headId && parent.headId !== s.id) return parent.headId;
      parent = parent.parentId ? this.unitById.get(parent.parentId) : undefined;
    }
    // The provincial chair: work comes from a vice-chair only in the sense of routing, so none.
    return null;
  }

  private colleagueOf(s: DemoStaff, exclude: readonly string[] = []): string | null {
    const members = this.unitById.get(s.unitId)!.members.filter((m) => m !== s.id && !exclude.includes(m));
    return members.length ? this.rng.pick(members) : null;
  }

  private workTime(at: number): number {
    // Move to a working day (Mon-Fri, Vietnam), between 08:00 and 17:00.
    let t = at;
    for (;;) {
      const local = new Date(t + VN);
      const dow = local.getUTCDay();
      if (dow === 0 || dow === 6) {
        t = Date.UTC(local.getUTCFullYear(), local.getUTCMonth(), local.getUTCDate() + (dow === 6 ? 2 : 1), 8) - VN;
        continue;
      }
      const hour = local.getUTCHours();
      if (hour < 8) return Date.UTC(local.getUTCFullYear(), local.getUTCMonth(), local.getUTCDate(), 8, this.rng.int(0, 59)) - VN;
      if (hour >= 17) {
        t = Date.UTC(local.getUTCFullYear(), local.getUTCMonth(), local.getUTCDate() + 1, 8, this.rng.int(0, 59)) - VN;
        continue;
      }
      return t;
    }
  }

  private later(at: number, minHours: number, maxHours: number): number {
    return this.workTime(at + this.rng.int(Math.round(minHours * 60), Math.round(maxHours * 60)) * 60_000);
  }

  private assignmentStreams(): StreamWrite[] {
    const writes: StreamWrite[] = [];
    let serial = 0;
    for (const s of this.staff) {
      const manager = this.managerOf(s);
      if (!manager) continue;
      const unit = this.unitById.get(s.unitId)!;
      const from = Math.max(this.yearStart, unit.activeFrom, Date.parse(`${s.joinedOn}T08:00:00+07:00`));
      const share = Math.max(0, (this.yearEnd - from) / (365 * DAY));
      const count = Math.round(this.o.assignmentsPerStaff * share * (0.6 + this.rng.next() * 0.8));
      for (let k = 0; k < count; k++) {
        const issuedAt = this.workTime(from + this.rng.next() * (this.yearEnd - from - DAY));
        if (issuedAt >= this.yearEnd || !this.available(s, issuedAt)) continue;
        const id = `${this.p}cv-${(++serial).toString().padStart(7, '0')}`;
        writes.push(this.simulateAssignment(id, s, manager, unit, issuedAt));
      }
    }
    return writes;
  }

  private simulateAssignment(id: string, s: DemoStaff, manager: string, unit: DemoUnit, issuedAt: number): StreamWrite {
    const rng = this.rng;
    const b = new StreamBuilder(this, assignmentDecider, assignmentStream(id));
    const act = (build: (now: string) => AssignmentCommand, at: number, actor: string): boolean => (at <= this.yearEnd ? b.exec(build, at, actor) : false);
    const kind: AssignmentKind =
      unit.kind === 'commune' ? rng.weighted({ dossier: 55, task: 30, document: 15 }) : rng.weighted({ task: 55, dossier: 20, document: 25 });
    const workDays = kind === 'dossier' ? rng.int(3, 15) : kind === 'document' ? rng.int(3, 10) : rng.int(5, 25);
    const dueAt = this.workTime(issuedAt + workDays * 1.4 * DAY);
    const title = rng.pick(kind === 'dossier' ? DOSSIER_TITLES : kind === 'document' ? DOCUMENT_TITLES : TASK_TITLES);
    act(
      (now) => ({
        type: 'IssueAssignment',
        data: {
          assignmentId: id,
          kind,
          unitId: s.unitId,
          assignee: s.id,
          title,
          description: `${title} (${unit.name})`,
          deliverable: kind === 'dossier' ? 'Kết quả giải quyết thủ tục hành chính trả cho người dân' : 'Báo cáo / văn bản trình lãnh đạo',
          successCriteria: kind === 'dossier' ? 'Đúng quy trình, đúng hạn theo quy định của thủ tục' : 'Đầy đủ nội dung, đúng thể thức, được lãnh đạo thông qua',
          assignedBy: manager,
          authorityBasis: kind === 'dossier' ? 'Bộ thủ tục hành chính đã công bố; Nghị định 61/2018/NĐ-CP' : 'Quy chế làm việc của cơ quan; phân công của lãnh đạo',
          dueAt: iso(dueAt),
          responsible: null,
          // The demo seeds no mergers: every unit is active.
          unit: { status: 'active' },
          product: this.productOf(s.id, issuedAt),
        },
        now,
        actor: manager,
        actingAs: 'manager',
      }),
      issuedAt,
      manager,
    );
    if (!this.exampleAssignment) this.exampleAssignment = id;
    let t = issuedAt;
    const state = () => b.state as Extract<typeof b.state, { holder: string }>;
    const holder = () => state().holder;
    const habitOf = (who: string): Habit => this.staffById.get(who)?.habit ?? 'normal';

    // Declines: the work goes back to the manager, who routes it again.
    if (rng.chance(s.habit === 'avoider' ? 0.15 : s.habit === 'pusher' ? 0.08 : 0.01)) {
      t = this.later(t, 1, 8);
      if (act((now) => ({ type: 'DeclineAssignment', data: { assignmentId: id, reason: 'Không thuộc chức năng, nhiệm vụ được giao' }, now, actor: s.id }), t, s.id)) {
        t = this.later(t, 2, 24);
        const to = rng.chance(0.5) ? s.id : (this.colleagueOf(s, [manager]) ?? s.id);
        act((now) => ({ type: 'HandOffAssignment', data: { assignmentId: id, to, reason: 'reassignment', justification: 'Lãnh đạo phân công lại, đúng chức năng của vị trí việc làm' }, now, actor: manager, actingAs: 'manager' }), t, manager);
      }
    }
    // Pushing work sideways (outside_authority), often sent straight back: ping-pong.
    const pushes = habitOf(holder()) === 'avoider' ? 0.3 : habitOf(holder()) === 'pusher' ? 0.35 : 0.03;
    if (rng.chance(pushes)) {
      const from = this.staffById.get(holder());
      const to = from ? this.colleagueOf(from, [manager]) : null;
      if (from && to) {
        t = this.later(t, 1, 24);
        if (act((now) => ({ type: 'HandOffAssignment', data: { assignmentId: id, to, reason: 'outside_authority', justification: 'Nội dung thuộc lĩnh vực đồng chí khác phụ trách' }, now, actor: from.id }), t, from.id)) {
          if (rng.chance(0.55)) {
            t = this.later(t, 1, 24);
            if (act((now) => ({ type: 'HandOffAssignment', data: { assignmentId: id, to: from.id, reason: 'returned_to_sender', justification: 'Trả lại: đúng nhiệm vụ đã được lãnh đạo giao' }, now, actor: to }), t, to)) {
              this.examplePingPong ||= id;
              this.note(from.id, b.streamId, b.revision, t, 'work pushed away and returned (ping-pong)');
            }
          }
        }
      }
    }
    // Escalation to the head and back, the pusher's other habit.
    if (habitOf(holder()) === 'pusher' && rng.chance(0.2)) {
      const from = holder();
      t = this.later(t, 1, 24);
      if (act((now) => ({ type: 'HandOffAssignment', data: { assignmentId: id, to: manager, reason: 'escalation', justification: 'Xin ý kiến chỉ đạo của lãnh đạo' }, now, actor: from }), t, from)) {
        t = this.later(t, 2, 48);
        if (act((now) => ({ type: 'HandOffAssignment', data: { assignmentId: id, to: from, reason: 'reassignment', justification: 'Đề nghị đồng chí tiếp tục xử lý theo đúng phân công' }, now, actor: manager, actingAs: 'manager' }), t, manager)) {
          this.note(from, b.streamId, b.revision, t, 'work escalated to the head and sent back');
        }
      }
    }
    // Accept.
    const doer = holder();
    const doerHabit = habitOf(doer);
    t = this.later(t, 0.5, 24);
    if (!act((now) => ({ type: 'AcceptAssignment', data: { assignmentId: id }, now, actor: doer }), t, doer)) return b.write();

    if (rng.chance(0.015)) {
      t = this.later(t, 4, 72);
      act((now) => ({ type: 'CancelAssignment', data: { assignmentId: id, reason: 'Nhiệm vụ không còn cần thiết theo chỉ đạo mới' }, now, actor: manager, actingAs: 'manager' }), t, manager);
      return b.write();
    }
    if (rng.chance(0.3)) {
      t = this.later(t, 8, 72);
      act((now) => ({ type: 'ReportProgress', data: { assignmentId: id, note: 'Đang tổng hợp, xin ý kiến các đơn vị liên quan', percentComplete: rng.int(2, 8) * 10 }, now, actor: doer }), t, doer);
    }
    if (kind === 'dossier' && rng.chance(doerHabit === 'avoider' ? 0.45 : 0.12)) {
      const times = doerHabit === 'avoider' ? rng.int(1, 3) : 1;
      for (let r = 0; r < times; r++) {
        t = this.later(t, 4, 48);
        act((now) => ({ type: 'ReturnDossierToApplicant', data: { assignmentId: id, reason: 'Đề nghị công dân bổ sung giấy tờ còn thiếu' }, now, actor: doer }), t, doer);
      }
    }
    const due = (): number => Date.parse(state().dueAt);
    if (rng.chance(doerHabit === 'late' ? 0.25 : 0.06) && t < due() - DAY && manager !== doer) {
      t = this.later(t, 2, 48);
      const newDueAt = iso(this.workTime(due() + rng.int(3, 10) * DAY));
      act((now) => ({ type: 'ExtendDeadline', data: { assignmentId: id, newDueAt, approvedBy: manager, reason: 'Nội dung phức tạp, cần thêm thời gian phối hợp' }, now, actor: manager, actingAs: 'manager' }), t, manager);
    }
    // Some avoiders simply never finish.
    if (doerHabit === 'avoider' && rng.chance(0.08)) return b.write();
    const onTime = rng.chance(HABIT_ON_TIME[doerHabit]);
    let doneAt = onTime ? Math.max(t + HOUR, t + rng.next() * Math.max(HOUR, due() - t - HOUR)) : due() + rng.int(1, 12) * DAY;
    doneAt = this.workTime(doneAt);
    if (!onTime && doneAt <= due()) doneAt = due() + HOUR;
    if (kind === 'dossier' && doneAt > due()) {
      const apologyAt = this.workTime(due() + rng.int(1, 8) * HOUR);
      if (apologyAt < doneAt && apologyAt > due()) {
        const newDueAt = iso(this.workTime(Math.max(doneAt + rng.int(0, 2) * DAY, apologyAt + DAY)));
        act((now) => ({ type: 'IssueApology', data: { assignmentId: id, newDueAt }, now, actor: doer }), apologyAt, doer);
      }
    }
    t = doneAt;
    if (!act((now) => ({ type: 'CompleteAssignment', data: { assignmentId: id, deliverableRef: `${rng.int(100, 9999)}/BC-${slug(unit.name).slice(0, 12).toUpperCase()}` }, now, actor: doer }), t, doer)) return b.write();
    if (t > due()) this.note(doer, b.streamId, b.revision, t, 'completed after the due date');
    t = this.later(t, 1, 72);
    const reviewer = manager === doer ? (this.managerOf(this.staffById.get(doer)!) ?? manager) : manager;
    const quality: CompletionQuality =
      doerHabit === 'diligent' ? rng.weighted({ exceeded: 35, met: 63, below: 2 }) : doerHabit === 'avoider' || doerHabit === 'late' ? rng.weighted({ exceeded: 2, met: 68, below: 30 }) : rng.weighted({ exceeded: 12, met: 80, below: 8 });
    act((now) => ({ type: 'ReviewCompletion', data: { assignmentId: id, quality, comment: quality === 'below' ? 'Chưa đạt yêu cầu, cần rút kinh nghiệm' : null }, now, actor: reviewer, actingAs: 'manager' }), t, reviewer);
    return b.write();
  }

  // ---------------------------------------------------------------- positions and score sheets (issue 14)

  /**
   * Job positions with catalogues for a commune, a department and the one-stop-shop
   * centre (the provincial centre when the province has it, else the commune's one-stop
   * desk); every member who is not a head or deputy is appointed to one of them; a
   * revised catalogue version takes effect a few months later (so the months before it
   * are scored with the first).
   */
  private positionStreams(): StreamWrite[] {
    const writes: StreamWrite[] = [];
    const commune = this.units.find((u) => u.kind === 'commune');
    const department = this.units.find((u) => u.kind === 'department');
    const centre = this.units.find((u) => u.name.startsWith('Trung tâm Phục vụ hành chính công'));
    const targets: Array<[DemoUnit | undefined, readonly SeedPosition[]]> = [
      [commune, centre ? COMMUNE_SET : [...COMMUNE_SET, ...ONE_STOP_SET]],
      [department, DEPARTMENT_SET],
      [centre, ONE_STOP_SET],
    ];
    for (const [unit, set] of targets) {
      if (!unit) continue;
      const start = Math.max(this.yearStart, unit.activeFrom);
      const effectiveFrom = vnDate(start);
      const ids = set.map((pos) => `${unit.id}.${slug(pos.code)}`);
      const builders = set.map((pos, i) => {
        const b = new StreamBuilder(this, positionDecider, positionStream(ids[i]!));
        b.exec((now) => ({
          type: 'EstablishPosition',
          data: { positionId: ids[i]!, unitId: unit.id, code: pos.code, title: pos.title, category: pos.category, competencies: pos.competencies, taskGroup: pos.taskGroup, effectiveFrom, effectiveTo: null },
          now, actor: this.hrSub(),
        }), start - 4 * HOUR, this.hrSub());
        const c = new StreamBuilder(this, catalogueDecider, catalogueStream('position', ids[i]!));
        const basis = `Quyết định ${this.rng.int(10, 99)}/QĐ-UBND phê duyệt danh mục sản phẩm của vị trí việc làm`;
        const versions: CatalogueVersion[] = [];
        if (c.exec((now) => ({ type: 'PublishCatalogueVersion', data: { ownerKind: 'position', ownerId: ids[i]!, unitId: unit.id, effectiveFrom, products: pos.products, basis }, now, actor: this.hrSub() }), start - 3 * HOUR, this.hrSub())) {
          versions.push({ version: 1, effectiveFrom, products: pos.products, basis });
        }
        // A revised norm for the first product, four months on.
        const later = new Date(start + VN);
        const revisedOn = `${new Date(Date.UTC(later.getUTCFullYear(), later.getUTCMonth() + 4, 1)).toISOString().slice(0, 10)}`;
        const revisedAt = Date.parse(`${revisedOn}T00:00:00+07:00`) - 3 * HOUR;
        const revised = pos.products.map((pr, k) => (k === 0 ? { ...pr, coefficient: Math.round(pr.coefficient * 1.2 * 100) / 100 } : pr));
        if (revisedAt < this.yearEnd && c.exec((now) => ({ type: 'PublishCatalogueVersion', data: { ownerKind: 'position', ownerId: ids[i]!, unitId: unit.id, effectiveFrom: revisedOn, products: revised, basis: `${basis} (sửa đổi định mức)` }, now, actor: this.hrSub() }), revisedAt, this.hrSub())) {
          versions.push({ version: 2, effectiveFrom: revisedOn, products: revised, basis });
        }
        this.catalogues.set(ids[i]!, versions);
        writes.push(c.write());
        return b;
      });
      const members = unit.members.filter((m) => m !== unit.headId && m !== unit.deputyId && !this.mainPosition.has(m));
      members.forEach((m, k) => {
        const who = this.staffById.get(m)!;
        const i = k % set.length;
        const from = who.joinedOn > effectiveFrom ? who.joinedOn : effectiveFrom;
        const at = Math.max(start, Date.parse(`${from}T08:00:00+07:00`)) - 2 * HOUR;
        if (builders[i]!.exec((now) => ({ type: 'AppointStaff', data: { positionId: ids[i]!, staffId: m, main: true, from, mainPositionElsewhere: null }, now, actor: this.hrSub() }), at, this.hrSub())) {
          this.mainPosition.set(m, { positionId: ids[i]!, from: Date.parse(`${from}T00:00:00+07:00`) });
        }
      });
      writes.push(...builders.map((b) => b.write()));
    }
    return writes;
  }

  /** The product an assignment to an appointed person names (the catalogue version in force on the issue date). */
  private productOf(staffId: string, at: number): AssignmentProductInput | undefined {
    const main = this.mainPosition.get(staffId);
    if (!main || at < main.from) return undefined;
    const version = catalogueVersionInForce(this.catalogues.get(main.positionId) ?? [], vnDate(at));
    if (!version) return undefined;
    return productFor(this.rng, { positionId: main.positionId, products: version.products, version: version.version });
  }

  /**
   * Monthly sheets of the appointed staff for every month that ended before the horizon:
   * drafted by the unit head, self-assessed by most, confirmed (one in ten with an
   * adjustment) and published, except the last month, left as a draft.
   */
  private scoreSheetStreams(assignments: readonly StreamWrite[]): StreamWrite[] {
    const scoring = sheetScoring();
    const byStaffMonth = new Map<string, SheetItem[]>();
    const coefficientOf = (month: string) => (positionId: string, code: string) => {
      const end = Date.parse(periodEndInstant(month)!) - DAY;
      const v = catalogueVersionInForce(this.catalogues.get(positionId) ?? [], vnDate(end));
      const pr = v?.products.find((x) => x.code === code);
      return pr && v ? { coefficient: pr.coefficient, source: `catalogue ${positionId} v${v.version} in force on ${vnDate(end)}` } : undefined;
    };
    for (const w of assignments) {
      const issued = w.events[0];
      if (!issued || issued.type !== 'AssignmentIssued') continue;
      // The month of the due date in force at the end (an extension can move it), then its catalogue.
      const first = itemsFromEvents(w.events, () => undefined);
      const found = first && itemsFromEvents(w.events, coefficientOf(monthOf(first.item.dueAt)));
      if (!found || !this.mainPosition.has(found.holder)) continue;
      const key = `${found.holder}|${monthOf(found.item.dueAt)}`;
      let list = byStaffMonth.get(key);
      if (!list) byStaffMonth.set(key, (list = []));
      list.push(found.item);
    }
    const months = [...new Set([...byStaffMonth.keys()].map((k) => k.split('|')[1]!))].filter((m) => Date.parse(periodEndInstant(m)!) + 2 * DAY <= this.yearEnd).sort();
    const lastMonth = months.at(-1);
    const writes: StreamWrite[] = [];
    for (const [key, items] of [...byStaffMonth].sort(([a], [b]) => a.localeCompare(b))) {
      const [staffId, month] = key.split('|') as [string, string];
      if (!months.includes(month)) continue;
      const who = this.staffById.get(staffId)!;
      const unit = this.unitById.get(who.unitId)!;
      const head = unit.headId;
      if (!head || head === staffId) continue;
      const main = this.mainPosition.get(staffId)!;
      const taskGroup = [...COMMUNE_SET, ...DEPARTMENT_SET, ...ONE_STOP_SET].find((pos) => main.positionId.endsWith(slug(pos.code)))?.taskGroup ?? 'chung';
      const end = Date.parse(periodEndInstant(month)!);
      const b = new StreamBuilder(this, scoreSheetDecider, scoreSheetStream(staffId, month));
      const sheet = { staffId, period: month };
      const sorted = items.sort((x, y) => x.dueAt.localeCompare(y.dueAt) || x.assignmentId.localeCompare(y.assignmentId));
      if (!b.exec((now) => ({ type: 'DraftScoreSheet', data: { ...sheet, unitId: unit.id, positionId: main.positionId, taskGroup, items: sorted, scoring }, now, actor: head }), end + DAY, head)) continue;
      if (this.rng.chance(0.8) && end + 2 * DAY <= this.yearEnd) {
        b.exec((now) => ({ type: 'SelfAssessScoreSheet', data: { ...sheet, comment: 'Hoàn thành các sản phẩm được giao trong tháng theo danh mục của vị trí việc làm', selfPoints: null }, now, actor: staffId }), end + 2 * DAY, staffId);
      }
      if (month === lastMonth || end + 5 * DAY > this.yearEnd) {
        writes.push(b.write());
        continue;
      }
      const adjustments = this.rng.chance(0.1) ? [{ points: this.rng.pick([-2, 2, 3]), reason: 'Tham gia tổ công tác liên ngành ngoài danh mục sản phẩm', rule: 'Quy chế làm việc của cơ quan, điều về nhiệm vụ đột xuất' }] : [];
      if (b.exec((now) => ({ type: 'ConfirmScoreSheet', data: { ...sheet, adjustments, objectiveCauses: [] }, now, actor: head }), end + 4 * DAY, head)) {
        b.exec((now) => ({ type: 'PublishScoreSheet', data: sheet, now, actor: head }), end + 5 * DAY, head);
      }
      writes.push(b.write());
    }
    return writes;
  }

  private note(person: string, streamId: string, revision: number, at: number, what: string): void {
    const list = this.evidence.get(person) ?? [];
    list.push({ streamId, revision, at, what });
    this.evidence.set(person, list);
  }

  // ---------------------------------------------------------------- consultations

  private consultationStreams(): StreamWrite[] {
    const writes: StreamWrite[] = [];
    const rng = this.rng;
    const targets = this.units.filter((u) => u.kind !== 'province' && u.headId);
    let serial = 0;
    for (const s of this.staff) {
      const unit = this.unitById.get(s.unitId)!;
      const from = Math.max(this.yearStart, unit.activeFrom, Date.parse(`${s.joinedOn}T08:00:00+07:00`));
      const share = Math.max(0, (this.yearEnd - from) / (365 * DAY));
      const count = Math.round((s.habit === 'consulter' ? 9 : 1.5) * share * rng.next() * 2);
      for (let k = 0; k < count; k++) {
        const consulted = rng.pick(targets);
        if (consulted.id === s.unitId || !consulted.headId) continue;
        const at = this.workTime(from + rng.next() * (this.yearEnd - from - 2 * DAY));
        if (at >= this.yearEnd || !this.available(s, at)) continue;
        const id = `${this.p}yk-${(++serial).toString().padStart(6, '0')}`;
        const b = new StreamBuilder(this, consultationDecider, consultationStream(id));
        const within = rng.chance(s.habit === 'consulter' ? 0.15 : 0.02);
        const dueAt = this.workTime(at + rng.int(5, 10) * DAY);
        const requested = b.exec(
          (now) => ({
            type: 'RequestConsultation',
            data: {
              consultationId: id,
              requestedBy: s.id,
              requesterUnitId: s.unitId,
              consultedUnitId: consulted.id,
              question: `Xin ý kiến ${consulted.name} về ${rng.pick(TASK_TITLES).toLowerCase()}`,
              withinRequesterAuthority: within,
              dueAt: iso(dueAt),
            },
            now,
            actor: s.id,
          }),
          at,
          s.id,
        );
        if (!requested) continue;
        const answerer = consulted.deputyId && rng.chance(0.4) ? consulted.deputyId : consulted.headId;
        const answererHabit = this.staffById.get(answerer)?.habit ?? 'normal';
        if (s.habit === 'consulter' && !within && rng.chance(0.5)) {
          const flagAt = this.later(at, 4, 48);
          if (flagAt <= this.yearEnd) b.exec((now) => ({ type: 'FlagConsultation', data: { flag: 'within_own_authority', by: answerer, note: 'Vấn đề thuộc thẩm quyền của đơn vị hỏi' }, now, actor: answerer }), flagAt, answerer);
        }
        if (rng.chance(0.04)) {
          writes.push(b.write());
          continue; // never answered
        }
        const late = rng.chance(answererHabit === 'late' || answererHabit === 'avoider' ? 0.35 : 0.1);
        const answeredAt = this.workTime(late ? dueAt + rng.int(1, 10) * DAY : at + rng.next() * (dueAt - at - HOUR));
        if (answeredAt > this.yearEnd) {
          writes.push(b.write());
          continue;
        }
        const position: ConsultationPosition = rng.chance(answererHabit === 'avoider' ? 0.3 : 0.05)
          ? 'no_position'
          : rng.weighted({ agree: 70, conditional: 20, disagree: 10 });
        b.exec(
          (now) => ({
            type: 'AnswerConsultation',
            data: { position, answer: position === 'no_position' ? 'Đề nghị đơn vị nghiên cứu, thực hiện theo quy định' : 'Thống nhất với nội dung, đề nghị lưu ý các điểm sau', answeredBy: answerer },
            now,
            actor: answerer,
          }),
          answeredAt,
          answerer,
        );
        if (late && rng.chance(0.3)) {
          const flagAt = this.later(answeredAt, 1, 24);
          if (flagAt <= this.yearEnd) b.exec((now) => ({ type: 'FlagConsultation', data: { flag: 'late_response', by: s.id }, now, actor: s.id }), flagAt, s.id);
        }
        writes.push(b.write());
      }
    }
    return writes;
  }

  // ---------------------------------------------------------------- discipline

  private caseStreams(): { writes: StreamWrite[]; subjects: string[]; firstCaseId: string | null } {
    const rng = this.rng;
    const wanted = Math.max(1, Math.round(this.o.staff / 500));
    const latest = this.yearEnd - 70 * DAY;
    const candidates = [...this.evidence.entries()]
      .map(([id, ev]) => [id, ev.filter((e) => e.at < latest).sort((a, b) => a.at - b.at)] as const)
      .filter(([id, ev]) => {
        const s = this.staffById.get(id)!;
        return ev.length >= 2 && s.category !== 'worker' && this.unitById.get(s.unitId)!.headId !== id;
      })
      .sort((a, b) => b[1].length - a[1].length)
      .slice(0, wanted);
    const writes: StreamWrite[] = [];
    const subjects: string[] = [];
    const hrHead = this.units.find((u) => u.id === `${this.p}so-noi-vu`)?.headId ?? this.units[0]!.headId!;
    candidates.forEach(([subjectId, ev], i) => {
      const s = this.staffById.get(subjectId)!;
      const openAt = this.workTime(Math.max(...ev.slice(0, 3).map((e) => e.at)) + rng.int(7, 20) * DAY);
      if (openAt + 40 * DAY > this.yearEnd) return;
      const caseId = `${this.p}kl-${pad(i + 1, 3)}`;
      const b = new StreamBuilder(this, caseDecider, caseStream(caseId));
      const unit = this.unitById.get(s.unitId)!;
      // Decree 112 art. 28: the council by role for the subject's category (5 seats for a civil servant).
      const composition = councilComposition(s.category, unit.deputyId === subjectId, 'central_or_provincial', vnDate(openAt));
      const roles = composition.seats.flatMap((seat) => Array.from({ length: seat.count }, () => seat.role));
      const pool = [hrHead, ...this.staff.filter((x) => x.unitId === `${this.p}so-noi-vu` || x.unitId.startsWith(`${this.p}so-noi-vu.`)).map((x) => x.id)]
        .filter((x, j, all) => x !== subjectId && all.indexOf(x) === j);
      if (pool.length < roles.length) {
        pool.push(...this.staff.filter((x) => x.id !== subjectId && !pool.includes(x.id) && x.unitId !== s.unitId).slice(0, roles.length - pool.length).map((x) => x.id));
      }
      const seats = roles.map((role, j) => ({ personId: pool[j]!, role }));
      const council = seats.map((x) => x.personId);
      const secretary = seats.find((x) => x.role === 'secretary')!.personId;
      const colleagues = this.staff.filter((x) => x.unitId === s.unitId && x.id !== subjectId).slice(0, 5).map((x) => x.id);
      const attendees = colleagues.length > 0 ? colleagues : [hrHead];
      const digest = (n: string) => createHash('sha256').update(`${caseId}/${n}`).digest('hex');
      const opened = b.exec(
        (now) => ({
          type: 'OpenCase',
          data: {
            caseId,
            subjectId,
            subjectCategory: s.category,
            subjectIsLeader: unit.deputyId === subjectId,
            allegations: [
              {
                id: 'a1',
                description: 'Né tránh, đùn đẩy trách nhiệm; chậm trễ trong thực hiện nhiệm vụ được giao',
                violationDate: vnDate(ev[0]!.at),
                severity: 'reprimand_level',
                evidence: ev.slice(0, 3).map((e) => ({ streamId: e.streamId, revision: e.revision })),
              },
            ],
            openedBy: hrHead,
            missingEvidence: [],
            subjectUnitId: s.unitId,
          },
          now,
          actor: hrHead,
          actingAs: 'hr',
        }),
        openAt,
        hrHead,
      );
      if (!opened) return;
      subjects.push(subjectId);
      const officer = { actor: hrHead, actingAs: 'hr' };
      let t = this.workTime(openAt + 3 * DAY);
      const dismiss = i % 3 === 2;
      const proposed = dismiss ? 'no_discipline' : 'reprimand';
      if (selfReviewRequired(s.category)) {
        b.exec(
          (now) => ({
            type: 'RecordSelfReviewMeeting',
            data: {
              heldOn: vnDate(t),
              convenedBy: this.managerOf(s) ?? hrHead,
              convenerRole: unit.deputyId === subjectId ? 'superior_body_leader' : 'head_of_employing_unit',
              attendees,
              subjectPresent: true,
              selfCriticism: { summary: 'Tự nhận khuyết điểm về việc chậm trễ, né tránh', proposedForm: 'reprimand' },
              minutes: { number: `BB-${pad(i + 1, 3)}`, date: vnDate(t), issuer: unit.name, digest: digest('self-review-minutes') },
              tally: [{ option: proposed, votes: attendees.length }],
              recordedBy: hrHead,
            },
            now,
            ...officer,
          }),
          t,
          hrHead,
        );
      }
      t = this.workTime(t + 2 * DAY);
      b.exec((now) => ({ type: 'ConveneCouncil', data: { seats, convenedBy: hrHead }, now, ...officer }), t, hrHead);
      t = this.workTime(t + 1 * DAY);
      b.exec(
        (now) => ({ type: 'IssueSummons', data: { summonsId: 'gm-council-1', purpose: 'council', meetingOn: vnDate(this.workTime(t + 13 * DAY)), deliveredOn: vnDate(t), issuedBy: hrHead }, now, ...officer }),
        t,
        hrHead,
      );
      t = this.workTime(t + 3 * DAY);
      b.exec((now) => ({ type: 'RecordStatement', data: { personId: subjectId, role: 'subject', summary: 'Người bị xem xét kỷ luật trình bày, nhận khuyết điểm một phần', recordedBy: secretary }, now, actor: secretary, actingAs: 'hr' }), t, secretary);
      t = this.workTime(t + 10 * DAY);
      b.exec(
        (now) => ({
          type: 'RecordCouncilVote',
          data: {
            present: council,
            tally: dismiss
              ? [{ option: 'no_discipline', votes: council.length - 1 }, { option: 'reprimand', votes: 1 }]
              : [{ option: 'reprimand', votes: council.length - 1 }, { option: 'no_discipline', votes: 1 }],
          },
          now,
          actor: secretary,
          actingAs: 'hr',
        }),
        t,
        secretary,
      );
      t = this.workTime(t + 5 * DAY);
      const decidedBy = hrHead;
      if (dismiss) {
        b.exec((now) => ({ type: 'DismissCase', data: { reason: 'insufficient_evidence', note: 'Hội đồng kết luận chưa đủ căn cứ xử lý kỷ luật', dismissedBy: decidedBy }, now, ...officer }), t, decidedBy);
      } else {
        b.exec(
          (now) => ({
            type: 'IssueDecision',
            data: { form: 'reprimand', decisionNo: `${rng.int(100, 999)}/QĐ-KL`, effectiveFrom: vnDate(t), relatedToDuties: true, allegationIds: ['a1'], decidedBy },
            now,
            ...officer,
          }),
          t,
          decidedBy,
        );
      }
      writes.push(b.write());
    });
    return { writes, subjects, firstCaseId: writes.length ? writes[0]!.streamId.slice('case-'.length) : null };
  }

  // ---------------------------------------------------------------- recognition and evaluation

  private commendationStreams(excluded: ReadonlySet<string>): StreamWrite[] {
    const rng = this.rng;
    const writes: StreamWrite[] = [];
    const chair = this.units[0]!.headId!;
    const at = this.workTime(Math.min(this.yearEnd - 3 * DAY, Date.UTC(this.o.year, 11, 20, 2) - VN));
    let serial = 0;
    const grant = (recipient: { kind: 'person' | 'unit'; id: string }, form: string, level: string, decidedBy: string, reason: string) => {
      const id = `${this.p}kt-${pad(++serial, 5)}`;
      const b = new StreamBuilder(this, commendationDecider, commendationStream(id));
      const ok = b.exec(
        (now) => ({
          type: 'GrantCommendation',
          data: { commendationId: id, recipient, form, level, decisionNo: `${rng.int(1000, 4999)}/QĐ-UBND`, decidedBy, reason, periodFrom: `${this.o.year}-01-01`, periodTo: `${this.o.year}-12-31`, recipientHasOpenCase: false },
          now,
          actor: decidedBy,
        }),
        at,
        decidedBy,
      );
      if (ok) writes.push(b.write());
    };
    for (const s of this.staff) {
      if (excluded.has(s.id) || s.habit !== 'diligent' || !rng.chance(0.3)) continue;
      const unit = this.unitById.get(s.unitId)!;
      const provincial = rng.chance(0.2);
      const decidedBy = provincial ? chair : (unit.headId !== s.id ? unit.headId : this.managerOf(s)) ?? chair;
      grant({ kind: 'person', id: s.id }, provincial ? 'Bằng khen' : 'Giấy khen', provincial ? 'cấp tỉnh' : 'cấp sở, cấp xã', decidedBy, `Hoàn thành xuất sắc nhiệm vụ năm ${this.o.year}`);
    }
    for (const u of this.units.filter((x) => x.kind === 'commune' || x.kind === 'department').slice(0, 2)) {
      grant({ kind: 'unit', id: u.id }, 'Cờ thi đua', 'cấp tỉnh', chair, `Đơn vị dẫn đầu phong trào thi đua năm ${this.o.year}`);
    }
    return writes;
  }

  private cycleStream(): { id: string; write: StreamWrite } {
    const id = `${this.p}dg-${this.o.year}`;
    const hr = this.units.find((u) => u.id === `${this.p}so-noi-vu`)?.headId ?? this.units[0]!.headId!;
    const policies: CyclePolicyChoice[] = [];
    for (const category of ['cadre', 'civil_servant', 'public_employee', 'worker'] as EvaluationCategory[]) {
      const policy = selectPolicy(NATIONAL_POLICIES, { year: this.o.year, category });
      if (policy) policies.push({ category, policyId: policy.id, policyVersion: policy.version, chosenBy: 'selected' });
    }
    const b = new StreamBuilder(this, cycleDecider, cycleStream(id));
    const at = this.workTime(Math.min(this.yearEnd - DAY, Date.UTC(this.o.year, 11, 10, 2) - VN));
    b.exec((now) => ({ type: 'OpenCycle', data: { cycleId: id, year: this.o.year, scopeUnitId: this.units[0]!.id, policies }, now, actor: hr }), at, hr);
    return { id, write: b.write() };
  }
}

function pad(n: number, width = 2): string {
  return n.toString().padStart(width, '0');
}
