import { withTimeBounds } from '../shared/time-bounds.js';
import { isBlank, isLocalDate } from '../shared/checks.js';
import { assertNever, type Decider } from '../shared/decider.js';
import type { FieldError } from '../shared/errors.js';
import type { LocalDate } from '../shared/ids.js';
import type {
  AttachDocument,
  AttachEvidence,
  CaseCommand,
  ConflictDeclaration,
  ConveneCouncil,
  DismissCase,
  ExemptCase,
  ExtendProcessingPeriod,
  FileAppeal,
  IssueDecision,
  IssueSummons,
  OpenCase,
  RecordCouncilVote,
  RecordSelfReviewMeeting,
  RecordStatement,
  ReplaceCouncilMember,
  ResolveAppeal,
  ResumeCase,
  SuspendCase,
} from './case.commands.js';
import { caseCapacity } from './case.access.js';
import { CASE_RULES as RULES, caseError } from './case.errors.js';
import type {
  Allegation,
  AppealFiled,
  AppealResolved,
  CaseDismissed,
  CaseEvent,
  CaseOpened,
  CouncilConvened,
  CouncilVoted,
  CaseExempted,
  CaseSuspended,
  BallotTally,
  CouncilSeatHolder,
  CouncilVoteOption,
  DecisionIssued,
  DisciplineConsequence,
  DocumentRef,
  EvidenceRef,
  SelfReviewMeetingHeld,
} from './case.events.js';
import { addDays, addMonths, daysBetween, vietnamDate } from './discipline.calendar.js';
import {
  disciplineFormsRegime,
  formApplies,
  formSeverity,
  type DisciplinaryForm,
  type DisciplineSubjectCategory,
} from './discipline-forms.policy.js';
import {
  CONSEQUENCE_RULES,
  councilComposition,
  EXEMPTION_RULES,
  selfReviewRequired,
  suspensionRule,
  SUSPENSION_RULES,
  type SubjectLevel,
} from './discipline-procedure.policy.js';
import {
  appealDeadline,
  DISCIPLINE_TIME_LIMITS,
  isTimeBarred,
  limitationLastDay,
  maximumProcessingDeadline,
  processingDeadline,
} from './discipline-time-limits.policy.js';

/** The day the limitation period of an allegation runs from: the end of a continuing violation, else its date. */
export function limitationStart(a: Allegation): LocalDate {
  return a.violationEndDate ?? a.violationDate;
}

/** Stream of one disciplinary case: `case-<id>`. */
export function caseStream(id: string): string {
  return `case-${id}`;
}

/** What every status of a case knows. */
export interface CaseFile {
  readonly caseId: string;
  readonly subjectId: string;
  readonly subjectCategory: DisciplineSubjectCategory;
  readonly subjectIsLeader: boolean;
  /** Allegations with the evidence attached so far. */
  readonly allegations: readonly Allegation[];
  readonly openedBy: string;
  readonly openedOn: LocalDate;
  readonly processingDeadline: LocalDate;
  /** When the violation was detected; the processing period runs from it. */
  readonly detectedOn: LocalDate;
  readonly subjectLevel: SubjectLevel;
  /** The subject's unit at opening (null on cases opened before it was recorded). */
  readonly subjectUnitId: string | null;
  readonly council?: Omit<CouncilConvened['data'], 'convenedBy' | 'convenedAt' | 'seats'> & { readonly seats: readonly CouncilSeatHolder[] };
  readonly vote?: CouncilVoted['data'] & { readonly recommendation?: CouncilVoteOption };
  readonly statements: number;
  readonly summonses: readonly { readonly purpose: 'self_review' | 'council'; readonly summonsId: string; readonly attempt: number; readonly meetingOn: LocalDate; readonly deliveredOn: LocalDate }[];
  readonly selfReview?: Omit<SelfReviewMeetingHeld['data'], 'recordedBy' | 'recordedAt'>;
  readonly documents: readonly { readonly kind: string; readonly document: DocumentRef }[];
  /** The ground the case is not yet considered on, while it lasts. */
  readonly suspension?: Omit<CaseSuspended['data'], 'suspendedBy' | 'suspendedAt'>;
  /** Calendar days the case has been suspended in total; they extend the processing period. */
  readonly daysSuspended: number;
}

/** An appeal against the decision, with its resolution once there is one. */
export interface CaseAppeal {
  readonly filed: AppealFiled['data'];
  readonly resolution?: AppealResolved['data'];
}

/** Folded state of one disciplinary case. */
export type CaseState =
  | { readonly status: 'none' }
  | { readonly status: 'open'; readonly file: CaseFile }
  | {
      readonly status: 'decided';
      readonly file: CaseFile;
      readonly decision: DecisionIssued['data'];
      readonly appeal?: CaseAppeal;
    }
  | { readonly status: 'dismissed'; readonly file: CaseFile; readonly dismissal: CaseDismissed['data'] }
  | { readonly status: 'exempted'; readonly file: CaseFile; readonly exemption: CaseExempted['data'] };

/** State of a stream with no events. */
export function initialCaseState(): CaseState {
  return { status: 'none' };
}

function openFile(data: CaseOpened['data']): CaseFile {
  return {
    caseId: data.caseId,
    subjectId: data.subjectId,
    subjectCategory: data.subjectCategory,
    subjectIsLeader: data.subjectIsLeader,
    allegations: data.allegations,
    openedBy: data.openedBy,
    openedOn: vietnamDate(data.openedAt),
    processingDeadline: data.processingDeadline,
    detectedOn: data.detectedOn ?? vietnamDate(data.openedAt),
    subjectLevel: data.subjectLevel ?? 'central_or_provincial',
    subjectUnitId: data.subjectUnitId ?? null,
    statements: 0,
    summonses: [],
    documents: [],
    daysSuspended: 0,
  };
}

/** Seats of a council recorded before roles were kept: chair, secretary, and plain members. */
function seatsOf(data: CouncilConvened['data']): readonly CouncilSeatHolder[] {
  return (
    data.seats ?? [
      { personId: data.chair, role: 'chair' },
      { personId: data.secretary, role: 'secretary' },
      ...data.members.map((personId) => ({ personId, role: 'member' as const })),
    ]
  );
}

/** The option more than half of `present` voted for, if any. */
export function majorityOption(tally: BallotTally, present: number): CouncilVoteOption | undefined {
  return tally.find((t) => t.votes * 2 > present)?.option;
}

/** Applies one recorded event. Never throws: a recorded event is a fact. */
export function evolveCase(state: CaseState, event: CaseEvent): CaseState {
  if (event.type === 'CaseOpened') return { status: 'open', file: openFile(event.data) };
  if (state.status === 'none') return state;
  const withFile = (file: CaseFile): CaseState => ({ ...state, file });
  const { file } = state;
  switch (event.type) {
    case 'CouncilConvened': {
      const { chair, secretary, members, composition } = event.data;
      return withFile({
        ...file,
        council: { chair, secretary, members, seats: seatsOf(event.data), ...(composition !== undefined && { composition }) },
      });
    }
    case 'CouncilMemberReplaced': {
      if (!file.council) return state;
      const { replaced, replacement } = event.data;
      const swap = (p: string): string => (p === replaced ? replacement : p);
      const c = file.council;
      return withFile({
        ...file,
        council: {
          ...c,
          chair: swap(c.chair),
          secretary: swap(c.secretary),
          members: c.members.map(swap),
          seats: c.seats.map((seat) => ({ ...seat, personId: swap(seat.personId) })),
        },
      });
    }
    case 'SummonsIssued': {
      const { purpose, summonsId, attempt, meetingOn, deliveredOn } = event.data;
      return withFile({ ...file, summonses: [...file.summonses, { purpose, summonsId, attempt, meetingOn, deliveredOn }] });
    }
    case 'SelfReviewMeetingHeld': {
      const { recordedBy: _by, recordedAt: _at, ...meeting } = event.data;
      return withFile({ ...file, selfReview: meeting });
    }
    case 'DocumentAttached':
      return withFile({ ...file, documents: [...file.documents, { kind: event.data.kind, document: event.data.document }] });
    case 'CaseSuspended': {
      const { suspendedBy: _by, suspendedAt: _at, ...suspension } = event.data;
      return withFile({ ...file, suspension });
    }
    case 'CaseResumed': {
      const { suspension: _ended, ...rest } = file;
      return withFile({ ...rest, processingDeadline: event.data.processingDeadline, daysSuspended: file.daysSuspended + event.data.daysSuspended });
    }
    case 'CaseExempted':
      return { status: 'exempted', file, exemption: event.data };
    case 'ConsequencesRecorded':
      return state;
    case 'StatementRecorded':
      return withFile({ ...file, statements: file.statements + 1 });
    case 'EvidenceAttached':
      return withFile({
        ...file,
        allegations: file.allegations.map((a) =>
          a.id === event.data.allegationId ? { ...a, evidence: [...a.evidence, event.data.evidence] } : a,
        ),
      });
    case 'ProcessingPeriodExtended':
      return withFile({ ...file, processingDeadline: event.data.newDeadline });
    case 'CouncilVoted': {
      const recommendation = event.data.recommendation ?? majorityOption(event.data.tally, event.data.present.length);
      return withFile({ ...file, vote: { ...event.data, ...(recommendation !== undefined && { recommendation }) } });
    }
    case 'DecisionIssued':
      return { status: 'decided', file, decision: event.data };
    case 'CaseDismissed':
      return { status: 'dismissed', file, dismissal: event.data };
    case 'AppealFiled':
      return state.status === 'decided' ? { ...state, appeal: { filed: event.data } } : state;
    case 'AppealResolved':
      return state.status === 'decided' && state.appeal
        ? { ...state, appeal: { ...state.appeal, resolution: event.data } }
        : state;
    default:
      return assertNever(event, 'case event');
  }
}

/** Decides which events a command produces, or throws the rule it breaks. */
export function decideCase(command: CaseCommand, state: CaseState): readonly CaseEvent[] {
  caseCapacity(command, state); // who may act: case.access.ts
  switch (command.type) {
    case 'OpenCase':
      return open(command, state);
    case 'ConveneCouncil':
      return convene(command, requireActive(state));
    case 'RecordStatement':
      return recordStatement(command, requireActive(state));
    case 'AttachEvidence':
      return attachEvidence(command, requireOpen(state));
    case 'ExtendProcessingPeriod':
      return extend(command, requireActive(state));
    case 'RecordCouncilVote':
      return vote(command, requireActive(state));
    case 'IssueDecision':
      return issueDecision(command, requireActive(state));
    case 'DismissCase':
      return dismiss(command, requireActive(state));
    case 'IssueSummons':
      return issueSummons(command, requireActive(state));
    case 'RecordSelfReviewMeeting':
      return recordSelfReview(command, requireActive(state));
    case 'ReplaceCouncilMember':
      return replaceMember(command, requireActive(state));
    case 'AttachDocument':
      return attachDocument(command, requireOpen(state));
    case 'SuspendCase':
      return suspend(command, requireActive(state));
    case 'ResumeCase':
      return resume(command, requireOpen(state));
    case 'ExemptCase':
      return exempt(command, requireActive(state));
    case 'FileAppeal':
      return fileAppeal(command, state);
    case 'ResolveAppeal':
      return resolveAppeal(command, state);
    default:
      return assertNever(command, 'case command');
  }
}

/** The disciplinary-case aggregate as a decider. */
export const caseDecider: Decider<CaseState, CaseCommand, CaseEvent> = withTimeBounds({
  initialState: initialCaseState,
  evolve: evolveCase,
  decide: decideCase,
});

const refKey = (ref: EvidenceRef): string => `${ref.streamId}@${ref.revision}`;
const isCount = (n: number): boolean => Number.isInteger(n) && n >= 0;

function requireOpen(state: CaseState): CaseFile {
  if (state.status === 'none') throw caseError(RULES.notFound, 'No such case');
  if (state.status !== 'open') throw caseError(RULES.closed, `The case is ${state.status}`);
  return state.file;
}

/** An open case that is not suspended: a case not yet considered takes no procedural step. */
function requireActive(state: CaseState): CaseFile {
  const file = requireOpen(state);
  if (file.suspension) {
    const rule = suspensionRule(file.suspension.ground);
    throw caseError(
      RULES.suspended,
      `The case is not yet considered (${file.suspension.ground} since ${file.suspension.from}); resume it first`,
      [],
      rule.source,
    );
  }
  return file;
}

function open(command: OpenCase, state: CaseState): CaseEvent[] {
  const d = command.data;
  if (state.status !== 'none') throw caseError(RULES.alreadyOpened, `Case ${d.caseId} already exists`);
  const today = vietnamDate(command.now);
  const errors: FieldError[] = [];
  if (isBlank(d.subjectId)) errors.push({ field: 'subjectId', message: 'is required' });
  if (isBlank(d.openedBy)) errors.push({ field: 'openedBy', message: 'is required' });
  if (!['cadre', 'civil_servant', 'public_employee', 'worker'].includes(d.subjectCategory)) {
    errors.push({ field: 'subjectCategory', message: 'is not a staff category' });
  }
  if (d.allegations.length === 0) errors.push({ field: 'allegations', message: 'at least one is required' });
  const ids = new Set<string>();
  d.allegations.forEach((a, i) => {
    const at = `allegations[${i}]`;
    if (isBlank(a.id)) errors.push({ field: `${at}.id`, message: 'is required' });
    else if (ids.has(a.id)) errors.push({ field: `${at}.id`, message: 'is duplicated' });
    ids.add(a.id);
    if (isBlank(a.description)) errors.push({ field: `${at}.description`, message: 'is required' });
    if (!isLocalDate(a.violationDate)) errors.push({ field: `${at}.violationDate`, message: 'must be YYYY-MM-DD' });
    else if (a.violationDate > today) errors.push({ field: `${at}.violationDate`, message: 'is in the future' });
    if (a.violationEndDate !== undefined) {
      if (!isLocalDate(a.violationEndDate)) errors.push({ field: `${at}.violationEndDate`, message: 'must be YYYY-MM-DD' });
      else if (a.violationEndDate > today) errors.push({ field: `${at}.violationEndDate`, message: 'is in the future' });
      else if (isLocalDate(a.violationDate) && a.violationEndDate < a.violationDate) {
        errors.push({ field: `${at}.violationEndDate`, message: 'is before the violation date' });
      }
    }
    if (a.severity !== 'reprimand_level' && a.severity !== 'higher') {
      errors.push({ field: `${at}.severity`, message: 'must be reprimand_level or higher' });
    }
    // The product's promise is a verifiable trail: an allegation rests on recorded events.
    if (a.evidence.length === 0) errors.push({ field: `${at}.evidence`, message: 'at least one reference is required' });
    a.evidence.forEach((ref, j) => {
      if (isBlank(ref.streamId) || !isCount(ref.revision)) {
        errors.push({ field: `${at}.evidence[${j}]`, message: 'needs a stream id and a non-negative revision' });
      }
    });
  });
  const detectedOn = d.detectedOn ?? today;
  if (!isLocalDate(detectedOn)) errors.push({ field: 'detectedOn', message: 'must be YYYY-MM-DD' });
  else if (detectedOn > today) errors.push({ field: 'detectedOn', message: 'is in the future' });
  else {
    const earliest = d.allegations.map((a) => a.violationDate).filter((x) => isLocalDate(x) && x <= today).sort()[0];
    if (earliest !== undefined && detectedOn < earliest) errors.push({ field: 'detectedOn', message: `is before the earliest violation (${earliest})` });
  }
  if (d.subjectLevel !== undefined && d.subjectLevel !== 'central_or_provincial' && d.subjectLevel !== 'commune') {
    errors.push({ field: 'subjectLevel', message: 'must be central_or_provincial or commune' });
  }
  if (errors.length > 0) throw caseError(RULES.invalidOpening, 'Invalid case', errors);

  const missing = new Set(d.missingEvidence.map(refKey));
  if (missing.size > 0) {
    const missingErrors: FieldError[] = [];
    d.allegations.forEach((a, i) =>
      a.evidence.forEach((ref, j) => {
        if (missing.has(refKey(ref))) {
          missingErrors.push({ field: `allegations[${i}].evidence[${j}]`, message: `${refKey(ref)} does not exist` });
        }
      }),
    );
    throw caseError(
      RULES.evidenceNotFound,
      `Evidence not found: ${[...missing].join(', ')}`,
      missingErrors.length > 0 ? missingErrors : [{ field: 'missingEvidence', message: [...missing].join(', ') }],
    );
  }
  return [
    {
      type: 'CaseOpened',
      data: {
        caseId: d.caseId,
        subjectId: d.subjectId,
        subjectCategory: d.subjectCategory,
        subjectIsLeader: d.subjectIsLeader,
        allegations: d.allegations.map((a) => ({
          id: a.id,
          description: a.description,
          violationDate: a.violationDate,
          severity: a.severity,
          evidence: a.evidence.map((ref) => ({ streamId: ref.streamId, revision: ref.revision })),
          ...(a.violationEndDate !== undefined && { violationEndDate: a.violationEndDate }),
        })),
        openedBy: d.openedBy,
        openedAt: command.now,
        // Decree 172/2025: the processing period runs from detection (issue 13 item 11).
        processingDeadline: processingDeadline(detectedOn),
        detectedOn,
        ...(d.subjectLevel !== undefined && { subjectLevel: d.subjectLevel }),
        ...(d.subjectUnitId !== undefined && { subjectUnitId: d.subjectUnitId }),
      },
    },
  ];
}

function conflictsOf(declared: readonly ConflictDeclaration[] | undefined, people: readonly { person: string; field: string }[]): FieldError[] {
  const relation = new Map((declared ?? []).map((c) => [c.personId, c.relation]));
  return people
    .filter(({ person }) => relation.has(person))
    .map(({ person, field }) => ({
      field,
      message: relation.get(person) === 'relative' ? 'is a relative of the subject' : 'has rights or obligations related to the violation',
    }));
}

function convene(command: ConveneCouncil, file: CaseFile): CaseEvent[] {
  if (file.council) throw caseError(RULES.councilAlreadyConvened, 'The council is already convened');
  if (selfReviewRequired(file.subjectCategory) && !file.selfReview) {
    throw caseError(RULES.selfReviewRequired, 'The self-review meeting comes before the council');
  }
  const d = command.data;
  const errors: FieldError[] = [];
  if (isBlank(d.convenedBy)) errors.push({ field: 'convenedBy', message: 'is required' });
  const seen = new Set<string>();
  d.seats.forEach((s, i) => {
    if (isBlank(s.personId)) errors.push({ field: `seats[${i}].personId`, message: 'is required' });
    else if (seen.has(s.personId)) errors.push({ field: `seats[${i}].personId`, message: 'sits on the council twice' });
    seen.add(s.personId);
  });
  if (errors.length > 0) throw caseError(RULES.invalidCouncil, 'Invalid council', errors);

  const subjectSeat = d.seats.findIndex((s) => s.personId === file.subjectId);
  if (subjectSeat >= 0) {
    throw caseError(RULES.subjectOnCouncil, 'The subject of the case cannot sit on its council', [
      { field: `seats[${subjectSeat}].personId`, message: 'is the subject' },
    ]);
  }
  const today = vietnamDate(command.now);
  const composition = councilComposition(file.subjectCategory, file.subjectIsLeader, file.subjectLevel, today);
  const problems: FieldError[] = [];
  const generic = composition.id === 'generic';
  for (const seat of composition.seats) {
    const n = d.seats.filter((s) => s.role === seat.role).length;
    const ok = generic && seat.role === 'member' ? n >= seat.count : n === seat.count;
    if (!ok) problems.push({ field: 'seats', message: `${seat.role}: ${n} given, ${generic && seat.role === 'member' ? 'at least ' : ''}${seat.count} required (${seat.body})` });
  }
  d.seats.forEach((s, i) => {
    if (!composition.seats.some((seat) => seat.role === s.role)) {
      problems.push({ field: `seats[${i}].role`, message: `${s.role} is not a seat of ${composition.id}` });
    }
  });
  if (problems.length > 0) {
    throw caseError(RULES.councilComposition, `The council does not meet composition ${composition.id}`, problems, composition.source);
  }
  const conflicts = conflictsOf(d.conflicts, d.seats.map((s, i) => ({ person: s.personId, field: `seats[${i}].personId` })));
  if (conflicts.length > 0) throw caseError(RULES.conflictOfInterest, 'A proposed member may not sit on this council', conflicts);

  const chair = d.seats.find((s) => s.role === 'chair')?.personId as string;
  const secretary = d.seats.find((s) => s.role === 'secretary')?.personId as string;
  return [
    {
      type: 'CouncilConvened',
      data: {
        chair,
        secretary,
        members: d.seats.filter((s) => s.role !== 'chair' && s.role !== 'secretary').map((s) => s.personId),
        convenedBy: d.convenedBy,
        convenedAt: command.now,
        seats: d.seats.map((s) => ({ personId: s.personId, role: s.role })),
        composition: composition.id,
      },
    },
  ];
}

const DIGEST = /^[0-9a-f]{64}$/;

/** Field errors of a document reference: number, a past date, issuer, a SHA-256 hex digest. */
function documentErrors(doc: DocumentRef | undefined, field: string, today: LocalDate, required = true): FieldError[] {
  if (doc === undefined) return required ? [{ field, message: 'is required' }] : [];
  const errors: FieldError[] = [];
  if (isBlank(doc.number)) errors.push({ field: `${field}.number`, message: 'is required' });
  if (!isLocalDate(doc.date)) errors.push({ field: `${field}.date`, message: 'must be YYYY-MM-DD' });
  else if (doc.date > today) errors.push({ field: `${field}.date`, message: 'is in the future' });
  if (isBlank(doc.issuer)) errors.push({ field: `${field}.issuer`, message: 'is required' });
  if (typeof doc.digest !== 'string' || !DIGEST.test(doc.digest)) errors.push({ field: `${field}.digest`, message: 'must be a lower-case hex SHA-256' });
  return errors;
}

const docCopy = (doc: DocumentRef): DocumentRef => ({ number: doc.number, date: doc.date, issuer: doc.issuer, digest: doc.digest });

function issueSummons(command: IssueSummons, file: CaseFile): CaseEvent[] {
  const d = command.data;
  const today = vietnamDate(command.now);
  const errors: FieldError[] = [];
  if (isBlank(d.summonsId)) errors.push({ field: 'summonsId', message: 'is required' });
  if (isBlank(d.issuedBy)) errors.push({ field: 'issuedBy', message: 'is required' });
  if (d.purpose !== 'self_review' && d.purpose !== 'council') errors.push({ field: 'purpose', message: 'must be self_review or council' });
  if (!isLocalDate(d.meetingOn)) errors.push({ field: 'meetingOn', message: 'must be YYYY-MM-DD' });
  if (!isLocalDate(d.deliveredOn)) errors.push({ field: 'deliveredOn', message: 'must be YYYY-MM-DD' });
  else if (d.deliveredOn > today) errors.push({ field: 'deliveredOn', message: 'is in the future: record a summons once delivered' });
  else if (isLocalDate(d.meetingOn) && d.deliveredOn > d.meetingOn) errors.push({ field: 'deliveredOn', message: 'is after the meeting' });
  errors.push(...documentErrors(d.document, 'document', today, false));
  if (errors.length > 0) throw caseError(RULES.invalidSummons, 'Invalid summons', errors);
  if (file.summonses.some((x) => x.summonsId === d.summonsId)) {
    throw caseError(RULES.summonsAlreadyIssued, `Summons ${d.summonsId} is already recorded`);
  }
  if (d.purpose === 'self_review' && file.selfReview) throw caseError(RULES.selfReviewAlreadyHeld, 'The self-review meeting was already held');
  if (d.purpose === 'council') {
    if (!file.council) throw caseError(RULES.councilNotConvened, 'No council has been convened to summon the subject to');
    if (file.vote) throw caseError(RULES.councilAlreadyMet, 'The council has already voted');
  }
  const attempt = file.summonses.filter((x) => x.purpose === d.purpose).length + 1;
  return [
    {
      type: 'SummonsIssued',
      data: {
        summonsId: d.summonsId,
        purpose: d.purpose,
        personId: file.subjectId,
        attempt,
        meetingOn: d.meetingOn,
        deliveredOn: d.deliveredOn,
        ...(d.document !== undefined && { document: docCopy(d.document) }),
        issuedBy: d.issuedBy,
        issuedAt: command.now,
      },
    },
  ];
}

/** Ballot checks shared by the self-review meeting and the council: counts and forms. */
function tallyErrors(file: CaseFile, tally: BallotTally, voters: number, onDate: LocalDate): FieldError[] {
  const errors: FieldError[] = [];
  if (tally.length === 0) errors.push({ field: 'tally', message: 'at least one option is required' });
  const options = new Set<string>();
  let total = 0;
  tally.forEach((entry, i) => {
    if (options.has(entry.option)) errors.push({ field: `tally[${i}].option`, message: 'is listed twice' });
    options.add(entry.option);
    if (!isCount(entry.votes)) errors.push({ field: `tally[${i}].votes`, message: 'must be a non-negative integer' });
    else total += entry.votes;
  });
  if (total > voters) errors.push({ field: 'tally', message: `${total} ballots from ${voters} voters present` });
  if (errors.length === 0) {
    tally.forEach((entry, i) => {
      if (entry.option !== 'no_discipline') checkForm(file, entry.option, onDate, `tally[${i}].option`);
    });
  }
  return errors;
}

function recordSelfReview(command: RecordSelfReviewMeeting, file: CaseFile): CaseEvent[] {
  if (file.selfReview) throw caseError(RULES.selfReviewAlreadyHeld, 'The self-review meeting was already held');
  if (file.council) throw caseError(RULES.councilAlreadyConvened, 'The council is already convened: the self-review meeting comes first');
  const d = command.data;
  const today = vietnamDate(command.now);
  const errors: FieldError[] = [];
  if (!isLocalDate(d.heldOn)) errors.push({ field: 'heldOn', message: 'must be YYYY-MM-DD' });
  else if (d.heldOn > today) errors.push({ field: 'heldOn', message: 'is in the future' });
  else if (d.heldOn < file.detectedOn) errors.push({ field: 'heldOn', message: `is before the violation was detected (${file.detectedOn})` });
  if (isBlank(d.convenedBy)) errors.push({ field: 'convenedBy', message: 'is required' });
  if (isBlank(d.recordedBy)) errors.push({ field: 'recordedBy', message: 'is required' });
  if (d.attendees.length === 0) errors.push({ field: 'attendees', message: 'at least one member of the unit attends' });
  const seen = new Set<string>();
  d.attendees.forEach((p, i) => {
    if (isBlank(p)) errors.push({ field: `attendees[${i}]`, message: 'is required' });
    else if (p === file.subjectId) errors.push({ field: `attendees[${i}]`, message: 'the subject is recorded by subjectPresent, and does not vote' });
    else if (seen.has(p)) errors.push({ field: `attendees[${i}]`, message: 'is listed twice' });
    seen.add(p);
  });
  if (d.subjectPresent && d.absence !== undefined) errors.push({ field: 'absence', message: 'only for an absent subject' });
  if (!d.subjectPresent && d.absence === undefined) errors.push({ field: 'absence', message: 'is required when the subject is absent' });
  if (d.selfCriticism !== undefined) {
    if (isBlank(d.selfCriticism.summary)) errors.push({ field: 'selfCriticism.summary', message: 'is required' });
    errors.push(...documentErrors(d.selfCriticism.document, 'selfCriticism.document', today, false));
  }
  errors.push(...documentErrors(d.minutes, 'minutes', today));
  if (errors.length === 0) errors.push(...tallyErrors(file, d.tally, d.attendees.length, today));
  if (errors.length > 0) throw caseError(RULES.invalidSelfReview, 'Invalid self-review meeting', errors);

  if (d.convenedBy === file.subjectId) {
    throw caseError(RULES.selfReviewConvener, 'The subject cannot chair their own self-review meeting', [{ field: 'convenedBy', message: 'is the subject' }]);
  }
  if (file.subjectIsLeader && d.convenerRole !== 'superior_body_leader') {
    throw caseError(RULES.selfReviewConvener, 'For a head or deputy head the leadership of the directly superior body organises the meeting', [
      { field: 'convenerRole', message: 'must be superior_body_leader' },
    ]);
  }
  const conflicts = conflictsOf(d.conflicts, [{ person: d.convenedBy, field: 'convenedBy' }]);
  if (conflicts.length > 0) throw caseError(RULES.conflictOfInterest, 'The chair of the self-review meeting is excluded', conflicts);
  if (!d.subjectPresent && d.absence === 'second_summons') {
    const second = file.summonses.find((x) => x.purpose === 'self_review' && x.attempt >= 2 && x.deliveredOn <= d.heldOn);
    if (!second) {
      throw caseError(RULES.subjectAbsenceNotEstablished, 'The meeting goes ahead without the subject only at the second summons delivered before it', [
        { field: 'absence', message: 'no second summons to the self-review meeting was delivered' },
      ]);
    }
  }
  if (!d.subjectPresent && d.absence === 'written_request' && !file.documents.some((x) => x.kind === 'written_request')) {
    throw caseError(RULES.subjectAbsenceNotEstablished, "The subject's written request to hold the meeting in absence is not on file", [
      { field: 'absence', message: 'attach the written request first (kind written_request)' },
    ]);
  }
  const proposedForm = majorityOption(d.tally, d.attendees.length);
  if (proposedForm === undefined) {
    throw caseError(RULES.selfReviewNoMajority, 'No form was carried by more than half of those present', [{ field: 'tally', message: 'no majority' }]);
  }
  return [
    {
      type: 'SelfReviewMeetingHeld',
      data: {
        heldOn: d.heldOn,
        convenedBy: d.convenedBy,
        convenerRole: d.convenerRole,
        attendees: [...d.attendees],
        subjectPresent: d.subjectPresent,
        ...(d.absence !== undefined && { absence: d.absence }),
        ...(d.selfCriticism !== undefined && {
          selfCriticism: {
            summary: d.selfCriticism.summary,
            ...(d.selfCriticism.proposedForm !== undefined && { proposedForm: d.selfCriticism.proposedForm }),
            ...(d.selfCriticism.document !== undefined && { document: docCopy(d.selfCriticism.document) }),
          },
        }),
        minutes: docCopy(d.minutes),
        tally: d.tally.map((t) => ({ option: t.option, votes: t.votes })),
        proposedForm,
        recordedBy: d.recordedBy,
        recordedAt: command.now,
      },
    },
  ];
}

function replaceMember(command: ReplaceCouncilMember, file: CaseFile): CaseEvent[] {
  const council = file.council;
  if (!council) throw caseError(RULES.councilNotConvened, 'No council has been convened');
  if (file.vote) throw caseError(RULES.councilAlreadyMet, 'The council has already voted; its members can no longer change');
  const d = command.data;
  const errors: FieldError[] = [];
  const seat = council.seats.find((s) => s.personId === d.replaced);
  if (isBlank(d.replacedBy)) errors.push({ field: 'replacedBy', message: 'is required' });
  if (!seat) errors.push({ field: 'replaced', message: 'does not sit on the council' });
  if (isBlank(d.replacement)) errors.push({ field: 'replacement', message: 'is required' });
  else if (council.seats.some((s) => s.personId === d.replacement)) errors.push({ field: 'replacement', message: 'already sits on the council' });
  if (!['conflict_of_interest', 'unavailable', 'transferred', 'other'].includes(d.reason)) errors.push({ field: 'reason', message: 'is not a replacement reason' });
  if (d.reason === 'other' && isBlank(d.note)) errors.push({ field: 'note', message: 'is required for reason other' });
  if (errors.length > 0) throw caseError(RULES.invalidReplacement, 'Invalid replacement', errors);
  if (d.replacement === file.subjectId) {
    throw caseError(RULES.subjectOnCouncil, 'The subject of the case cannot sit on its council', [{ field: 'replacement', message: 'is the subject' }]);
  }
  const conflicts = conflictsOf(d.conflicts, [{ person: d.replacement, field: 'replacement' }]);
  if (conflicts.length > 0) throw caseError(RULES.conflictOfInterest, 'The replacement may not sit on this council', conflicts);
  return [
    {
      type: 'CouncilMemberReplaced',
      data: {
        replaced: d.replaced,
        replacement: d.replacement,
        role: (seat as CouncilSeatHolder).role,
        reason: d.reason,
        ...(d.note !== undefined && { note: d.note }),
        replacedBy: d.replacedBy,
        replacedAt: command.now,
      },
    },
  ];
}

const DOCUMENT_KINDS = new Set([
  'self_criticism', 'self_review_minutes', 'council_minutes', 'summons', 'medical_certificate', 'birth_certificate',
  'detention_order', 'written_request', 'authority_decision', 'other',
]);

function attachDocument(command: AttachDocument, file: CaseFile): CaseEvent[] {
  const d = command.data;
  const today = vietnamDate(command.now);
  const errors = documentErrors(d.document, 'document', today);
  if (!DOCUMENT_KINDS.has(d.kind)) errors.push({ field: 'kind', message: 'is not a document kind' });
  if (isBlank(d.attachedBy)) errors.push({ field: 'attachedBy', message: 'is required' });
  if (errors.length > 0) throw caseError(RULES.invalidDocument, 'Invalid document', errors);
  if (file.documents.some((x) => x.document.digest === d.document.digest)) {
    throw caseError(RULES.evidenceAlreadyAttached, 'A document with this digest is already attached', [{ field: 'document.digest', message: 'already attached' }]);
  }
  return [
    {
      type: 'DocumentAttached',
      data: { kind: d.kind, document: docCopy(d.document), ...(d.note !== undefined && { note: d.note }), attachedBy: d.attachedBy, attachedAt: command.now },
    },
  ];
}

function suspend(command: SuspendCase, file: CaseFile): CaseEvent[] {
  const d = command.data;
  const today = vietnamDate(command.now);
  const errors: FieldError[] = [];
  if (!SUSPENSION_RULES.some((r) => r.ground === d.ground)) errors.push({ field: 'ground', message: 'is not a ground for not yet considering a case' });
  if (!isLocalDate(d.from)) errors.push({ field: 'from', message: 'must be YYYY-MM-DD' });
  else if (d.from > today) errors.push({ field: 'from', message: 'is in the future' });
  else if (d.from < file.openedOn) errors.push({ field: 'from', message: `is before the case was opened (${file.openedOn})` });
  if (d.expectedUntil !== undefined && (!isLocalDate(d.expectedUntil) || (isLocalDate(d.from) && d.expectedUntil < d.from))) {
    errors.push({ field: 'expectedUntil', message: 'must be a date not before from' });
  }
  if (isBlank(d.suspendedBy)) errors.push({ field: 'suspendedBy', message: 'is required' });
  errors.push(...documentErrors(d.document, 'document', today));
  if (errors.length > 0) throw caseError(RULES.invalidSuspension, 'Invalid suspension', errors);
  return [
    {
      type: 'CaseSuspended',
      data: {
        ground: d.ground,
        from: d.from,
        ...(d.expectedUntil !== undefined && { expectedUntil: d.expectedUntil }),
        document: docCopy(d.document),
        suspendedBy: d.suspendedBy,
        suspendedAt: command.now,
      },
    },
  ];
}

function resume(command: ResumeCase, file: CaseFile): CaseEvent[] {
  const suspension = file.suspension;
  if (!suspension) throw caseError(RULES.notSuspended, 'The case is not suspended');
  const d = command.data;
  const today = vietnamDate(command.now);
  const rule = suspensionRule(suspension.ground);
  const errors: FieldError[] = [];
  if (!isLocalDate(d.on)) errors.push({ field: 'on', message: 'must be YYYY-MM-DD' });
  else if (d.on > today) errors.push({ field: 'on', message: 'is in the future' });
  else if (d.on < suspension.from) errors.push({ field: 'on', message: `is before the suspension (${suspension.from})` });
  if (!['ground_ended', 'subject_requested', 'authority_decided'].includes(d.reason)) errors.push({ field: 'reason', message: 'is not a resumption reason' });
  if (isBlank(d.resumedBy)) errors.push({ field: 'resumedBy', message: 'is required' });
  errors.push(...documentErrors(d.document, 'document', today, d.reason !== 'ground_ended'));
  if (errors.length > 0) throw caseError(RULES.invalidSuspension, 'Invalid resumption', errors);
  if (d.reason === 'subject_requested' && !rule.subjectMayRequestConsideration) {
    throw caseError(RULES.resumptionNotAllowed, `The subject's request does not end ${suspension.ground}`, [{ field: 'reason', message: 'not for this ground' }], rule.source);
  }
  if (d.reason === 'authority_decided' && !rule.authorityMayOverride) {
    throw caseError(RULES.resumptionNotAllowed, `An authority's decision does not end ${suspension.ground}`, [{ field: 'reason', message: 'not for this ground' }], rule.source);
  }
  if (d.reason === 'ground_ended' && suspension.expectedUntil !== undefined && d.on < suspension.expectedUntil) {
    throw caseError(RULES.resumptionNotAllowed, `The ground lasts until ${suspension.expectedUntil}`, [{ field: 'on', message: `before ${suspension.expectedUntil}` }], rule.source);
  }
  const daysSuspended = rule.pausesProcessing ? daysBetween(suspension.from, d.on) : 0;
  return [
    {
      type: 'CaseResumed',
      data: {
        on: d.on,
        reason: d.reason,
        ...(d.document !== undefined && { document: docCopy(d.document) }),
        processingDeadline: addDays(file.processingDeadline, daysSuspended),
        daysSuspended,
        resumedBy: d.resumedBy,
        resumedAt: command.now,
      },
    },
  ];
}

function exempt(command: ExemptCase, _file: CaseFile): CaseEvent[] {
  const d = command.data;
  const today = vietnamDate(command.now);
  const errors = documentErrors(d.document, 'document', today);
  if (!(d.ground in EXEMPTION_RULES)) errors.push({ field: 'ground', message: 'is not an exemption ground' });
  if (isBlank(d.exemptedBy)) errors.push({ field: 'exemptedBy', message: 'is required' });
  if (errors.length > 0) throw caseError(RULES.invalidExemption, 'Invalid exemption', errors);
  return [
    {
      type: 'CaseExempted',
      data: { ground: d.ground, document: docCopy(d.document), ...(d.note !== undefined && { note: d.note }), exemptedBy: d.exemptedBy, exemptedAt: command.now },
    },
  ];
}

/** The legal consequences of a form decided with an effective date, as facts with their end dates. */
export function decisionConsequences(form: DisciplinaryForm, effectiveFrom: LocalDate, relatedToDuties: boolean): DisciplineConsequence[] {
  return CONSEQUENCE_RULES.filter(
    (r) => (r.forms === 'all' || r.forms.includes(form)) && (!r.onlyRelatedToDuties || relatedToDuties),
  ).map((r) => ({
    kind: r.kind,
    from: effectiveFrom,
    until: r.months === 'year_end' ? `${effectiveFrom.slice(0, 4)}-12-31` : addDays(addMonths(effectiveFrom, r.months), -1),
    source: r.source,
  }));
}

function recordStatement(command: RecordStatement, _file: CaseFile): CaseEvent[] {
  const d = command.data;
  const errors: FieldError[] = [];
  if (isBlank(d.personId)) errors.push({ field: 'personId', message: 'is required' });
  if (isBlank(d.summary)) errors.push({ field: 'summary', message: 'is required' });
  if (isBlank(d.recordedBy)) errors.push({ field: 'recordedBy', message: 'is required' });
  if (errors.length > 0) throw caseError(RULES.invalidStatement, 'Invalid statement', errors);
  return [
    {
      type: 'StatementRecorded',
      data: {
        personId: d.personId,
        role: d.role,
        summary: d.summary,
        ...(d.documentRef !== undefined && { documentRef: d.documentRef }),
        recordedBy: d.recordedBy,
        recordedAt: command.now,
      },
    },
  ];
}

function attachEvidence(command: AttachEvidence, file: CaseFile): CaseEvent[] {
  const d = command.data;
  const allegation = file.allegations.find((a) => a.id === d.allegationId);
  if (!allegation) {
    throw caseError(RULES.unknownAllegation, `No allegation ${d.allegationId} in this case`, [
      { field: 'allegationId', message: 'is not an allegation of this case' },
    ]);
  }
  if (isBlank(d.evidence.streamId) || !isCount(d.evidence.revision) || isBlank(d.attachedBy)) {
    throw caseError(RULES.invalidOpening, 'Invalid evidence', [
      ...(isBlank(d.attachedBy) ? [{ field: 'attachedBy', message: 'is required' }] : []),
      ...(isBlank(d.evidence.streamId) || !isCount(d.evidence.revision)
        ? [{ field: 'evidence', message: 'needs a stream id and a non-negative revision' }]
        : []),
    ]);
  }
  const key = refKey(d.evidence);
  if (d.missingEvidence.some((ref) => refKey(ref) === key)) {
    throw caseError(RULES.evidenceNotFound, `Evidence not found: ${key}`, [
      { field: 'evidence', message: `${key} does not exist` },
    ]);
  }
  if (allegation.evidence.some((ref) => refKey(ref) === key)) {
    throw caseError(RULES.evidenceAlreadyAttached, `${key} is already evidence of ${allegation.id}`, [
      { field: 'evidence', message: 'already attached' },
    ]);
  }
  return [
    {
      type: 'EvidenceAttached',
      data: {
        allegationId: d.allegationId,
        evidence: { streamId: d.evidence.streamId, revision: d.evidence.revision },
        ...(d.note !== undefined && { note: d.note }),
        attachedBy: d.attachedBy,
        attachedAt: command.now,
      },
    },
  ];
}

function extend(command: ExtendProcessingPeriod, file: CaseFile): CaseEvent[] {
  const d = command.data;
  const errors: FieldError[] = [];
  if (!isLocalDate(d.newDeadline)) errors.push({ field: 'newDeadline', message: 'must be YYYY-MM-DD' });
  else if (d.newDeadline <= file.processingDeadline) {
    errors.push({ field: 'newDeadline', message: `must be after the current deadline ${file.processingDeadline}` });
  }
  if (isBlank(d.reason)) errors.push({ field: 'reason', message: 'is required: only complex cases may be extended' });
  if (isBlank(d.extendedBy)) errors.push({ field: 'extendedBy', message: 'is required' });
  if (errors.length > 0) throw caseError(RULES.invalidExtension, 'Invalid extension', errors);
  if (vietnamDate(command.now) > file.processingDeadline) {
    throw caseError(RULES.processingPeriodExpired, `The processing period ended on ${file.processingDeadline}`);
  }
  const maximum = addDays(maximumProcessingDeadline(file.detectedOn), file.daysSuspended);
  if (d.newDeadline > maximum) {
    throw caseError(RULES.extensionBeyondLimit, `The processing period cannot run past ${maximum}`, [
      { field: 'newDeadline', message: `at most ${maximum}` },
    ]);
  }
  return [
    {
      type: 'ProcessingPeriodExtended',
      data: { newDeadline: d.newDeadline, reason: d.reason, extendedBy: d.extendedBy, extendedAt: command.now },
    },
  ];
}

/**
 * Checks a form against the forms policy for the subject on a date; returns the regime
 * id. Used for the vote, the decision and a modifying appeal alike.
 */
function checkForm(file: CaseFile, form: DisciplinaryForm, onDate: LocalDate, field: string): string {
  const regime = disciplineFormsRegime(file.subjectCategory, onDate);
  if (!regime) {
    throw caseError(RULES.noFormsRegime, `No disciplinary forms are modelled for ${file.subjectCategory} on ${onDate}`);
  }
  const rule = regime.forms.find((f) => f.form === form);
  if (!rule) {
    const available = regime.forms.map((f) => f.form).join(', ');
    throw caseError(
      RULES.formNotAvailable,
      `${form} does not exist for ${file.subjectCategory} on ${onDate} (${regime.id}: ${available})`,
      [{ field, message: `not a form of ${regime.id}` }],
      `${RULES.formNotAvailable.source}; ${regime.source}`,
    );
  }
  if (!formApplies(rule, file.subjectIsLeader)) {
    const leaders = rule.appliesTo === 'leaders';
    throw caseError(
      leaders ? RULES.formRequiresLeadershipPost : RULES.formNotForLeaders,
      leaders
        ? `${form} applies only to a subject holding a leadership or management post`
        : `${form} applies only to a subject without a leadership or management post`,
      [{ field, message: leaders ? 'the subject held no leadership post at the violation' : 'the subject held a leadership post at the violation' }],
      `${(leaders ? RULES.formRequiresLeadershipPost : RULES.formNotForLeaders).source}; ${rule.source}`,
    );
  }
  return regime.id;
}

function vote(command: RecordCouncilVote, file: CaseFile): CaseEvent[] {
  const council = file.council;
  if (!council) throw caseError(RULES.councilNotConvened, 'No council has been convened');
  if (file.vote) throw caseError(RULES.councilAlreadyVoted, 'The council has already voted');
  const d = command.data;
  const members = new Set([council.chair, council.secretary, ...council.members]);
  const errors: FieldError[] = [];
  const present = new Set<string>();
  d.present.forEach((person, i) => {
    if (!members.has(person)) errors.push({ field: `present[${i}]`, message: 'is not a council member' });
    else if (present.has(person)) errors.push({ field: `present[${i}]`, message: 'is listed twice' });
    present.add(person);
  });
  if (d.tally.length === 0) errors.push({ field: 'tally', message: 'at least one option is required' });
  const options = new Set<string>();
  let total = 0;
  d.tally.forEach((entry, i) => {
    if (options.has(entry.option)) errors.push({ field: `tally[${i}].option`, message: 'is listed twice' });
    options.add(entry.option);
    if (!isCount(entry.votes)) errors.push({ field: `tally[${i}].votes`, message: 'must be a non-negative integer' });
    else total += entry.votes;
  });
  if (total > d.present.length) {
    errors.push({ field: 'tally', message: `${total} ballots from ${d.present.length} members present` });
  }
  errors.push(...documentErrors(d.minutes, 'minutes', vietnamDate(command.now), false));
  if (errors.length > 0) throw caseError(RULES.invalidVote, 'Invalid vote', errors);

  const missing: FieldError[] = [];
  if (!present.has(council.chair)) missing.push({ field: 'present', message: 'the chair is absent' });
  if (!present.has(council.secretary)) missing.push({ field: 'present', message: 'the secretary is absent' });
  if (present.size < DISCIPLINE_TIME_LIMITS.council.minPresent) {
    missing.push({ field: 'present', message: `${present.size} present, at least 3 required` });
  }
  if (missing.length > 0) throw caseError(RULES.quorumNotMet, 'The council has no quorum', missing);

  const today = vietnamDate(command.now);
  if (selfReviewRequired(file.subjectCategory) && !file.summonses.some((x) => x.purpose === 'council' && x.deliveredOn <= today)) {
    throw caseError(RULES.councilSummonsMissing, 'The subject was not summoned to the council meeting', [
      { field: 'present', message: 'record the delivered summons to the council first' },
    ]);
  }
  d.tally.forEach((entry, i) => {
    if (entry.option !== 'no_discipline') checkForm(file, entry.option, today, `tally[${i}].option`);
  });
  const recommendation = majorityOption(d.tally, d.present.length);
  if (recommendation === undefined) {
    throw caseError(RULES.ballotNoMajority, 'No option was carried by more than half of the members present; ballot again', [
      { field: 'tally', message: 'no majority' },
    ]);
  }
  return [
    {
      type: 'CouncilVoted',
      data: {
        present: [...d.present],
        tally: d.tally.map((entry) => ({ option: entry.option, votes: entry.votes })),
        votedAt: command.now,
        recommendation,
        ...(d.minutes !== undefined && { minutes: docCopy(d.minutes) }),
      },
    },
  ];
}

function issueDecision(command: IssueDecision, file: CaseFile): CaseEvent[] {
  const d = command.data;
  const today = vietnamDate(command.now);
  const errors: FieldError[] = [];
  if (isBlank(d.decisionNo)) errors.push({ field: 'decisionNo', message: 'is required' });
  if (isBlank(d.decidedBy)) errors.push({ field: 'decidedBy', message: 'is required' });
  if (!isLocalDate(d.effectiveFrom)) errors.push({ field: 'effectiveFrom', message: 'must be YYYY-MM-DD' });
  else if (d.effectiveFrom < today) errors.push({ field: 'effectiveFrom', message: 'cannot be before the decision' });
  if (d.allegationIds.length === 0) errors.push({ field: 'allegationIds', message: 'at least one is required' });
  d.allegationIds.forEach((id, i) => {
    if (!file.allegations.some((a) => a.id === id)) {
      errors.push({ field: `allegationIds[${i}]`, message: 'is not an allegation of this case' });
    }
  });
  errors.push(...documentErrors(d.document, 'document', today, false));
  if (d.heavierBasis !== undefined && (d.heavierBasis.kind !== 'repeat_violation_during_discipline' || isBlank(d.heavierBasis.priorDecisionNo))) {
    errors.push({ field: 'heavierBasis', message: 'must name the decision in effect when the violation was repeated' });
  }
  if (errors.length > 0) throw caseError(RULES.invalidDecision, 'Invalid decision', errors);

  const vote = file.vote;
  if (!vote?.recommendation) throw caseError(RULES.noCouncilVote, 'The council has not voted a recommendation');
  if (today > file.processingDeadline) {
    throw caseError(RULES.processingPeriodExpired, `The processing period ended on ${file.processingDeadline}`);
  }
  const barred: FieldError[] = [];
  d.allegationIds.forEach((id, i) => {
    const a = file.allegations.find((x) => x.id === id) as Allegation;
    if (isTimeBarred(limitationStart(a), a.severity, today)) {
      barred.push({
        field: `allegationIds[${i}]`,
        message: `${id}: the limitation period ended on ${limitationLastDay(limitationStart(a), a.severity)}`,
      });
    }
  });
  if (barred.length > 0) {
    throw caseError(RULES.allegationTimeBarred, 'A time-barred violation cannot be disciplined', barred);
  }
  const formsRegime = checkForm(file, d.form, today, 'form');
  const recommended = vote.recommendation;
  if (recommended === 'no_discipline') {
    throw caseError(RULES.recommendedNoDiscipline, 'The council recommended no discipline; dismiss the case instead', [
      { field: 'form', message: 'the council recommended no_discipline' },
    ]);
  }
  // Severity is compared on the scale in force when the council voted, which holds the recommended form.
  const scale = disciplineFormsRegime(file.subjectCategory, vietnamDate(vote.votedAt));
  const steps = scale && formSeverity(scale, d.form) >= 0 ? formSeverity(scale, d.form) - formSeverity(scale, recommended) : 0;
  if (steps > 0 && !(d.heavierBasis !== undefined && steps === 1)) {
    throw caseError(
      RULES.formHeavierThanRecommended,
      d.heavierBasis
        ? `${d.form} is ${steps} levels heavier than the recommended ${recommended}; a repeat violation allows one level`
        : `${d.form} is heavier than the council's recommendation (${recommended})`,
      [{ field: 'form', message: `at most ${recommended}${d.heavierBasis ? ' plus one level' : ''}` }],
    );
  }
  return [
    {
      type: 'DecisionIssued',
      data: {
        form: d.form,
        decisionNo: d.decisionNo,
        effectiveFrom: d.effectiveFrom,
        relatedToDuties: d.relatedToDuties,
        allegationIds: [...d.allegationIds],
        decidedBy: d.decidedBy,
        issuedAt: command.now,
        formsRegime,
        recommendedForm: recommended,
        ...(d.heavierBasis !== undefined && steps > 0 && { heavierBasis: { kind: d.heavierBasis.kind, priorDecisionNo: d.heavierBasis.priorDecisionNo } }),
        subjectWasLeader: file.subjectIsLeader,
        ...(d.document !== undefined && { document: docCopy(d.document) }),
      },
    },
    {
      type: 'ConsequencesRecorded',
      data: {
        subjectId: file.subjectId,
        decisionNo: d.decisionNo,
        form: d.form,
        consequences: decisionConsequences(d.form, d.effectiveFrom, d.relatedToDuties),
        recordedAt: command.now,
      },
    },
  ];
}

/**
 * The assignment streams an allegation's evidence points at. Stream names follow the
 * one-function-per-aggregate convention (`assignmentStream(id)` -> `assignment-<id>`);
 * the prefix is repeated here so discipline does not import the work context.
 */
const ASSIGNMENT_STREAM_PREFIX = 'assignment-';

function dismiss(command: DismissCase, file: CaseFile): CaseEvent[] {
  const d = command.data;
  const errors: FieldError[] = [];
  if (isBlank(d.dismissedBy)) errors.push({ field: 'dismissedBy', message: 'is required' });
  if (d.reason === 'other' && isBlank(d.note)) errors.push({ field: 'note', message: 'is required for reason other' });
  if (d.reason === 'protected_innovation' && d.innovation === undefined) {
    errors.push({ field: 'innovation', message: 'the covering proposal is required' });
  }
  if (errors.length > 0) throw caseError(RULES.invalidDismissal, 'Invalid dismissal', errors);

  if (d.reason === 'time_barred') {
    const today = vietnamDate(command.now);
    const live = file.allegations.filter((a) => !isTimeBarred(limitationStart(a), a.severity, today));
    if (live.length > 0) {
      throw caseError(
        RULES.notTimeBarred,
        'Only a case whose every allegation is time-barred can be dismissed as time-barred',
        live.map((a) => ({
          field: `allegations[${file.allegations.indexOf(a)}]`,
          message: `${a.id} can be decided until ${limitationLastDay(limitationStart(a), a.severity)}`,
        })),
      );
    }
  }
  if (d.reason === 'protected_innovation' && d.innovation) {
    const cover = d.innovation;
    const problems: FieldError[] = [];
    if (!cover.approved) problems.push({ field: 'innovation.approved', message: 'the proposal was not approved' });
    if (!cover.evaluated) problems.push({ field: 'innovation.evaluated', message: 'the outcome is not evaluated' });
    if (cover.personalGain) problems.push({ field: 'innovation.personalGain', message: 'the evaluation found personal gain' });
    const covered = new Set(cover.relatedAssignmentIds.map((id) => `${ASSIGNMENT_STREAM_PREFIX}${id}`));
    file.allegations.forEach((a, i) => {
      if (!a.evidence.some((ref) => covered.has(ref.streamId))) {
        problems.push({ field: `allegations[${i}]`, message: `${a.id} is not about work the proposal covers` });
      }
    });
    if (problems.length > 0) {
      throw caseError(RULES.innovationNotProtective, `Proposal ${cover.proposalId} does not protect this work`, problems);
    }
  }
  return [
    {
      type: 'CaseDismissed',
      data: {
        reason: d.reason,
        note: d.note,
        ...(d.reason === 'protected_innovation' && d.innovation && { innovationProposalId: d.innovation.proposalId }),
        dismissedBy: d.dismissedBy,
        dismissedAt: command.now,
      },
    },
  ];
}

function requireDecided(state: CaseState): Extract<CaseState, { status: 'decided' }> {
  if (state.status === 'none') throw caseError(RULES.notFound, 'No such case');
  if (state.status !== 'decided') throw caseError(RULES.notDecided, 'Only a decision can be appealed');
  return state;
}

function fileAppeal(command: FileAppeal, state: CaseState): CaseEvent[] {
  const decided = requireDecided(state);
  if (decided.appeal) throw caseError(RULES.appealAlreadyFiled, 'An appeal was already filed');
  const d = command.data;
  const errors: FieldError[] = [];
  if (isBlank(d.grounds)) errors.push({ field: 'grounds', message: 'is required' });
  if (isBlank(d.by)) errors.push({ field: 'by', message: 'is required' });
  if (errors.length > 0) throw caseError(RULES.invalidAppeal, 'Invalid appeal', errors);
  if (d.by !== decided.file.subjectId) {
    throw caseError(RULES.appealOnlyBySubject, 'Only the disciplined person can appeal the decision', [
      { field: 'by', message: 'is not the subject' },
    ]);
  }
  const lastDay = appealDeadline(vietnamDate(decided.decision.issuedAt));
  if (vietnamDate(command.now) > lastDay) {
    throw caseError(RULES.appealTimeLimitExceeded, `The time to appeal ended on ${lastDay}`);
  }
  return [{ type: 'AppealFiled', data: { by: d.by, grounds: d.grounds, filedAt: command.now } }];
}

function resolveAppeal(command: ResolveAppeal, state: CaseState): CaseEvent[] {
  const decided = requireDecided(state);
  if (!decided.appeal || decided.appeal.resolution) {
    throw caseError(RULES.noOpenAppeal, 'There is no appeal waiting for resolution');
  }
  const d = command.data;
  const errors: FieldError[] = [];
  if (isBlank(d.decisionNo)) errors.push({ field: 'decisionNo', message: 'is required' });
  if (isBlank(d.resolvedBy)) errors.push({ field: 'resolvedBy', message: 'is required' });
  if (d.outcome === 'modified' && d.newForm === undefined) {
    errors.push({ field: 'newForm', message: 'is required when the decision is modified' });
  }
  if (d.outcome === 'modified' && d.newForm === decided.decision.form) {
    errors.push({ field: 'newForm', message: 'is the form already decided' });
  }
  if (d.outcome !== 'modified' && d.newForm !== undefined) {
    errors.push({ field: 'newForm', message: 'only a modified decision has a new form' });
  }
  if (errors.length > 0) throw caseError(RULES.invalidAppeal, 'Invalid appeal resolution', errors);
  if (d.outcome === 'modified' && d.newForm !== undefined) {
    checkForm(decided.file, d.newForm, vietnamDate(command.now), 'newForm');
  }
  const dec = decided.decision;
  const consequences: CaseEvent[] =
    d.outcome === 'upheld'
      ? []
      : [
          {
            type: 'ConsequencesRecorded',
            data: {
              subjectId: decided.file.subjectId,
              decisionNo: d.decisionNo,
              form: d.outcome === 'modified' && d.newForm !== undefined ? d.newForm : null,
              consequences:
                d.outcome === 'modified' && d.newForm !== undefined ? decisionConsequences(d.newForm, dec.effectiveFrom, dec.relatedToDuties) : [],
              recordedAt: command.now,
            },
          },
        ];
  return [
    {
      type: 'AppealResolved',
      data: {
        outcome: d.outcome,
        ...(d.newForm !== undefined && { newForm: d.newForm }),
        decisionNo: d.decisionNo,
        ...(d.note !== undefined && { note: d.note }),
        resolvedBy: d.resolvedBy,
        resolvedAt: command.now,
      },
    },
    ...consequences,
  ];
}
