import { RECOGNITION_SOURCES as S } from './recognition.sources.js';
import type { RecognitionRule } from './recognition.errors.js';

const ACCESS = 'ledger rule (no legal source): who may act on a commendation, commendation.access.ts';

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
  /** Access: the commendation is not the caller's to see (indistinguishable from an id never used). */
  hidden: { code: 'commendation.not_found', kind: 'not_found', source: ACCESS },
  /** Access: the recipient is not a registered staff member or unit (was raised by the controller). */
  unknownRecipient: { code: 'commendation.unknown_recipient', kind: 'validation', source: ACCESS },
  /** Access: the recipient's unit is outside the caller's unit scope. */
  outsideUnitScope: { code: 'outside_unit_scope', kind: 'forbidden', source: ACCESS },
} as const satisfies Record<string, RecognitionRule>;
