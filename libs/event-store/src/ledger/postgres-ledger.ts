import { randomUUID, type KeyObject } from 'node:crypto';
import pg from 'pg';
import { VERIFY_COLUMNS } from '../postgres/postgres.event-store.js';
import { canonicalEventV2, chainHash, sha256Hex } from '../hash-chain.js';
import { CheckpointSigner, verifyCheckpointSignature, type SignedCheckpoint } from './checkpoint.js';
import {
  CompactRange,
  consistencyPlan,
  inclusionPlan,
  leafHash,
  nodeKey,
  nodesFor,
  rangeHash,
  type Hash,
  type NodeKey,
} from './merkle.js';

/** Only positions whose writing transactions have all finished (see CreateEventStore1763700000000). */
const SAFE_BOUND = `(pg_snapshot_xmin(pg_current_snapshot())::text::bigint << 20)`;
const SEALER_LOCK = `hashtext('accountability-ledger.sealer')`;
/** A VERIFY_COLUMNS row read in array mode, and its column indexes. */
type VerifyArrayRow = [string, string, string, string, string, number, string, string, string, string, string, number];
const R = {
  position: 0,
  stream_id: 1,
  revision: 2,
  id: 3,
  type: 4,
  schema_version: 5,
  data_text: 6,
  metadata_text: 7,
  recorded_at_us: 8,
  prev_hash: 9,
  hash: 10,
  chain_version: 11,
} as const;
/** The last event of a stream seen by the verification pass. */
interface StreamHead {
  readonly revision: number;
  readonly hash: string;
  readonly recordedAt: string;
}
/** Streams remembered by a verification pass before it forgets them (and asks the table instead). */
const MAX_STREAM_HEADS = 500_000;
/** Events hashed between two yields to the event loop (so the next page keeps arriving). */
const HASH_SLICE = 1000;
/** Stream of the `CheckpointSigned` events the sealer publishes (category `audit`). */
export const CHECKPOINT_STREAM = 'audit-checkpoints';

export interface LedgerOptions {
  readonly pool: pg.Pool;
  /** Present where checkpoints are signed (the sealer); verification needs only the public key. */
  readonly signer?: CheckpointSigner;
  /** Public key checkpoints are verified with; defaults to the signer's. */
  readonly publicKey?: KeyObject;
  readonly origin?: string;
  /** Sign a checkpoint once this many leaves are sealed since the last one... */
  readonly checkpointEvery?: number;
  /** ...or this long after the last one when anything else was sealed. */
  readonly checkpointIntervalMs?: number;
  /** Called after a checkpoint is stored (publishes it on the feed and NATS). Must not throw. */
  readonly onCheckpoint?: (checkpoint: SignedCheckpoint) => Promise<void>;
  readonly log?: (line: string) => void;
  readonly clock?: () => Date;
  readonly pollIntervalMs?: number;
  readonly batchSize?: number;
}

export interface InclusionProof {
  readonly eventId: string;
  readonly position: string;
  readonly leafIndex: number;
  readonly treeSize: number;
  /** Hex. */
  readonly leafHash: string;
  readonly proof: readonly string[];
}

export interface ConsistencyProof {
  readonly from: number;
  readonly to: number;
  readonly proof: readonly string[];
}

/** One finding of verification: what diverges, where, and which event or checkpoint. */
export interface LedgerFinding {
  readonly kind:
    | 'checkpoint_signature'
    | 'checkpoint_root_mismatch'
    | 'external_checkpoint_mismatch'
    | 'event_hash_mismatch'
    | 'chain_link_broken'
    | 'revision_gap'
    | 'recorded_at_backwards'
    | 'event_not_in_log'
    | 'sealed_event_missing'
    | 'leaf_mismatch'
    | 'log_shorter_than_checkpoint';
  readonly detail: string;
  readonly position?: string;
  readonly leafIndex?: number;
  readonly treeSize?: number;
  readonly eventId?: string;
  readonly streamId?: string;
  readonly revision?: string;
}

export interface LedgerVerifyReport {
  readonly ok: boolean;
  readonly mode: 'full' | 'incremental';
  readonly fromTreeSize: number;
  readonly eventsChecked: number;
  readonly checkpointsChecked: number;
  /** Newest signed checkpoint the recomputed log was compared with. */
  readonly checkpoint?: { treeSize: number; rootHash: string };
  /** The first position where the recomputed log diverges from the sealed one, when any. */
  readonly firstDivergence?: LedgerFinding;
  readonly findings: readonly LedgerFinding[];
  readonly seconds: number;
  /** Where the time went: signatures, the link query, reading pages, hashing. */
  readonly phasesMs: Record<string, number>;
  readonly eventsPerSecond: number;
}

export interface VerifyProgress {
  readonly eventsChecked: number;
  readonly eventsTotal: number;
}

export interface LedgerVerifyOptions {
  readonly mode?: 'full' | 'incremental';
  /** A checkpoint kept outside the database (e.g. `--checkpoint FILE`). */
  readonly externalCheckpoint?: SignedCheckpoint;
  readonly onProgress?: (p: VerifyProgress) => void;
  /** Stop collecting after this many findings (the first of each kind matters most). */
  readonly maxFindings?: number;
  readonly pageSize?: number;
}

interface CheckpointRow {
  tree_size: string;
  origin: string;
  root_hash: Buffer;
  last_position: string;
  signed_time: string;
  key_id: string;
  signature: Buffer;
}

export function checkpointOfRow(r: CheckpointRow): SignedCheckpoint {
  return {
    origin: r.origin,
    treeSize: Number(r.tree_size),
    rootHash: r.root_hash.toString('hex'),
    lastPosition: r.last_position,
    time: r.signed_time,
    keyId: r.key_id,
    signature: r.signature.toString('base64'),
  };
}

/**
 * The global Merkle log over the PostgreSQL event store (DESIGN.md section 5):
 * the sealer (one active instance per database, by advisory lock), signed
 * checkpoints, proofs, and verification of the events against the signed log.
 */
export class PostgresLedger {
  private readonly pool: pg.Pool;
  private readonly origin: string;
  private readonly every: number;
  private readonly intervalMs: number;
  private readonly log: (line: string) => void;
  private readonly clock: () => Date;
  private readonly pollIntervalMs: number;
  private readonly batchSize: number;
  private range?: CompactRange;
  private lastPosition = '0';
  private lastCheckpoint?: { treeSize: number; at: number };
  /** Leaves other than the sealer's own checkpoint events sealed since the last checkpoint. */
  private sealedSinceCheckpoint = 0;
  private lockClient?: pg.PoolClient;
  private loop?: Promise<void>;
  private stopping = false;
  private wake?: () => void;
  private poked = false;
  private sealing: Promise<number> = Promise.resolve(0);

  constructor(private readonly options: LedgerOptions) {
    this.pool = options.pool;
    this.origin = options.origin ?? 'accountability-ledger';
    this.every = options.checkpointEvery ?? 1000;
    this.intervalMs = options.checkpointIntervalMs ?? 10_000;
    this.log = options.log ?? (() => undefined);
    this.clock = options.clock ?? (() => new Date());
    this.pollIntervalMs = options.pollIntervalMs ?? 250;
    this.batchSize = options.batchSize ?? 5000;
  }

  get publicKey(): KeyObject | undefined {
    return this.options.publicKey ?? this.options.signer?.publicKey;
  }

  get signer(): CheckpointSigner | undefined {
    return this.options.signer;
  }

  // ---------------------------------------------------------------- sealer

  /**
   * Runs the sealer until `stop()`: waits for the advisory lock (another instance
   * may hold it), then seals new events as they settle and signs checkpoints.
   */
  start(): void {
    if (this.loop) return;
    this.stopping = false;
    this.loop = (async () => {
      while (!this.stopping) {
        try {
          if (!this.lockClient) {
            const client = await this.pool.connect();
            const { rows } = await client.query(`SELECT pg_try_advisory_lock(${SEALER_LOCK}) AS ok`);
            if (rows[0].ok) {
              client.on('error', () => undefined);
              this.lockClient = client;
              this.range = undefined;
              this.log('ledger: this process seals the log');
            } else {
              client.release();
              await this.sleep(this.pollIntervalMs * 8);
              continue;
            }
          }
          const sealed = await this.sealOnLock();
          await this.maybeCheckpoint(false);
          if (sealed < this.batchSize) await this.sleep(this.pollIntervalMs);
        } catch (error) {
          this.log(`ledger: sealer error: ${(error as Error).message}`);
          this.releaseLock(true);
          await this.sleep(this.pollIntervalMs * 4);
        }
      }
    })();
  }

  /** Wakes the sealer (an append just committed). */
  poke(): void {
    this.poked = true;
    this.wake?.();
  }

  async stop(): Promise<void> {
    this.stopping = true;
    this.wake?.();
    await this.loop;
    this.loop = undefined;
    this.releaseLock(false);
  }

  private releaseLock(broken: boolean): void {
    const client = this.lockClient;
    this.lockClient = undefined;
    this.range = undefined;
    if (!client) return;
    if (broken) client.release(true);
    else {
      client
        .query(`SELECT pg_advisory_unlock(${SEALER_LOCK})`)
        .catch(() => undefined)
        .finally(() => client.release());
    }
  }

  private sleep(ms: number): Promise<void> {
    if (this.poked) {
      this.poked = false;
      return Promise.resolve();
    }
    return new Promise((resolve) => {
      const timer = setTimeout(resolve, ms);
      timer.unref?.();
      this.wake = () => {
        clearTimeout(timer);
        this.wake = undefined;
        resolve();
      };
    });
  }

  /**
   * Seals everything settled now and signs a checkpoint if any leaf is not covered
   * yet. For callers that need a checkpoint now (bundles, tests, the CLI). Takes the
   * sealer lock for the duration when no process holds it; when another process is the
   * active sealer, returns the newest checkpoint it signed.
   */
  async sealAndCheckpointNow(): Promise<SignedCheckpoint | undefined> {
    if (!this.options.signer) return this.latestCheckpoint();
    if (this.lockClient) {
      await this.drainOnLock();
      await this.maybeCheckpoint(true);
      return this.latestCheckpoint();
    }
    const client = await this.pool.connect();
    try {
      // Another process seals: it signs within LEDGER_CHECKPOINT_INTERVAL_MS; hand out what exists.
      const { rows } = await client.query(`SELECT pg_try_advisory_lock(${SEALER_LOCK}) AS ok`);
      if (!rows[0].ok) return this.latestCheckpoint();
      this.lockClient = client;
      this.range = undefined;
      try {
        await this.drainOnLock();
        await this.maybeCheckpoint(true);
      } finally {
        this.lockClient = undefined;
        this.range = undefined;
        await client.query(`SELECT pg_advisory_unlock(${SEALER_LOCK})`);
      }
    } finally {
      client.release();
    }
    return this.latestCheckpoint();
  }

  private async drainOnLock(): Promise<void> {
    while ((await this.sealOnLock()) >= this.batchSize);
  }

  /** One batch; serialised so a `sealAndCheckpointNow` never interleaves with the loop. */
  private sealOnLock(): Promise<number> {
    const next = this.sealing.then(() => this.sealBatch());
    this.sealing = next.catch(() => 0);
    return next;
  }

  private async loadState(client: pg.PoolClient): Promise<CompactRange> {
    const { rows } = await client.query('SELECT idx::text AS idx, position::text AS position FROM ledger_leaves l ORDER BY l.idx DESC LIMIT 1');
    const size = rows.length ? Number(rows[0].idx) + 1 : 0;
    this.lastPosition = rows.length ? rows[0].position : '0';
    const keys = CompactRange.frontierKeys(size);
    const nodes = await fetchNodes(client, keys);
    const pending: (Hash | undefined)[] = [];
    for (const k of keys) pending[k.level] = nodes.get(nodeKey(k));
    const cp = await client.query('SELECT tree_size::text AS tree_size, stored_at FROM ledger_checkpoints c ORDER BY c.tree_size DESC LIMIT 1');
    // With no checkpoint yet, the interval runs from now (not from 1970: that would sign at once).
    this.lastCheckpoint = cp.rows.length
      ? { treeSize: Number(cp.rows[0].tree_size), at: new Date(cp.rows[0].stored_at).getTime() }
      : { treeSize: 0, at: this.clock().getTime() };
    this.sealedSinceCheckpoint = size - (this.lastCheckpoint?.treeSize ?? 0);
    return new CompactRange(size, pending);
  }

  private async sealBatch(): Promise<number> {
    const client = this.lockClient;
    if (!client) return 0;
    this.range ??= await this.loadState(client);
    const range = this.range;
    const { rows } = await client.query<[string, Buffer, boolean]>({
      // The append functions store each leaf hash (migration 1763700800000); rows appended
      // before it have none and get it computed here. Only the sealer trusts the stored
      // value: verify rebuilds every leaf from the event content.
      text: `SELECT e.position::text, coalesce(e.leaf_hash, sha256('\\x00'::bytea || convert_to(ledger_canonical(e.position, e.stream_id, e.revision, e.recorded_at,
                     e.id, e.type, e.schema_version, e.metadata, e.data), 'UTF8'))), e.stream_id = $3
               FROM events e WHERE e.position > $1 AND e.position < ${SAFE_BOUND} ORDER BY e.position LIMIT $2`,
      values: [this.lastPosition, this.batchSize, CHECKPOINT_STREAM],
      rowMode: 'array',
    });
    if (rows.length === 0) return 0;
    const leafIdx: string[] = [];
    const leafPos: string[] = [];
    const leafHashes: Buffer[] = [];
    const nodeLevels: number[] = [];
    const nodeIdx: string[] = [];
    const nodeHashes: Buffer[] = [];
    const next = new CompactRange(range.size, range.frontier());
    let own = 0;
    for (const [position, leaf, isOwn] of rows) {
      leafIdx.push(String(next.size));
      leafPos.push(position);
      leafHashes.push(leaf);
      if (isOwn) own++;
      next.append(leaf, (level, index, hash) => {
        nodeLevels.push(level);
        nodeIdx.push(String(index));
        nodeHashes.push(hash);
      });
    }
    await client.query('BEGIN');
    try {
      await client.query('INSERT INTO ledger_leaves (idx, position, hash) SELECT * FROM unnest($1::bigint[], $2::bigint[], $3::bytea[])', [
        leafIdx,
        leafPos,
        leafHashes,
      ]);
      if (nodeLevels.length) {
        await client.query('INSERT INTO ledger_nodes (level, idx, hash) SELECT * FROM unnest($1::smallint[], $2::bigint[], $3::bytea[])', [
          nodeLevels,
          nodeIdx,
          nodeHashes,
        ]);
      }
      await client.query('COMMIT');
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      this.range = undefined;
      throw error;
    }
    this.range = next;
    this.lastPosition = leafPos[leafPos.length - 1]!;
    this.sealedSinceCheckpoint += rows.length - own;
    return rows.length;
  }

  private async maybeCheckpoint(force: boolean): Promise<void> {
    const signer = this.options.signer;
    const range = this.range;
    const client = this.lockClient;
    if (!signer || !range || !client || range.size === 0) return;
    const lastSize = this.lastCheckpoint?.treeSize ?? 0;
    if (range.size <= lastSize) return;
    const due =
      force ||
      this.sealedSinceCheckpoint >= this.every ||
      (this.sealedSinceCheckpoint > 0 && this.clock().getTime() - (this.lastCheckpoint?.at ?? 0) >= this.intervalMs);
    if (!due) return;
    const checkpoint = signer.sign({
      origin: this.origin,
      treeSize: range.size,
      rootHash: range.root().toString('hex'),
      lastPosition: this.lastPosition,
      time: this.clock().toISOString(),
    });
    await client.query('SELECT ledger_record_checkpoint($1, $2, $3, $4, $5, $6, $7)', [
      checkpoint.treeSize,
      checkpoint.origin,
      Buffer.from(checkpoint.rootHash, 'hex'),
      checkpoint.lastPosition,
      checkpoint.time,
      checkpoint.keyId,
      Buffer.from(checkpoint.signature, 'base64'),
    ]);
    this.lastCheckpoint = { treeSize: checkpoint.treeSize, at: this.clock().getTime() };
    this.sealedSinceCheckpoint = 0;
    await this.options.onCheckpoint?.(checkpoint).catch((error: unknown) => this.log(`ledger: publishing checkpoint failed: ${String(error)}`));
  }

  // ---------------------------------------------------------------- reads and proofs

  async latestCheckpoint(): Promise<SignedCheckpoint | undefined> {
    const { rows } = await this.pool.query<CheckpointRow>(`SELECT ${CP_COLUMNS} FROM ledger_checkpoints c ORDER BY c.tree_size DESC LIMIT 1`);
    return rows.length ? checkpointOfRow(rows[0]!) : undefined;
  }

  async checkpoint(treeSize: number): Promise<SignedCheckpoint | undefined> {
    const { rows } = await this.pool.query<CheckpointRow>(`SELECT ${CP_COLUMNS} FROM ledger_checkpoints WHERE tree_size = $1`, [treeSize]);
    return rows.length ? checkpointOfRow(rows[0]!) : undefined;
  }

  /** Newest first, at most `limit`, at or below `beforeSize` when given. */
  async checkpoints(limit: number, beforeSize?: number): Promise<SignedCheckpoint[]> {
    const { rows } = await this.pool.query<CheckpointRow>(
      `SELECT ${CP_COLUMNS} FROM ledger_checkpoints c WHERE ($2::bigint IS NULL OR c.tree_size <= $2) ORDER BY c.tree_size DESC LIMIT $1`,
      [limit, beforeSize ?? null],
    );
    return rows.map(checkpointOfRow);
  }

  async sealedSize(): Promise<{ treeSize: number; lastPosition: string }> {
    const { rows } = await this.pool.query('SELECT idx::text AS idx, position::text AS position FROM ledger_leaves l ORDER BY l.idx DESC LIMIT 1');
    return rows.length ? { treeSize: Number(rows[0].idx) + 1, lastPosition: rows[0].position } : { treeSize: 0, lastPosition: '0' };
  }

  /** Stream and revision of a recorded event, sealed or not (the audit routes read it to check scope). */
  async eventLocation(eventId: string): Promise<{ streamId: string; revision: bigint } | undefined> {
    const { rows } = await this.pool.query('SELECT stream_id, revision::text AS revision FROM events WHERE id = $1', [eventId]);
    return rows.length ? { streamId: rows[0].stream_id, revision: BigInt(rows[0].revision) } : undefined;
  }

  /** Leaf index and position of an event, if sealed. */
  async leafOf(eventId: string): Promise<{ leafIndex: number; position: string } | undefined> {
    const { rows } = await this.pool.query(
      'SELECT l.idx::text AS idx, l.position::text AS position FROM events e JOIN ledger_leaves l ON l.position = e.position WHERE e.id = $1',
      [eventId],
    );
    return rows.length ? { leafIndex: Number(rows[0].idx), position: rows[0].position } : undefined;
  }

  /** Inclusion proof of a sealed event in the tree of `treeSize` leaves. Two queries. */
  async inclusionProof(eventId: string, treeSize: number): Promise<InclusionProof | undefined> {
    const leaf = await this.leafOf(eventId);
    if (!leaf || leaf.leafIndex >= treeSize) return undefined;
    return { eventId, position: leaf.position, ...(await this.inclusionProofByIndex(leaf.leafIndex, treeSize)) };
  }

  /** Inclusion proof of leaf `leafIndex` in the tree of `treeSize` leaves: one query for the stored nodes. */
  async inclusionProofByIndex(leafIndex: number, treeSize: number): Promise<{ leafIndex: number; treeSize: number; leafHash: string; proof: string[] }> {
    const ranges = inclusionPlan(leafIndex, treeSize);
    const nodes = await fetchNodes(this.pool, [...nodesFor(ranges), { level: 0, index: leafIndex }]);
    const get = getter(nodes);
    return {
      leafIndex,
      treeSize,
      leafHash: get({ level: 0, index: leafIndex }).toString('hex'),
      proof: ranges.map(([s, e]) => rangeHash(s, e, get).toString('hex')),
    };
  }

  /** Inclusion proofs of many sealed leaves against one tree size (bundles). */
  async inclusionProofs(leafIndexes: readonly number[], treeSize: number): Promise<Map<number, string[]>> {
    const plans = leafIndexes.map((i) => [i, inclusionPlan(i, treeSize)] as const);
    const nodes = await fetchNodes(this.pool, nodesFor(plans.flatMap(([, r]) => r)));
    const get = getter(nodes);
    return new Map(plans.map(([i, ranges]) => [i, ranges.map(([s, e]) => rangeHash(s, e, get).toString('hex'))]));
  }

  async consistencyProof(from: number, to: number): Promise<ConsistencyProof> {
    const ranges = consistencyPlan(from, to);
    const nodes = await fetchNodes(this.pool, nodesFor(ranges));
    const get = getter(nodes);
    return { from, to, proof: ranges.map(([s, e]) => rangeHash(s, e, get).toString('hex')) };
  }

  /** Root of the first `treeSize` sealed leaves, from stored nodes. */
  async rootAt(treeSize: number): Promise<string> {
    const nodes = await fetchNodes(this.pool, nodesFor([[0, treeSize]]));
    return rangeHash(0, treeSize, getter(nodes)).toString('hex');
  }

  // ---------------------------------------------------------------- verification

  /**
   * Recomputes every stream's chain and the global log from the events table and
   * compares them with the sealed leaves and the signed checkpoints. `incremental`
   * starts from the newest successful verification's state (tree size, frontier)
   * and checks only later events; `full` reads everything.
   */
  async verify(options: LedgerVerifyOptions = {}): Promise<LedgerVerifyReport> {
    const started = performance.now();
    const maxFindings = options.maxFindings ?? 50;
    const pageSize = options.pageSize ?? 10_000;
    const findings: LedgerFinding[] = [];
    const add = (f: LedgerFinding): void => {
      if (findings.length < maxFindings) findings.push(f);
    };
    const publicKey = this.publicKey;

    // 1. Checkpoints: every signature, then the newest valid one is the reference.
    const { rows: cpRows } = await this.pool.query<CheckpointRow>(`SELECT ${CP_COLUMNS} FROM ledger_checkpoints c ORDER BY c.tree_size`);
    const valid: SignedCheckpoint[] = [];
    for (const row of cpRows) {
      const cp = checkpointOfRow(row);
      if (!publicKey || !verifyCheckpointSignature(cp, publicKey)) {
        add({
          kind: 'checkpoint_signature',
          treeSize: cp.treeSize,
          detail: `checkpoint at tree size ${cp.treeSize} (stored ${row.signed_time}) does not carry a valid signature of key ${publicKey ? 'in use' : '(none configured)'}: altered or signed without the key`,
        });
      } else valid.push(cp);
    }
    const external = options.externalCheckpoint;
    if (external && (!publicKey || !verifyCheckpointSignature(external, publicKey))) {
      add({ kind: 'checkpoint_signature', treeSize: external.treeSize, detail: 'the external checkpoint does not carry a valid signature of the configured key' });
    }
    const byeSize = new Map<number, SignedCheckpoint>(valid.map((c) => [c.treeSize, c]));
    const newest = valid[valid.length - 1];

    // 2. Where to start.
    let mode: 'full' | 'incremental' = options.mode ?? 'full';
    let range = new CompactRange();
    let afterPosition = '-1';
    if (mode === 'incremental') {
      const { rows } = await this.pool.query(
        `SELECT tree_size::text AS tree_size, last_position::text AS last_position, frontier FROM ledger_verifications
          WHERE status = 'succeeded' AND tree_size IS NOT NULL ORDER BY finished_at DESC LIMIT 1`,
      );
      if (rows.length && byeSize.has(Number(rows[0].tree_size))) {
        const size = Number(rows[0].tree_size);
        const frontier: (Buffer | null)[] = rows[0].frontier ?? [];
        range = new CompactRange(size, frontier.map((h) => h ?? undefined));
        // The stored state must reproduce the signed root it was taken at.
        if (range.root().toString('hex') !== byeSize.get(size)!.rootHash) {
          range = new CompactRange();
          mode = 'full';
        } else afterPosition = rows[0].last_position;
      } else mode = 'full';
    }
    const fromTreeSize = range.size;

    const phases = { checkpointsMs: performance.now() - started, linksMs: 0, readMs: 0, hashMs: 0 };
    let mark: number;
    // 3. The events in position order, in one pass: each event's own hash, its link to
    //    its stream predecessor (revision - 1: prev_hash, recorded_at order, a missing
    //    revision), and the global log against the sealed leaves and the checkpoints.
    //    The predecessor is nearly always the last event of its stream seen earlier in
    //    the pass (`heads`); otherwise (a stream's first event in an incremental run, a
    //    stream whose positions are not in revision order, a tampered row) it is read
    //    from the table, in one query per page. Same findings as a self-join of the
    //    events on (stream, revision - 1), without reading the table twice.
    const countQuery = this.pool.query('SELECT count(*)::bigint::text AS n FROM events WHERE position > $1', [afterPosition]);
    countQuery.catch(() => undefined);
    const heads = new Map<string, StreamHead>();
    let total = 0;
    let checked = 0;
    let firstDivergence: LedgerFinding | undefined;
    let aligned = true;
    let verifiedState: { size: number; lastPosition: string; frontier: (Hash | undefined)[] } | undefined;
    let lastPos = afterPosition;
    let checkpointsChecked = 0;
    const compareRoot = (): void => {
      const cp = byeSize.get(range.size);
      const isExternal = external && external.treeSize === range.size;
      if (!cp && !isExternal) return;
      const root = range.root().toString('hex');
      if (cp) {
        checkpointsChecked++;
        if (root !== cp.rootHash) {
          add({ kind: 'checkpoint_root_mismatch', treeSize: cp.treeSize, position: lastPos, detail: `the log rebuilt from the events has root ${root} at tree size ${cp.treeSize}; the signed checkpoint says ${cp.rootHash}` });
        } else if (cp === newest) verifiedState = { size: range.size, lastPosition: lastPos, frontier: range.frontier() };
      }
      if (isExternal && root !== external.rootHash) {
        add({ kind: 'external_checkpoint_mismatch', treeSize: external.treeSize, detail: `the log rebuilt from the events has root ${root} at tree size ${external.treeSize}; the external checkpoint says ${external.rootHash}` });
      }
    };
    const diverge = (f: LedgerFinding): void => {
      if (!firstDivergence) firstDivergence = f;
      add(f);
      aligned = false;
    };
    // Reading page k + 1 overlaps with hashing page k (the hashing yields every slice
    // so that the driver keeps reading the socket meanwhile).
    const readEvents = (from: string) => {
      const q = this.pool.query<VerifyArrayRow>({
        text: `SELECT ${VERIFY_COLUMNS} FROM events e WHERE e.position > $1 ORDER BY e.position LIMIT $2`,
        values: [from, pageSize],
        rowMode: 'array',
      });
      q.catch(() => undefined);
      return q;
    };
    const readLeaves = (fromIdx: number) => {
      const q = this.pool.query<[string, Buffer]>({
        text: 'SELECT l.position::text, l.hash FROM ledger_leaves l WHERE l.idx >= $1 ORDER BY l.idx LIMIT $2',
        values: [fromIdx, pageSize],
        rowMode: 'array',
      });
      q.catch(() => undefined);
      return q;
    };
    let pendingEvents = readEvents(afterPosition);
    let pendingLeaves = readLeaves(range.size);
    for (;;) {
      mark = performance.now();
      const [{ rows }, leaves] = await Promise.all([pendingEvents, pendingLeaves]);
      const more = rows.length === pageSize;
      if (more) {
        pendingEvents = readEvents(rows[rows.length - 1]![R.position]);
        pendingLeaves = readLeaves(range.size + rows.length);
      }
      if (checked === 0) total = Number((await countQuery).rows[0].n);
      phases.readMs += performance.now() - mark;

      mark = performance.now();
      if (heads.size > MAX_STREAM_HEADS) heads.clear(); // bounded memory: the table answers instead
      const predecessors = await this.predecessorsNotSeen(rows, heads);
      phases.linksMs += performance.now() - mark;

      let li = 0;
      for (let start = 0; start < rows.length; start += HASH_SLICE) {
        if (start > 0) await new Promise<void>((resolve) => setImmediate(resolve));
        mark = performance.now();
        for (const row of rows.slice(start, start + HASH_SLICE)) {
          const position = row[R.position];
          const streamId = row[R.stream_id];
          const revisionText = row[R.revision];
          const revision = Number(revisionText);
          const prevHash = row[R.prev_hash];
          const recordedAt = row[R.recorded_at_us];
          const named = { position, eventId: row[R.id], streamId, revision: revisionText };
          // The link to the predecessor.
          if (revision === 0) {
            if (prevHash !== '') add({ ...named, kind: 'chain_link_broken', detail: `${streamId} revision ${revisionText}: prev_hash does not match the previous event's hash` });
          } else {
            const seen = heads.get(streamId);
            const pred = seen && seen.revision === revision - 1 ? seen : predecessors.get(`${revision - 1}\n${streamId}`);
            if (!pred) add({ ...named, kind: 'revision_gap', detail: `${streamId} revision ${revisionText}: revision ${revision - 1} is missing` });
            else if (pred.hash !== prevHash) add({ ...named, kind: 'chain_link_broken', detail: `${streamId} revision ${revisionText}: prev_hash does not match the previous event's hash` });
            else if (pred.recordedAt > recordedAt) add({ ...named, kind: 'recorded_at_backwards', detail: `${streamId} revision ${revisionText}: recorded_at is earlier than the previous event's` });
          }
          heads.set(streamId, { revision, hash: row[R.hash], recordedAt });
          // The event's own hash.
          const canonical = canonicalEventV2({
            position,
            streamId,
            revision: revisionText,
            recordedAtMicros: recordedAt,
            id: row[R.id],
            type: row[R.type],
            schemaVersion: row[R.schema_version],
            metadataText: row[R.metadata_text],
            dataText: row[R.data_text],
          });
          const recomputed =
            row[R.chain_version] >= 2
              ? sha256Hex(prevHash + canonical)
              : chainHash(prevHash, {
                  id: row[R.id],
                  streamId,
                  type: row[R.type],
                  schemaVersion: row[R.schema_version],
                  data: JSON.parse(row[R.data_text]),
                  metadata: JSON.parse(row[R.metadata_text]),
                  recordedAt: `${recordedAt.slice(0, 23)}Z`,
                });
          if (recomputed !== row[R.hash]) {
            add({ ...named, kind: 'event_hash_mismatch', detail: `${streamId} revision ${revisionText} at position ${position}: the stored hash does not match its content, position or recorded_at` });
          }
          // The global log.
          const leaf = leafHash(canonical);
          if (aligned && newest && range.size < newest.treeSize) {
            const sealed = leaves.rows[li++];
            const leafIndex = range.size;
            if (!sealed) {
              diverge({ ...named, leafIndex, kind: 'event_not_in_log', detail: `event at position ${position} is beyond the sealed leaves at index ${leafIndex}` });
            } else if (sealed[0] !== position && BigInt(sealed[0]) > BigInt(position)) {
              diverge({ ...named, leafIndex, kind: 'event_not_in_log', detail: `event ${named.eventId} (${streamId} revision ${revisionText}) at position ${position} was never sealed: inserted behind the API (leaf ${leafIndex} is position ${sealed[0]})` });
            } else if (sealed[0] !== position) {
              diverge({ leafIndex, position: sealed[0], kind: 'sealed_event_missing', detail: `the event sealed as leaf ${leafIndex} at position ${sealed[0]} is missing from the events table (deleted or moved); next event found is ${named.eventId} at position ${position}` });
            } else if (!sealed[1].equals(leaf)) {
              diverge({ ...named, leafIndex, kind: 'leaf_mismatch', detail: `event ${named.eventId} (${streamId} revision ${revisionText}) at position ${position} differs from what was sealed as leaf ${leafIndex}` });
            }
          }
          range.append(leaf);
          lastPos = position;
          compareRoot();
        }
        phases.hashMs += performance.now() - mark;
      }
      checked += rows.length;
      options.onProgress?.({ eventsChecked: checked, eventsTotal: total });
      if (!more) break;
    }
    if (newest && range.size < newest.treeSize) {
      const missing = await this.pool.query<[string, string]>({
        text: 'SELECT l.idx::text, l.position::text FROM ledger_leaves l WHERE l.idx >= $1 ORDER BY l.idx LIMIT 1',
        values: [range.size],
        rowMode: 'array',
      });
      const m = missing.rows[0];
      const f: LedgerFinding = {
        kind: 'log_shorter_than_checkpoint',
        treeSize: newest.treeSize,
        leafIndex: range.size,
        position: m?.[1],
        detail: `the events rebuild a log of ${range.size} leaves; the signed checkpoint covers ${newest.treeSize}${m ? `: the event sealed as leaf ${m[0]} at position ${m[1]} is gone` : ''}`,
      };
      if (!firstDivergence) firstDivergence = f;
      add(f);
    }
    if (external && external.treeSize > range.size) {
      add({ kind: 'external_checkpoint_mismatch', treeSize: external.treeSize, detail: `the external checkpoint covers ${external.treeSize} leaves; the events rebuild only ${range.size}` });
    }
    const firstRoot = findings.find((f) => f.kind === 'checkpoint_root_mismatch');
    if (!firstDivergence && firstRoot) firstDivergence = firstRoot;
    const seconds = (performance.now() - started) / 1000;
    const report: LedgerVerifyReport = {
      ok: findings.length === 0,
      mode,
      fromTreeSize,
      eventsChecked: checked,
      checkpointsChecked,
      checkpoint: newest ? { treeSize: newest.treeSize, rootHash: newest.rootHash } : undefined,
      firstDivergence,
      findings,
      seconds,
      phasesMs: Object.fromEntries(Object.entries(phases).map(([k, v]) => [k, Math.round(v)])),
      eventsPerSecond: seconds > 0 ? Math.round(checked / seconds) : checked,
    };
    // Where an incremental run may resume; not part of the printed report.
    Object.defineProperty(report, 'state', { value: report.ok ? verifiedState : undefined, enumerable: false });
    return report;
  }

  /**
   * The predecessors (stream, revision - 1) of the events of a page that the pass will
   * not have seen as their stream's last event, read in one query, keyed
   * `${revision}\n${stream}`. A missing key is a missing revision.
   */
  private async predecessorsNotSeen(rows: readonly VerifyArrayRow[], heads: ReadonlyMap<string, StreamHead>): Promise<Map<string, Omit<StreamHead, 'revision'>>> {
    const out = new Map<string, Omit<StreamHead, 'revision'>>();
    const inPage = new Map<string, number>();
    const streams: string[] = [];
    const revisions: number[] = [];
    for (const row of rows) {
      const streamId = row[R.stream_id];
      const revision = Number(row[R.revision]);
      if (revision > 0 && (inPage.get(streamId) ?? heads.get(streamId)?.revision) !== revision - 1) {
        streams.push(streamId);
        revisions.push(revision - 1);
      }
      inPage.set(streamId, revision);
    }
    if (streams.length === 0) return out;
    const { rows: found } = await this.pool.query<[string, string, string, string]>({
      text: `SELECT e.stream_id, e.revision::text, e.hash, to_char(e.recorded_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')
               FROM events e JOIN unnest($1::text[], $2::bigint[]) AS k(stream_id, revision) ON e.stream_id = k.stream_id AND e.revision = k.revision`,
      values: [streams, revisions],
      rowMode: 'array',
    });
    for (const [streamId, revision, hash, recordedAt] of found) out.set(`${revision}\n${streamId}`, { hash, recordedAt });
    return out;
  }

  /**
   * Runs a verification recorded in `ledger_verifications` (one at a time: a second
   * start while one runs fails with `VerificationRunning`). Returns the job id at
   * once; the job's progress and report are read with `verification(id)`.
   */
  async startVerification(
    mode: 'full' | 'incremental',
    requestedBy: string,
    externalCheckpoint?: SignedCheckpoint,
    onProgress?: (p: VerifyProgress) => void,
  ): Promise<{ id: string; done: Promise<LedgerVerifyReport> }> {
    const id = randomUUID();
    try {
      await this.pool.query(`INSERT INTO ledger_verifications (id, mode, status, requested_by) VALUES ($1, $2, 'running', $3)`, [id, mode, requestedBy]);
    } catch (error) {
      if ((error as { code?: string }).code === '23505') throw new VerificationRunning();
      throw error;
    }
    let lastWrite = 0;
    const done = (async () => {
      try {
        const report = await this.verify({
          mode,
          externalCheckpoint,
          onProgress: (p) => {
            onProgress?.(p);
            const now = Date.now();
            if (now - lastWrite < 500) return;
            lastWrite = now;
            this.pool.query('UPDATE ledger_verifications SET progress = $2 WHERE id = $1', [id, p]).catch(() => undefined);
          },
        });
        const state = (report as { state?: { size: number; lastPosition: string; frontier: (Hash | undefined)[] } }).state;
        await this.pool.query(
          `UPDATE ledger_verifications SET status = $2, result = $3, progress = $4, tree_size = $5, last_position = $6, frontier = $7, finished_at = now() WHERE id = $1`,
          [
            id,
            report.ok ? 'succeeded' : 'failed',
            JSON.stringify({ ...report }),
            { eventsChecked: report.eventsChecked, eventsTotal: report.eventsChecked },
            state?.size ?? null,
            state?.lastPosition ?? null,
            state ? state.frontier.map((h) => h ?? null) : null,
          ],
        );
        return report;
      } catch (error) {
        await this.pool
          .query(`UPDATE ledger_verifications SET status = 'error', result = $2, finished_at = now() WHERE id = $1`, [id, JSON.stringify({ error: (error as Error).message })])
          .catch(() => undefined);
        throw error;
      }
    })();
    done.catch(() => undefined);
    return { id, done };
  }

  async verification(id: string): Promise<Record<string, unknown> | undefined> {
    const { rows } = await this.pool.query(
      `SELECT id, mode, status, requested_by AS "requestedBy", progress, result, created_at AS "createdAt", finished_at AS "finishedAt"
         FROM ledger_verifications WHERE id = $1`,
      [id],
    );
    return rows[0];
  }
}

/** A verification is already running (one at a time). */
export class VerificationRunning extends Error {
  constructor() {
    super('a ledger verification is already running');
  }
}

const CP_COLUMNS = `tree_size::text AS tree_size, origin, root_hash, last_position::text AS last_position, signed_time, key_id, signature`;

interface Queryable {
  query<R extends pg.QueryResultRow = pg.QueryResultRow>(config: pg.QueryConfig): Promise<pg.QueryResult<R>>;
}

/** Fetches stored nodes (level 0 from ledger_leaves) in one query. */
async function fetchNodes(q: Queryable, keys: readonly NodeKey[]): Promise<Map<string, Hash>> {
  const out = new Map<string, Hash>();
  if (keys.length === 0) return out;
  const leafIdx = keys.filter((k) => k.level === 0).map((k) => String(k.index));
  const inner = keys.filter((k) => k.level > 0);
  const { rows } = await q.query<{ level: number; idx: string; hash: Buffer }>({
    // Named: parsed once per connection (a proof is this one statement).
    name: 'ledger-fetch-nodes',
    text: `SELECT 0 AS level, idx::text AS idx, hash FROM ledger_leaves WHERE idx = ANY ($1::bigint[])
           UNION ALL
           SELECT n.level, n.idx::text, n.hash FROM ledger_nodes n JOIN unnest($2::smallint[], $3::bigint[]) AS k(level, idx)
             ON n.level = k.level AND n.idx = k.idx`,
    values: [leafIdx, inner.map((k) => k.level), inner.map((k) => String(k.index))],
  });
  for (const r of rows) out.set(`${r.level}:${r.idx}`, r.hash);
  return out;
}

function getter(nodes: Map<string, Hash>): (k: NodeKey) => Hash {
  return (k) => {
    const h = nodes.get(nodeKey(k));
    if (!h) throw new Error(`ledger node ${nodeKey(k)} is not stored (tree not sealed that far)`);
    return h;
  };
}
