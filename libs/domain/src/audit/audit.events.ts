import type { DomainEvent } from '../shared/decider.js';
import type { Instant } from '../shared/ids.js';

/**
 * The sealer signed a checkpoint of the global Merkle log (DESIGN.md section 5). It is
 * published like any event (SSE feed, NATS `ledger.audit.CheckpointSigned`) so that
 * copies of the signed tree heads live where the database administrator cannot reach
 * them; a later verification compares the log with any such copy. Appended without a
 * decider: the signature is the fact.
 */
export type CheckpointSigned = DomainEvent<
  'CheckpointSigned',
  {
    readonly origin: string;
    readonly treeSize: number;
    /** Hex SHA-256 root of the RFC 9162 tree over the first `treeSize` events in commit order. */
    readonly rootHash: string;
    /** Global position of the last event the tree covers. */
    readonly lastPosition: string;
    readonly time: Instant;
    /** First 16 hex digits of SHA-256 of the raw Ed25519 public key. */
    readonly keyId: string;
    /** Base64 Ed25519 signature over the checkpoint text (libs/event-store/src/ledger/checkpoint.ts). */
    readonly signature: string;
  }
>;

/** The one stream of published checkpoints: `audit-checkpoints`. */
export function auditCheckpointsStream(): string {
  return `audit-checkpoints`;
}
