import { ApiProperty } from '@nestjs/swagger';
import { HttpProblem } from '#platform';
import type { FastifyReply } from 'fastify';

/** `201 {id, version}` of a command that creates a resource. */
export class CreatedResponse {
  @ApiProperty({ example: '3f6c1d2e-8a41-4b9e-9c1f-2b7d0e5a6c11' }) id!: string;
  @ApiProperty({ example: 1, description: 'Stream version after the command; also sent as ETag' }) version!: number;
  @ApiProperty({ example: '1048577', pattern: '^\\d+$', description: 'Global position of the command\'s last event (the consistency token, also sent as Ledger-Position): send it as Ledger-Min-Position to read this write from any instance' }) position?: string; // added by ReadConsistencyInterceptor to every command body with a version
}

/** `200 {version}` of a command on an existing resource. */
export class VersionResponse {
  @ApiProperty({ example: 4, description: 'Stream version after the command; also sent as ETag' }) version!: number;
  @ApiProperty({ example: '1048577', pattern: '^\\d+$', description: 'Global position of the command\'s last event (the consistency token, also sent as Ledger-Position): send it as Ledger-Min-Position to read this write from any instance' }) position?: string;
}

export function withEtag(reply: FastifyReply, version: number): void {
  void reply.header('etag', `"${version}"`);
}

/** Opaque cursor over a keyset (the last row's sort key). */
export function encodeCursor(key: readonly unknown[]): string {
  return Buffer.from(JSON.stringify(key)).toString('base64url');
}

export function decodeCursor(cursor: string | undefined): unknown[] | undefined {
  if (!cursor) return undefined;
  try {
    const parsed: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    return Array.isArray(parsed) ? parsed : undefined;
  } catch {
    return undefined;
  }
}

/** 404 that does not say whether the resource exists outside the caller's scope. */
export function notFound(what: string, id: string): HttpProblem {
  return new HttpProblem(404, `${what}.not_found`, 'Not found', `No ${what} ${id} in your scope`);
}

export function cursorOrFail(cursor: string | undefined): unknown[] | undefined {
  if (cursor === undefined) return undefined;
  const decoded = decodeCursor(cursor);
  if (!decoded) throw new HttpProblem(400, 'invalid_cursor', 'Bad request', 'cursor is not one this API returned', [{ field: 'cursor', message: 'is invalid' }]);
  return decoded;
}
