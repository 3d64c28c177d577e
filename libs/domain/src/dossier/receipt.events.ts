import type { DomainEvent } from '../shared/decider.js';
import type { Instant } from '../shared/ids.js';

/**
 * A receipt code was given to one dossier. The `receipt-<code>` stream holds at most
 * this one event: it is appended with expected revision "no stream" in the same atomic
 * multi-stream append as the dossier's `DossierReceived`, so two concurrent receptions
 * cannot share a code (the second append fails and is decided again, then refused).
 */
export type ReceiptCodeReserved = DomainEvent<
  'ReceiptCodeReserved',
  {
    readonly receiptCode: string;
    readonly dossierId: string;
    readonly reservedBy: string;
    readonly reservedAt: Instant;
  }
>;

/** Every event of a `receipt-<code>` stream. */
export type ReceiptEvent = ReceiptCodeReserved;
