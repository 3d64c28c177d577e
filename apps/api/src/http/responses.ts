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

/** 404 that does not say whether the resource exists outside the caller's scope. */
export function notFound(what: string, id: string): HttpProblem {
  return new HttpProblem(404, `${what}.not_found`, 'Not found', `No ${what} ${id} in your scope`);
}
