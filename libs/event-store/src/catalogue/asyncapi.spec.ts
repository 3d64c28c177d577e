import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { buildAsyncApiDocument } from './asyncapi.js';
import { EVENT_CATALOGUE } from './catalogue.js';

const root = path.resolve(import.meta.dirname, '../../../..');
const committedPath = path.join(root, 'docs/asyncapi.json');

// The official parser runs in a child process: it is not loadable inside Jest's ESM VM.
const PARSE = `
import { Parser } from '@asyncapi/parser';
import fs from 'node:fs';
const { document, diagnostics } = await new Parser().parse(fs.readFileSync(process.argv[1], 'utf8'));
const errors = diagnostics.filter((d) => d.severity === 0).map((d) => d.message + ' at ' + d.path.join('.'));
const messages = document ? document.allMessages().all().map((m) => m.name()) : [];
console.log(JSON.stringify({ valid: !!document && errors.length === 0, errors, messages }));
`;

describe('AsyncAPI document', () => {
  it('is committed as docs/asyncapi.json exactly as generated from the catalogue (run `npm run asyncapi` when this fails)', () => {
    const generated = `${JSON.stringify(buildAsyncApiDocument(EVENT_CATALOGUE), null, 2)}\n`;
    expect(fs.readFileSync(committedPath, 'utf8')).toBe(generated);
  });

  it('validates with @asyncapi/parser and lists every event type of the catalogue', async () => {
    const { stdout } = await promisify(execFile)(process.execPath, ['--input-type=module', '-e', PARSE, committedPath], { cwd: root });
    const result = JSON.parse(stdout.trim().split('\n').pop()!) as { valid: boolean; errors: string[]; messages: string[] };
    expect(result.errors).toEqual([]);
    expect(result.valid).toBe(true);
    expect([...new Set(result.messages)].sort()).toEqual(EVENT_CATALOGUE.entries.map((e) => e.type).sort());
  });

  it('gives each event type a NATS channel ledger.<category>.<Type>', () => {
    const doc = buildAsyncApiDocument(EVENT_CATALOGUE) as { channels: Record<string, { address: string }> };
    for (const e of EVENT_CATALOGUE.entries) expect(doc.channels[`${e.category}.${e.type}`]?.address).toBe(`ledger.${e.category}.${e.type}`);
  });
});
