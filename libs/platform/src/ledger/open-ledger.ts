import { createHash } from 'node:crypto';
import path from 'node:path';
import type pg from 'pg';
import { CHECKPOINT_STREAM, loadSigningKey, PostgresLedger, type EventStore, type SignedCheckpoint } from '#event-store';
import type { AppConfig } from '../config/config.js';

/** Where the checkpoint signing key lives: LEDGER_SIGNING_KEY_FILE, else DATA_DIR/ledger-signing.key. */
export function signingKeyPath(config: AppConfig): string {
  return path.resolve(config.LEDGER_SIGNING_KEY_FILE ?? path.join(config.DATA_DIR, 'ledger-signing.key'));
}

/**
 * The ledger of a process that may seal (API inline, apps/projector): the signing
 * key (created with mode 0600 when missing, outside production), and publication of
 * each checkpoint as a `CheckpointSigned` event (SSE feed, NATS relay).
 */
export function openLedger(options: { config: AppConfig; pool: pg.Pool; store: EventStore; log: (line: string) => void }): PostgresLedger {
  const { config, pool, store, log } = options;
  const signer = loadSigningKey(signingKeyPath(config), { createIfMissing: config.NODE_ENV !== 'production', log });
  return new PostgresLedger({
    pool,
    signer,
    origin: config.LEDGER_ORIGIN,
    checkpointEvery: config.LEDGER_CHECKPOINT_EVERY,
    checkpointIntervalMs: config.LEDGER_CHECKPOINT_INTERVAL_MS,
    log,
    onCheckpoint: async (c: SignedCheckpoint) => {
      await store.append(
        CHECKPOINT_STREAM,
        [
          {
            id: checkpointEventId(c),
            type: 'CheckpointSigned',
            data: { ...c },
            metadata: { actor: { sub: 'ledger-sealer', roles: ['system'] } },
          },
        ],
        'any',
      );
    },
  });
}

/** Deterministic, so a re-published checkpoint is an idempotent append. */
function checkpointEventId(c: SignedCheckpoint): string {
  const h = createHash('sha256').update(`${c.origin}\n${c.treeSize}\n${c.rootHash}`).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-5${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`;
}
