import { fold } from '../shared/decider.js';
import { actor } from '../shared/access.js';
import { consultationAccess } from './consultation.access.js';
import { deciderSpec } from '../shared/given-when-then.js';
import type { ConsultationCommand, RequestConsultation, WithdrawConsultation } from './consultation.commands.js';
import { consultationDecider, consultationStream } from './consultation.decide.js';
import type {
  ConsultationAnswered,
  ConsultationEvent,
  ConsultationFlagged,
  ConsultationRequested,
  ConsultationWithdrawn,
} from './consultation.events.js';
import { derivedConsultationFlags, effectiveConsultationFlags } from './consultation.flags.js';

// Sources, cited in the test names below:
//   OD 280    = Official Dispatch 280/CĐ-TTg of 2023-05-15 (indicative)
//   WR        = Decree 39/2022/NĐ-CP, Government Working Regulation (indicative)
//   invariant = ledger invariant, no legal source

const spec = deciderSpec(consultationDecider);
const requestedAt = '2026-03-02T08:00:00+07:00';
const dueAt = '2026-03-09T17:00:00+07:00';

const requested: ConsultationRequested = {
  type: 'ConsultationRequested',
  data: {
    consultationId: 'c1',
    requestedBy: 'staff-a',
    requesterUnitId: 'unit-1',
    consultedUnitId: 'unit-2',
    question: 'May the permit be renewed without a new survey?',
    withinRequesterAuthority: false,
    relatedAssignmentId: 'as-9',
    dueAt,
    requestedAt,
  },
};
const answered = (over: Partial<ConsultationAnswered['data']> = {}): ConsultationAnswered => ({
  type: 'ConsultationAnswered',
  data: {
    position: 'agree',
    answer: 'Yes, the 2024 survey is still valid.',
    answeredBy: 'staff-b',
    answeredAt: '2026-03-05T10:00:00+07:00',
    late: false,
    ...over,
  },
});
const flagged = (flag: ConsultationFlagged['data']['flag']): ConsultationFlagged => ({
  type: 'ConsultationFlagged',
  data: { flag, by: 'inspector-1', flaggedAt: '2026-03-10T09:00:00+07:00' },
});
const withdrawn: ConsultationWithdrawn = {
  type: 'ConsultationWithdrawn',
  data: { by: 'staff-a', reason: 'decided within own authority', withdrawnAt: '2026-03-03T08:00:00+07:00' },
};

function requestCmd(over: Record<string, unknown> = {}, now = requestedAt): ConsultationCommand {
  const { consultationId, requestedBy, requesterUnitId, question, withinRequesterAuthority, relatedAssignmentId } =
    requested.data;
  return {
    type: 'RequestConsultation',
    now,
    actor: (over.requestedBy as string | undefined) ?? requestedBy,
    data: {
      consultationId,
      requestedBy,
      requesterUnitId,
      consultedUnitId: 'unit-2',
      question,
      withinRequesterAuthority,
      relatedAssignmentId,
      dueAt,
      ...over,
    },
  } as ConsultationCommand;
}
const answerCmd = (now: string, over: Record<string, unknown> = {}): ConsultationCommand =>
  ({
    type: 'AnswerConsultation',
    now,
    // A member of the consulted unit answers (consultation.access.ts grants `consulted_unit`).
    actor: (over.answeredBy as string | undefined) ?? 'staff-b',
    actingAs: 'consulted_unit',
    data: { position: 'agree', answer: 'Yes, the 2024 survey is still valid.', answeredBy: 'staff-b', ...over },
  }) as ConsultationCommand;
const flagCmd = (flag: ConsultationFlagged['data']['flag'], now = '2026-03-10T09:00:00+07:00'): ConsultationCommand => ({
  type: 'FlagConsultation',
  now,
  actor: 'inspector-1',
  actingAs: 'overseer',
  data: { flag, by: 'inspector-1' },
});
const withdrawCmd = (now = '2026-03-03T08:00:00+07:00'): WithdrawConsultation => ({
  type: 'WithdrawConsultation',
  now,
  actor: 'staff-a',
  data: { by: 'staff-a', reason: 'decided within own authority' },
});

describe('consultation stream', () => {
  it('is named consultation-<id>', () => {
    expect(consultationStream('c1')).toBe('consultation-c1');
  });
});

describe('when a consultation is requested', () => {
  it('records the request with the server time as requestedAt', () => {
    spec.given([]).when(requestCmd()).then([requested]);
  });

  it('records a request within the requester\'s own authority, to be flagged (OD 280)', () => {
    spec
      .given([])
      .when(requestCmd({ withinRequesterAuthority: true }))
      .thenEvents(([event]) => {
        expect(event).toMatchObject({ type: 'ConsultationRequested', data: { withinRequesterAuthority: true } });
      });
  });

  it('requires exactly one consulted party, a unit or a person (WR)', () => {
    spec
      .given([])
      .when(requestCmd({ consultedUnitId: 'unit-2', consultedPersonId: 'staff-b' }))
      .thenThrows('consultation.invalid_request', ['consultedUnitId', 'consultedPersonId']);
    spec
      .given([])
      .when(requestCmd({ consultedUnitId: undefined }))
      .thenThrows('consultation.invalid_request', ['consultedUnitId', 'consultedPersonId']);
  });

  it('requires a question and a well-formed due time (WR)', () => {
    spec
      .given([])
      .when(requestCmd({ question: '  ', dueAt: 'next week' }))
      .thenThrows('consultation.invalid_request', ['question', 'dueAt']);
  });

  it('refuses a due time that is not after the request (WR: a time limit to answer in)', () => {
    spec.given([]).when(requestCmd({ dueAt: requestedAt })).thenThrows('consultation.due_not_in_future', ['dueAt']);
  });

  it('refuses a unit consulting itself, and says which rule and source (OD 280)', () => {
    const err = spec
      .given([])
      .when(requestCmd({ consultedUnitId: 'unit-1' }))
      .thenThrows('consultation.consulted_own_unit', ['consultedUnitId']);
    expect(err.kind).toBe('validation');
    expect(err.source).toContain('280/CĐ-TTg');
  });

  it('refuses to request the same consultation twice (invariant)', () => {
    spec.given([requested]).when(requestCmd()).thenThrows('consultation.already_requested');
  });
});

describe('when the consulted party answers', () => {
  it('records an answer on time as not late (WR: answer within the time limit)', () => {
    spec.given([requested]).when(answerCmd('2026-03-05T10:00:00+07:00')).then([answered()]);
  });

  it('records an answer exactly at the due time as on time (WR)', () => {
    spec
      .given([requested])
      .when(answerCmd(dueAt))
      .then([answered({ answeredAt: dueAt, late: false })]);
  });

  it('marks an answer after the due time as late, automatically (WR, OD 280)', () => {
    spec
      .given([requested])
      .when(answerCmd('2026-03-09T17:00:01+07:00'))
      .then([answered({ answeredAt: '2026-03-09T17:00:01+07:00', late: true })]);
  });

  it('refuses an answer after withdrawal (invariant)', () => {
    spec.given([requested, withdrawn]).when(answerCmd('2026-03-05T10:00:00+07:00')).thenThrows('consultation.withdrawn');
  });

  it('accepts one answer only (invariant)', () => {
    spec
      .given([requested, answered()])
      .when(answerCmd('2026-03-06T10:00:00+07:00', { position: 'disagree' }))
      .thenThrows('consultation.already_answered');
  });

  it('refuses an answer to a consultation that does not exist', () => {
    spec.given([]).when(answerCmd('2026-03-05T10:00:00+07:00')).thenThrows('consultation.not_found');
  });

  it('requires answer text even with no_position, so the record shows what was said (WR)', () => {
    spec
      .given([requested])
      .when(answerCmd('2026-03-05T10:00:00+07:00', { position: 'no_position', answer: '' }))
      .thenThrows('consultation.invalid_answer', ['answer']);
  });

  it('refuses the requester answering their own consultation (OD 280)', () => {
    spec
      .given([requested])
      .when(answerCmd('2026-03-05T10:00:00+07:00', { answeredBy: 'staff-a' }))
      .thenThrows('consultation.requester_cannot_answer', ['answeredBy']);
  });
});

describe('when someone flags a consultation', () => {
  it('records a within_own_authority flag (OD 280)', () => {
    spec.given([requested]).when(flagCmd('within_own_authority')).then([flagged('within_own_authority')]);
  });

  it('records an unrelated_party flag, even after withdrawal: it describes the request (OD 280)', () => {
    spec.given([requested, withdrawn]).when(flagCmd('unrelated_party')).then([flagged('unrelated_party')]);
  });

  it('refuses the same flag twice (invariant: indicators count it once)', () => {
    spec
      .given([requested, flagged('unrelated_party')])
      .when(flagCmd('unrelated_party'))
      .thenThrows('consultation.flag_already_raised', ['flag']);
  });

  it('allows vague_response only on an answered consultation (WR: a clear position)', () => {
    spec.given([requested]).when(flagCmd('vague_response')).thenThrows('consultation.vague_flag_needs_answer');
    spec
      .given([requested, answered({ position: 'conditional' })])
      .when(flagCmd('vague_response'))
      .then([flagged('vague_response')]);
  });

  it('allows late_response on a late answer (WR)', () => {
    spec
      .given([requested, answered({ late: true, answeredAt: '2026-03-10T08:00:00+07:00' })])
      .when(flagCmd('late_response'))
      .then([flagged('late_response')]);
  });

  it('allows late_response on an unanswered request past its due time (WR)', () => {
    spec.given([requested]).when(flagCmd('late_response')).then([flagged('late_response')]);
  });

  it('refuses late_response on an on-time answer, a request not yet due, or a withdrawn one (WR)', () => {
    spec.given([requested, answered()]).when(flagCmd('late_response')).thenThrows('consultation.not_late');
    spec
      .given([requested])
      .when(flagCmd('late_response', '2026-03-04T08:00:00+07:00'))
      .thenThrows('consultation.not_late');
    spec.given([requested, withdrawn]).when(flagCmd('late_response')).thenThrows('consultation.not_late');
  });

  it('refuses a flag on a consultation that does not exist', () => {
    spec.given([]).when(flagCmd('unrelated_party')).thenThrows('consultation.not_found');
  });
});

describe('when the requester withdraws', () => {
  it('records the withdrawal', () => {
    spec.given([requested]).when(withdrawCmd()).then([withdrawn]);
  });

  it('refuses withdrawing an answered consultation (invariant: the answer stands)', () => {
    spec.given([requested, answered()]).when(withdrawCmd()).thenThrows('consultation.already_answered');
  });

  it('refuses withdrawing twice (invariant)', () => {
    spec.given([requested, withdrawn]).when(withdrawCmd()).thenThrows('consultation.already_withdrawn');
  });

  it('requires a reason (invariant: the trail says why)', () => {
    spec
      .given([requested])
      .when({ ...withdrawCmd(), data: { by: 'staff-a', reason: '' } })
      .thenThrows('consultation.invalid_withdrawal', ['reason']);
  });
});

describe('derived flags (OD 280; WR)', () => {
  const state = (events: ConsultationEvent[]) => fold(consultationDecider, events);

  it('counts an answer after the due date as late, without anyone flagging it', () => {
    expect(derivedConsultationFlags(state([requested, answered({ late: true })]))).toEqual(['late_response']);
  });

  it('counts a no_position answer as vague', () => {
    expect(derivedConsultationFlags(state([requested, answered({ position: 'no_position' })]))).toEqual([
      'vague_response',
    ]);
  });

  it('counts a request marked within the requester\'s authority as within_own_authority', () => {
    const own: ConsultationRequested = { ...requested, data: { ...requested.data, withinRequesterAuthority: true } };
    expect(derivedConsultationFlags(state([own]))).toEqual(['within_own_authority']);
  });

  it('counts an unanswered request past due as late only when asked as of a time', () => {
    expect(derivedConsultationFlags(state([requested]))).toEqual([]);
    expect(derivedConsultationFlags(state([requested]), '2026-03-10T00:00:00+07:00')).toEqual(['late_response']);
    expect(derivedConsultationFlags(state([requested, withdrawn]), '2026-03-10T00:00:00+07:00')).toEqual([]);
  });

  it('derives nothing from a clear answer on time', () => {
    expect(derivedConsultationFlags(state([requested, answered()]))).toEqual([]);
  });

  it('merges raised and derived flags once each', () => {
    const s = state([requested, answered({ position: 'no_position' }), flagged('vague_response'), flagged('unrelated_party')]);
    expect(effectiveConsultationFlags(s)).toEqual(['unrelated_party', 'vague_response']);
  });
});

describe('who may act on a consultation (consultation.access.ts, checked again by the decider)', () => {
  it('refuses a request in someone else\'s name and an answer by a stranger', () => {
    spec.given([]).when({ ...requestCmd(), actor: 'stranger' } as ConsultationCommand).thenThrows('outside_unit_scope');
    // No capacity named: the decider holds the caller to the consulted person, which a stranger is not.
    spec.given([requested]).when({ ...answerCmd('2026-03-05T10:00:00+07:00'), actor: 'stranger', actingAs: undefined } as ConsultationCommand).thenThrows('outside_unit_scope');
    spec.given([requested]).when({ ...answerCmd('2026-03-05T10:00:00+07:00'), actingAs: 'requester' } as ConsultationCommand).thenThrows('capacity_refused');
  });

  it('ignores the units claim of a staff token: a staff member requests only for their own unit', () => {
    const staffWithClaim = actor('staff-a', ['staff'], { all: false, units: new Set() }, 'unit-9');
    const cmd = requestCmd() as RequestConsultation;
    expect(consultationAccess.RequestConsultation(staffWithClaim, { status: 'none' }, cmd)).toMatchObject({ denied: { code: 'outside_unit_scope' } });
    const ownUnit = actor('staff-a', ['staff'], { all: false, units: new Set() }, 'unit-1');
    expect(consultationAccess.RequestConsultation(ownUnit, { status: 'none' }, cmd)).toBe('requester');
  });
});
