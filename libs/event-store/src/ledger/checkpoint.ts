import { createHash, createPrivateKey, createPublicKey, generateKeyPairSync, sign, verify, type KeyObject } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/**
 * A signed checkpoint (a tree head): `{origin, treeSize, rootHash, lastPosition, time}`
 * signed with Ed25519. The signed bytes are the checkpoint's text form, one field a
 * line (in the spirit of C2SP tlog-checkpoint), so a verifier in any language can
 * rebuild them from the fields:
 *
 *     accountability-ledger/checkpoint/v1
 *     <origin>
 *     <treeSize>
 *     <rootHash, base64>
 *     <lastPosition>
 *     <time, ISO 8601>
 *
 * The same text is rebuilt by scripts/verify-bundle.mjs (kept independent on purpose).
 */
export interface Checkpoint {
  readonly origin: string;
  readonly treeSize: number;
  /** Hex. */
  readonly rootHash: string;
  readonly lastPosition: string;
  readonly time: string;
}

export interface SignedCheckpoint extends Checkpoint {
  /** First 16 hex digits of SHA-256 of the raw public key. */
  readonly keyId: string;
  /** Base64 Ed25519 signature over `checkpointText`. */
  readonly signature: string;
}

export function checkpointText(c: Checkpoint): string {
  return [
    'accountability-ledger/checkpoint/v1',
    c.origin,
    String(c.treeSize),
    Buffer.from(c.rootHash, 'hex').toString('base64'),
    c.lastPosition,
    c.time,
    '',
  ].join('\n');
}

export function rawPublicKey(key: KeyObject): Buffer {
  const jwk = key.export({ format: 'jwk' });
  return Buffer.from(jwk.x!, 'base64url');
}

export function keyIdOf(publicKey: KeyObject): string {
  return createHash('sha256').update(rawPublicKey(publicKey)).digest('hex').slice(0, 16);
}

/** Signs checkpoints with an Ed25519 private key kept outside the database. */
export class CheckpointSigner {
  readonly publicKey: KeyObject;
  readonly keyId: string;

  constructor(private readonly privateKey: KeyObject) {
    if (privateKey.asymmetricKeyType !== 'ed25519') throw new Error('the ledger signing key must be an Ed25519 key');
    this.publicKey = createPublicKey(privateKey);
    this.keyId = keyIdOf(this.publicKey);
  }

  static fromPem(pem: string): CheckpointSigner {
    return new CheckpointSigner(createPrivateKey(pem));
  }

  sign(c: Checkpoint): SignedCheckpoint {
    const signature = sign(null, Buffer.from(checkpointText(c), 'utf8'), this.privateKey).toString('base64');
    return { ...c, keyId: this.keyId, signature };
  }

  publicKeyPem(): string {
    return this.publicKey.export({ format: 'pem', type: 'spki' }).toString();
  }
}

export function verifyCheckpointSignature(c: SignedCheckpoint, publicKey: KeyObject): boolean {
  try {
    return verify(null, Buffer.from(checkpointText(c), 'utf8'), publicKey, Buffer.from(c.signature, 'base64'));
  } catch {
    return false;
  }
}

export function publicKeyFromPem(pem: string): KeyObject {
  return createPublicKey(pem);
}

/** A new Ed25519 private key as PKCS#8 PEM. */
export function generateSigningKeyPem(): string {
  const { privateKey } = generateKeyPairSync('ed25519');
  return privateKey.export({ format: 'pem', type: 'pkcs8' }).toString();
}

/** Writes a new key file readable by its owner only (0600); refuses to overwrite one. */
export function writeSigningKeyFile(file: string): CheckpointSigner {
  if (existsSync(file)) throw new Error(`${file} exists: refusing to replace a signing key`);
  mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
  const pem = generateSigningKeyPem();
  writeFileSync(file, pem, { mode: 0o600, flag: 'wx' });
  chmodSync(file, 0o600);
  return CheckpointSigner.fromPem(pem);
}

/**
 * Loads the key file; with `createIfMissing`, makes one (0600) and says so. Refuses a
 * key file that others can read.
 */
export function loadSigningKey(file: string, options: { createIfMissing: boolean; log?: (line: string) => void }): CheckpointSigner {
  if (!existsSync(file)) {
    if (!options.createIfMissing) throw new Error(`LEDGER_SIGNING_KEY_FILE ${file} does not exist (create one with \`npm run cli -- keygen\`)`);
    const signer = writeSigningKeyFile(file);
    options.log?.(`ledger: created the checkpoint signing key ${path.resolve(file)} (mode 0600, key id ${signer.keyId}); keep a copy of its public key outside this machine`);
    return signer;
  }
  const mode = statSync(file).mode & 0o777;
  if ((mode & 0o077) !== 0) throw new Error(`LEDGER_SIGNING_KEY_FILE ${file} is readable by others (mode ${mode.toString(8)}): chmod 600 it`);
  return CheckpointSigner.fromPem(readFileSync(file, 'utf8'));
}
