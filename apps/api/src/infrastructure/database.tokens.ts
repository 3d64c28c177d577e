/** The shared pg pool (event store and raw queries of the read side). */
export const PG_POOL = Symbol.for('accountability-ledger.PgPool');
/** The resolved connection string (DATABASE_URL or the embedded server's). */
export const DATABASE_URL = Symbol.for('accountability-ledger.DatabaseUrl');
