import type { RecognitionRule } from './recognition.errors.js';

const ACCESS = 'ledger rule (no legal source): who may act on an innovation proposal, innovation.access.ts';
import { RECOGNITION_SOURCES as S } from './recognition.sources.js';

/** Every rule of the innovation-proposal decider, each next to its source. */
export const INNOVATION_RULES = {
  alreadyRegistered: { code: 'innovation.already_registered', kind: 'conflict', source: S.ledgerInvariant },
  notFound: { code: 'innovation.not_found', kind: 'not_found', source: S.ledgerInvariant },
  invalidProposal: { code: 'innovation.invalid_proposal', kind: 'validation', source: S.innovationScope },
  proposerNotLeader: { code: 'innovation.proposer_not_leader', kind: 'rule_violation', source: S.innovationScope },
  alreadyDecided: { code: 'innovation.already_decided', kind: 'conflict', source: S.ledgerInvariant },
  invalidVote: { code: 'innovation.invalid_vote', kind: 'validation', source: S.innovationApproval },
  voteFailed: { code: 'innovation.vote_failed', kind: 'rule_violation', source: S.innovationApproval },
  overrideNotNeeded: { code: 'innovation.override_not_needed', kind: 'validation', source: S.innovationApproval },
  overrideRequiresHeadSupport: {
    code: 'innovation.override_requires_head_support',
    kind: 'rule_violation',
    source: S.innovationApproval,
  },
  collectiveRequired: { code: 'innovation.collective_required', kind: 'rule_violation', source: S.innovationSelfApproval },
  proposerDecidesAlone: { code: 'innovation.proposer_decides_alone', kind: 'rule_violation', source: S.innovationSelfApproval },
  overrideOwnProposal: { code: 'innovation.override_own_proposal', kind: 'rule_violation', source: S.innovationSelfApproval },
  relatedWorkOutsideUnit: { code: 'innovation.related_work_outside_unit', kind: 'rule_violation', source: S.innovationRelatedWork },
  invalidRejection: { code: 'innovation.invalid_rejection', kind: 'validation', source: S.innovationApproval },
  notApproved: { code: 'innovation.not_approved', kind: 'rule_violation', source: S.innovationEvaluation },
  alreadyEvaluated: { code: 'innovation.already_evaluated', kind: 'conflict', source: S.ledgerInvariant },
  invalidEvaluation: { code: 'innovation.invalid_evaluation', kind: 'validation', source: S.innovationEvaluation },
  /** Access: the proposal is not the caller's to see (indistinguishable from an id never used). */
  hidden: { code: 'innovation.not_found', kind: 'not_found', source: ACCESS },
  /** Access: the proposal's unit is neither the proposer's own, one they lead, nor in their scope. */
  outsideUnitScope: { code: 'outside_unit_scope', kind: 'forbidden', source: ACCESS },
  /** Access: the caller sees the proposal (the proposer) but may not decide on it. */
  notDecider: { code: 'innovation.not_decider', kind: 'forbidden', source: `${S.innovationScope}; ${ACCESS}` },
} as const satisfies Record<string, RecognitionRule>;
