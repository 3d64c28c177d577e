import { MAX_INPUT_DEPTH, unsafeInput } from './edge-input.js';

describe('unsafeInput: what the edge refuses before anything reaches the database', () => {
  it('accepts ordinary input, including Vietnamese, RTL text and paired surrogates (emoji)', () => {
    expect(unsafeInput({ path: { id: 'a1' }, query: { unitId: 'snv' }, body: { name: 'Sở Nội vụ \u202Eكتاب 👩‍👩‍👧', tags: ['x', { y: 1 }] } })).toBeUndefined();
  });

  it.each([
    ['NUL in a string', { body: { name: 'a\u0000b' } }, 'body.name'],
    ['a lone high surrogate', { body: { name: 'a\uD800' } }, 'body.name'],
    ['a lone low surrogate', { query: { unitId: '\uDC00x' } }, 'query.unitId'],
    ['NUL in a path parameter', { path: { id: '\u0000' } }, 'path.id'],
    ['NUL in a key', { body: { nested: { 'k\u0000': 1 } } }, 'body.nested'],
  ])('refuses %s', (_what, parts, field) => {
    expect(unsafeInput(parts)?.field).toBe(field);
  });

  it(`refuses nesting deeper than ${MAX_INPUT_DEPTH} levels without overflowing the stack itself`, () => {
    let deep: unknown = [];
    for (let i = 0; i < 100_000; i++) deep = [deep];
    expect(unsafeInput({ body: { a: deep } })?.message).toMatch(/nested deeper/);
    let ok: unknown = {};
    for (let i = 0; i < MAX_INPUT_DEPTH - 2; i++) ok = { a: ok };
    expect(unsafeInput({ body: ok })).toBeUndefined();
  });
});
