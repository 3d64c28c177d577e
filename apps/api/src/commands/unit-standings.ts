import { Inject, Injectable } from '@nestjs/common';
import { unitDecider, unitStandingOf, unitStream, type UnitStanding } from '#domain';
import { CommandExecutor } from './command-executor.js';

/**
 * The standing of a unit (active, merged) from its own stream, for commands whose
 * decider refuses a merged unit (`unit.merged`). Read from the event store, not the
 * directory, so a merger recorded a moment ago counts at once.
 */
@Injectable()
export class UnitStandings {
  constructor(@Inject(CommandExecutor) private readonly repository: CommandExecutor) {}

  async of(unitId: string | null | undefined): Promise<UnitStanding> {
    if (unitId === null || unitId === undefined || unitId.trim() === '') return { status: 'none' };
    return unitStandingOf((await this.repository.load(unitDecider, unitStream(unitId))).state);
  }
}
