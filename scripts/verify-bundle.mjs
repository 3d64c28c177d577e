#!/usr/bin/env node
// Standalone verifier of an accountability-ledger bundle (a case file or a staff
// history exported with its proofs). Plain Node (>= 18), no dependencies, no
// database, no network, no project imports: copy this one file to any machine.
//
//   node verify-bundle.mjs bundle.json [--public-key key.pem] [--json]
//
// It checks (1) the Ed25519 signature of the checkpoint with the public key (the
// one in the bundle, or better one obtained independently with --public-key), and
// (2) for every event, that SHA-256(0x00 || canonical text) is included in the
// signed tree (RFC 9162 section 2.1.3.2). Exit code 0 when everything verifies.
import { createHash, createPublicKey, verify } from 'node:crypto';
import { readFileSync } from 'node:fs';

const args = process.argv.slice(2);
const file = args.find((a) => !a.startsWith('--') && args[args.indexOf(a) - 1] !== '--public-key');
const keyFile = args.includes('--public-key') ? args[args.indexOf('--public-key') + 1] : undefined;
const asJson = args.includes('--json');
if (!file) {
  console.error('usage: verify-bundle <bundle.json> [--public-key key.pem] [--json]');
  process.exit(2);
}

const sha256 = (...parts) => {
  const h = createHash('sha256');
  for (const p of parts) h.update(p);
  return h.digest();
};
const leafHash = (text) => sha256(Buffer.from([0]), Buffer.from(text, 'utf8'));
const nodeHash = (l, r) => sha256(Buffer.from([1]), l, r);

/** RFC 9162 2.1.3.2: verify an inclusion proof. */
function verifyInclusion(leaf, index, size, proof, root) {
  if (index >= size) return false;
  let fn = index;
  let sn = size - 1;
  let r = leaf;
  for (const p of proof) {
    if (sn === 0) return false;
    if (fn % 2 === 1 || fn === sn) {
      r = nodeHash(p, r);
      if (fn % 2 === 0) while (fn % 2 === 0 && fn !== 0) { fn = Math.floor(fn / 2); sn = Math.floor(sn / 2); }
    } else r = nodeHash(r, p);
    fn = Math.floor(fn / 2);
    sn = Math.floor(sn / 2);
  }
  return sn === 0 && r.equals(root);
}

const checkpointText = (c) =>
  ['accountability-ledger/checkpoint/v1', c.origin, String(c.treeSize), Buffer.from(c.rootHash, 'hex').toString('base64'), c.lastPosition, c.time, ''].join('\n');

/** The canonical text: `ledger-event/2`, position, stream (JSON), revision, recorded_at, id, type (JSON), schema version, metadata, data. */
function parseCanonical(text) {
  const lines = text.split('\n');
  if (lines[0] !== 'ledger-event/2' || lines.length < 10) return undefined;
  try {
    return {
      position: lines[1],
      streamId: JSON.parse(lines[2]),
      revision: lines[3],
      recordedAt: lines[4],
      eventId: lines[5],
      type: JSON.parse(lines[6]),
      schemaVersion: lines[7],
      metadata: JSON.parse(lines[8]),
      data: JSON.parse(lines.slice(9).join('\n')),
    };
  } catch {
    return undefined;
  }
}

let bundle;
try {
  bundle = JSON.parse(readFileSync(file, 'utf8'));
} catch (error) {
  console.error(`cannot read ${file}: ${error.message}`);
  process.exit(2);
}

const out = { file, checkpoint: { ok: false, detail: '' }, events: [], ok: false };
const cp = bundle.checkpoint;
let publicKey;
try {
  publicKey = createPublicKey(keyFile ? readFileSync(keyFile, 'utf8') : bundle.publicKey?.pem);
} catch (error) {
  out.checkpoint.detail = `no usable public key: ${error.message}`;
}
const keyId = publicKey ? sha256(Buffer.from(publicKey.export({ format: 'jwk' }).x, 'base64url')).toString('hex').slice(0, 16) : undefined;
if (publicKey && cp) {
  let signed;
  try {
    signed = verify(null, Buffer.from(checkpointText(cp), 'utf8'), publicKey, Buffer.from(cp.signature, 'base64'));
  } catch {
    signed = false;
  }
  out.checkpoint = signed
    ? { ok: true, detail: `signed checkpoint of ${cp.origin}: tree size ${cp.treeSize}, root ${cp.rootHash}, at ${cp.time}, key id ${keyId}` }
    : { ok: false, detail: `the checkpoint signature does NOT verify with key id ${keyId}` };
} else if (!cp) out.checkpoint.detail = 'the bundle has no signed checkpoint';

const root = cp ? Buffer.from(cp.rootHash, 'hex') : Buffer.alloc(0);
for (const e of bundle.events ?? []) {
  const parsed = typeof e.canonical === 'string' ? parseCanonical(e.canonical) : undefined;
  let ok = false;
  let detail;
  if (!parsed) detail = 'the canonical text is missing or malformed';
  else if (parsed.eventId !== e.eventId || parsed.streamId !== e.streamId || parsed.revision !== String(e.revision) || parsed.position !== String(e.position) || parsed.type !== e.type) {
    detail = 'the listed id, stream, revision, position or type differ from the signed canonical text';
  } else if (e.leafIndex === null || e.leafIndex === undefined || !Array.isArray(e.proof)) detail = 'not covered by the checkpoint (no inclusion proof)';
  else if (!out.checkpoint.ok) detail = 'cannot be trusted: the checkpoint is not validly signed';
  else if (!verifyInclusion(leafHash(e.canonical), e.leafIndex, cp.treeSize, e.proof.map((p) => Buffer.from(p, 'hex')), root)) {
    detail = `the inclusion proof does NOT verify: this event, as given, is not leaf ${e.leafIndex} of the signed log`;
  } else {
    ok = true;
    detail = `included as leaf ${e.leafIndex} of ${cp.treeSize}`;
  }
  out.events.push({ ok, eventId: e.eventId, streamId: parsed?.streamId ?? e.streamId, revision: e.revision, type: parsed?.type ?? e.type, recordedAt: parsed?.recordedAt, detail });
}
out.ok = out.checkpoint.ok && out.events.length > 0 && out.events.every((e) => e.ok);

if (asJson) console.log(JSON.stringify(out, null, 2));
else {
  console.log(`bundle: ${bundle.title ?? file}`);
  console.log(`${out.checkpoint.ok ? 'OK  ' : 'FAIL'} ${out.checkpoint.detail}`);
  if (!keyFile) console.log('     (key taken from the bundle: compare the key id with one published independently, or pass --public-key)');
  for (const e of out.events) console.log(`${e.ok ? 'OK  ' : 'FAIL'} ${e.streamId} #${e.revision} ${e.type} ${e.recordedAt ?? ''} ${e.eventId}: ${e.detail}`);
  const bad = out.events.filter((e) => !e.ok).length;
  console.log(out.ok ? `VERIFIED: ${out.events.length} events` : `NOT VERIFIED: ${bad} of ${out.events.length} events fail${out.checkpoint.ok ? '' : ', checkpoint fails'}`);
}
process.exit(out.ok ? 0 : 1);
