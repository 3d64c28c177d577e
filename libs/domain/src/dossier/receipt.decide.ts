import { isBlank } from '../shared/checks.js';
import { assertNever, type Decider, type DomainCommand } from '../shared/decider.js';
import { ruleError } from '../shared/errors.js';
import { withTimeBounds } from '../shared/time-bounds.js';
import { DOSSIER_RULES as RULES } from './dossier.errors.js';
import type { ReceiptEvent } from './receipt.events.js';

/** The reservation stream of one receipt code (one dossier per code, race-free through the event store). */
export function receiptStream(receiptCode: string): string {
  return `receipt-${receiptCode}`;
}

export interface ReceiptState {
  /** The dossier the code was given to, if any. */
  readonly dossierId: string | null;
}

export type ReserveReceiptCode = DomainCommand<'ReserveReceiptCode', { readonly receiptCode: string; readonly dossierId: string }>;
export type ReceiptCommand = ReserveReceiptCode;

function decideReceipt(command: ReceiptCommand, state: ReceiptState): readonly ReceiptEvent[] {
  switch (command.type) {
    case 'ReserveReceiptCode': {
      const { receiptCode, dossierId } = command.data;
      if (isBlank(receiptCode)) throw ruleError(RULES.invalid, 'Name the receipt code', [{ field: 'receiptCode', message: 'required' }]);
      // Already this dossier's: nothing more to record (a retry of the same reception).
      if (state.dossierId === dossierId) return [];
      if (state.dossierId !== null) {
        throw ruleError(RULES.receiptCodeTaken, 'Another dossier carries this receipt code', [{ field: 'receiptCode', message: 'already in use' }]);
      }
      return [{ type: 'ReceiptCodeReserved', data: { receiptCode, dossierId, reservedBy: command.actor, reservedAt: command.now } }];
    }
    default:
      return assertNever(command.type, 'receipt command');
  }
}

/** Reserves a receipt code for one dossier; decided together with the reception (the route's `executeAcross`). */
export const receiptDecider: Decider<ReceiptState, ReceiptCommand, ReceiptEvent> = withTimeBounds({
  initialState: (): ReceiptState => ({ dossierId: null }),
  evolve: (state: ReceiptState, event: ReceiptEvent): ReceiptState => (event.type === 'ReceiptCodeReserved' && state.dossierId === null ? { dossierId: event.data.dossierId } : state),
  decide: decideReceipt,
});
