import { withTimeBounds } from '../shared/time-bounds.js';
import { isBlank, isLocalDate } from '../shared/checks.js';
import { assertNever, type Decider } from '../shared/decider.js';
import type { FieldError } from '../shared/errors.js';
import type { LocalDate } from '../shared/ids.js';
import type {
  AttachEvidence,
  CaseCommand,
  ConveneCouncil,
  DismissCase,
  ExtendProcessingPeriod,
  FileAppeal,
  IssueDecision,
  OpenCase,
  RecordCouncilVote,
  RecordStatement,
  ResolveAppeal,
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
  DecisionIssued,
  EvidenceRef,
} from './case.events.js';
import { vietnamDate } from './discipline.calendar.js';
import {
  disciplineFormsRegime,
  type DisciplinaryForm,
  type DisciplineSubjectCategory,
} from './discipline-forms.policy.js';
import {
  appealDeadline,
  DISCIPLINE_TIME_LIMITS,
  isTimeBarred,
  limitationLastDay,
  maximumProcessingDeadline,
  processingDeadline,
} from './discipline-time-limits.policy.js';

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
  readonly council?: Omit<CouncilConvened['data'], 'convenedBy' | 'convenedAt'>;
  readonly vote?: CouncilVoted['data'];
  readonly statements: number;
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
  | { readonly status: 'dismissed'; readonly file: CaseFile; readonly dismissal: CaseDismissed['data'] };

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
    statements: 0,
  };
}

/** Applies one recorded event. Never throws: a recorded event is a fact. */
export function evolveCase(state: CaseState, event: CaseEvent): CaseState {
  if (event.type === 'CaseOpened') return { status: 'open', file: openFile(event.data) };
  if (state.status === 'none') return state;
  const withFile = (file: CaseFile): CaseState => ({ ...state, file });
  const { file } = state;
  switch (event.type) {
    case 'CouncilConvened': {
      const { chair, secretary, members } = event.data;
      return withFile({ ...file, council: { chair, secretary, members } });
    }
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
    case 'CouncilVoted':
      return withFile({ ...file, vote: event.data });
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
      return convene(command, requireOpen(state));
    case 'RecordStatement':
      return recordStatement(command, requireOpen(state));
    case 'AttachEvidence':
      return attachEvidence(command, requireOpen(state));
    case 'ExtendProcessingPeriod':
      return extend(command, requireOpen(state));
    case 'RecordCouncilVote':
      return vote(command, requireOpen(state));
    case 'IssueDecision':
      return issueDecision(command, requireOpen(state));
    case 'DismissCase':
      return dismiss(command, requireOpen(state));
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
        })),
        openedBy: d.openedBy,
        openedAt: command.now,
        processingDeadline: processingDeadline(today),
      },
    },
  ];
}

function convene(command: ConveneCouncil, file: CaseFile): CaseEvent[] {
  if (file.council) throw caseError(RULES.councilAlreadyConvened, 'The council is already convened');
  const d = command.data;
  const errors: FieldError[] = [];
  if (isBlank(d.chair)) errors.push({ field: 'chair', message: 'is required' });
  if (isBlank(d.secretary)) errors.push({ field: 'secretary', message: 'is required' });
  if (isBlank(d.convenedBy)) errors.push({ field: 'convenedBy', message: 'is required' });
  const everyone = [d.chair, d.secretary, ...d.members];
  const seen = new Set<string>();
  everyone.forEach((person, i) => {
    const field = i === 0 ? 'chair' : i === 1 ? 'secretary' : `members[${i - 2}]`;
    if (i > 1 && isBlank(person)) errors.push({ field, message: 'must not be blank' });
    else if (!isBlank(person) && seen.has(person)) errors.push({ field, message: 'sits on the council twice' });
    seen.add(person);
  });
  if (errors.length === 0 && seen.size < DISCIPLINE_TIME_LIMITS.council.minPresent) {
    errors.push({ field: 'members', message: 'a council needs at least 3 persons, so that a quorum is possible' });
  }
  if (errors.length > 0) throw caseError(RULES.invalidCouncil, 'Invalid council', errors);
  if (seen.has(file.subjectId)) {
    const index = everyone.indexOf(file.subjectId);
    const field = index === 0 ? 'chair' : index === 1 ? 'secretary' : `members[${index - 2}]`;
    throw caseError(RULES.subjectOnCouncil, 'The subject of the case cannot sit on its council', [
      { field, message: 'is the subject' },
    ]);
  }
  return [
    {
      type: 'CouncilConvened',
      data: {
        chair: d.chair,
        secretary: d.secretary,
        members: [...d.members],
        convenedBy: d.convenedBy,
        convenedAt: command.now,
      },
    },
  ];
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
  const maximum = maximumProcessingDeadline(file.openedOn);
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
  if (rule.leadersOnly && !file.subjectIsLeader) {
    throw caseError(
      RULES.formRequiresLeadershipPost,
      `${form} applies only to a subject holding a leadership or management post`,
      [{ field, message: 'the subject holds no leadership post' }],
      `${RULES.formRequiresLeadershipPost.source}; ${rule.source}`,
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
  if (errors.length > 0) throw caseError(RULES.invalidVote, 'Invalid vote', errors);

  const missing: FieldError[] = [];
  if (!present.has(council.chair)) missing.push({ field: 'present', message: 'the chair is absent' });
  if (!present.has(council.secretary)) missing.push({ field: 'present', message: 'the secretary is absent' });
  if (present.size < DISCIPLINE_TIME_LIMITS.council.minPresent) {
    missing.push({ field: 'present', message: `${present.size} present, at least 3 required` });
  }
  if (missing.length > 0) throw caseError(RULES.quorumNotMet, 'The council has no quorum', missing);

  const today = vietnamDate(command.now);
  d.tally.forEach((entry, i) => {
    if (entry.option !== 'no_discipline') checkForm(file, entry.option, today, `tally[${i}].option`);
  });
  return [
    {
      type: 'CouncilVoted',
      data: {
        present: [...d.present],
        tally: d.tally.map((entry) => ({ option: entry.option, votes: entry.votes })),
        votedAt: command.now,
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
  if (errors.length > 0) throw caseError(RULES.invalidDecision, 'Invalid decision', errors);

  if (!file.vote) throw caseError(RULES.noCouncilVote, 'The council has not voted a recommendation');
  if (today > file.processingDeadline) {
    throw caseError(RULES.processingPeriodExpired, `The processing period ended on ${file.processingDeadline}`);
  }
  const barred: FieldError[] = [];
  d.allegationIds.forEach((id, i) => {
    const a = file.allegations.find((x) => x.id === id) as Allegation;
    if (isTimeBarred(a.violationDate, a.severity, today)) {
      barred.push({
        field: `allegationIds[${i}]`,
        message: `${id}: the limitation period ended on ${limitationLastDay(a.violationDate, a.severity)}`,
      });
    }
  });
  if (barred.length > 0) {
    throw caseError(RULES.allegationTimeBarred, 'A time-barred violation cannot be disciplined', barred);
  }
  const formsRegime = checkForm(file, d.form, today, 'form');
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
    const live = file.allegations.filter((a) => !isTimeBarred(a.violationDate, a.severity, today));
    if (live.length > 0) {
      throw caseError(
        RULES.notTimeBarred,
        'Only a case whose every allegation is time-barred can be dismissed as time-barred',
        live.map((a) => ({
          field: `allegations[${file.allegations.indexOf(a)}]`,
          message: `${a.id} can be decided until ${limitationLastDay(a.violationDate, a.severity)}`,
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
  ];
}
