import { RECOGNITION_SOURCES as S } from './recognition.sources.js';
import type { RecognitionRule } from './recognition.errors.js';

/** Every rule of the commendation decider, each next to its source. */
export const COMMENDATION_RULES = {
  alreadyGranted: { code: 'commendation.already_granted', kind: 'conflict', source: S.ledgerInvariant },
  notFound: { code: 'commendation.not_found', kind: 'not_found', source: S.ledgerInvariant },
  invalidGrant: { code: 'commendation.invalid_grant', kind: 'validation', source: S.emulationLaw },
  recipientUnderDisciplinaryConsideration: {
    code: 'commendation.recipient_under_disciplinary_consideration',
    kind: 'rule_violation',
    source: S.notYetConsidered,
  },
  recipientDisciplined: {
    code: 'commendation.recipient_disciplined',
    kind: 'rule_violation',
    source: 'consequence no_commendation of a disciplinary decision in effect (libs/domain/src/discipline/discipline-procedure.policy.ts: interpretation)',
  },
  alreadyRevoked: { code: 'commendation.already_revoked', kind: 'conflict', source: S.ledgerInvariant },
  invalidRevocation: { code: 'commendation.invalid_revocation', kind: 'validation', source: S.revocation },
} as const satisfies Record<string, RecognitionRule>;
