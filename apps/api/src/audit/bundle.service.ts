import { Inject, Injectable } from '@nestjs/common';
import pg from 'pg';
import { canonicalV2Of, PostgresLedger, VERIFY_COLUMNS, type VerifyRow } from '#event-store';
import { HttpProblem } from '#platform';
import { PG_POOL } from '../infrastructure/database.tokens.js';
import { LEDGER } from './ledger.provider.js';

export const BUNDLE_FORMAT = 'accountability-ledger/bundle/v1';

/**
 * Offline-verifiable bundles (issue 11, item 6): events with their canonical text,
 * each with an inclusion proof against one signed checkpoint, and the public key.
 * `scripts/verify-bundle.mjs` checks one without the database or the network.
 */
@Injectable()
export class BundleService {
  constructor(
    @Inject(LEDGER) private readonly ledger: PostgresLedger | undefined,
    @Inject(PG_POOL) private readonly pool: pg.Pool,
  ) {}

  private async covered(ids: readonly string[], treeSize: number): Promise<boolean> {
    const { rows } = await this.pool.query(
      `SELECT count(*)::int AS n FROM events e LEFT JOIN ledger_leaves l ON l.position = e.position
        WHERE e.id = ANY ($1::uuid[]) AND (l.idx IS NULL OR l.idx >= $2)`,
      [ids, treeSize],
    );
    return rows[0].n === 0;
  }

  async bundle(title: string, eventIds: readonly string[], about: Record<string, unknown>): Promise<Record<string, unknown>> {
    const ledger = this.ledger;
    if (!ledger?.publicKey) {
      throw new HttpProblem(501, 'ledger_unavailable', 'Not Implemented', 'Bundles need the PostgreSQL ledger (EVENT_STORE=postgres) and its signing key');
    }
    const ids = [...new Set(eventIds)];
    // Seal what has settled and sign a checkpoint that covers it, so the bundle is complete
    // now. An event settles once no older transaction is open on the server: wait briefly.
    let checkpoint = await ledger.sealAndCheckpointNow();
    for (let i = 0; i < 30 && !(await this.covered(ids, checkpoint?.treeSize ?? 0)); i++) {
      await new Promise((r) => setTimeout(r, 100));
      checkpoint = await ledger.sealAndCheckpointNow();
    }
    const { rows } = await this.pool.query<VerifyRow & { leaf_index: string | null }>(
      `SELECT v.*, l.idx::text AS leaf_index FROM (SELECT ${VERIFY_COLUMNS} FROM events WHERE id = ANY ($1::uuid[])) v
         LEFT JOIN ledger_leaves l ON l.position = v.position::bigint ORDER BY v.position::bigint`,
      [ids],
    );
    const treeSize = checkpoint?.treeSize ?? 0;
    const covered = rows.filter((r) => r.leaf_index !== null && Number(r.leaf_index) < treeSize);
    const proofs = checkpoint ? await ledger.inclusionProofs(covered.map((r) => Number(r.leaf_index)), treeSize) : new Map<number, string[]>();
    return {
      format: BUNDLE_FORMAT,
      title,
      about,
      generatedAt: new Date().toISOString(),
      publicKey: { keyId: ledger.signer?.keyId, pem: ledger.publicKey.export({ format: 'pem', type: 'spki' }).toString() },
      checkpoint: checkpoint ?? null,
      events: rows.map((r) => ({
        eventId: r.id,
        streamId: r.stream_id,
        revision: r.revision,
        position: r.position,
        type: r.type,
        leafIndex: r.leaf_index === null || Number(r.leaf_index) >= treeSize ? null : Number(r.leaf_index),
        canonical: canonicalV2Of(r),
        proof: r.leaf_index === null ? null : (proofs.get(Number(r.leaf_index)) ?? null),
      })),
    };
  }
}
