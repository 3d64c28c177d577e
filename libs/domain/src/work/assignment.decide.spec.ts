import { actor, claimedScope } from '../shared/access.js';
import { fold } from '../shared/decider.js';
import { ValidationFailed } from '../shared/errors.js';
import { assignmentAccess } from './assignment.access.js';
import { deciderSpec } from '../shared/given-when-then.js';
import type { AssignmentCommand, IssueAssignment } from './assignment.commands.js';
import { assignmentDecider, assignmentStream } from './assignment.decide.js';
import type {
  AssignmentAccepted,
  AssignmentCancelled,
  AssignmentCompleted,
  AssignmentDeclined,
  AssignmentEvent,
  AssignmentHandedOff,
  AssignmentIssued,
  CompletionReviewed,
  DeadlineExtended,
} from './assignment.events.js';

const spec = deciderSpec(assignmentDecider);

// People: the head assigns, staff A and B do the work, the deputy supervises, HR restructures.
const head = 'head-h';
const a = 'staff-a';
const b = 'staff-b';
const deputy = 'deputy-d';

const issuedAt = '2026-03-01T08:00:00Z';
const dueAt = '2026-03-10T17:00:00Z';
const beforeDue = '2026-03-05T09:00:00Z';
const afterDue = '2026-03-12T09:00:00Z';

const issued: AssignmentIssued = {
  type: 'AssignmentIssued',
  data: {
    assignmentId: 'as-1',
    kind: 'task',
    unitId: 'u-1',
    assignee: a,
    title: 'Draft the 2026 procurement plan',
    description: 'Consolidate the requests of all offices into one plan',
    deliverable: 'Procurement plan submitted for signature',
    successCriteria: 'Covers every office request; within the approved budget',
    assignedBy: head,
    authorityBasis: 'Decision 12/QD-UBND on the division of tasks',
    dueAt,
    responsible: a,
    issuedAt,
  },
};
const dossierIssued: AssignmentIssued = {
  ...issued,
  data: { ...issued.data, kind: 'dossier', title: 'Construction permit application 2026-0042' },
};
const supervisedIssued: AssignmentIssued = { ...issued, data: { ...issued.data, responsible: deputy } };
const selfAssigned: AssignmentIssued = { ...issued, data: { ...issued.data, assignedBy: a } };

const acceptedBy = (who: string, at = '2026-03-01T09:00:00Z'): AssignmentAccepted => ({
  type: 'AssignmentAccepted',
  data: { assignmentId: 'as-1', acceptedBy: who, acceptedAt: at },
});
const accepted = acceptedBy(a);

const handedOff = (
  from: string,
  to: string,
  by: string,
  more: Partial<AssignmentHandedOff['data']> = {},
): AssignmentHandedOff => ({
  type: 'AssignmentHandedOff',
  data: {
    assignmentId: 'as-1',
    from,
    to,
    reason: 'outside_authority',
    justification: 'Land matters belong to the land office',
    by,
    responsible: to,
    toUnitId: null,
    pingPong: false,
    handedOffAt: '2026-03-02T08:00:00Z',
    ...more,
  },
});

const completedAt = (at: string, late: boolean): AssignmentCompleted => ({
  type: 'AssignmentCompleted',
  data: { assignmentId: 'as-1', deliverableRef: 'doc://plans/2026-procurement.pdf', completedBy: a, completedAt: at, dueAt, late },
});
const completed = completedAt(beforeDue, false);
const reviewed: CompletionReviewed = {
  type: 'CompletionReviewed',
  data: { assignmentId: 'as-1', quality: 'met', reviewedBy: head, comment: null, reviewedAt: '2026-03-06T08:00:00Z' },
};
const cancelled: AssignmentCancelled = {
  type: 'AssignmentCancelled',
  data: { assignmentId: 'as-1', reason: 'Superseded by the provincial plan', cancelledBy: head, cancelledAt: '2026-03-03T08:00:00Z' },
};

/** Commands only a manager of the unit may issue (assignment.access.ts). */
const MANAGER_ONLY: ReadonlySet<string> = new Set(['IssueAssignment', 'ExtendDeadline', 'ReviewCompletion', 'CancelAssignment']);
/** The people of these specs who manage the unit; everyone else acts as themselves. */
const MANAGERS: ReadonlySet<string> = new Set([head, deputy]);
/** Commands a manager may issue on work someone else holds. */
const HOLDER_OR_MANAGER: ReadonlySet<string> = new Set(['HandOffAssignment', 'IssueApology']);

/**
 * Builds a command; `now`, `actor` and `actingAs` are what the executor would put in
 * (the capacity the access policy grants: a manager for manager-only commands and for
 * the unit's managers, otherwise none, which the decider reads as the holder).
 */
function when<T extends AssignmentCommand['type']>(
  type: T,
  data: Omit<Extract<AssignmentCommand, { type: T }>['data'], 'assignmentId'>,
  actor: string,
  now = beforeDue,
  actingAs: string | undefined = MANAGER_ONLY.has(type) || (MANAGERS.has(actor) && HOLDER_OR_MANAGER.has(type)) ? 'manager' : undefined,
): AssignmentCommand {
  return { type, data: { assignmentId: 'as-1', ...data }, actor, now, ...(actingAs ? { actingAs } : {}) } as AssignmentCommand;
}

const issue = (data: Partial<IssueAssignment['data']> = {}, now = issuedAt): AssignmentCommand => {
  const { assignmentId: _id, issuedAt: _at, ...fields } = issued.data;
  return when('IssueAssignment', { ...fields, responsible: undefined, ...data }, head, now);
};
const accept = (actor = a, now = '2026-03-01T09:00:00Z') => when('AcceptAssignment', {}, actor, now);
const handOff = (to: string, actor: string, more: Record<string, unknown> = {}, now = '2026-03-02T08:00:00Z') =>
  when('HandOffAssignment', { to, reason: 'outside_authority', justification: 'Land matters belong to the land office', ...more }, actor, now);
const complete = (actor = a, now = beforeDue) =>
  when('CompleteAssignment', { deliverableRef: 'doc://plans/2026-procurement.pdf' }, actor, now);
const review = (actor = head, quality: 'exceeded' | 'met' | 'below' = 'met') =>
  when('ReviewCompletion', { quality }, actor, '2026-03-06T08:00:00Z');
const extend = (approvedBy: string | undefined, newDueAt = '2026-03-20T17:00:00Z', now = beforeDue) =>
  when('ExtendDeadline', { newDueAt, approvedBy, reason: 'Two offices sent their requests late' }, a, now);

describe('assignment stream', () => {
  it('is named assignment-<id>', () => expect(assignmentStream('as-1')).toBe('assignment-as-1'));
});

describe('when work is issued with the "6 clear"', () => {
  it('records all six, with the assignee as the responsible person by default', () => {
    spec.given([]).when(issue()).then([issued]);
  });

  it('keeps a responsible person other than the assignee when one is named', () => {
    spec.given([]).when(issue({ responsible: deputy })).then([supervisedIssued]);
  });

  it('refuses issuing the same assignment twice', () => {
    spec.given([issued]).when(issue()).thenThrows('assignment.already_issued');
  });

  it('refuses a due date that is not after now', () => {
    spec.given([]).when(issue({ dueAt: issuedAt })).thenThrows('assignment.due_not_in_future');
  });
});

describe('when a "6 clear" field is missing', () => {
  it('names the missing result in the words of the "6 clear"', () => {
    const error = spec.given([]).when(issue({ deliverable: '' })).thenThrows('assignment.six_clear_incomplete', ['deliverable']);
    expect(error).toBeInstanceOf(ValidationFailed);
    expect(error.errors).toEqual([{ field: 'deliverable', message: 'Clear result: the deliverable is missing' }]);
  });

  it('names every missing field in one error', () => {
    const error = spec
      .given([])
      .when(issue({ title: ' ', successCriteria: null, authorityBasis: undefined, dueAt: undefined }))
      .thenThrows('assignment.six_clear_incomplete', ['title', 'successCriteria', 'authorityBasis', 'dueAt']);
    expect(error.errors.map((e) => e.message)).toEqual([
      'Clear work: the title is missing',
      'Clear result: the success criteria are missing',
      'Clear authority: the authority basis is missing',
      'Clear deadline: the due date is missing',
    ]);
  });

  it('names all nine fields of an empty request, responsibility included', () => {
    const empty = when('IssueAssignment', { kind: 'task' }, head, issuedAt);
    const error = spec
      .given([])
      .when(empty)
      .thenThrows('assignment.six_clear_incomplete', [
        'assignee',
        'title',
        'description',
        'deliverable',
        'successCriteria',
        'assignedBy',
        'authorityBasis',
        'dueAt',
        'responsible',
      ]);
    const prefixes = new Set(error.errors.map((e) => e.message.split(':')[0]));
    expect(prefixes).toEqual(
      new Set(['Clear person', 'Clear work', 'Clear result', 'Clear authority', 'Clear deadline', 'Clear responsibility']),
    );
  });

  it('treats a due date that is not an instant as an unclear deadline', () => {
    spec.given([]).when(issue({ dueAt: 'next Friday' })).thenThrows('assignment.six_clear_incomplete', ['dueAt']);
  });

  it('names only the assignee when a responsible person was given', () => {
    spec.given([]).when(issue({ assignee: '', responsible: deputy })).thenThrows('assignment.six_clear_incomplete', ['assignee']);
  });

  it('does not ask for a responsible person when the assignee is there', () => {
    spec.given([]).when(issue({ responsible: '' })).then([issued]);
  });

  it('reports an unknown kind together with the missing fields', () => {
    spec
      .given([])
      .when(issue({ kind: 'errand' as never, title: '' }))
      .thenThrows('assignment.six_clear_incomplete', ['title', 'kind']);
  });

  it('reports an unknown kind alone as invalid input', () => {
    spec.given([]).when(issue({ kind: 'errand' as never })).thenThrows('assignment.invalid', ['kind']);
  });
});

describe('when the holder accepts', () => {
  it('records the acceptance', () => {
    spec.given([issued]).when(accept()).then([accepted]);
  });

  it('refuses anyone but the holder', () => {
    spec.given([issued]).when(accept(b)).thenThrows('assignment.not_holder');
  });

  it('refuses accepting twice', () => {
    spec.given([issued, accepted]).when(accept()).thenThrows('assignment.already_accepted');
  });

  it('refuses an assignment that was never issued', () => {
    spec.given([]).when(accept()).thenThrows('assignment.not_found');
  });
});

describe('when the holder declines', () => {
  const decline = (actor = a) => when('DeclineAssignment', { reason: 'Not within my job description' }, actor, '2026-03-01T10:00:00Z');
  const declined: AssignmentDeclined = {
    type: 'AssignmentDeclined',
    data: {
      assignmentId: 'as-1',
      declinedBy: a,
      reason: 'Not within my job description',
      returnedTo: head,
      responsible: head,
      declinedAt: '2026-03-01T10:00:00Z',
    },
  };

  it('sends the work back to whoever gave it, with the responsibility that came with it', () => {
    spec.given([issued]).when(decline()).then([declined]);
  });

  it('leaves a named supervisor responsible', () => {
    spec
      .given([supervisedIssued])
      .when(decline())
      .thenEvents((events) => expect(events).toMatchObject([{ data: { returnedTo: head, responsible: deputy } }]));
  });

  it('returns work that was handed on to the person who handed it', () => {
    spec
      .given([issued, accepted, handedOff(a, b, a)])
      .when(decline(b))
      .thenEvents((events) => expect(events).toMatchObject([{ data: { declinedBy: b, returnedTo: a } }]));
  });

  it('requires a reason', () => {
    spec.given([issued]).when(when('DeclineAssignment', { reason: ' ' }, a)).thenThrows('assignment.invalid', ['reason']);
  });

  it('refuses anyone but the holder', () => {
    spec.given([issued]).when(decline(b)).thenThrows('assignment.not_holder');
  });

  it('refuses declining accepted work (hand it off with a justification instead)', () => {
    spec.given([issued, accepted]).when(decline()).thenThrows('assignment.already_accepted');
  });

  it('refuses progress and completion while the work waits to be routed again', () => {
    // The work is back with the sender (head), who holds it but has not taken it on.
    spec.given([issued, declined]).when(complete(head)).thenThrows('assignment.declined');
    spec.given([issued, declined]).when(when('ReportProgress', { note: 'Started' }, head)).thenThrows('assignment.declined');
    // The one who declined no longer holds it.
    spec.given([issued, declined]).when(complete()).thenThrows('assignment.not_holder');
  });

  it('lets the sender take the work on themself', () => {
    spec.given([issued, declined]).when(accept(head)).then([acceptedBy(head)]);
  });

  it('lets the sender route it again, and flags giving it back to the one who declined', () => {
    spec
      .given([issued, declined])
      .when(handOff(a, head, { reason: 'reassignment', justification: 'The plan is within the job description' }))
      .thenEvents((events) => expect(events).toMatchObject([{ data: { from: head, to: a, pingPong: true } }]));
  });
});

describe('when work is handed off', () => {
  it('moves the work and the responsibility to the new holder, who must accept it', () => {
    spec.given([issued, accepted]).when(handOff(b, a)).then([handedOff(a, b, a)]);
    spec.given([issued, accepted, handedOff(a, b, a)]).when(complete(b)).thenThrows('assignment.not_accepted');
  });

  it('records who made the handoff when it is not the holder', () => {
    spec
      .given([issued, accepted])
      .when(handOff(b, head, { reason: 'leave', justification: 'A is on maternity leave' }))
      .thenEvents((events) => expect(events).toMatchObject([{ data: { from: a, to: b, by: head, reason: 'leave' } }]));
  });

  it('leaves a named supervisor responsible while the work moves below them', () => {
    spec
      .given([supervisedIssued, accepted])
      .when(handOff(b, a))
      .thenEvents((events) => expect(events).toMatchObject([{ data: { to: b, responsible: deputy } }]));
  });

  it('takes an explicitly named responsible person', () => {
    spec
      .given([issued, accepted])
      .when(handOff(b, head, { reason: 'reassignment', justification: 'Workload', responsible: deputy }))
      .thenEvents((events) => expect(events).toMatchObject([{ data: { to: b, responsible: deputy } }]));
  });

  it('refuses the holder handing the work to themself', () => {
    spec.given([issued, accepted]).when(handOff(a, a)).thenThrows('assignment.handoff_to_self');
  });

  it('requires a reason from the list and a justification', () => {
    spec
      .given([issued, accepted])
      .when(handOff(b, a, { reason: 'busy', justification: '' }))
      .thenThrows('assignment.invalid', ['reason', 'justification']);
  });

  it('refuses handing off completed work', () => {
    spec.given([issued, accepted, completed]).when(handOff(b, a)).thenThrows('assignment.completed');
  });
});

describe('when handed off twice to the same person', () => {
  it('refuses the second handoff: that person already holds the work', () => {
    spec.given([issued, accepted, handedOff(a, b, a)]).when(handOff(b, head)).thenThrows('assignment.handoff_to_holder');
  });
});

describe('when work comes back to someone who held it before', () => {
  it('flags ping-pong', () => {
    spec
      .given([issued, accepted, handedOff(a, b, a)])
      .when(handOff(a, b, { reason: 'outside_authority', justification: 'Not a land matter after all' }, '2026-03-03T08:00:00Z'))
      .thenEvents((events) => expect(events).toMatchObject([{ type: 'AssignmentHandedOff', data: { from: b, to: a, pingPong: true } }]));
  });

  it('does not flag a first handoff to a new person', () => {
    spec
      .given([issued, accepted, handedOff(a, b, a)])
      .when(handOff(deputy, b, { reason: 'escalation', justification: 'Needs a decision above my level' }))
      .thenEvents((events) => expect(events).toMatchObject([{ data: { pingPong: false } }]));
  });
});

describe('when work is returned to sender', () => {
  const returnTo = (to: string, actor = b) =>
    handOff(to, actor, { reason: 'returned_to_sender', justification: 'The request lacks the site survey' });

  it('goes back to the person who handed it over', () => {
    spec
      .given([issued, accepted, handedOff(a, b, a)])
      .when(returnTo(a))
      .thenEvents((events) => expect(events).toMatchObject([{ data: { from: b, to: a, reason: 'returned_to_sender', pingPong: true } }]));
  });

  it('goes back to the assigner when nobody handed it over', () => {
    spec
      .given([issued, accepted])
      .when(returnTo(head, a))
      .thenEvents((events) => expect(events).toMatchObject([{ data: { to: head } }]));
  });

  it('refuses returning it to someone who did not send it', () => {
    spec.given([issued, accepted, handedOff(a, b, a)]).when(returnTo(deputy)).thenThrows('assignment.return_not_to_sender');
  });

  it('refuses anyone but the holder returning it', () => {
    spec.given([issued, accepted, handedOff(a, b, a)]).when(returnTo(a, head)).thenThrows('assignment.not_holder');
  });
});

describe('when the holder reports progress', () => {
  const report = (actor = a, percentComplete: number | null = 40) =>
    when('ReportProgress', { note: 'Six of fifteen offices consolidated', percentComplete }, actor);

  it('records the note and the percentage', () => {
    spec.given([issued, accepted]).when(report()).then([
      {
        type: 'ProgressReported',
        data: { assignmentId: 'as-1', reportedBy: a, percentComplete: 40, note: 'Six of fifteen offices consolidated', reportedAt: beforeDue },
      },
    ]);
  });

  it('refuses a report before the work was accepted', () => {
    spec.given([issued]).when(report()).thenThrows('assignment.not_accepted');
  });

  it('refuses anyone but the holder', () => {
    spec.given([issued, accepted]).when(report(b)).thenThrows('assignment.not_holder');
  });

  it('refuses a percentage outside 0..100', () => {
    spec.given([issued, accepted]).when(report(a, 120)).thenThrows('assignment.invalid', ['percentComplete']);
  });
});

describe('when the deadline is extended', () => {
  const extended: DeadlineExtended = {
    type: 'DeadlineExtended',
    data: {
      assignmentId: 'as-1',
      previousDueAt: dueAt,
      newDueAt: '2026-03-20T17:00:00Z',
      approvedBy: head,
      requestedBy: a,
      reason: 'Two offices sent their requests late',
      extendedAt: beforeDue,
    },
  };

  it('records the old and the new date with the approver', () => {
    spec.given([issued, accepted]).when(extend(head)).then([extended]);
  });

  it('measures completion against the new date', () => {
    spec
      .given([issued, accepted, extended])
      .when(complete(a, afterDue))
      .thenEvents((events) => expect(events).toMatchObject([{ data: { late: false, dueAt: '2026-03-20T17:00:00Z' } }]));
  });

  it('refuses an extension without approval', () => {
    spec.given([issued, accepted]).when(extend(undefined)).thenThrows('assignment.extension_unapproved');
  });

  it('refuses an extension approved by the holder themself', () => {
    spec.given([issued, accepted]).when(extend(a)).thenThrows('assignment.extension_self_approved');
  });

  it('refuses a new date that is not after the current one', () => {
    spec.given([issued, accepted]).when(extend(head, dueAt)).thenThrows('assignment.extension_not_later');
    spec.given([issued, accepted]).when(extend(head, '2026-03-08T17:00:00Z')).thenThrows('assignment.extension_not_later');
  });

  it('refuses a new date that has already passed', () => {
    spec.given([issued, accepted]).when(extend(head, '2026-03-11T17:00:00Z', afterDue)).thenThrows('assignment.due_not_in_future');
  });

  it('refuses a malformed date and a missing reason', () => {
    spec
      .given([issued, accepted])
      .when(when('ExtendDeadline', { newDueAt: '2026-03-20', approvedBy: head, reason: '' }, a))
      .thenThrows('assignment.invalid', ['newDueAt', 'reason']);
  });
});

describe('when the holder completes the work', () => {
  it('records the deliverable and that it was on time', () => {
    spec.given([issued, accepted]).when(complete()).then([completed]);
  });

  it('records that it was late when done after the due date', () => {
    spec.given([issued, accepted]).when(complete(a, afterDue)).then([completedAt(afterDue, true)]);
  });

  it('counts completion at the due instant as on time', () => {
    spec.given([issued, accepted]).when(complete(a, dueAt)).then([completedAt(dueAt, false)]);
  });

  it('refuses work not yet accepted', () => {
    spec.given([issued]).when(complete()).thenThrows('assignment.not_accepted');
  });

  it('refuses anyone but the holder', () => {
    spec.given([issued, accepted]).when(complete(b)).thenThrows('assignment.not_holder');
  });

  it('refuses completing twice', () => {
    spec.given([issued, accepted, completed]).when(complete()).thenThrows('assignment.completed');
  });

  it('refuses a completion without a deliverable', () => {
    spec.given([issued, accepted]).when(when('CompleteAssignment', { deliverableRef: '' }, a)).thenThrows('assignment.invalid', ['deliverableRef']);
  });

  it('refuses a cancelled assignment', () => {
    spec.given([issued, accepted, cancelled]).when(complete()).thenThrows('assignment.cancelled');
  });
});

describe('when the completion is reviewed', () => {
  it('records the quality and the reviewer', () => {
    spec.given([issued, accepted, completed]).when(review()).then([reviewed]);
  });

  it('refuses reviewing work that is not completed', () => {
    spec.given([issued, accepted]).when(review()).thenThrows('assignment.not_completed');
  });

  it('refuses the person who did the work reviewing it', () => {
    spec.given([selfAssigned, accepted, completed]).when(review(a)).thenThrows('assignment.self_review');
  });

  it('refuses an unknown quality', () => {
    spec.given([issued, accepted, completed]).when(review(head, 'superb' as never)).thenThrows('assignment.invalid', ['quality']);
  });
});

/** One command of each kind, each valid on an open assignment. */
const everyAction = (): AssignmentCommand[] => [
  accept(),
  when('DeclineAssignment', { reason: 'No' }, a),
  handOff(b, a),
  when('ReportProgress', { note: 'Halfway' }, a),
  extend(head),
  complete(),
  review(),
  when('CancelAssignment', { reason: 'Not needed' }, head),
  when('ReturnDossierToApplicant', { reason: 'Missing survey' }, a),
  when('IssueApology', { newDueAt: '2026-03-20T17:00:00Z' }, head, afterDue),
];

describe('when the completion was reviewed', () => {
  it('closes the record: every action is refused', () => {
    for (const command of everyAction()) {
      spec.given([dossierIssued, accepted, completed, reviewed]).when(command).thenThrows('assignment.closed');
    }
  });
});

describe('when the assignment is cancelled', () => {
  const cancel = (actor: string) => when('CancelAssignment', { reason: 'Superseded by the provincial plan' }, actor, '2026-03-03T08:00:00Z');

  it('records who cancelled it and why', () => {
    spec.given([issued, accepted]).when(cancel(head)).then([cancelled]);
  });

  it('refuses the holder cancelling work someone else assigned', () => {
    spec.given([issued, accepted]).when(cancel(a)).thenThrows('assignment.cancel_by_holder');
  });

  it('lets the holder withdraw work they assigned themself', () => {
    spec
      .given([selfAssigned, accepted])
      .when(cancel(a))
      .thenEvents((events) => expect(events).toMatchObject([{ type: 'AssignmentCancelled', data: { cancelledBy: a } }]));
  });

  it('refuses cancelling completed work', () => {
    spec.given([issued, accepted, completed]).when(cancel(head)).thenThrows('assignment.completed');
  });

  it('closes the record: every action is refused', () => {
    for (const command of everyAction()) {
      spec.given([dossierIssued, accepted, cancelled]).when(command).thenThrows('assignment.cancelled');
    }
  });
});

describe('when a dossier is returned to the applicant', () => {
  const returnDossier = (actor = a) => when('ReturnDossierToApplicant', { reason: 'The site survey is missing' }, actor);
  const returned: AssignmentEvent = {
    type: 'DossierReturnedToApplicant',
    data: { assignmentId: 'as-1', reason: 'The site survey is missing', returnedBy: a, returnedAt: beforeDue },
  };

  it('records the reason', () => {
    spec.given([dossierIssued, accepted]).when(returnDossier()).then([returned]);
  });

  it('allows a second return: it is an avoidance signal, not a rule', () => {
    spec.given([dossierIssued, accepted, returned]).when(returnDossier()).then([returned]);
  });

  it('refuses a task or a document', () => {
    spec.given([issued, accepted]).when(returnDossier()).thenThrows('assignment.not_a_dossier');
  });

  it('refuses a dossier not yet accepted', () => {
    spec.given([dossierIssued]).when(returnDossier()).thenThrows('assignment.not_accepted');
  });

  it('refuses anyone but the holder', () => {
    spec.given([dossierIssued, accepted]).when(returnDossier(head)).thenThrows('assignment.not_holder');
  });
});

describe('when a dossier is late', () => {
  const apologise = (now = afterDue, newDueAt = '2026-03-20T17:00:00Z') => when('IssueApology', { newDueAt }, head, now);
  const apology: AssignmentEvent = {
    type: 'ApologyIssued',
    data: { assignmentId: 'as-1', previousDueAt: dueAt, newDueAt: '2026-03-20T17:00:00Z', issuedBy: head, issuedAt: afterDue },
  };

  it('records the apology with the new date', () => {
    spec.given([dossierIssued, accepted]).when(apologise()).then([apology]);
  });

  it('makes the new date the due date', () => {
    spec
      .given([dossierIssued, accepted, apology])
      .when(complete(a, '2026-03-15T09:00:00Z'))
      .thenEvents((events) => expect(events).toMatchObject([{ data: { dueAt: '2026-03-20T17:00:00Z', late: false } }]));
  });

  it('refuses an apology before the dossier is late', () => {
    spec.given([dossierIssued, accepted]).when(apologise(beforeDue)).thenThrows('assignment.not_late');
    spec.given([dossierIssued, accepted]).when(apologise(dueAt)).thenThrows('assignment.not_late');
  });

  it('refuses a new date that is not after now', () => {
    spec.given([dossierIssued, accepted]).when(apologise(afterDue, '2026-03-11T17:00:00Z')).thenThrows('assignment.due_not_in_future');
  });

  it('refuses an apology on a task', () => {
    spec.given([issued, accepted]).when(apologise()).thenThrows('assignment.not_a_dossier');
  });

  it('refuses an apology once the dossier was completed', () => {
    spec.given([dossierIssued, accepted, completedAt(afterDue, true)]).when(apologise()).thenThrows('assignment.completed');
  });
});

describe('who may act (assignment.access.ts, checked again by the decider)', () => {
  const stranger = 'stranger-x';

  it('refuses a handoff by a stranger, with no HTTP involved', () => {
    // No capacity named: the decider holds the caller to the holder's.
    spec.given([issued, accepted]).when(handOff(b, stranger)).thenThrows('assignment.not_holder');
    // Claiming to be the holder does not make one.
    spec
      .given([issued, accepted])
      .when({ ...handOff(b, stranger), actingAs: 'holder' } as AssignmentCommand)
      .thenThrows('assignment.not_holder');
    // A capacity the command does not accept.
    spec
      .given([issued, accepted])
      .when({ ...handOff(b, stranger), actingAs: 'council_member' } as AssignmentCommand)
      .thenThrows('capacity_refused');
  });

  it('accepts a handoff by the holder and by a manager of the unit', () => {
    spec.given([issued, accepted]).when(handOff(b, a)).thenEvents((events) => expect(events).toHaveLength(1));
    spec
      .given([issued, accepted])
      .when({ ...handOff(b, stranger), actingAs: 'manager' } as AssignmentCommand)
      .thenEvents((events) => expect(events).toMatchObject([{ data: { by: stranger, from: a, to: b } }]));
  });

  it('refuses manager-only commands without the manager capacity, even from the assigner', () => {
    for (const command of [
      when('ReviewCompletion', { quality: 'met' }, head, beforeDue, 'holder'),
      when('CancelAssignment', { reason: 'No longer needed' }, head, beforeDue, 'holder'),
      { ...issue(), actingAs: undefined } as AssignmentCommand,
    ]) {
      const given = command.type === 'IssueAssignment' ? [] : [issued, accepted];
      spec.given(given).when(command).thenThrows('capacity_refused');
    }
  });

  it('answers the same capacity the decider accepts', () => {
    const scope = { all: false, units: new Set(['u-1']) };
    const state = fold(assignmentDecider, [issued, accepted]);
    const holderA = actor(a, ['staff'], { all: false, units: new Set() });
    const headOfUnit = actor(head, ['unit_head'], scope);
    const strangerStaff = actor(stranger, ['staff'], { all: false, units: new Set() });
    const headElsewhere = actor('head-y', ['unit_head'], { all: false, units: new Set(['u-2']) });
    expect(assignmentAccess.HandOffAssignment(holderA, state)).toBe('holder');
    expect(assignmentAccess.HandOffAssignment(headOfUnit, state)).toBe('manager');
    // Not involved and not in scope: as if the assignment did not exist, naming nobody.
    for (const who of [strangerStaff, headElsewhere]) {
      const answer = assignmentAccess.HandOffAssignment(who, state);
      expect(answer).toMatchObject({ denied: { code: 'assignment.not_found', kind: 'not_found' } });
      expect(JSON.stringify(answer)).not.toContain(a);
    }
    // Involved (the assigner's deputy is not, but the first holder is, after a handoff) yet not the holder: 403 naming nobody.
    const after = fold(assignmentDecider, [issued, accepted, handedOff(a, b, a)]);
    const formerHolder = actor(a, ['staff'], { all: false, units: new Set() });
    const refused = assignmentAccess.HandOffAssignment(formerHolder, after);
    expect(refused).toMatchObject({ denied: { code: 'not_assignment_holder', kind: 'forbidden' } });
    expect(JSON.stringify(refused)).not.toContain(b);
  });

  it('ignores the units claim of a staff token', () => {
    expect(claimedScope(['staff'], ['u-1'])).toEqual({ all: false, roots: [] });
    expect(claimedScope(['staff'], ['*'])).toEqual({ all: false, roots: [] });
    expect(claimedScope(['unit_head'], ['u-1'])).toEqual({ all: false, roots: ['u-1'] });
  });
});
