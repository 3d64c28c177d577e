import pg from 'pg';

/** Every row of a table as JSON text, in a total order (the rows' own JSON), for exact comparisons. */
export async function dumpTable(url: string, table: string): Promise<string[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query<{ row: string }>(`SELECT to_jsonb(t)::text AS row FROM ${table} t ORDER BY 1`);
    return rows.map((r) => r.row);
  } finally {
    await client.end();
  }
}

/** Dumps of several tables, keyed by table name. */
export async function dumpTables(url: string, tables: readonly string[]): Promise<Record<string, string[]>> {
  const out: Record<string, string[]> = {};
  for (const table of tables) out[table] = await dumpTable(url, table);
  return out;
}
