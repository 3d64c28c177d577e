/**
 * Keyset cursors of every list query: one codec, so a cursor is validated the same
 * way everywhere before any of its parts reaches SQL.
 *
 * A cursor is the base64url JSON array of the last row's sort key. Each list
 * declares the shape of its key (`text` or `int8`); anything else (not base64url,
 * not JSON, wrong length, a part of the wrong type, an integer outside PostgreSQL's
 * bigint) is refused with 400 `invalid_cursor` instead of reaching the database,
 * where `["abc"]` on a bigint column or a 30-digit number used to answer 500.
 */

/** A caller's input that a read query refuses (mapped to 400 problem+json by the API). */
export class InvalidQueryInput extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly errors: ReadonlyArray<{ readonly field: string; readonly message: string }> = [],
  ) {
    super(message);
    this.name = 'InvalidQueryInput';
  }
}

/** `text`: a string key (ids, paths); `int8`: a PostgreSQL bigint sent as a decimal string. */
export type CursorPart = 'text' | 'int8';
type PartValue<P extends CursorPart> = P extends 'text' ? string : string;
export type CursorKey<S extends readonly CursorPart[]> = { readonly [I in keyof S]: PartValue<S[I]> };

const INT8_MAX = 9223372036854775807n;
const MAX_TEXT = 500;
const BASE64URL = /^[A-Za-z0-9_-]*$/;

/** The codec of one list's cursor. */
export interface CursorCodec<S extends readonly CursorPart[]> {
  encode(key: CursorKey<S>): string;
  /** undefined when no cursor was given; throws InvalidQueryInput when it is not one this API returned. */
  decode(cursor: string | undefined): CursorKey<S> | undefined;
}

function invalid(why: string): InvalidQueryInput {
  return new InvalidQueryInput('invalid_cursor', `cursor is not one this API returned (${why})`, [{ field: 'cursor', message: 'is not a cursor this API returned' }]);
}

function part(kind: CursorPart, value: unknown): string {
  if (kind === 'text') {
    if (typeof value !== 'string' || value.length > MAX_TEXT) throw invalid('expected a text key');
    return value;
  }
  // int8: a decimal string (or a safe integer from older cursors) within PostgreSQL's bigint.
  const text = typeof value === 'number' && Number.isSafeInteger(value) ? String(value) : value;
  if (typeof text !== 'string' || !/^(0|[1-9][0-9]{0,18})$/.test(text) || BigInt(text) > INT8_MAX) throw invalid('expected a non-negative 64-bit integer key');
  return text;
}

/** A codec for keys of the given shape, e.g. `cursorCodec(['int8'])` for lists ordered by a sequence. */
export function cursorCodec<const S extends readonly CursorPart[]>(shape: S): CursorCodec<S> {
  return {
    encode: (key) => Buffer.from(JSON.stringify(key)).toString('base64url'),
    decode: (cursor) => {
      if (cursor === undefined) return undefined;
      if (cursor.length === 0 || cursor.length > 2048 || !BASE64URL.test(cursor)) throw invalid('not base64url');
      let parsed: unknown;
      try {
        parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
      } catch {
        throw invalid('not JSON');
      }
      if (!Array.isArray(parsed) || parsed.length !== shape.length) throw invalid(`expected ${shape.length} key part(s)`);
      return shape.map((kind, i) => part(kind, parsed[i])) as unknown as CursorKey<S>;
    },
  };
}

/** One page of a keyset list. */
export interface Page<T> {
  readonly items: T[];
  readonly nextCursor: string | null;
}

/**
 * Builds a page from `limit + 1` rows: the extra row only says that there is a next
 * page, whose cursor is the key of the last row returned.
 */
export function pageOf<R, T, S extends readonly CursorPart[]>(rows: readonly R[], limit: number, codec: CursorCodec<S>, key: (row: R) => CursorKey<S>, view: (row: R) => T): Page<T> {
  const page = rows.slice(0, limit);
  return { items: page.map(view), nextCursor: rows.length > limit ? codec.encode(key(page.at(-1)!)) : null };
}
