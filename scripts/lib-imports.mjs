#!/usr/bin/env node
// Rewrites imports that reach into another lib (`../../../libs/x/src/...`) to the
// lib's public entry (`#x`, or `#x/testing` for test support), and lists the files
// each lib must re-export. Idempotent: run it after merging a branch written before
// the subpath imports. Usage: node scripts/lib-imports.mjs [--check]
import fs from 'node:fs';
import path from 'node:path';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const libs = ['domain', 'event-store', 'read-models', 'classification', 'platform'];
const check = process.argv.includes('--check');

function walk(dir, out = []) {
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    if (['node_modules', 'dist', 'data'].includes(e.name)) continue;
    const p = path.join(dir, e.name);
    if (e.isDirectory()) walk(p, out);
    else if (/\.(ts|mts)$/.test(e.name) && !e.name.endsWith('.d.ts')) out.push(p);
  }
  return out;
}

const libOf = (abs) => {
  const rel = path.relative(root, abs).split(path.sep);
  return rel[0] === 'libs' && libs.includes(rel[1]) ? rel[1] : undefined;
};
const isTesting = (abs) => /\/testing\/|given-when-then\.ts$/.test(abs);

const offenders = [];
const needed = new Map(libs.map((l) => [l, { main: new Set(), testing: new Set() }]));
for (const dir of ['apps', 'libs', 'test', 'bench']) {
  if (!fs.existsSync(path.join(root, dir))) continue;
  for (const file of walk(path.join(root, dir))) {
    const src = fs.readFileSync(file, 'utf8');
    const from = libOf(file);
    const out = src.replace(/(from\s+|import\s*\(\s*|import\s+)(['"])(\.{1,2}\/[^'"]+)\2/g, (m, pre, q, spec) => {
      const target = path.resolve(path.dirname(file), spec.replace(/\.js$/, '.ts'));
      const lib = libOf(target);
      if (!lib || lib === from) return m;
      const testing = isTesting(target);
      needed.get(lib)[testing ? 'testing' : 'main'].add(path.relative(path.join(root, 'libs', lib, 'src'), target));
      return `${pre}${q}#${lib}${testing ? '/testing' : ''}${q}`;
    });
    if (out !== src) {
      offenders.push(path.relative(root, file));
      if (!check) fs.writeFileSync(file, out);
    }
  }
}
if (check) {
  if (offenders.length) {
    console.error(`deep imports across libs in:\n  ${offenders.join('\n  ')}\nrun: node scripts/lib-imports.mjs`);
    process.exit(1);
  }
  process.exit(0);
}
for (const [lib, { main, testing }] of needed) {
  for (const [kind, set] of [['index.ts', main], ['testing/index.ts', testing]]) {
    if (!set.size) continue;
    const file = path.join(root, 'libs', lib, 'src', kind);
    const existing = fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : '';
    const base = path.dirname(file);
    const lines = [...set]
      .map((rel) => path.relative(path.relative(path.join(root, 'libs', lib, 'src'), base) ? kind.split('/')[0] : '.', rel))
      .map((rel) => `./${rel.replace(/\.ts$/, '.js')}`.replace('././', './'))
      .filter((spec) => !existing.includes(`'${spec}'`))
      .sort();
    if (!lines.length) continue;
    fs.mkdirSync(base, { recursive: true });
    fs.writeFileSync(file, existing + lines.map((s) => `export * from '${s}';\n`).join(''));
    console.log(`${path.relative(root, file)}: +${lines.length} re-exports`);
  }
}
console.log(`rewrote ${offenders.length} files`);
