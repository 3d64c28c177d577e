import fc from 'fast-check';
import type { FuzzRequest } from './http-client.js';
import type { Operation, Parameter, Schema } from './openapi-model.js';

/** Ids that exist in the seeded database, per kind and per first path segment. */
export interface SeedIds {
  readonly units: readonly string[];
  readonly staff: readonly string[];
  readonly assignments: readonly string[];
  /** Path-parameter pools keyed by resource (first segment after /api/v1/). */
  readonly byResource: Readonly<Record<string, readonly string[]>>;
}

export interface AuthChoice {
  readonly label: string;
  /** The Authorization header to send; undefined sends none. */
  readonly header: string | undefined;
}

export interface FuzzContext {
  readonly seed: SeedIds;
  /** Tokens of real callers: admin '*', hr '*', a staff member, a unit head. */
  readonly validAuth: readonly AuthChoice[];
  /** Missing, malformed, expired, wrongly signed, unknown role, wrong role... */
  readonly invalidAuth: readonly AuthChoice[];
}

type Body =
  | { readonly kind: 'none' }
  | { readonly kind: 'json'; readonly value: unknown }
  | { readonly kind: 'raw'; readonly data: string | Uint8Array; readonly contentType: string | null };

interface Parts {
  readonly auth: AuthChoice;
  readonly pathValues: Readonly<Record<string, string>>; // already encoded
  readonly query: ReadonlyArray<readonly [string, string]>; // already encoded
  readonly body: Body;
  readonly headers: Readonly<Record<string, string>>;
  readonly mutations: readonly string[];
}

interface Mutation {
  readonly label: string;
  apply(parts: Parts): Parts;
}

// ---------------------------------------------------------------- value pools

const KB = 1024;
/** Unicode that has broken parsers, databases and log lines before. */
export const NASTY_STRINGS: readonly string[] = [
  '\u202Eكتاب\u202C', // RTL override + Arabic
  'שלום עולם', // Hebrew
  '👩‍👩‍👧‍👦🏳️‍🌈🔥', // ZWJ emoji sequences
  'a\u0000b', // NUL
  '\u0000',
  '\uD800', // lone high surrogate
  'x\uDFFFy', // lone low surrogate
  'Ñ\u0303\u0301\u0300\u0323', // stacked combining marks
  '\u200B\u200C\u200D\uFEFF', // zero-width
  '', // empty
  '   ', // blanks
  '\r\n\t\u000b\u000c',
  "'; DROP TABLE events; --",
  '${jndi:ldap://x}',
  '<script>alert(1)</script>',
  '../../etc/passwd',
  '\uFFFF\uFFFE',
  '𝕳𝖊𝖑𝖑𝖔 𝟘𝟙', // astral mathematical letters
  'Nguyễn Văn Ánh Đặng',
];
const BAD_DATES: readonly string[] = [
  '2025-02-30',
  '2025-13-01',
  '2025-00-10',
  '2025-1-1',
  'yesterday',
  '',
  '0000-00-00',
  '2025-02-30T25:61:61Z',
  '2025-03-01T08:00:00', // no zone
  '+275760-09-13T00:00:00.001Z', // one ms past the JS Date range
  '-271821-04-20T00:00:00.000Z',
  '9999-12-31T23:59:59.999999999Z',
  '1e10',
  '2025-03-01T08:00:00+99:00',
  '２０２５-０３-０１', // full-width digits
  '2025-03-01\u0000',
];
const BAD_NUMBERS_TEXT: readonly string[] = ['-1', '0', 'abc', '1e999', '1.5', '99999999999999999999', '', 'NaN', '0x10', '-0', ' 5', 'Infinity'];
const BAD_CURSORS: readonly string[] = [
  'garbage',
  '!!!',
  Buffer.from('{"x":1}').toString('base64url'),
  Buffer.from('{"position":"-1","id":"\\u0000"}').toString('base64url'),
  Buffer.from('not json at all').toString('base64'),
  'A'.repeat(5000),
  '%00',
  '%ED%A0%80',
  encodeURIComponent('👩‍👩‍👧'),
  '==',
];
const BAD_PATH_IDS: readonly string[] = [
  '..',
  '%2e%2e',
  '.',
  '%2E',
  '%00',
  'a%00b',
  '%ED%A0%80', // a lone surrogate, CESU-8 encoded: not UTF-8
  '%FF%FE',
  '%',
  '%zz',
  '%E0%A4%A',
  '%2F',
  '..%2F..%2Fetc',
  encodeURIComponent('\u202Eكتاب'),
  encodeURIComponent('🔥🔥'),
  encodeURIComponent("1' OR '1'='1"),
  encodeURIComponent(' '),
  '__proto__',
  'constructor',
  'null',
  '-1',
  'x'.repeat(2000),
  'x'.repeat(10_000),
];
const BAD_IF_MATCH: readonly string[] = ['abc', '"-1"', '*', '"1.5"', 'W/"1"', '"99999999999999999999999"', '"0"', '""', '"1", "2"', '9'.repeat(400), 'é'];
const WRONG_TYPES: Readonly<Record<string, readonly unknown[]>> = {
  string: [123, true, {}, [], null, 1.5, ['a'], { $gt: '' }],
  number: ['12', '', 'NaN', true, {}, [], null, -1, 1e21, 1.5, 2 ** 53 + 2],
  integer: ['12', 1.5, true, {}, [], null, -1, 2 ** 53 + 2],
  boolean: ['true', 1, 0, null, 'yes', {}],
  array: ['x', {}, 1, [null], [{}], [[]], [1, 'a', true], null],
  object: ['x', [], 1, null, [{}], true],
};

const IDENT_CHARS = 'abcdefghijklmnopqrstuvwxyz0123456789';
const freshId = fc
  .array(fc.constantFrom(...IDENT_CHARS.split('')), { minLength: 4, maxLength: 10 })
  .map((cs) => `fz-${cs.join('')}`);
const WORDS = ['Rà soát', 'hồ sơ', 'công văn', 'báo cáo', 'Sở Nội vụ', 'phòng', 'kế hoạch', 'thẩm định', 'quyết định', 'năm 2026'];
const text = fc.array(fc.constantFrom(...WORDS), { minLength: 1, maxLength: 5 }).map((ws) => ws.join(' '));

const BASE = Date.UTC(2026, 0, 1);
const DAY = 86_400_000;
const instant = fc.integer({ min: -400, max: 400 }).map((d) => new Date(Date.now() + d * DAY).toISOString().replace(/\.\d{3}Z$/, 'Z'));
const calendarDate = fc.integer({ min: -2000, max: 400 }).map((d) => new Date(BASE + d * DAY).toISOString().slice(0, 10));

const UNIT_FIELD = /unit/i;
const STAFF_FIELDS = new Set([
  'staffId', 'to', 'from', 'receiverId', 'consultedPersonId', 'decidedBy', 'chair', 'secretary', 'members', 'personId',
  'subjectId', 'present', 'assignee', 'assignedBy', 'responsible', 'holder', 'actor', 'requester', 'recipientId',
]);
const ASSIGNMENT_FIELD = /assignmentid/i;

function isDateName(name: string, schema: Schema): 'date' | 'instant' | undefined {
  const example = typeof schema.example === 'string' ? schema.example : '';
  if (/^\d{4}-\d{2}-\d{2}$/.test(example)) return 'date';
  if (/^\d{4}-\d{2}-\d{2}T/.test(example)) return 'instant';
  if (/(At|Instant)$/.test(name) || name === 'at') return 'instant';
  if (/(On|Date)$/.test(name) || /^period(From|To)$/.test(name) || name === 'effectiveFrom') return 'date';
  return undefined;
}

function idsFor(name: string, ctx: FuzzContext): readonly string[] | undefined {
  if (ASSIGNMENT_FIELD.test(name)) return ctx.seed.assignments;
  if (UNIT_FIELD.test(name)) return ctx.seed.units;
  if (STAFF_FIELDS.has(name)) return ctx.seed.staff;
  return undefined;
}

function typeOf(schema: Schema): string {
  if (schema.type) return schema.type;
  if (schema.properties) return 'object';
  if (schema.items) return 'array';
  if (schema.enum && schema.enum.length > 0) return typeof schema.enum[0];
  return 'string';
}

/** A value the schema accepts (what the validator should let through). */
export function validValue(schema: Schema, name: string, ctx: FuzzContext, depth = 0): fc.Arbitrary<unknown> {
  const base = validValueInner(schema, name, ctx, depth);
  return schema.nullable ? fc.oneof({ weight: 5, arbitrary: base }, { weight: 1, arbitrary: fc.constant(null) }) : base;
}

function validValueInner(schema: Schema, name: string, ctx: FuzzContext, depth: number): fc.Arbitrary<unknown> {
  if (schema.enum && schema.enum.length > 0) return fc.constantFrom(...schema.enum);
  switch (typeOf(schema)) {
    case 'object': {
      const props = schema.properties ?? {};
      if (depth > 4 || Object.keys(props).length === 0) return fc.constant({});
      const model: Record<string, fc.Arbitrary<unknown>> = {};
      for (const [key, sub] of Object.entries(props)) model[key] = validValue(sub, key, ctx, depth + 1);
      return fc.record(model, { requiredKeys: (schema.required ?? []).filter((k) => k in props) });
    }
    case 'array': {
      const item = schema.items ?? { type: 'string' };
      return fc.array(validValue(item, name, ctx, depth + 1), {
        minLength: schema.minItems ?? (name === 'members' || name === 'present' || name === 'allegations' ? 1 : 0),
        maxLength: Math.min(schema.maxItems ?? 3, 3),
      });
    }
    case 'number':
    case 'integer': {
      const min = schema.minimum ?? (name === 'year' ? 2024 : 0);
      const max = schema.maximum ?? (name === 'year' ? 2027 : name === 'month' ? 12 : name === 'limit' ? 100 : 1000);
      return fc.integer({ min: Math.ceil(min), max: Math.floor(Math.max(min, max)) });
    }
    case 'boolean':
      return fc.boolean();
    default: {
      const when = isDateName(name, schema);
      if (when === 'date') return calendarDate;
      if (when === 'instant') return instant;
      const ids = idsFor(name, ctx);
      if (ids && ids.length > 0) return fc.oneof({ weight: 4, arbitrary: fc.constantFrom(...ids) }, { weight: 1, arbitrary: freshId });
      if (/id$/i.test(name)) return freshId;
      const example = typeof schema.example === 'string' ? [fc.constant(schema.example)] : [];
      return fc.oneof(...example, text);
    }
  }
}

// ---------------------------------------------------------------- helpers

function encodeParam(value: string): string {
  return encodeURIComponent(value);
}

function asObject(value: unknown): Record<string, unknown> | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
}

function pick<T>(items: readonly T[], index: number): T {
  return items[index % items.length]!;
}

function withJsonField(parts: Parts, key: string, value: unknown): Parts {
  const obj = parts.body.kind === 'json' ? (asObject(parts.body.value) ?? {}) : {};
  return { ...parts, body: { kind: 'json', value: { ...obj, [key]: value } } };
}

/** Deep nesting as JSON text (JSON.stringify itself would overflow the stack). */
function nestedText(depth: number, asArray: boolean): string {
  return asArray ? `${'['.repeat(depth)}${']'.repeat(depth)}` : `${'{"a":'.repeat(depth)}{}${'}'.repeat(depth)}`;
}

/** The body as JSON text with one field set to the given JSON text. */
function withRawField(parts: Parts, key: string, json: string): Parts {
  const obj = parts.body.kind === 'json' ? { ...(asObject(parts.body.value) ?? {}) } : {};
  delete obj[key];
  const inner = JSON.stringify(obj).slice(1, -1);
  return { ...parts, body: { kind: 'raw', data: `{${inner}${inner ? ',' : ''}${JSON.stringify(key)}:${json}}`, contentType: 'application/json' } };
}

function label(parts: Parts, text: string): Parts {
  return { ...parts, mutations: [...parts.mutations, text] };
}

// ---------------------------------------------------------------- mutations

function bodyMutations(op: Operation): fc.Arbitrary<Mutation>[] {
  const schema = op.body;
  if (!schema) return [];
  const props = Object.entries(schema.properties ?? {});
  const keys = props.map(([k]) => k);
  const stringKeys = props.filter(([, s]) => typeOf(s) === 'string' && !s.enum).map(([k]) => k);
  const dateKeys = props.filter(([k, s]) => isDateName(k, s)).map(([k]) => k);
  const required = (schema.required ?? []).filter((k) => keys.includes(k));
  const objectKeys = props.filter(([, s]) => typeOf(s) === 'object').map(([k]) => k);
  const idx = fc.nat(10_000);
  const out: fc.Arbitrary<Mutation>[] = [];
  if (keys.length > 0) {
    out.push(
      fc.tuple(idx, idx).map(([i, j]): Mutation => {
        const key = pick(keys, i);
        const t = typeOf(schema.properties![key]!);
        const wrong = pick(WRONG_TYPES[t] ?? WRONG_TYPES.string!, j);
        return { label: `body.${key}: wrong type ${JSON.stringify(wrong)?.slice(0, 30)}`, apply: (p) => withJsonField(p, key, wrong) };
      }),
      fc.tuple(idx, fc.constantFrom(10 * KB, 64 * KB)).map(([i, size]): Mutation => {
        const key = pick(keys, i);
        return { label: `body.${key}: ${size / KB} KB string`, apply: (p) => withJsonField(p, key, 'ư'.repeat(size / 2)) };
      }),
      fc.tuple(idx, fc.constantFrom(50, 1000, 20_000), fc.boolean()).map(([i, depth, asArray]): Mutation => {
        const key = pick(keys, i);
        return {
          label: `body.${key}: ${asArray ? 'arrays' : 'objects'} nested ${depth} deep`,
          apply: (p) => withRawField(p, key, nestedText(depth, asArray)),
        };
      }),
    );
  }
  if (required.length > 0) {
    out.push(
      idx.map((i): Mutation => {
        const key = pick(required, i);
        return {
          label: `body.${key}: required field missing`,
          apply: (p) => {
            const obj = p.body.kind === 'json' ? { ...(asObject(p.body.value) ?? {}) } : {};
            delete obj[key];
            return { ...p, body: { kind: 'json', value: obj } };
          },
        };
      }),
      fc.constant<Mutation>({ label: 'body: empty object', apply: (p) => ({ ...p, body: { kind: 'json', value: {} } }) }),
    );
  }
  if (stringKeys.length > 0) {
    out.push(
      fc.tuple(idx, fc.constantFrom(...NASTY_STRINGS)).map(([i, s]): Mutation => {
        const key = pick(stringKeys, i);
        return { label: `body.${key}: unicode ${JSON.stringify(s).slice(0, 24)}`, apply: (p) => withJsonField(p, key, s) };
      }),
      fc.constantFrom(...NASTY_STRINGS).map(
        (s): Mutation => ({
          label: `body.*: every string field = ${JSON.stringify(s).slice(0, 24)}`,
          apply: (p) => {
            let next = p;
            for (const key of stringKeys) next = withJsonField(next, key, s);
            return next;
          },
        }),
      ),
    );
  }
  if (dateKeys.length > 0) {
    out.push(
      fc.tuple(idx, fc.constantFrom(...BAD_DATES)).map(([i, d]): Mutation => {
        const key = pick(dateKeys, i);
        return { label: `body.${key}: bad date ${JSON.stringify(d)}`, apply: (p) => withJsonField(p, key, d) };
      }),
    );
  }
  if (objectKeys.length > 0) {
    out.push(
      idx.map((i): Mutation => {
        const key = pick(objectKeys, i);
        return { label: `body.${key}: array where an object belongs`, apply: (p) => withJsonField(p, key, [{}, { a: 1 }]) };
      }),
    );
  }
  out.push(
    fc.tuple(fc.constantFrom('extra', 'isAdmin', 'version', '$where', 'constructor', '__proto__', 'hash', 'recordedAt'), fc.jsonValue({ maxDepth: 2 })).map(
      ([key, value]): Mutation => ({
        label: `body: unknown field ${key}`,
        // Built as text so that "__proto__" is a real key on the wire.
        apply: (p) => withRawField(p, key, JSON.stringify(key === '__proto__' ? { polluted: true } : value) ?? 'null'),
      }),
    ),
    fc.constant<Mutation>({
      label: 'body: 300 KB (over the body limit)',
      apply: (p) => withJsonField(p, keys[0] ?? 'filler', 'x'.repeat(300 * KB)),
    }),
    fc.constantFrom<unknown>('a string', 42, null, true, [], [{}]).map(
      (value): Mutation => ({
        label: `body: ${JSON.stringify(value)} instead of an object`,
        apply: (p) => ({ ...p, body: { kind: 'json', value: Array.isArray(value) && value.length && p.body.kind === 'json' ? [p.body.value] : value } }),
      }),
    ),
    fc
      .constantFrom<string | Uint8Array>(
        '{',
        '{"a":}',
        '{"a":1,}',
        "{'a':1}",
        '{"a":1}{"b":2}',
        'nul',
        '\uFEFF{}',
        '{"x":1e400}',
        '{"a":"\\ud800"}',
        '{"a":"\\u0000"}',
        Uint8Array.from([0x7b, 0x22, 0x61, 0x22, 0x3a, 0x22, 0xff, 0xfe, 0xed, 0xa0, 0x80, 0x22, 0x7d]), // invalid UTF-8
        '',
      )
      .map(
        (data): Mutation => ({
          label: `body: malformed JSON ${typeof data === 'string' ? JSON.stringify(data).slice(0, 20) : 'invalid UTF-8 bytes'}`,
          apply: (p) => ({ ...p, body: { kind: 'raw', data, contentType: 'application/json' } }),
        }),
      ),
  );
  return out;
}

function contentTypeMutations(op: Operation): fc.Arbitrary<Mutation>[] {
  if (op.method === 'GET') return [];
  return [
    fc
      .constantFrom<string | null>(
        'text/plain',
        'application/xml',
        'application/x-www-form-urlencoded',
        'multipart/form-data; boundary=xyz',
        'application/json; charset=utf-16',
        'application/jsonx',
        'application/octet-stream',
        null,
      )
      .map(
        (type): Mutation => ({
          label: `content-type: ${type ?? '(none, with a body)'}`,
          apply: (p) => {
            const data = p.body.kind === 'json' ? JSON.stringify(p.body.value) ?? '{}' : p.body.kind === 'raw' ? p.body.data : '{}';
            return { ...p, body: { kind: 'raw', data: type === 'application/x-www-form-urlencoded' ? 'a=1&b=2' : data, contentType: type } };
          },
        }),
      ),
  ];
}

function pathMutations(op: Operation): fc.Arbitrary<Mutation>[] {
  if (op.pathParams.length === 0) return [];
  return [
    fc.tuple(fc.nat(100), fc.constantFrom(...BAD_PATH_IDS)).map(([i, bad]): Mutation => {
      const param = pick(op.pathParams, i);
      return { label: `path.${param.name}: ${bad.length > 40 ? `${bad.length} chars` : bad}`, apply: (p) => ({ ...p, pathValues: { ...p.pathValues, [param.name]: bad } }) };
    }),
  ];
}

/** Query values on the wire: what is not plain visible ASCII gets percent-encoded. */
function wire(value: string): string {
  return /^[\x21-\x7e]*$/.test(value) && !value.includes('#') && !value.includes('&') ? value : encodeURIComponent(value);
}

function badQueryValues(param: Parameter): readonly string[] {
  return badQueryValuesRaw(param).map(wire);
}

function badQueryValuesRaw(param: Parameter): readonly string[] {
  const t = typeOf(param.schema);
  if (param.name === 'cursor' || param.name === 'after') return [...BAD_CURSORS, ...BAD_NUMBERS_TEXT];
  if (t === 'number' || t === 'integer') return BAD_NUMBERS_TEXT;
  if (t === 'boolean') return ['maybe', '2', '', 'TRUE ', 'null'];
  if (isDateName(param.name, param.schema) || ['from', 'to', 'at'].includes(param.name)) return BAD_DATES;
  return [...NASTY_STRINGS.map((s) => (s.includes('\uD800') || s.includes('\uDFFF') ? '%ED%A0%80' : encodeParam(s))), 'A'.repeat(5000)];
}

function queryMutations(op: Operation): fc.Arbitrary<Mutation>[] {
  const out: fc.Arbitrary<Mutation>[] = [
    fc.constantFrom('foo=bar', '__proto__[x]=1', 'limit[]=1', 'a=%', '%zz=1').map(
      (extra): Mutation => ({ label: `query: unknown ${extra}`, apply: (p) => ({ ...p, query: [...p.query, [extra.split('=')[0]!, extra.split('=')[1] ?? '']] }) }),
    ),
  ];
  if (op.query.length === 0) return out;
  out.push(
    fc.tuple(fc.nat(100), fc.nat(1000)).map(([i, j]): Mutation => {
      const param = pick(op.query, i);
      const bad = pick(badQueryValues(param), j);
      return {
        label: `query.${param.name}=${bad.length > 40 ? `${bad.length} chars` : bad}`,
        apply: (p) => ({ ...p, query: [...p.query.filter(([k]) => k !== param.name), [param.name, bad]] }),
      };
    }),
    fc.nat(100).map((i): Mutation => {
      const param = pick(op.query, i);
      return {
        label: `query.${param.name} repeated`,
        apply: (p) => ({ ...p, query: [...p.query.filter(([k]) => k !== param.name), [param.name, '1'], [param.name, '2']] }),
      };
    }),
  );
  const required = op.query.filter((q) => q.required);
  if (required.length > 0) {
    out.push(
      fc.nat(100).map((i): Mutation => {
        const param = pick(required, i);
        return { label: `query.${param.name}: required, missing`, apply: (p) => ({ ...p, query: p.query.filter(([k]) => k !== param.name) }) };
      }),
    );
  }
  return out;
}

function headerMutations(op: Operation, ctx: FuzzContext): fc.Arbitrary<Mutation>[] {
  const out: fc.Arbitrary<Mutation>[] = [];
  if (op.secured) {
    out.push(fc.constantFrom(...ctx.invalidAuth).map((auth): Mutation => ({ label: `auth: ${auth.label}`, apply: (p) => ({ ...p, auth }) })));
  }
  const names = new Set(op.headers.map((h) => h.name.toLowerCase()));
  if (names.has('if-match') || op.method === 'POST') {
    out.push(
      fc.constantFrom(...BAD_IF_MATCH).map((v): Mutation => ({
        label: `If-Match: ${v.length > 30 ? `${v.length} chars` : v}`,
        apply: (p) => ({ ...p, headers: { ...p.headers, 'if-match': v } }),
      })),
    );
  }
  if (names.has('idempotency-key') || op.method === 'POST') {
    out.push(
      fc.constantFrom('k'.repeat(201), 'k'.repeat(10 * KB), 'k'.repeat(20 * KB), 'clé-ünïcödé', '', 'a b c', 'k\t1').map((v): Mutation => ({
        label: `Idempotency-Key: ${v.length > 30 ? `${v.length} chars` : JSON.stringify(v)}`,
        apply: (p) => ({ ...p, headers: { ...p.headers, 'idempotency-key': v } }),
      })),
    );
  }
  out.push(
    fc.constantFrom<[string, string]>(
      ['accept', 'application/xml'],
      ['x-correlation-id', 'x'.repeat(5000)],
      ['x-correlation-id', 'ab\u00e9'],
      ['last-event-id', '-1'],
      ['last-event-id', 'x'.repeat(3000)],
      ['accept-encoding', 'br;q=2, *;q=-1'],
    ).map(([name, value]): Mutation => ({
      label: `header ${name}: ${value.length > 30 ? `${value.length} chars` : value}`,
      apply: (p) => ({ ...p, headers: { ...p.headers, [name]: value } }),
    })),
  );
  return out;
}

// ---------------------------------------------------------------- requests

function validPathValue(op: Operation, ctx: FuzzContext): fc.Arbitrary<string> {
  const resource = op.path.replace(/^\/api\/v1\//, '').split('/')[0] ?? '';
  const pool = ctx.seed.byResource[resource] ?? [];
  return pool.length > 0 ? fc.oneof({ weight: 4, arbitrary: fc.constantFrom(...pool) }, { weight: 1, arbitrary: freshId }) : freshId;
}

function validQuery(op: Operation, ctx: FuzzContext): fc.Arbitrary<ReadonlyArray<readonly [string, string]>> {
  const entries = op.query
    .filter((q) => q.name !== 'cursor' && q.name !== 'after')
    .map((q) => {
      const value = (q.name === 'limit' ? fc.integer({ min: 1, max: 100 }) : validValue(q.schema, q.name, ctx)).map((v) => encodeParam(String(v)));
      const entry = value.map((v): readonly [string, string] => [q.name, v]);
      return q.required ? entry.map((e) => [e]) : fc.option(entry, { freq: 2 }).map((e) => (e ? [e] : []));
    });
  return entries.length === 0 ? fc.constant([]) : fc.tuple(...entries).map((lists) => lists.flat());
}

function validParts(op: Operation, ctx: FuzzContext): fc.Arbitrary<Parts> {
  const pathValues: fc.Arbitrary<Record<string, string>> =
    op.pathParams.length === 0 ? fc.constant({}) : fc.record(Object.fromEntries(op.pathParams.map((p) => [p.name, validPathValue(op, ctx)])));
  const body: fc.Arbitrary<Body> = op.body
    ? validValue(op.body, 'body', ctx).map((value): Body => ({ kind: 'json', value }))
    : fc.constant<Body>({ kind: 'none' });
  const names = new Set(op.headers.map((h) => h.name.toLowerCase()));
  const headers = fc
    .record({
      idem: names.has('idempotency-key') ? fc.option(freshId.map((k) => `idem-${k}`), { freq: 3 }) : fc.constant(null),
      ifMatch: names.has('if-match') ? fc.option(fc.integer({ min: 1, max: 4 }).map((n) => `"${n}"`), { freq: 6 }) : fc.constant(null),
    })
    .map(({ idem, ifMatch }) => ({ ...(idem ? { 'idempotency-key': idem } : {}), ...(ifMatch ? { 'if-match': ifMatch } : {}) }));
  return fc.record({
    auth: op.secured ? fc.constantFrom(...ctx.validAuth) : fc.constant<AuthChoice>({ label: 'none (public route)', header: undefined }),
    pathValues: pathValues.map((values) => Object.fromEntries(Object.entries(values).map(([k, v]) => [k, encodeParam(v)]))),
    query: validQuery(op, ctx),
    body,
    headers,
    mutations: fc.constant<readonly string[]>([]),
  });
}

function build(op: Operation, parts: Parts, intent: FuzzRequest['intent']): FuzzRequest {
  const path = op.path.replace(/\{([^}]+)\}/g, (_m, name: string) => parts.pathValues[name] ?? 'missing');
  const query = parts.query.map(([k, v]) => `${k}=${v}`).join('&');
  const headers: Record<string, string> = { ...parts.headers };
  if (parts.auth.header !== undefined) headers.authorization = parts.auth.header;
  let body: string | Uint8Array | undefined;
  if (parts.body.kind === 'json') {
    body = JSON.stringify(parts.body.value) ?? 'null';
    headers['content-type'] = 'application/json';
  } else if (parts.body.kind === 'raw') {
    body = parts.body.data;
    if (parts.body.contentType !== null) headers['content-type'] = parts.body.contentType;
  }
  return { method: op.method, template: op.path, url: query ? `${path}?${query}` : path, headers, body, intent, mutations: parts.mutations };
}

/** Requests a well-behaved client could send (they may still be refused by rules or scope). */
export function validRequest(op: Operation, ctx: FuzzContext): fc.Arbitrary<FuzzRequest> {
  return validParts(op, ctx).map((parts) => build(op, parts, 'valid'));
}

/** A valid request with one or two mutations applied (body, path, query, headers, auth, content type). */
export function invalidRequest(op: Operation, ctx: FuzzContext): fc.Arbitrary<FuzzRequest> {
  const mutations = [...bodyMutations(op), ...contentTypeMutations(op), ...pathMutations(op), ...queryMutations(op), ...headerMutations(op, ctx)];
  const mutation = fc.oneof(...mutations);
  return fc
    .tuple(validParts(op, ctx), fc.array(mutation, { minLength: 1, maxLength: 2 }))
    .map(([parts, chosen]) => build(op, chosen.reduce((p, m) => label(m.apply(p), m.label), parts), 'invalid'));
}
