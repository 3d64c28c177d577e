import { deciderSpec } from '../shared/given-when-then.js';
import type { CaseCommand } from './case.commands.js';
import { caseDecider, decisionConsequences } from './case.decide.js';
import type {
  Allegation,
  CaseEvent,
  CaseOpened,
  CaseSuspended,
  CouncilConvened,
  CouncilSeatHolder,
  CouncilVoted,
  DecisionIssued,
  DocumentRef,
  SelfReviewMeetingHeld,
  SummonsIssued,
} from './case.events.js';
import { SUSPENSION_RULES } from './discipline-procedure.policy.js';

// Specs of the disciplinary procedure (issue 16, issue 13 items 10-11). Each rule's
// source, verified page or interpretation, is in discipline-procedure.policy.ts and
// reaches the caller in the error's `source`.

const spec = deciderSpec(caseDecider);
const at = (date: string) => `${date}T10:00:00+07:00`;
const cmd = <C extends CaseCommand>(type: C['type'], data: C['data'], date: string): C =>
  ({ type, data, now: at(date), actor: type === 'FileAppeal' ? 'staff-a' : 'hr-1', ...(type !== 'FileAppeal' && { actingAs: 'hr' }) }) as C;
const doc = (number: string, date = '2026-03-04', digest = 'b'.repeat(64)): DocumentRef => ({ number, date, issuer: 'Sở Nội vụ', digest });

const allegation: Allegation = {
  id: 'a1',
  description: 'Left land dossiers pending past their due date',
  violationDate: '2025-10-01',
  severity: 'higher',
  evidence: [{ streamId: 'assignment-as-1', revision: 3 }],
};
const opened = (over: Partial<CaseOpened['data']> = {}): CaseOpened => ({
  type: 'CaseOpened',
  data: {
    caseId: 'k1',
    subjectId: 'staff-a',
    subjectCategory: 'civil_servant',
    subjectIsLeader: false,
    allegations: [allegation],
    openedBy: 'hr-1',
    openedAt: at('2026-03-02'),
    processingDeadline: '2026-05-31',
    detectedOn: '2026-03-02',
    ...over,
  },
});
const summons = (purpose: 'self_review' | 'council', attempt: number, date: string): SummonsIssued => ({
  type: 'SummonsIssued',
  data: { summonsId: `${purpose}-${attempt}`, purpose, personId: 'staff-a', attempt, meetingOn: date, deliveredOn: date, issuedBy: 'hr-1', issuedAt: at(date) },
});
const meetingCmd = (over: Record<string, unknown> = {}, date = '2026-03-05') =>
  cmd<CaseCommand & { type: 'RecordSelfReviewMeeting' }>(
    'RecordSelfReviewMeeting',
    {
      heldOn: date,
      convenedBy: 'head-u',
      convenerRole: 'head_of_employing_unit',
      attendees: ['u-1', 'u-2', 'u-3'],
      subjectPresent: true,
      selfCriticism: { summary: 'I admit the delay', proposedForm: 'reprimand' },
      minutes: doc('BB-01', date),
      tally: [
        { option: 'reprimand', votes: 2 },
        { option: 'warning', votes: 1 },
      ],
      recordedBy: 'hr-1',
      ...over,
    } as never,
    date,
  );
const held = (proposedForm: SelfReviewMeetingHeld['data']['proposedForm'] = 'warning'): SelfReviewMeetingHeld => ({
  type: 'SelfReviewMeetingHeld',
  data: {
    heldOn: '2026-03-05',
    convenedBy: 'head-u',
    convenerRole: 'head_of_employing_unit',
    attendees: ['u-1', 'u-2', 'u-3'],
    subjectPresent: true,
    minutes: doc('BB-01', '2026-03-05'),
    tally: [{ option: proposedForm, votes: 3 }],
    proposedForm,
    recordedBy: 'hr-1',
    recordedAt: at('2026-03-05'),
  },
});
const seats: CouncilSeatHolder[] = [
  { personId: 'chair-1', role: 'chair' },
  { personId: 'm-1', role: 'employing_unit_leader' },
  { personId: 'm-2', role: 'party_representative' },
  { personId: 'm-3', role: 'trade_union_representative' },
  { personId: 'sec-1', role: 'secretary' },
];
const convened: CouncilConvened = {
  type: 'CouncilConvened',
  data: {
    chair: 'chair-1',
    secretary: 'sec-1',
    members: ['m-1', 'm-2', 'm-3'],
    convenedBy: 'hr-1',
    convenedAt: at('2026-03-10'),
    seats,
    composition: 'civil_servant/2025/non-leader',
  },
};
const voted = (tally: CouncilVoted['data']['tally'], recommendation: CouncilVoted['data']['recommendation']): CouncilVoted => ({
  type: 'CouncilVoted',
  data: { present: ['chair-1', 'sec-1', 'm-1', 'm-2', 'm-3'], tally, votedAt: at('2026-03-20'), recommendation },
});
const voteCmd = (present: string[], tally: CouncilVoted['data']['tally']) =>
  cmd<CaseCommand & { type: 'RecordCouncilVote' }>('RecordCouncilVote', { present, tally }, '2026-03-20');
const decideCmd = (form: DecisionIssued['data']['form'], over: Record<string, unknown> = {}, date = '2026-03-25') =>
  cmd<CaseCommand & { type: 'IssueDecision' }>(
    'IssueDecision',
    { form, decisionNo: '15/QĐ-KL', effectiveFrom: date, relatedToDuties: true, allegationIds: ['a1'], decidedBy: 'director', ...over } as never,
    date,
  );
const beforeVote: CaseEvent[] = [opened(), held(), convened, summons('council', 1, '2026-03-12')];

describe('self-review meeting (D112 art. 26 as amended by D71; verified)', () => {
  it('records the convener, attendance, the self-criticism, the minutes and the form carried by the vote', () => {
    spec
      .given([opened()])
      .when(meetingCmd())
      .thenEvents(([event]) =>
        expect(event).toMatchObject({
          type: 'SelfReviewMeetingHeld',
          data: { convenerRole: 'head_of_employing_unit', subjectPresent: true, proposedForm: 'reprimand', minutes: { number: 'BB-01' } },
        }),
      );
  });

  it('has the superior body organise the meeting for a head or deputy head', () => {
    spec.given([opened({ subjectIsLeader: true })]).when(meetingCmd()).thenThrows('case.self_review_wrong_convener', ['convenerRole']);
  });

  it('refuses a chair who is a relative of the subject (D112 art. 2(11))', () => {
    spec
      .given([opened()])
      .when(meetingCmd({ conflicts: [{ personId: 'head-u', relation: 'relative' }] }))
      .thenThrows('case.conflict_of_interest', ['convenedBy']);
  });

  describe('when the subject is absent', () => {
    it('goes ahead at the second delivered summons', () => {
      spec
        .given([opened(), summons('self_review', 1, '2026-03-03'), summons('self_review', 2, '2026-03-04')])
        .when(meetingCmd({ subjectPresent: false, absence: 'second_summons', selfCriticism: undefined }))
        .thenEvents(([event]) => expect(event).toMatchObject({ data: { subjectPresent: false, absence: 'second_summons' } }));
    });

    it('does not go ahead at the first summons', () => {
      spec
        .given([opened(), summons('self_review', 1, '2026-03-03')])
        .when(meetingCmd({ subjectPresent: false, absence: 'second_summons', selfCriticism: undefined }))
        .thenThrows('case.subject_absence_not_established', ['absence']);
    });

    it("goes ahead on the subject's written request only when the request is on file", () => {
      spec
        .given([opened()])
        .when(meetingCmd({ subjectPresent: false, absence: 'written_request', selfCriticism: undefined }))
        .thenThrows('case.subject_absence_not_established');
      spec
        .given([
          opened(),
          { type: 'DocumentAttached', data: { kind: 'written_request', document: doc('DN-1'), attachedBy: 'hr-1', attachedAt: at('2026-03-04') } },
        ])
        .when(meetingCmd({ subjectPresent: false, absence: 'written_request', selfCriticism: undefined }))
        .thenEvents(([event]) => expect(event?.type).toBe('SelfReviewMeetingHeld'));
    });
  });

  it('refuses a vote where no form has more than half of those present', () => {
    spec
      .given([opened()])
      .when(meetingCmd({ tally: [{ option: 'reprimand', votes: 1 }, { option: 'warning', votes: 1 }] }))
      .thenThrows('case.self_review_no_majority');
  });

  it('refuses minutes without a SHA-256 digest, and a second meeting', () => {
    spec.given([opened()]).when(meetingCmd({ minutes: { ...doc('BB-01'), digest: 'xyz' } })).thenThrows('case.invalid_self_review', ['minutes.digest']);
    spec.given([opened(), held()]).when(meetingCmd()).thenThrows('case.self_review_already_held');
  });
});

describe('summons (D112 art. 29(2)(c); delivery before the meeting is an interpretation)', () => {
  const summonsCmd = (purpose: 'self_review' | 'council', deliveredOn: string, meetingOn = '2026-03-15', id = 's1') =>
    cmd<CaseCommand & { type: 'IssueSummons' }>('IssueSummons', { summonsId: id, purpose, meetingOn, deliveredOn, issuedBy: 'hr-1', document: doc('GM-1') }, '2026-03-12');

  it('numbers the attempts per meeting', () => {
    spec
      .given([opened(), summons('self_review', 1, '2026-03-03')])
      .when(summonsCmd('self_review', '2026-03-04', '2026-03-06', 's2'))
      .thenEvents(([event]) => expect(event).toMatchObject({ data: { attempt: 2, purpose: 'self_review', personId: 'staff-a' } }));
  });

  it('refuses a delivery after the meeting or in the future', () => {
    spec.given([opened()]).when(summonsCmd('self_review', '2026-03-11', '2026-03-10')).thenThrows('case.invalid_summons', ['deliveredOn']);
    spec.given([opened()]).when(summonsCmd('self_review', '2026-03-13')).thenThrows('case.invalid_summons', ['deliveredOn']);
  });

  it('refuses a summons to a council not yet convened', () => {
    spec.given([opened(), held()]).when(summonsCmd('council', '2026-03-12')).thenThrows('case.council_not_convened');
  });

  it('refuses the council vote when the subject was never summoned to it', () => {
    spec
      .given([opened(), held(), convened])
      .when(voteCmd(['chair-1', 'sec-1', 'm-1'], [{ option: 'warning', votes: 3 }]))
      .thenThrows('case.council_summons_missing');
  });
});

describe('council member replacement (interpretation)', () => {
  const replaceCmd = (replaced: string, replacement: string, conflicts: { personId: string; relation: 'relative' }[] = []) =>
    cmd<CaseCommand & { type: 'ReplaceCouncilMember' }>(
      'ReplaceCouncilMember',
      { replaced, replacement, reason: 'conflict_of_interest', replacedBy: 'hr-1', conflicts },
      '2026-03-11',
    );

  it('gives the replacement the seat and role of the member replaced', () => {
    spec
      .given([opened(), held(), convened])
      .when(replaceCmd('m-2', 'm-9'))
      .thenEvents(([event]) => expect(event).toMatchObject({ data: { replaced: 'm-2', replacement: 'm-9', role: 'party_representative' } }));
  });

  it('refuses a replacement with a conflict of interest, the subject, or after the vote', () => {
    spec.given([opened(), held(), convened]).when(replaceCmd('m-2', 'm-9', [{ personId: 'm-9', relation: 'relative' }])).thenThrows('case.conflict_of_interest', ['replacement']);
    spec.given([opened(), held(), convened]).when(replaceCmd('m-2', 'staff-a')).thenThrows('case.subject_on_council');
    spec.given([...beforeVote, voted([{ option: 'warning', votes: 5 }], 'warning')]).when(replaceCmd('m-2', 'm-9')).thenThrows('case.council_already_met');
  });
});

describe('the recommendation (D112 art. 34(2): secret ballot, quorum of 3 with chair and secretary; majority: interpretation)', () => {
  it('records the option carried by more than half of those present', () => {
    spec
      .given(beforeVote)
      .when(voteCmd(['chair-1', 'sec-1', 'm-1', 'm-2', 'm-3'], [{ option: 'warning', votes: 3 }, { option: 'reprimand', votes: 2 }]))
      .thenEvents(([event]) => expect(event).toMatchObject({ data: { recommendation: 'warning' } }));
  });

  it('refuses a ballot without a majority', () => {
    spec
      .given(beforeVote)
      .when(voteCmd(['chair-1', 'sec-1', 'm-1', 'm-2'], [{ option: 'warning', votes: 2 }, { option: 'reprimand', votes: 2 }]))
      .thenThrows('case.ballot_no_majority');
  });

  it('refuses a ballot without quorum', () => {
    spec.given(beforeVote).when(voteCmd(['m-1', 'm-2', 'm-3'], [{ option: 'warning', votes: 3 }])).thenThrows('case.quorum_not_met');
  });
});

describe('the decision follows the council (not heavier than recommended: interpretation; repeat-violation basis verified)', () => {
  const recommendedReprimand = voted([{ option: 'reprimand', votes: 4 }], 'reprimand');

  it('accepts the recommended form or a lighter one, and records the recommendation', () => {
    spec
      .given([...beforeVote, voted([{ option: 'warning', votes: 4 }], 'warning')])
      .when(decideCmd('reprimand'))
      .thenEvents(([event]) => expect(event).toMatchObject({ data: { form: 'reprimand', recommendedForm: 'warning' } }));
  });

  it('refuses a heavier form than recommended', () => {
    const err = spec.given([...beforeVote, recommendedReprimand]).when(decideCmd('warning')).thenThrows('case.form_heavier_than_recommended', ['form']);
    expect(err.source).toContain('interpretation');
  });

  it('allows one level heavier with the repeat-violation basis recorded, not two', () => {
    spec
      .given([...beforeVote, recommendedReprimand])
      .when(decideCmd('warning', { heavierBasis: { kind: 'repeat_violation_during_discipline', priorDecisionNo: '3/QĐ-KL' } }))
      .thenEvents(([event]) => expect(event).toMatchObject({ data: { heavierBasis: { priorDecisionNo: '3/QĐ-KL' } } }));
    spec
      .given([...beforeVote, recommendedReprimand])
      .when(decideCmd('forced_resignation', { heavierBasis: { kind: 'repeat_violation_during_discipline', priorDecisionNo: '3/QĐ-KL' } }))
      .thenThrows('case.form_heavier_than_recommended');
  });

  it('refuses a decision when the council recommended no discipline, and without any recommendation', () => {
    spec.given([...beforeVote, voted([{ option: 'no_discipline', votes: 5 }], 'no_discipline')]).when(decideCmd('reprimand')).thenThrows('case.recommended_no_discipline');
    spec.given(beforeVote).when(decideCmd('reprimand')).thenThrows('case.no_council_vote');
  });
});

describe('consequences of a decision (facts with end dates)', () => {
  it('records the 12 months in effect, no commendation, and the year-end classification consequence for a duty violation', () => {
    spec
      .given([...beforeVote, voted([{ option: 'warning', votes: 5 }], 'warning')])
      .when(decideCmd('warning'))
      .thenEvents(([, consequences]) =>
        expect(consequences).toMatchObject({
          type: 'ConsequencesRecorded',
          data: {
            subjectId: 'staff-a',
            form: 'warning',
            consequences: [
              { kind: 'decision_in_effect', from: '2026-03-25', until: '2027-03-24' },
              { kind: 'no_commendation', from: '2026-03-25', until: '2027-03-24' },
              { kind: 'classification_not_completed', from: '2026-03-25', until: '2026-12-31' },
            ],
          },
        }),
      );
  });

  it('bars appointment for 12 months after salary-grade reduction and 24 after demotion', () => {
    expect(decisionConsequences('salary_grade_reduction', '2025-01-10', false).find((c) => c.kind === 'no_appointment_or_promotion')?.until).toBe('2026-01-09');
    expect(decisionConsequences('demotion', '2025-01-10', false).find((c) => c.kind === 'no_appointment_or_promotion')?.until).toBe('2027-01-09');
    expect(decisionConsequences('reprimand', '2025-01-10', false).map((c) => c.kind)).toEqual(['decision_in_effect', 'no_commendation']);
  });

  it('replaces the consequences when an appeal annuls the decision', () => {
    const decided: DecisionIssued = {
      type: 'DecisionIssued',
      data: { form: 'warning', decisionNo: '15', effectiveFrom: '2026-03-25', relatedToDuties: true, allegationIds: ['a1'], decidedBy: 'd', issuedAt: at('2026-03-25'), formsRegime: 'civil_servant/2025' },
    };
    spec
      .given([...beforeVote, voted([{ option: 'warning', votes: 5 }], 'warning'), decided, { type: 'AppealFiled', data: { by: 'staff-a', grounds: 'g', filedAt: at('2026-03-30') } }])
      .when(cmd<CaseCommand & { type: 'ResolveAppeal' }>('ResolveAppeal', { outcome: 'annulled', decisionNo: '2/GQKN', resolvedBy: 'x' }, '2026-04-10'))
      .thenEvents(([, recorded]) => expect(recorded).toMatchObject({ type: 'ConsequencesRecorded', data: { form: null, consequences: [] } }));
  });
});

describe('cases not yet considered (D172; D112 art. 3 as amended by D71; verified)', () => {
  const suspended = (ground: CaseSuspended['data']['ground'], expectedUntil?: string): CaseSuspended => ({
    type: 'CaseSuspended',
    data: { ground, from: '2026-03-10', ...(expectedUntil && { expectedUntil }), document: doc('GCN-1'), suspendedBy: 'hr-1', suspendedAt: at('2026-03-10') },
  });
  const suspendCmd = (ground: string) =>
    cmd<CaseCommand & { type: 'SuspendCase' }>('SuspendCase', { ground, from: '2026-03-10', expectedUntil: '2026-09-10', document: doc('GCN-1'), suspendedBy: 'hr-1' } as never, '2026-03-10');
  const resumeCmd = (reason: string, on: string, document?: DocumentRef) =>
    cmd<CaseCommand & { type: 'ResumeCase' }>('ResumeCase', { on, reason, resumedBy: 'hr-1', ...(document && { document }) } as never, on);

  it('lists the grounds of the decree', () => {
    expect(SUSPENSION_RULES.map((r) => r.ground)).toEqual(['serious_illness', 'pregnancy', 'maternity_leave', 'child_under_12_months', 'detained_or_prosecuted']);
  });

  it('suspends for maternity leave with the reason, the dates and the certificate', () => {
    spec
      .given([opened()])
      .when(suspendCmd('maternity_leave'))
      .then([suspended('maternity_leave', '2026-09-10')]);
  });

  it('refuses an unknown ground and a certificate without digest', () => {
    spec.given([opened()]).when(suspendCmd('annual_leave')).thenThrows('case.invalid_suspension', ['ground']);
  });

  it('refuses every procedural step while suspended (409 case.suspended, with the ground as source)', () => {
    const err = spec.given([opened(), suspended('maternity_leave')]).when(meetingCmd({}, '2026-03-12')).thenThrows('case.suspended');
    expect(err.source).toContain('nuoi-con-duoi-12');
    spec.given([...beforeVote, suspended('serious_illness')]).when(voteCmd(['chair-1', 'sec-1', 'm-1'], [{ option: 'warning', votes: 3 }])).thenThrows('case.suspended');
    spec.given([opened(), suspended('serious_illness')]).when(suspendCmd('pregnancy')).thenThrows('case.suspended');
  });

  it('pauses the processing period: resumption moves the deadline by the days suspended', () => {
    spec
      .given([opened(), suspended('maternity_leave', '2026-09-10')])
      .when(resumeCmd('ground_ended', '2026-09-10'))
      .thenEvents(([event]) => expect(event).toMatchObject({ data: { daysSuspended: 184, processingDeadline: '2026-12-01' } }));
  });

  it('does not resume before the ground ends, except on the subject\'s written request (maternity) or an authority\'s decision (detention)', () => {
    spec.given([opened(), suspended('maternity_leave', '2026-09-10')]).when(resumeCmd('ground_ended', '2026-05-01')).thenThrows('case.resumption_not_allowed', ['on']);
    spec
      .given([opened(), suspended('maternity_leave', '2026-09-10')])
      .when(resumeCmd('subject_requested', '2026-05-01', doc('DN-2', '2026-04-30', 'c'.repeat(64))))
      .thenEvents(([event]) => expect(event).toMatchObject({ data: { reason: 'subject_requested', daysSuspended: 52 } }));
    spec.given([opened(), suspended('serious_illness')]).when(resumeCmd('subject_requested', '2026-05-01', doc('DN-2', '2026-04-30'))).thenThrows('case.resumption_not_allowed');
    spec
      .given([opened(), suspended('detained_or_prosecuted')])
      .when(resumeCmd('authority_decided', '2026-05-01', doc('QĐ-9', '2026-04-30')))
      .thenEvents(([event]) => expect(event?.type).toBe('CaseResumed'));
  });

  it('extends the 150-day ceiling by the days suspended', () => {
    spec
      .given([opened(), suspended('serious_illness'), { type: 'CaseResumed', data: { on: '2026-04-09', reason: 'ground_ended', processingDeadline: '2026-06-30', daysSuspended: 30, resumedBy: 'hr-1', resumedAt: at('2026-04-09') } }])
      .when(cmd<CaseCommand & { type: 'ExtendProcessingPeriod' }>('ExtendProcessingPeriod', { newDeadline: '2026-08-29', reason: 'complex', extendedBy: 'd' }, '2026-06-01'))
      .thenEvents(([event]) => expect(event?.type).toBe('ProcessingPeriodExtended'));
  });
});

describe('exemptions (D112 art. 4; verified)', () => {
  it('closes the case on a listed ground with its document', () => {
    spec
      .given([opened()])
      .when(cmd<CaseCommand & { type: 'ExemptCase' }>('ExemptCase', { ground: 'executed_superior_decision', document: doc('CV-7'), exemptedBy: 'director' }, '2026-03-10'))
      .thenEvents(([event]) => expect(event).toMatchObject({ type: 'CaseExempted', data: { ground: 'executed_superior_decision' } }));
  });

  it('refuses a ground the decree does not list, and further steps on an exempted case', () => {
    spec
      .given([opened()])
      .when(cmd<CaseCommand & { type: 'ExemptCase' }>('ExemptCase', { ground: 'good_record' as never, document: doc('CV-7'), exemptedBy: 'director' }, '2026-03-10'))
      .thenThrows('case.invalid_exemption', ['ground']);
    spec
      .given([opened(), { type: 'CaseExempted', data: { ground: 'lost_civil_capacity', document: doc('CV-7'), exemptedBy: 'd', exemptedAt: at('2026-03-10') } }])
      .when(meetingCmd())
      .thenThrows('case.closed');
  });
});

describe('processing period from detection; limitation from the end of the violation (D172, issue 13 item 11)', () => {
  const openCmd = (over: Record<string, unknown> = {}) => {
    const { openedAt: _a, processingDeadline: _p, detectedOn: _d, ...data } = opened().data;
    return cmd<CaseCommand & { type: 'OpenCase' }>('OpenCase', { ...data, missingEvidence: [], ...over } as never, '2026-03-02');
  };

  it('runs the 90 days from the detection date, not the opening date (verified news.laodong.vn)', () => {
    spec
      .given([])
      .when(openCmd({ detectedOn: '2026-02-01' }))
      .thenEvents(([event]) => expect(event).toMatchObject({ data: { detectedOn: '2026-02-01', processingDeadline: '2026-05-02' } }));
  });

  it('defaults detection to the opening date', () => {
    spec.given([]).when(openCmd()).thenEvents(([event]) => expect(event).toMatchObject({ data: { detectedOn: '2026-03-02', processingDeadline: '2026-05-31' } }));
  });

  it('refuses a detection date in the future or before the violation', () => {
    spec.given([]).when(openCmd({ detectedOn: '2026-03-03' })).thenThrows('case.invalid_opening', ['detectedOn']);
    spec.given([]).when(openCmd({ detectedOn: '2025-09-01' })).thenThrows('case.invalid_opening', ['detectedOn']);
  });

  it('counts the limitation of a continuing violation from its end date', () => {
    const continuing: Allegation = { ...allegation, severity: 'reprimand_level', violationDate: '2020-01-01', violationEndDate: '2021-06-01' };
    const history: CaseEvent[] = [
      opened({ allegations: [continuing] }),
      held('reprimand'),
      convened,
      summons('council', 1, '2026-03-12'),
      voted([{ option: 'reprimand', votes: 5 }], 'reprimand'),
    ];
    // 5 years from 2020-01-01 have passed, 5 years from 2021-06-01 have not.
    spec.given(history).when(decideCmd('reprimand')).thenEvents(([event]) => expect(event?.type).toBe('DecisionIssued'));
  });
});
