import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

/** Response bodies of the audit routes (OpenAPI: every 2xx typed). Positions are strings (64-bit). */
export class SignedCheckpointResponse {
  @ApiProperty({ example: 'accountability-ledger', description: 'Whose log this is' }) origin!: string;
  @ApiProperty({ minimum: 0, description: 'Leaves (events) in the tree' }) treeSize!: number;
  @ApiProperty({ example: 'e3b0c442…', description: 'RFC 9162 root hash (hex)' }) rootHash!: string;
  @ApiProperty({ example: '5242882', description: 'Global position of the last sealed event' }) lastPosition!: string;
  @ApiProperty({ format: 'date-time' }) time!: string;
  @ApiProperty({ description: 'First 16 hex digits of SHA-256 of the raw public key' }) keyId!: string;
  @ApiProperty({ description: 'Base64 Ed25519 signature over the checkpoint text' }) signature!: string;
}

export class CheckpointListResponse {
  @ApiProperty({ type: [SignedCheckpointResponse] }) items!: SignedCheckpointResponse[];
}

export class InclusionProofResponse {
  @ApiProperty({ format: 'uuid' }) eventId!: string;
  @ApiProperty({ example: '5242882' }) position!: string;
  @ApiProperty({ minimum: 0 }) leafIndex!: number;
  @ApiProperty({ minimum: 1 }) treeSize!: number;
  @ApiProperty({ description: 'Leaf hash (hex): SHA-256(0x00 || canonical event)' }) leafHash!: string;
  @ApiProperty({ type: [String], description: 'Audit path (hex), RFC 9162 2.1.3' }) proof!: string[];
  @ApiProperty({ type: SignedCheckpointResponse }) checkpoint!: SignedCheckpointResponse;
}

export class ConsistencyProofResponse {
  @ApiProperty({ minimum: 1 }) from!: number;
  @ApiProperty({ minimum: 1 }) to!: number;
  @ApiProperty({ type: [String], description: 'Consistency path (hex), RFC 9162 2.1.4' }) proof!: string[];
  @ApiProperty({ type: SignedCheckpointResponse }) fromCheckpoint!: SignedCheckpointResponse;
  @ApiProperty({ type: SignedCheckpointResponse }) toCheckpoint!: SignedCheckpointResponse;
}

export class VerificationJobResponse {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ enum: ['full', 'incremental'] }) mode!: string;
  @ApiProperty({ enum: ['running', 'done', 'failed'] }) status!: string;
  @ApiProperty() requestedBy!: string;
  @ApiPropertyOptional({ type: 'object', additionalProperties: true, description: 'Events checked so far' }) progress?: Record<string, unknown> | null;
  @ApiPropertyOptional({ type: 'object', additionalProperties: true, description: 'The report once done: ok, findings (first diverging position and event)' })
  result?: Record<string, unknown> | null;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiPropertyOptional({ type: String, format: 'date-time', nullable: true }) finishedAt?: string | null;
}

export class StoredDigestResponse {
  @ApiPropertyOptional({ example: '7' }) id?: string;
  @ApiProperty({ description: 'Merkle root (hex) over the heads of all streams, ordered by stream id' }) root!: string;
  @ApiProperty({ example: '1042', description: 'Highest global position covered' }) position!: string;
  @ApiProperty({ minimum: 0 }) streamCount!: number;
  @ApiProperty({ format: 'date-time' }) computedAt!: string;
}

export class DigestListResponse {
  @ApiProperty({ type: [StoredDigestResponse] }) items!: StoredDigestResponse[];
}

/** An offline-verifiable bundle: check it with `npm run verify-bundle -- file.json`. */
export class BundleResponse {
  @ApiProperty({ example: 'accountability-ledger/bundle/v1' }) format!: string;
  @ApiProperty({ description: 'What the bundle holds (case file, staff history)' }) title!: string;
  @ApiProperty({ type: 'object', additionalProperties: true }) about!: Record<string, unknown>;
  @ApiProperty({ type: 'array', items: { type: 'object', additionalProperties: true }, description: 'Each event with its canonical text and inclusion proof' })
  events!: Record<string, unknown>[];
  @ApiProperty({ format: 'date-time' }) generatedAt!: string;
  @ApiProperty({ type: SignedCheckpointResponse, nullable: true }) checkpoint!: SignedCheckpointResponse | null;
  @ApiProperty({ type: 'object', additionalProperties: true, description: 'The Ed25519 public key (PEM, SPKI) and its key id' }) publicKey!: Record<string, unknown>;
}

export class PublicKeyResponse {
  @ApiPropertyOptional({ description: 'First 16 hex digits of SHA-256 of the raw public key' }) keyId?: string;
  @ApiProperty({ enum: ['Ed25519'] }) algorithm!: 'Ed25519';
  @ApiProperty({ description: 'The public key, PEM (SPKI)' }) pem!: string;
}

export class BrokenLinkResponse {
  @ApiProperty({ example: 'assignment-a-1' }) streamId!: string;
  @ApiProperty({ example: '2', description: '0-based revision (string: 64-bit)' }) revision!: string;
  @ApiProperty({ example: '5242882', description: 'Global position (string: 64-bit)' }) position!: string;
  @ApiProperty({ format: 'uuid' }) eventId!: string;
  @ApiProperty({ example: 'hash_mismatch' }) reason!: string;
  @ApiPropertyOptional() expected?: string;
  @ApiPropertyOptional() actual?: string;
}

export class StreamVerifyResponse {
  @ApiProperty({ description: 'No broken link' }) ok!: boolean;
  @ApiProperty({ minimum: 0 }) streamsChecked!: number;
  @ApiProperty({ minimum: 0 }) eventsChecked!: number;
  @ApiProperty({ type: [BrokenLinkResponse], description: 'The first broken event of each stream' }) broken!: BrokenLinkResponse[];
}

export class VerificationStartedResponse {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ enum: ['running'] }) status!: 'running';
  @ApiProperty({ enum: ['full', 'incremental'] }) mode!: string;
}
