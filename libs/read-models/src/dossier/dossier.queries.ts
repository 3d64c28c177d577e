import { randomBytes } from 'node:crypto';
import { Params, unitScopeSql, type Sql, type UnitScope } from '../shared/sql.js';
import type { DossierView } from './dossier.model.js';

/** Who reads dossiers: involved officers, staff of a unit the dossier went through, scoped readers (hr, unit heads, inspectors), the council. */
export interface DossierReader {
  readonly sub: string;
  readonly unitId: string | null;
  readonly council: boolean;
  readonly scope: UnitScope;
}

export interface DossierRow {
  readonly id: string;
  readonly view: DossierView;
  readonly version: number;
}

/** Reads of dossiers_v1, beside DossierProjection. */
export class DossierQueries {
  constructor(private readonly db: Sql) {}

  async findById(id: string): Promise<DossierRow | undefined> {
    return (await this.db.query<DossierRow>('SELECT id, view, version FROM dossiers_v1 WHERE id = $1', [id])).rows[0];
  }

  /** The public lookup: one dossier by the code on its receipt. */
  async findByReceiptCode(code: string): Promise<DossierView | undefined> {
    return (await this.db.query<{ view: DossierView }>('SELECT view FROM dossiers_v1 WHERE receipt_code = $1 ORDER BY received_at LIMIT 1', [code])).rows[0]?.view;
  }

  private visible(reader: DossierReader, p: Params): string {
    if (reader.council) return 'true';
    const me = p.add(reader.sub);
    const parts = [`${me} = ANY (d.involved)`];
    if (reader.unitId) parts.push(`${p.add(reader.unitId)} = ANY (d.units)`);
    if (reader.scope.all || reader.scope.units.length > 0) parts.push(`EXISTS (SELECT 1 FROM unnest(d.units) AS u(unit_id) WHERE ${unitScopeSql('u.unit_id', reader.scope, p)})`);
    return `(${parts.join(' OR ')})`;
  }

  /** The one-stop centres that received the dossiers carrying an applicant reference (none: unknown reference). */
  async centresOfApplicant(applicantRef: string): Promise<string[]> {
    const { rows } = await this.db.query<{ unit: string }>(
      'SELECT DISTINCT centre_unit_id AS unit FROM dossiers_v1 WHERE applicant_ref = $1 AND centre_unit_id IS NOT NULL ORDER BY 1',
      [applicantRef],
    );
    return rows.map((r) => r.unit);
  }

  /** Open dossiers the reader sees (the board), optionally of one centre. */
  async open(reader: DossierReader, centreUnitId?: string): Promise<DossierView[]> {
    const p = new Params();
    const where = [`d.status IN ('in_progress', 'awaiting_supplement', 'result_ready')`, this.visible(reader, p)];
    if (centreUnitId) where.push(`d.centre_unit_id = ${p.add(centreUnitId)}`);
    const { rows } = await this.db.query<{ view: DossierView }>(`SELECT d.view FROM dossiers_v1 d WHERE ${where.join(' AND ')} ORDER BY d.stage_due_at NULLS LAST LIMIT 5000`, p.values);
    return rows.map((r) => r.view);
  }

  /** Open dossiers the unit holds now or is named for in a stage (candidates for a merger carry-over; the decider decides). */
  async openInvolving(unitId: string): Promise<string[]> {
    const { rows } = await this.db.query<{ id: string }>(
      `SELECT d.id FROM dossiers_v1 d WHERE d.status IN ('in_progress', 'awaiting_supplement', 'result_ready')
         AND (d.current_unit_id = $1 OR d.centre_unit_id = $1 OR EXISTS (SELECT 1 FROM jsonb_array_elements(d.view->'stages') st WHERE st->'unitIds' ? $1))
       ORDER BY d.id`,
      [unitId],
    );
    return rows.map((r) => r.id);
  }

  /** Dossiers the reader sees that were active in a month (received before its end, not closed before its start). */
  async activeIn(reader: DossierReader, from: string, to: string): Promise<DossierView[]> {
    const p = new Params(from, to);
    const where = ['d.received_at < $2::timestamptz', '(d.closed_at IS NULL OR d.closed_at >= $1::timestamptz OR d.ready_at >= $1::timestamptz)', this.visible(reader, p)];
    const { rows } = await this.db.query<{ view: DossierView }>(`SELECT d.view FROM dossiers_v1 d WHERE ${where.join(' AND ')} ORDER BY d.received_at LIMIT 100000`, p.values);
    return rows.map((r) => r.view);
  }
}

/**
 * The applicant's personal data, held apart from the events so it can be erased:
 * the contact given at reception and the free text of feedback (whose SHA-256 is in the
 * event). Not a projection: a rebuild does not touch it, and erasing it changes no
 * event, so the hash chain stays intact; what remains is an opaque reference and a
 * digest that identify nobody.
 */
export class ApplicantDataQueries {
  constructor(private readonly db: Sql) {}

  /**
   * The applicant's digest key (32 random bytes, hex), made on first use and held with
   * their data: the events keep HMAC-SHA-256 digests of free text under it, so once it is
   * erased a digest can no longer be tested against a guess ("Tốt", a phone number).
   * `created` says whether this call made it (so a refused command can take it back).
   */
  async digestKey(applicantRef: string): Promise<{ key: string; created: boolean }> {
    const made = await this.db.query<{ key: string }>(
      `INSERT INTO dossier_applicant_data (applicant_ref, kind, key, payload) VALUES ($1, 'digest_key', '', jsonb_build_object('key', $2::text))
       ON CONFLICT (applicant_ref, kind, key) DO NOTHING RETURNING payload->>'key' AS key`,
      [applicantRef, randomBytes(32).toString('hex')],
    );
    if (made.rows[0]) return { key: made.rows[0].key, created: true };
    const { rows } = await this.db.query<{ key: string }>("SELECT payload->>'key' AS key FROM dossier_applicant_data WHERE applicant_ref = $1 AND kind = 'digest_key' AND key = ''", [applicantRef]);
    return { key: rows[0]!.key, created: false };
  }

  async save(applicantRef: string, kind: 'contact' | 'feedback_text' | 'complaint_answer', key: string, payload: Record<string, unknown>): Promise<void> {
    await this.db.query(
      `INSERT INTO dossier_applicant_data (applicant_ref, kind, key, payload) VALUES ($1, $2, $3, $4)
       ON CONFLICT (applicant_ref, kind, key) DO UPDATE SET payload = EXCLUDED.payload`,
      [applicantRef, kind, key, JSON.stringify(payload)],
    );
  }

  async of(applicantRef: string): Promise<Array<{ kind: string; key: string; payload: Record<string, unknown> }>> {
    const { rows } = await this.db.query<{ kind: string; key: string; payload: Record<string, unknown> }>(
      'SELECT kind, key, payload FROM dossier_applicant_data WHERE applicant_ref = $1 ORDER BY kind, key',
      [applicantRef],
    );
    return rows;
  }

  /** Erases everything held about the applicant; answers how many entries went. */
  async erase(applicantRef: string): Promise<number> {
    return (await this.db.query('DELETE FROM dossier_applicant_data WHERE applicant_ref = $1', [applicantRef])).rowCount ?? 0;
  }

  async remove(applicantRef: string, kind: string, key: string): Promise<void> {
    await this.db.query('DELETE FROM dossier_applicant_data WHERE applicant_ref = $1 AND kind = $2 AND key = $3', [applicantRef, kind, key]);
  }
}
