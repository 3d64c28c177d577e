import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoundedInstant } from '#platform';
import { IsOptional } from 'class-validator';

/** Ids chosen by clients: letters, digits and `_ . : -`, at most 100. */
export const CLIENT_ID = /^[A-Za-z0-9][A-Za-z0-9_.:-]{0,99}$/;
export const CLIENT_ID_MESSAGE = 'must be 1-100 letters, digits, _ . : - (starting with a letter or digit)';

/**
 * A command body that may carry business time. Only the `importer` role may send an
 * instant in the past (migrating historical records); it then becomes the domain's now.
 */
export class HistoricalCommandRequest {
  @ApiPropertyOptional({
    example: '2024-03-01T08:00:00Z',
    description: 'Business time of the fact; in the past only for the importer role (403 otherwise)',
  })
  @IsOptional()
  @IsBoundedInstant()
  occurredAt?: string;
}
