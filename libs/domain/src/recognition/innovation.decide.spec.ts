import { actor } from '../shared/access.js';
import { innovationAccess } from './innovation.access.js';
import { fold } from '../shared/decider.js';
import { deciderSpec } from '../shared/given-when-then.js';
import type {
  ApproveInnovationProposal,
  EvaluateInnovationOutcome,
  InnovationCommand,
  RegisterInnovationProposal,
} from './innovation.commands.js';
import {
  innovationDecider,
  innovationProtection,
  innovationStream,
  innovationVoteOutcome,
} from './innovation.decide.js';
import type {
  InnovationEvent,
  InnovationOutcomeEvaluated,
  InnovationProposalApproved,
  InnovationProposalRegistered,
  InnovationProposalRejected,
} from './innovation.events.js';

// Source of every rule below unless marked "invariant": Decree 73/2023/NĐ-CP on
// encouraging and protecting dynamic, creative cadres (indicative article references).

const spec = deciderSpec(innovationDecider);
const now = '2026-02-01T09:00:00+07:00';

const registered: InnovationProposalRegistered = {
  type: 'InnovationProposalRegistered',
  data: {
    proposalId: 'p1',
    proposerId: 'head-1',
    unitId: 'unit-1',
    title: 'One-stop land dossier',
    plan: 'Merge the three survey steps',
    scope: 'District land office, 2026',
    relatedAssignmentIds: ['as-1', 'as-2'],
    registeredAt: now,
  },
};
const approved = (over: Partial<InnovationProposalApproved['data']> = {}): InnovationProposalApproved => ({
  type: 'InnovationProposalApproved',
  data: {
    votesFor: 4,
    votesAgainst: 1,
    abstentions: 0,
    headVote: 'for',
    writtenOverride: false,
    approvedBy: 'head-0',
    approvedAt: now,
    ...over,
  },
});
const rejected: InnovationProposalRejected = {
  type: 'InnovationProposalRejected',
  data: { reason: 'outside the unit mandate', rejectedBy: 'head-0', rejectedAt: now },
};
const evaluated = (over: Partial<InnovationOutcomeEvaluated['data']> = {}): InnovationOutcomeEvaluated => ({
  type: 'InnovationOutcomeEvaluated',
  data: {
    result: 'failure',
    damage: { amountVnd: 120_000_000, description: 'survey redone' },
    personalGain: false,
    causes: ['map data outdated'],
    evaluatedBy: 'inspector-1',
    evaluatedAt: now,
    ...over,
  },
});

function registerCmd(over: Partial<RegisterInnovationProposal['data']> = {}): RegisterInnovationProposal {
  const { registeredAt: _ignored, ...data } = registered.data;
  return { type: 'RegisterInnovationProposal', now, actor: 'head-1', data: { ...data, proposerIsLeader: true, relatedOutsideUnit: [], ...over } };
}
function approveCmd(over: Partial<ApproveInnovationProposal['data']> = {}): ApproveInnovationProposal {
  const { approvedAt: _ignored, ...data } = approved().data;
  return { type: 'ApproveInnovationProposal', now, actor: 'head-0', actingAs: 'unit_head', data: { ...data, ...over } };
}
function evaluateCmd(over: Partial<EvaluateInnovationOutcome['data']> = {}): EvaluateInnovationOutcome {
  const { evaluatedAt: _ignored, ...data } = evaluated().data;
  return { type: 'EvaluateInnovationOutcome', now, actor: 'inspector-1', actingAs: 'evaluator', data: { ...data, ...over } };
}

describe('innovation stream', () => {
  it('is named innovation-<id>', () => {
    expect(innovationStream('p1')).toBe('innovation-p1');
  });
});

describe('when a proposal is registered', () => {
  it('records a leader\'s proposal with the work it covers (Decree 73/2023)', () => {
    spec.given([]).when(registerCmd()).then([registered]);
  });

  it('refuses a proposer who is not a leader or manager (Decree 73/2023: scope)', () => {
    const err = spec
      .given([])
      .when(registerCmd({ proposerIsLeader: false }))
      .thenThrows('innovation.proposer_not_leader', ['proposerId']);
    expect(err.source).toContain('73/2023');
  });

  it('requires a title, plan and scope (Decree 73/2023: the proposal states what and how far)', () => {
    spec
      .given([])
      .when(registerCmd({ title: '', plan: ' ', scope: '' }))
      .thenThrows('innovation.invalid_proposal', ['title', 'plan', 'scope']);
  });

  it('refuses work that is not the unit\'s own (unknown or of another unit, told apart by nobody) (issue 12)', () => {
    spec
      .given([])
      .when(registerCmd({ relatedOutsideUnit: ['as-2'] }))
      .thenThrows('innovation.related_work_outside_unit', ['relatedAssignmentIds[1]']);
  });

  it('refuses registering the same proposal twice (invariant)', () => {
    spec.given([registered]).when(registerCmd()).thenThrows('innovation.already_registered');
  });
});

describe('when the collective votes (Decree 73/2023: more than 50% of votes cast)', () => {
  it('passes with more than half of the votes cast', () => {
    expect(innovationVoteOutcome({ votesFor: 3, votesAgainst: 2, abstentions: 0, headVote: 'for' })).toBe('passed');
    spec.given([registered]).when(approveCmd()).then([approved()]);
  });

  it('counts abstentions as cast: 2 for, 1 against, 2 abstaining fails', () => {
    expect(innovationVoteOutcome({ votesFor: 2, votesAgainst: 1, abstentions: 2, headVote: 'for' })).toBe('failed');
  });

  describe('when the vote is tied', () => {
    it('goes the head\'s way when the head voted for', () => {
      spec
        .given([registered])
        .when(approveCmd({ votesFor: 2, votesAgainst: 2 }))
        .then([approved({ votesFor: 2, votesAgainst: 2 })]);
    });

    it('fails when the head voted against', () => {
      expect(innovationVoteOutcome({ votesFor: 2, votesAgainst: 2, abstentions: 0, headVote: 'against' })).toBe(
        'failed',
      );
      spec
        .given([registered])
        .when(approveCmd({ votesFor: 2, votesAgainst: 2, headVote: 'against' }))
        .thenThrows('innovation.vote_failed');
    });
  });

  describe('when the vote fails', () => {
    const failing = { votesFor: 1, votesAgainst: 3, abstentions: 1 } as const;

    it('refuses approval without a written override', () => {
      spec.given([registered]).when(approveCmd(failing)).thenThrows('innovation.vote_failed');
    });

    it('approves by the head\'s written override', () => {
      spec
        .given([registered])
        .when(approveCmd({ ...failing, writtenOverride: true }))
        .then([approved({ ...failing, writtenOverride: true })]);
    });

    it('refuses an override by a head who voted against', () => {
      spec
        .given([registered])
        .when(approveCmd({ ...failing, headVote: 'against', writtenOverride: true }))
        .thenThrows('innovation.override_requires_head_support', ['headVote']);
    });
  });

  it('refuses a written override when the vote passed, so the record says how it was approved', () => {
    spec
      .given([registered])
      .when(approveCmd({ writtenOverride: true }))
      .thenThrows('innovation.override_not_needed', ['writtenOverride']);
  });

  it('refuses a tally that contradicts the head\'s ballot or counts nothing', () => {
    spec
      .given([registered])
      .when(approveCmd({ votesFor: 3, votesAgainst: 0, headVote: 'against' }))
      .thenThrows('innovation.invalid_vote', ['headVote']);
    spec
      .given([registered])
      .when(approveCmd({ votesFor: 0, votesAgainst: 0, abstentions: 0 }))
      .thenThrows('innovation.invalid_vote', ['votesFor']);
    spec
      .given([registered])
      .when(approveCmd({ votesFor: -1, abstentions: 1.5 }))
      .thenThrows('innovation.invalid_vote', ['votesFor', 'abstentions']);
  });

  it('refuses deciding a proposal twice (invariant)', () => {
    spec.given([registered, approved()]).when(approveCmd()).thenThrows('innovation.already_decided');
    spec.given([registered, rejected]).when(approveCmd()).thenThrows('innovation.already_decided');
  });

  it('refuses a vote on a proposal that does not exist', () => {
    spec.given([]).when(approveCmd()).thenThrows('innovation.not_found');
  });
});

describe('when a proposal is rejected', () => {
  it('records the rejection with its reason', () => {
    spec
      .given([registered])
      .when({ type: 'RejectInnovationProposal', now, actor: 'head-0', actingAs: 'unit_head', data: { reason: 'outside the unit mandate', rejectedBy: 'head-0' } })
      .then([rejected]);
  });

  it('requires a reason', () => {
    spec
      .given([registered])
      .when({ type: 'RejectInnovationProposal', now, actor: 'head-0', actingAs: 'unit_head', data: { reason: '', rejectedBy: 'head-0' } })
      .thenThrows('innovation.invalid_rejection', ['reason']);
  });
});

describe('when the outcome is evaluated (Decree 73/2023: damage, causes, personal gain)', () => {
  it('records the evaluation of an approved proposal', () => {
    spec.given([registered, approved()]).when(evaluateCmd()).then([evaluated()]);
  });

  it('refuses evaluating a proposal that was not approved', () => {
    spec.given([registered]).when(evaluateCmd()).thenThrows('innovation.not_approved');
    spec.given([registered, rejected]).when(evaluateCmd()).thenThrows('innovation.not_approved');
  });

  it('refuses a second evaluation (invariant)', () => {
    spec.given([registered, approved(), evaluated()]).when(evaluateCmd()).thenThrows('innovation.already_evaluated');
  });

  it('requires causes for a partial result or a failure, and a non-negative damage', () => {
    spec
      .given([registered, approved()])
      .when(evaluateCmd({ causes: [], damage: { amountVnd: -5 } }))
      .thenThrows('innovation.invalid_evaluation', ['causes', 'damage.amountVnd']);
  });

  it('accepts a success without causes', () => {
    spec
      .given([registered, approved()])
      .when(evaluateCmd({ result: 'success', causes: [], damage: { amountVnd: 0 } }))
      .then([evaluated({ result: 'success', causes: [], damage: { amountVnd: 0 } })]);
  });
});

describe('protection facts for a later disciplinary case (Decree 73/2023)', () => {
  const state = (events: InnovationEvent[]) => fold(innovationDecider, events);

  it('protects an approved, evaluated proposal with no personal gain', () => {
    expect(innovationProtection(state([registered, approved(), evaluated()]))).toMatchObject({
      proposalId: 'p1',
      relatedAssignmentIds: ['as-1', 'as-2'],
      approved: true,
      evaluated: true,
      personalGain: false,
    });
  });

  it('reports personal gain, a missing evaluation, or a rejection as they are', () => {
    expect(innovationProtection(state([registered, approved(), evaluated({ personalGain: true })]))).toMatchObject({
      personalGain: true,
    });
    expect(innovationProtection(state([registered, approved()]))).toMatchObject({ evaluated: false });
    expect(innovationProtection(state([registered, rejected]))).toMatchObject({ approved: false });
    expect(innovationProtection(state([]))).toBeUndefined();
  });
});

describe('when the head approves their own proposal: the proposer votes but does not decide alone (issue 12)', () => {
  const own = (over: Partial<ApproveInnovationProposal['data']>) => approveCmd({ approvedBy: 'head-1', ...over });

  it('refuses the proposer\'s ballot alone as a collective vote', () => {
    spec.given([registered]).when(own({ votesFor: 1, votesAgainst: 0, abstentions: 0 })).thenThrows('innovation.collective_required', ['votesFor']);
  });

  it('refuses a tie broken by the proposer\'s own ballot', () => {
    spec.given([registered]).when(own({ votesFor: 1, votesAgainst: 1, abstentions: 0 })).thenThrows('innovation.proposer_decides_alone');
  });

  it('refuses a majority that exists only with the proposer\'s own ballot', () => {
    spec.given([registered]).when(own({ votesFor: 2, votesAgainst: 1, abstentions: 0 })).thenThrows('innovation.proposer_decides_alone');
  });

  it('approves on the others\' majority', () => {
    spec
      .given([registered])
      .when(own({ votesFor: 3, votesAgainst: 1, abstentions: 0 }))
      .then([approved({ votesFor: 3, votesAgainst: 1, approvedBy: 'head-1' })]);
  });

  it('refuses a written override of the vote on their own proposal; the head overrides only someone else\'s', () => {
    const failing = { votesFor: 1, votesAgainst: 3, abstentions: 0, writtenOverride: true } as const;
    spec.given([registered]).when(own(failing)).thenThrows('innovation.override_own_proposal', ['writtenOverride']);
    spec.given([registered]).when(approveCmd(failing)).then([approved({ ...failing })]);
  });
});

describe('who may act on a proposal (innovation.access.ts, checked again by the decider)', () => {
  it('refuses an approval or an evaluation without the deciding capacity, with no HTTP involved', () => {
    spec.given([registered]).when({ ...approveCmd(), actingAs: undefined } as InnovationCommand).thenThrows('capacity_refused');
    spec.given([registered]).when({ ...approveCmd(), actingAs: 'proposer' } as InnovationCommand).thenThrows('capacity_refused');
  });

  it('refuses a registration in someone else\'s name', () => {
    spec.given([]).when({ ...registerCmd(), actor: 'someone-else' } as InnovationCommand).thenThrows('outside_unit_scope');
  });

  it('lets the proposer see but not decide; hides the proposal from a unit head elsewhere', () => {
    const state = fold(innovationDecider, [registered]);
    if (state.status === 'none') throw new Error('registered');
    const proposer = actor(state.proposal.proposerId, ['unit_head'], { all: false, units: new Set() });
    const headElsewhere = actor('head-x', ['unit_head'], { all: false, units: new Set(['elsewhere']) });
    const headOfUnit = actor('head-0', ['unit_head'], { all: false, units: new Set([state.proposal.unitId]) });
    expect(innovationAccess.ApproveInnovationProposal(proposer, state)).toMatchObject({ denied: { code: 'innovation.not_decider', kind: 'forbidden' } });
    expect(innovationAccess.ApproveInnovationProposal(headElsewhere, state)).toMatchObject({ denied: { code: 'innovation.not_found', kind: 'not_found' } });
    expect(innovationAccess.ApproveInnovationProposal(headOfUnit, state)).toBe('unit_head');
  });
});
