import { actor as makeActor } from '../shared/access.js';
import { fold } from '../shared/decider.js';
import { caseAccess } from './case.access.js';
import { deciderSpec } from '../shared/given-when-then.js';
import type { CaseCommand, DismissCase, IssueDecision, OpenCase, ProtectedInnovationCover } from './case.commands.js';
import { caseDecider, caseStream } from './case.decide.js';
import type {
  Allegation,
  AppealFiled,
  CaseEvent,
  CaseOpened,
  ConsequencesRecorded,
  CouncilConvened,
  CouncilSeatHolder,
  CouncilVoted,
  DecisionIssued,
  DocumentRef,
  ProcessingPeriodExtended,
  SelfReviewMeetingHeld,
  SummonsIssued,
} from './case.events.js';
import { decisionConsequences } from './case.decide.js';

// Sources, cited in the test names below (all indicative):
//   LCCS art. 80 = Law on Cadres and Civil Servants 2008 as amended 2019, art. 80 (limitation, processing time)
//   D112         = Decree 112/2020/NĐ-CP as amended by Decree 71/2023/NĐ-CP
//   D172         = Decree 172/2025/NĐ-CP (from 2025-07-01)
//   D73          = Decree 73/2023/NĐ-CP (protection of approved innovation)
//   LoC art. 48  = Law on Complaints 2011, art. 48 (15 days to appeal)
//   invariant    = ledger invariant, no legal source

const spec = deciderSpec(caseDecider);
const actor = 'council-secretary';
const openedAt = '2026-03-02T09:00:00+07:00';
const at = (date: string) => `${date}T10:00:00+07:00`;

const lateDossier: Allegation = {
  id: 'a1',
  description: 'Left 14 land dossiers pending past their due date',
  violationDate: '2025-10-01',
  severity: 'higher',
  evidence: [{ streamId: 'assignment-as-1', revision: 3 }],
};
const oldReprimandLevel: Allegation = {
  id: 'a2',
  description: 'Answered a consultation with no position',
  violationDate: '2021-03-01',
  severity: 'reprimand_level',
  evidence: [{ streamId: 'consultation-c9', revision: 1 }],
};

const opened = (over: Partial<CaseOpened['data']> = {}): CaseOpened => ({
  type: 'CaseOpened',
  data: {
    caseId: 'k1',
    subjectId: 'staff-a',
    subjectCategory: 'civil_servant',
    subjectIsLeader: true,
    allegations: [lateDossier],
    openedBy: 'head-1',
    openedAt,
    processingDeadline: '2026-05-31',
    detectedOn: '2026-03-02',
    ...over,
  },
});
const doc = (number: string, date = '2026-03-05', digest = 'a'.repeat(64)): DocumentRef => ({
  number,
  date,
  issuer: 'Sở Nội vụ',
  digest,
});
const selfReviewed = (date = '2026-03-05', proposedForm: SelfReviewMeetingHeld['data']['proposedForm'] = 'warning'): SelfReviewMeetingHeld => ({
  type: 'SelfReviewMeetingHeld',
  data: {
    heldOn: date,
    convenedBy: 'superior-1',
    convenerRole: 'superior_body_leader',
    attendees: ['u-1', 'u-2', 'u-3'],
    subjectPresent: true,
    minutes: doc('BB-01', date),
    tally: [{ option: proposedForm, votes: 2 }],
    proposedForm,
    recordedBy: 'sec-1',
    recordedAt: at(date),
  },
});
/** Civil servant with a leadership post, from 2025-07-01 (Decree 112 art. 28(2) roles kept, interpretation). */
const seats: CouncilSeatHolder[] = [
  { personId: 'chair-1', role: 'chair' as const },
  { personId: 'm-1', role: 'employing_unit_leader' as const },
  { personId: 'm-2', role: 'party_representative' as const },
  { personId: 'm-3', role: 'trade_union_representative' as const },
  { personId: 'sec-1', role: 'secretary' as const },
];
const convened: CouncilConvened = {
  type: 'CouncilConvened',
  data: {
    chair: 'chair-1',
    secretary: 'sec-1',
    members: ['m-1', 'm-2', 'm-3'],
    convenedBy: 'head-1',
    convenedAt: at('2026-03-10'),
    seats,
    composition: 'civil_servant/2025/leader',
  },
};
const summoned = (date = '2026-03-12'): SummonsIssued => ({
  type: 'SummonsIssued',
  data: {
    summonsId: `s-${date}`,
    purpose: 'council',
    personId: 'staff-a',
    attempt: 1,
    meetingOn: date,
    deliveredOn: date,
    issuedBy: 'sec-1',
    issuedAt: at(date),
  },
});
const voted = (date = '2026-03-20', tally: CouncilVoted['data']['tally'] = [
  { option: 'warning', votes: 2 },
  { option: 'reprimand', votes: 1 },
]): CouncilVoted => ({
  type: 'CouncilVoted',
  data: {
    present: ['chair-1', 'sec-1', 'm-1'],
    tally,
    votedAt: at(date),
    recommendation: tally[0]!.option,
  },
});
/** The steps before a vote: self-review meeting, council, summons. */
const prepared = (date = '2026-03-05'): CaseEvent[] => [selfReviewed(date), convened, summoned()];
const decided = (over: Partial<DecisionIssued['data']> = {}): DecisionIssued => ({
  type: 'DecisionIssued',
  data: {
    form: 'warning',
    decisionNo: '15/QĐ-KL',
    effectiveFrom: '2026-03-25',
    relatedToDuties: true,
    allegationIds: ['a1'],
    decidedBy: 'chair-0',
    issuedAt: at('2026-03-25'),
    formsRegime: 'civil_servant/2025',
    recommendedForm: 'warning',
    subjectWasLeader: true,
    ...over,
  },
});
const consequencesOf = (d: DecisionIssued): ConsequencesRecorded => ({
  type: 'ConsequencesRecorded',
  data: {
    subjectId: 'staff-a',
    decisionNo: d.data.decisionNo,
    form: d.data.form,
    consequences: decisionConsequences(d.data.form, d.data.effectiveFrom, d.data.relatedToDuties),
    recordedAt: d.data.issuedAt,
  },
});
const appealed: AppealFiled = {
  type: 'AppealFiled',
  data: { by: 'staff-a', grounds: 'the delay had an objective cause', filedAt: at('2026-04-01') },
};
const extended = (newDeadline: string, date: string): ProcessingPeriodExtended => ({
  type: 'ProcessingPeriodExtended',
  data: { newDeadline, reason: 'land survey to verify', extendedBy: 'chair-0', extendedAt: at(date) },
});

/** A command as the executor builds it: an appeal is the subject's own (`by`); everything else acts as hr. */
const cmd = <C extends CaseCommand>(type: C['type'], data: C['data'], now: string): C =>
  (type === 'FileAppeal'
    ? { type, data, now, actor: (data as { by: string }).by }
    : { type, data, now, actor, actingAs: 'hr' }) as C;
const openCmd = (over: Partial<OpenCase['data']> = {}, now = openedAt): OpenCase => {
  const { openedAt: _a, processingDeadline: _p, detectedOn: _d, ...data } = opened().data;
  return cmd<OpenCase>('OpenCase', { ...data, missingEvidence: [], ...over }, now);
};
const decideCmd = (date: string, over: Partial<IssueDecision['data']> = {}): IssueDecision =>
  cmd<IssueDecision>(
    'IssueDecision',
    {
      form: 'warning',
      decisionNo: '15/QĐ-KL',
      effectiveFrom: date,
      relatedToDuties: true,
      allegationIds: ['a1'],
      decidedBy: 'chair-0',
      ...over,
    },
    at(date),
  );
const dismissCmd = (reason: DismissCase['data']['reason'], over: Partial<DismissCase['data']> = {}, date = '2026-03-20') =>
  cmd<DismissCase>('DismissCase', { reason, note: 'see the file', dismissedBy: 'chair-0', ...over }, at(date));

describe('who may act (case.access.ts, checked again by the decider)', () => {
  it('refuses a command that names no capacity or a capacity it does not accept', () => {
    spec.given([opened()]).when({ ...cmd('RecordStatement', { personId: 'staff-a', role: 'subject', summary: 's', recordedBy: 'x' }, at('2026-03-12')), actingAs: undefined } as CaseCommand).thenThrows('capacity_refused');
    spec.given([opened()]).when({ ...cmd('ExemptCase', { ground: 'lost_civil_capacity', document: doc('X'), exemptedBy: 'x' }, at('2026-03-12')), actingAs: 'council_member' } as CaseCommand).thenThrows('capacity_refused');
  });

  it('refuses council_member from someone not seated on this council', () => {
    spec
      .given([opened(), ...prepared()])
      .when({ ...cmd('RecordStatement', { personId: 'staff-a', role: 'subject', summary: 's', recordedBy: 'x' }, at('2026-03-12')), actor: 'outsider', actingAs: 'council_member' } as CaseCommand)
      .thenThrows('case.hr_only');
  });

  it('lets the subject, and only the subject, appeal', () => {
    spec
      .given([opened(), ...prepared(), voted(), decided()])
      .when({ type: 'FileAppeal', data: { by: 'staff-a', grounds: 'g' }, now: at('2026-04-01'), actor: 'staff-b', actingAs: 'subject' })
      .thenThrows('not_the_subject');
  });
});

describe('events recorded before the procedure fields existed (read as facts)', () => {
  it('reads a council without roles as chair, secretary and plain members, and a vote without a recommendation by its majority', () => {
    const oldCouncil: CouncilConvened = {
      type: 'CouncilConvened',
      data: { chair: 'chair-1', secretary: 'sec-1', members: ['m-1'], convenedBy: 'h', convenedAt: at('2025-03-10') },
    };
    const oldVote: CouncilVoted = {
      type: 'CouncilVoted',
      data: { present: ['chair-1', 'sec-1', 'm-1'], tally: [{ option: 'warning', votes: 2 }, { option: 'reprimand', votes: 1 }], votedAt: at('2026-03-20') },
    };
    const { detectedOn: _d, ...legacy } = opened().data;
    const state = [{ type: 'CaseOpened', data: legacy } as CaseOpened, oldCouncil, oldVote].reduce(caseDecider.evolve, caseDecider.initialState());
    expect(state.status === 'open' && state.file.council?.seats).toEqual([
      { personId: 'chair-1', role: 'chair' },
      { personId: 'sec-1', role: 'secretary' },
      { personId: 'm-1', role: 'member' },
    ]);
    expect(state.status === 'open' && state.file.vote?.recommendation).toBe('warning');
    expect(state.status === 'open' && state.file.detectedOn).toBe('2026-03-02');
  });
});

describe('case stream', () => {
  it('is named case-<id>', () => {
    expect(caseStream('k1')).toBe('case-k1');
  });
});

describe('when a case is opened', () => {
  it('records the subject, the allegations with their evidence, and a 90-day processing deadline (LCCS art. 80)', () => {
    spec.given([]).when(openCmd()).then([opened()]);
  });

  it('refuses evidence that does not exist, naming each missing reference (invariant: verifiable trail)', () => {
    const err = spec
      .given([])
      .when(
        openCmd({
          allegations: [lateDossier, oldReprimandLevel],
          missingEvidence: [
            { streamId: 'assignment-as-1', revision: 3 },
            { streamId: 'consultation-c9', revision: 1 },
          ],
        }),
      )
      .thenThrows('case.evidence_not_found', ['allegations[0].evidence[0]', 'allegations[1].evidence[0]']);
    expect(err.message).toContain('assignment-as-1@3');
    expect(err.message).toContain('consultation-c9@1');
  });

  it('requires allegations, each with a description, a past violation date and evidence (D112)', () => {
    spec
      .given([])
      .when(openCmd({ allegations: [] }))
      .thenThrows('case.invalid_opening', ['allegations']);
    spec
      .given([])
      .when(
        openCmd({
          allegations: [{ ...lateDossier, description: '', violationDate: '2026-04-01', evidence: [] }],
        }),
      )
      .thenThrows('case.invalid_opening', [
        'allegations[0].description',
        'allegations[0].violationDate',
        'allegations[0].evidence',
      ]);
  });

  it('refuses two allegations with the same id', () => {
    spec
      .given([])
      .when(openCmd({ allegations: [lateDossier, lateDossier] }))
      .thenThrows('case.invalid_opening', ['allegations[1].id']);
  });

  it('refuses opening the same case twice (invariant)', () => {
    spec.given([opened()]).when(openCmd()).thenThrows('case.already_opened');
  });
});

describe('when the council is convened (D112 art. 28: composition by role)', () => {
  const conveneCmd = (data: Partial<{ seats: typeof seats; conflicts: { personId: string; relation: 'relative' | 'interested_in_violation' }[] }> = {}): CaseCommand =>
    cmd('ConveneCouncil', { seats, convenedBy: 'head-1', ...data }, at('2026-03-10'));

  it('records every seat with its role and the composition it was checked against', () => {
    spec.given([opened(), selfReviewed()]).when(conveneCmd()).then([convened]);
  });

  it('refuses a council before the self-review meeting (D112 art. 26: the first step)', () => {
    spec.given([opened()]).when(conveneCmd()).thenThrows('case.self_review_required');
  });

  it('refuses a council missing the trade-union seat, naming the role and the body', () => {
    const err = spec
      .given([opened(), selfReviewed()])
      .when(conveneCmd({ seats: seats.filter((x) => x.role !== 'trade_union_representative') }))
      .thenThrows('case.council_composition', ['seats']);
    expect(err.errors[0]?.message).toContain('trade_union_representative');
    expect(err.source).toContain('interpretation');
  });

  it('refuses a flat council of three (the old minimum) for a civil servant', () => {
    spec
      .given([opened(), selfReviewed()])
      .when(conveneCmd({ seats: [seats[0]!, seats[4]!, { personId: 'm-1', role: 'member' }] }))
      .thenThrows('case.council_composition', ['seats', 'seats', 'seats', 'seats[2].role']);
  });

  it('uses the Decree 112 art. 28(1) council (party committee of the employing unit) for a non-leader before 2025-07-01 (verified)', () => {
    const early = opened({ subjectIsLeader: false, openedAt: at('2025-05-02'), detectedOn: '2025-05-02', processingDeadline: '2025-07-31' });
    const cmd2 = cmd<CaseCommand & { type: 'ConveneCouncil' }>('ConveneCouncil', { seats, convenedBy: 'head-1' }, at('2025-05-20'));
    spec
      .given([early, selfReviewed('2025-05-10')])
      .when(cmd2)
      .thenEvents(([event]) => expect(event).toMatchObject({ data: { composition: 'civil_servant/2020/non-leader' } }));
  });

  it('uses the commune council of art. 28(3) for a commune civil servant before 2025-07-01 (verified)', () => {
    const commune = opened({ subjectLevel: 'commune', openedAt: at('2025-05-02'), detectedOn: '2025-05-02', processingDeadline: '2025-07-31' });
    spec
      .given([commune, selfReviewed('2025-05-10')])
      .when(cmd<CaseCommand & { type: 'ConveneCouncil' }>('ConveneCouncil', { seats, convenedBy: 'head-1' }, at('2025-05-20')))
      .thenThrows('case.council_composition');
  });

  it('refuses the subject on the council', () => {
    spec
      .given([opened(), selfReviewed()])
      .when(conveneCmd({ seats: seats.map((x) => (x.role === 'party_representative' ? { ...x, personId: 'staff-a' } : x)) }))
      .thenThrows('case.subject_on_council', ['seats[2].personId']);
  });

  it('refuses a relative of the subject or a person interested in the violation (D112 art. 2(11), verified)', () => {
    spec
      .given([opened(), selfReviewed()])
      .when(conveneCmd({ conflicts: [{ personId: 'm-2', relation: 'relative' }, { personId: 'm-3', relation: 'interested_in_violation' }] }))
      .thenThrows('case.conflict_of_interest', ['seats[2].personId', 'seats[3].personId']);
  });

  it('refuses a person seated twice', () => {
    spec
      .given([opened(), selfReviewed()])
      .when(conveneCmd({ seats: seats.map((x) => (x.role === 'trade_union_representative' ? { ...x, personId: 'm-1' } : x)) }))
      .thenThrows('case.invalid_council', ['seats[3].personId']);
  });

  it('refuses convening twice (invariant)', () => {
    spec.given([opened(), selfReviewed(), convened]).when(conveneCmd()).thenThrows('case.council_already_convened');
  });

  it('refuses a case that does not exist', () => {
    spec.given([]).when(conveneCmd()).thenThrows('case.not_found');
  });
});

describe('when statements and evidence are recorded', () => {
  it('records a statement of the subject (D112: the subject may explain)', () => {
    spec
      .given([opened()])
      .when(cmd('RecordStatement', { personId: 'staff-a', role: 'subject', summary: 'The map data was outdated', recordedBy: 'sec-1' }, at('2026-03-12')))
      .then([
        {
          type: 'StatementRecorded',
          data: { personId: 'staff-a', role: 'subject', summary: 'The map data was outdated', recordedBy: 'sec-1', recordedAt: at('2026-03-12') },
        },
      ]);
  });

  const attach = (evidence: { streamId: string; revision: number }, missing = false, allegationId = 'a1') =>
    cmd('AttachEvidence', { allegationId, evidence, attachedBy: 'sec-1', missingEvidence: missing ? [evidence] : [] }, at('2026-03-12'));

  it('attaches an existing event to an allegation', () => {
    spec
      .given([opened()])
      .when(attach({ streamId: 'assignment-as-1', revision: 5 }))
      .then([
        {
          type: 'EvidenceAttached',
          data: { allegationId: 'a1', evidence: { streamId: 'assignment-as-1', revision: 5 }, attachedBy: 'sec-1', attachedAt: at('2026-03-12') },
        },
      ]);
  });

  it('refuses evidence that does not exist (invariant: verifiable trail)', () => {
    spec.given([opened()]).when(attach({ streamId: 'assignment-as-1', revision: 99 }, true)).thenThrows('case.evidence_not_found', ['evidence']);
  });

  it('refuses evidence already attached, and an unknown allegation (invariant)', () => {
    spec.given([opened()]).when(attach({ streamId: 'assignment-as-1', revision: 3 })).thenThrows('case.evidence_already_attached');
    spec.given([opened()]).when(attach({ streamId: 'assignment-as-1', revision: 5 }, false, 'zz')).thenThrows('case.unknown_allegation', ['allegationId']);
  });
});

describe('processing period (LCCS art. 80(2): 90 days, extendable to 150)', () => {
  const extendCmd = (newDeadline: string, date: string) =>
    cmd('ExtendProcessingPeriod', { newDeadline, reason: 'land survey to verify', extendedBy: 'chair-0' }, at(date));

  it('extends a complex case up to 150 days from opening', () => {
    spec.given([opened()]).when(extendCmd('2026-07-30', '2026-05-20')).then([extended('2026-07-30', '2026-05-20')]);
  });

  it('refuses an extension beyond 150 days', () => {
    spec.given([opened()]).when(extendCmd('2026-07-31', '2026-05-20')).thenThrows('case.extension_beyond_limit', ['newDeadline']);
  });

  it('refuses extending a period that has already run out', () => {
    spec.given([opened()]).when(extendCmd('2026-07-01', '2026-06-01')).thenThrows('case.processing_period_expired');
  });

  describe('when 90 days have passed without extension', () => {
    it('refuses the decision', () => {
      spec.given([opened(), ...prepared(), voted()]).when(decideCmd('2026-06-01')).thenThrows('case.processing_period_expired');
    });
  });

  it('accepts a decision on the last day of the extended period', () => {
    spec
      .given([opened(), extended('2026-07-30', '2026-05-20'), ...prepared(), voted()])
      .when(decideCmd('2026-07-30'))
      .thenEvents(([event]) => expect(event?.type).toBe('DecisionIssued'));
  });
});

describe('when the council votes (D112: secret ballot; quorum of 3 including chair and secretary)', () => {
  const voteCmd = (present: string[], tally = voted().data.tally) => cmd('RecordCouncilVote', { present, tally }, at('2026-03-20'));

  it('records the tally per proposed form', () => {
    spec.given([opened(), ...prepared()]).when(voteCmd(['chair-1', 'sec-1', 'm-1'])).then([voted()]);
  });

  it('has no quorum without the secretary', () => {
    const err = spec.given([opened(), ...prepared()]).when(voteCmd(['chair-1', 'm-1', 'm-2'])).thenThrows('case.quorum_not_met');
    expect(err.errors.map((e) => e.message)).toContain('the secretary is absent');
  });

  it('has no quorum with fewer than 3 present', () => {
    spec.given([opened(), ...prepared()]).when(voteCmd(['chair-1', 'sec-1'], [{ option: 'warning', votes: 2 }])).thenThrows('case.quorum_not_met');
  });

  it('refuses a voter who is not a member and more ballots than members present', () => {
    spec
      .given([opened(), ...prepared()])
      .when(voteCmd(['chair-1', 'sec-1', 'outsider'], [{ option: 'warning', votes: 4 }]))
      .thenThrows('case.invalid_vote', ['present[2]', 'tally']);
  });

  it('refuses voting on a form that no longer exists (D172: no salary-grade reduction from 2025-07-01)', () => {
    spec
      .given([opened(), ...prepared()])
      .when(voteCmd(['chair-1', 'sec-1', 'm-1'], [{ option: 'salary_grade_reduction', votes: 3 }]))
      .thenThrows('case.form_not_available', ['tally[0].option']);
  });

  it('accepts a vote for no discipline', () => {
    spec
      .given([opened(), ...prepared()])
      .when(voteCmd(['chair-1', 'sec-1', 'm-1'], [{ option: 'no_discipline', votes: 3 }]))
      .thenEvents(([event]) => expect(event?.type).toBe('CouncilVoted'));
  });

  it('refuses a vote before a council is convened, and a second vote (invariant)', () => {
    spec.given([opened()]).when(voteCmd(['chair-1', 'sec-1', 'm-1'])).thenThrows('case.council_not_convened');
    spec.given([opened(), ...prepared(), voted()]).when(voteCmd(['chair-1', 'sec-1', 'm-1'])).thenThrows('case.council_already_voted');
  });
});

describe('when a decision is issued', () => {
  it('records the form, number, effective date and the regime it was checked against (D172)', () => {
    spec.given([opened(), ...prepared(), voted()]).when(decideCmd('2026-03-25', { effectiveFrom: '2026-03-25' })).then([decided(), consequencesOf(decided())]);
  });

  it('requires a council recommendation first (D112)', () => {
    spec.given([opened(), ...prepared()]).when(decideCmd('2026-03-25')).thenThrows('case.no_council_vote');
  });

  describe('for a civil servant decided before 2025-07-01 (D112 art. 7; Law on Cadres and Civil Servants art. 79(2) as amended 2019, verified)', () => {
    const earlier = (over: Partial<CaseOpened['data']> = {}) =>
      opened({ openedAt: at('2025-05-02'), detectedOn: '2025-05-02', processingDeadline: '2025-07-31', ...over });
    const before = (form: DecisionIssued['data']['form']): CaseEvent[] => [
      selfReviewed('2025-05-10', form),
      convened,
      summoned('2025-06-10'),
      voted('2025-06-20', [{ option: form, votes: 3 }]),
    ];

    it('allows salary-grade reduction for a civil servant who is not a leader', () => {
      spec
        .given([earlier({ subjectIsLeader: false }), ...before('salary_grade_reduction')])
        .when(decideCmd('2025-06-30', { form: 'salary_grade_reduction', allegationIds: ['a1'] }))
        .thenEvents(([event]) => expect(event).toMatchObject({ data: { form: 'salary_grade_reduction', formsRegime: 'civil_servant/2020' } }));
    });

    it('refuses salary-grade reduction for a leader, whose scale is reprimand, warning, demotion, dismissal from post, forced resignation', () => {
      const err = spec
        .given([earlier(), ...before('warning')])
        .when(decideCmd('2025-06-30', { form: 'salary_grade_reduction' }))
        .thenThrows('case.form_not_for_leaders', ['form']);
      expect(err.source).toContain('luatvietnam.vn');
    });

    it('allows demotion for a leader only', () => {
      spec
        .given([earlier(), ...before('demotion')])
        .when(decideCmd('2025-06-30', { form: 'demotion' }))
        .thenEvents(([event]) => expect(event).toMatchObject({ data: { form: 'demotion' } }));
      spec
        .given([earlier({ subjectIsLeader: false }), ...before('warning')])
        .when(decideCmd('2025-06-30', { form: 'demotion' }))
        .thenThrows('case.form_requires_leadership_post', ['form']);
    });
  });

  describe('for a civil servant decided from 2025-07-01 (D172; transitional article not verified)', () => {
    const earlier = opened({ openedAt: at('2025-05-02'), detectedOn: '2025-05-02', processingDeadline: '2025-07-31', subjectIsLeader: false });
    const before: CaseEvent[] = [selfReviewed('2025-05-10'), convened, summoned('2025-06-10'), voted('2025-06-20', [{ option: 'salary_grade_reduction', votes: 3 }])];

    it('decides a violation of before 2025-07-01 on the new scale: no salary-grade reduction or demotion, naming the source', () => {
      const err = spec.given([earlier, ...before]).when(decideCmd('2025-07-01', { form: 'salary_grade_reduction' })).thenThrows('case.form_not_available', ['form']);
      expect(err.source).toContain('172/2025');
      spec.given([earlier, ...before]).when(decideCmd('2025-07-01', { form: 'demotion' })).thenThrows('case.form_not_available', ['form']);
    });

    it('allows dismissal from post for a leader, not for a non-leader', () => {
      const recommended = voted('2026-03-20', [{ option: 'dismissal_from_post', votes: 3 }]);
      spec
        .given([opened(), ...prepared(), recommended])
        .when(decideCmd('2026-03-25', { form: 'dismissal_from_post' }))
        .thenEvents(([event]) => expect(event).toMatchObject({ data: { form: 'dismissal_from_post' } }));
      spec
        .given([opened({ subjectIsLeader: false }), ...prepared(), voted()])
        .when(decideCmd('2026-03-25', { form: 'dismissal_from_post' }))
        .thenThrows('case.form_requires_leadership_post', ['form']);
    });
  });

  it('refuses a form of another staff category (Labour Code 2019 art. 124 forms for workers only)', () => {
    spec.given([opened(), ...prepared(), voted()]).when(decideCmd('2026-03-25', { form: 'dismissal' })).thenThrows('case.form_not_available');
  });

  describe('when a reprimand-level violation is more than 5 years old (LCCS art. 80(1))', () => {
    it('refuses to decide on it, naming the allegation', () => {
      const err = spec
        .given([opened({ allegations: [lateDossier, oldReprimandLevel] }), ...prepared(), voted()])
        .when(decideCmd('2026-03-25', { allegationIds: ['a1', 'a2'] }))
        .thenThrows('case.allegation_time_barred', ['allegationIds[1]']);
      expect(err.errors[0]?.message).toContain('2026-03-01');
    });

    it('still decides on the allegations that are not barred', () => {
      spec
        .given([opened({ allegations: [lateDossier, oldReprimandLevel] }), ...prepared(), voted()])
        .when(decideCmd('2026-03-25', { allegationIds: ['a1'] }))
        .thenEvents(([event]) => expect(event?.type).toBe('DecisionIssued'));
    });
  });

  describe('when a violation above reprimand level is 5 years old (LCCS art. 80(1): 10 years)', () => {
    it('is not time-barred', () => {
      const higher = { ...oldReprimandLevel, severity: 'higher' as const };
      spec
        .given([opened({ allegations: [higher] }), ...prepared(), voted()])
        .when(decideCmd('2026-03-25', { allegationIds: ['a2'] }))
        .thenEvents(([event]) => expect(event?.type).toBe('DecisionIssued'));
    });
  });

  it('requires known allegations, a number and an effective date not before the decision', () => {
    spec
      .given([opened(), ...prepared(), voted()])
      .when(decideCmd('2026-03-25', { allegationIds: ['zz'], decisionNo: '', effectiveFrom: '2026-03-01' }))
      .thenThrows('case.invalid_decision', ['allegationIds[0]', 'decisionNo', 'effectiveFrom']);
  });

  it('refuses a second decision (invariant)', () => {
    spec.given([opened(), ...prepared(), voted(), decided()]).when(decideCmd('2026-03-26')).thenThrows('case.closed');
  });
});

describe('when a case is dismissed', () => {
  it('dismisses for insufficient evidence', () => {
    spec
      .given([opened()])
      .when(dismissCmd('insufficient_evidence'))
      .then([
        {
          type: 'CaseDismissed',
          data: { reason: 'insufficient_evidence', note: 'see the file', dismissedBy: 'chair-0', dismissedAt: at('2026-03-20') },
        },
      ]);
  });

  it('requires a note for reason other', () => {
    spec.given([opened()]).when(dismissCmd('other', { note: '' })).thenThrows('case.invalid_dismissal', ['note']);
  });

  describe('as time-barred (LCCS art. 80(1))', () => {
    it('is allowed when every allegation is barred', () => {
      spec
        .given([opened({ allegations: [oldReprimandLevel] })])
        .when(dismissCmd('time_barred'))
        .thenEvents(([event]) => expect(event).toMatchObject({ data: { reason: 'time_barred' } }));
    });

    it('is refused while any allegation can still be decided, naming it', () => {
      spec
        .given([opened({ allegations: [oldReprimandLevel, lateDossier] })])
        .when(dismissCmd('time_barred'))
        .thenThrows('case.not_time_barred', ['allegations[1]']);
    });
  });

  describe('as protected innovation (D73)', () => {
    const cover: ProtectedInnovationCover = {
      proposalId: 'p1',
      relatedAssignmentIds: ['as-1', 'as-2'],
      approved: true,
      evaluated: true,
      personalGain: false,
    };

    it('is allowed with an approved, evaluated proposal covering the work and no personal gain', () => {
      spec
        .given([opened()])
        .when(dismissCmd('protected_innovation', { innovation: cover }))
        .thenEvents(([event]) => expect(event).toMatchObject({ data: { reason: 'protected_innovation', innovationProposalId: 'p1' } }));
    });

    it('is refused without a proposal', () => {
      spec.given([opened()]).when(dismissCmd('protected_innovation')).thenThrows('case.invalid_dismissal', ['innovation']);
    });

    it('is refused when the evaluation found personal gain', () => {
      spec
        .given([opened()])
        .when(dismissCmd('protected_innovation', { innovation: { ...cover, personalGain: true } }))
        .thenThrows('case.innovation_not_protective', ['innovation.personalGain']);
    });

    it('is refused when the proposal was not approved or not yet evaluated', () => {
      spec
        .given([opened()])
        .when(dismissCmd('protected_innovation', { innovation: { ...cover, approved: false, evaluated: false } }))
        .thenThrows('case.innovation_not_protective', ['innovation.approved', 'innovation.evaluated']);
    });

    it('is refused when an allegation is about work the proposal does not cover', () => {
      spec
        .given([opened({ allegations: [lateDossier, oldReprimandLevel] })])
        .when(dismissCmd('protected_innovation', { innovation: cover }))
        .thenThrows('case.innovation_not_protective', ['allegations[1]']);
    });
  });

  it('refuses dismissing a decided case (invariant)', () => {
    spec.given([opened(), ...prepared(), voted(), decided()]).when(dismissCmd('other')).thenThrows('case.closed');
  });
});

describe('appeals (LoC art. 48: 15 days)', () => {
  const appealCmd = (date: string, by = 'staff-a') =>
    cmd('FileAppeal', { by, grounds: 'the delay had an objective cause' }, at(date));
  const resolveCmd = (data: Record<string, unknown>) =>
    cmd('ResolveAppeal', { decisionNo: '3/QĐ-GQKN', resolvedBy: 'chair-00', ...data } as never, at('2026-04-20'));
  const history = [opened(), ...prepared(), voted(), decided()];

  it('lets the subject appeal within 15 days of the decision', () => {
    spec.given(history).when(appealCmd('2026-04-01')).then([appealed]);
    spec.given(history).when(appealCmd('2026-04-09')).thenEvents(([event]) => expect(event?.type).toBe('AppealFiled'));
  });

  it('refuses an appeal after 15 days', () => {
    spec.given(history).when(appealCmd('2026-04-10')).thenThrows('case.appeal_time_limit_exceeded');
  });

  it('refuses an appeal by someone else, a second appeal, or before a decision', () => {
    spec.given(history).when(appealCmd('2026-04-01', 'staff-b')).thenThrows('not_the_subject');
    spec.given([...history, appealed]).when(appealCmd('2026-04-02')).thenThrows('case.appeal_already_filed');
    spec.given([opened()]).when(appealCmd('2026-04-01')).thenThrows('case.not_decided');
  });

  it('resolves an appeal by upholding, annulling or modifying the decision', () => {
    spec
      .given([...history, appealed])
      .when(resolveCmd({ outcome: 'upheld' }))
      .then([
        {
          type: 'AppealResolved',
          data: { outcome: 'upheld', decisionNo: '3/QĐ-GQKN', resolvedBy: 'chair-00', resolvedAt: at('2026-04-20') },
        },
      ]);
    spec
      .given([...history, appealed])
      .when(resolveCmd({ outcome: 'modified', newForm: 'reprimand' }))
      .thenEvents(([event]) => expect(event).toMatchObject({ data: { outcome: 'modified', newForm: 'reprimand' } }));
  });

  it('requires a different, existing form when modifying (D172)', () => {
    spec.given([...history, appealed]).when(resolveCmd({ outcome: 'modified' })).thenThrows('case.invalid_appeal', ['newForm']);
    spec
      .given([...history, appealed])
      .when(resolveCmd({ outcome: 'modified', newForm: 'demotion' }))
      .thenThrows('case.form_not_available', ['newForm']);
  });

  it('refuses resolving without an open appeal (invariant)', () => {
    spec.given(history).when(resolveCmd({ outcome: 'annulled' })).thenThrows('case.no_open_appeal');
  });
});

describe('who may act on a case (case.access.ts, checked again by the decider)', () => {
  const vote = { present: ['chair-1', 'sec-1', 'm-1'], tally: voted().data.tally };

  it('lets a member of this council record the vote, and refuses a council member of another case, with no HTTP involved', () => {
    spec
      .given([opened(), ...prepared()])
      .when({ type: 'RecordCouncilVote', data: vote, now: at('2026-03-20'), actor: 'm-1', actingAs: 'council_member' } as CaseCommand)
      .then([voted()]);
    spec
      .given([opened(), ...prepared()])
      .when({ type: 'RecordCouncilVote', data: vote, now: at('2026-03-20'), actor: 'm-9', actingAs: 'council_member' } as CaseCommand)
      .thenThrows('case.hr_only');
  });

  it('refuses a decision without the hr capacity', () => {
    spec
      .given([opened(), ...prepared()])
      .when({ type: 'RecordCouncilVote', data: vote, now: at('2026-03-20'), actor: 'm-1' } as CaseCommand)
      .thenThrows('capacity_refused');
    spec.given([]).when({ ...openCmd(), actingAs: 'council_member' } as CaseCommand).thenThrows('capacity_refused');
  });

  it('hides a case from a council member not on it and from hr elsewhere; the subject sees it but may only appeal', () => {
    const state = fold(caseDecider, [opened(), ...prepared()]);
    if (state.status === 'none') throw new Error('opened');
    const subject = state.file.subjectId;
    const units = new Map([[subject, 'u-1']]);
    const otherCouncil = makeActor('m-9', ['council'], { all: false, units: new Set() }).knowing(units);
    const hrElsewhere = makeActor('hr-9', ['hr'], { all: false, units: new Set(['u-2']) }).knowing(units);
    const theSubject = makeActor(subject, ['staff'], { all: false, units: new Set() }).knowing(units);
    for (const who of [otherCouncil, hrElsewhere]) {
      expect(caseAccess.RecordCouncilVote(who, state)).toMatchObject({ denied: { code: 'case.not_found', kind: 'not_found' } });
    }
    expect(caseAccess.IssueDecision(theSubject, state)).toMatchObject({ denied: { code: 'case.hr_only', kind: 'forbidden' } });
    expect(caseAccess.RecordCouncilVote(makeActor('m-1', ['council'], { all: false, units: new Set() }).knowing(units), state)).toBe('council_member');
  });
});
