import type { EntityManager } from 'typeorm';

/**
 * Set-based projection I/O, the shape every projection follows (issue 17):
 *
 *   1. collect the keys the batch touches and `load` them: ONE select per table;
 *   2. fold every event in memory, in log order, with the PURE evolve of the read
 *      model (`get` the row, compute the next one, `set` it);
 *   3. `write`: ONE multi-row upsert per table; the runner moves the checkpoint in the
 *      same transaction.
 *
 * Rows are kept in the table's own shape (column names, JSON values): what `to_jsonb`
 * of a row gives, and what `jsonb_populate_recordset` takes back. The I/O is therefore
 * generic over the model: a projection only says how a row becomes its model value and
 * back. Nothing is cached across batches (the database is the state), so a rolled-back
 * batch, a quarantine replay or a rebuild in a shadow schema (`search_path`, see
 * `ShadowRebuild`) all see the same rows.
 *
 * A projection adopting it:
 *
 *   const rows = new TableBatch('my_model_v1', ['id']);
 *   await rows.load(m, ids.map((id) => ({ id })));
 *   for (const e of events) rows.set(encode(evolve(decode(rows.get({ id: idOf(e) })), e)));
 *   await rows.write(m);
 */
export type Row = Record<string, unknown>;

export interface WriteOptions {
  /** `update` (default): insert or replace the listed columns; `nothing`: insert new rows only. */
  readonly onConflict?: 'update' | 'nothing';
  /** Columns replaced on conflict; every non-key column written by default. */
  readonly updateColumns?: readonly string[];
}

const IDENT = /^[a-z_][a-z0-9_]*$/;

function ident(name: string): string {
  if (!IDENT.test(name)) throw new Error(`Not a plain SQL identifier: ${name}`);
  return name;
}

export class TableBatch<R extends Row = Row> {
  private readonly rows = new Map<string, R>();
  private readonly dirty = new Set<string>();

  constructor(
    readonly table: string,
    readonly key: readonly string[],
  ) {
    ident(table);
    key.forEach(ident);
  }

  keyOf(row: Row): string {
    return this.key.map((k) => String(row[k])).join('\u0000');
  }

  /** Reads the rows with these keys (one query); rows already in memory are not read again. */
  async load(m: EntityManager, keys: readonly Row[]): Promise<void> {
    const wanted = new Map<string, Row>();
    for (const k of keys) {
      if (this.key.some((c) => k[c] === undefined || k[c] === null)) continue;
      const id = this.keyOf(k);
      if (!this.rows.has(id) && !wanted.has(id)) wanted.set(id, Object.fromEntries(this.key.map((c) => [c, k[c]])));
    }
    if (wanted.size === 0) return;
    const found = (await m.query(this.loadSql(), [JSON.stringify([...wanted.values()])])) as Array<{ r: R }>;
    for (const { r } of found) this.rows.set(this.keyOf(r), r);
  }

  /**
   * The read of `load`: one probe of the key's unique index per wanted key (the LIMIT
   * keeps the subquery a per-key nested loop whatever the planner estimates). A plain
   * join of the keys hash-joined against a full scan of the table when it had no
   * statistics or few rows (a rebuild; issue 17). The key is the table's conflict key,
   * so unique: LIMIT 1 drops nothing.
   */
  loadSql(): string {
    const cols = this.key.join(', ');
    const match = this.key.map((c) => `t.${c} = k.${c}`).join(' AND ');
    return `SELECT to_jsonb(t) AS r
      FROM (SELECT DISTINCT ${cols} FROM jsonb_populate_recordset(NULL::${this.table}, $1::jsonb)) k
     CROSS JOIN LATERAL (SELECT * FROM ${this.table} t WHERE ${match} LIMIT 1) t`;
  }

  /** Rows read by a query of the projection's own (e.g. a recursive one), kept as if loaded. */
  remember(rows: readonly R[]): void {
    for (const r of rows) if (!this.rows.has(this.keyOf(r))) this.rows.set(this.keyOf(r), r);
  }

  get(key: Row): R | undefined {
    return this.rows.get(this.keyOf(key));
  }

  /** Replaces a row in memory and marks it for the write. */
  set(row: R): void {
    const id = this.keyOf(row);
    this.rows.set(id, row);
    this.dirty.add(id);
  }

  get changed(): R[] {
    return [...this.dirty].map((id) => this.rows.get(id)!);
  }

  /** One multi-row statement for every row set since the load; returns how many were written. */
  async write(m: EntityManager, options: WriteOptions = {}): Promise<number> {
    const rows = this.changed;
    this.dirty.clear();
    return writeRows(m, this.table, this.key, rows, options);
  }
}

/**
 * One multi-row upsert of `rows` (the union of their columns; columns no row names keep
 * their defaults) into `table`, keyed by `key`.
 */
export async function writeRows(m: EntityManager, table: string, key: readonly string[], rows: readonly Row[], options: WriteOptions = {}): Promise<number> {
  if (rows.length === 0) return 0;
  ident(table);
  const columns = new Set<string>();
  for (const r of rows) for (const c of Object.keys(r)) columns.add(ident(c));
  const list = [...columns].join(', ');
  const updates = (options.updateColumns ?? [...columns].filter((c) => !key.includes(c))).map((c) => `${ident(c)} = EXCLUDED.${c}`);
  const conflict = options.onConflict === 'nothing' || updates.length === 0 ? 'DO NOTHING' : `DO UPDATE SET ${updates.join(', ')}`;
  await m.query(
    `INSERT INTO ${table} (${list}) SELECT ${list} FROM jsonb_populate_recordset(NULL::${table}, $1::jsonb)
     ON CONFLICT (${key.map(ident).join(', ')}) ${conflict}`,
    [JSON.stringify(rows)],
  );
  return rows.length;
}

/** A timestamp column as the model's ISO string (`to_jsonb` gives the session's offset form). */
export function iso(value: unknown): string {
  return new Date(value as string).toISOString();
}

export function isoOrNull(value: unknown): string | null {
  return value === null || value === undefined ? null : iso(value);
}

/** A plain JSON copy (what a jsonb column gives back): the in-memory row never differs from a re-read one. */
export function json<T>(value: T): T {
  return value === undefined ? (null as T) : (JSON.parse(JSON.stringify(value)) as T);
}
