import { Controller, Get, Inject, Param, Query } from '@nestjs/common';
import { ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { EXCUSED_SIGNAL, HeadViewQueries, IndicatorQueries, InspectionQueries, StaffDirectoryQueries } from '#read-models';
import { ReadsModels } from '../consistency/reads-models.decorator.js';
import { CurrentPrincipal } from '../auth/current-principal.decorator.js';
import { hasRole, type Principal } from '../auth/principal.js';
import { Roles } from '../auth/roles.decorator.js';
import { ScopeService } from '../auth/scope.service.js';
import { notFound } from '../http/responses.js';
import { HeadViewQuery, HeadViewResponse } from './inspection.dto.js';

/** Rules of a leader's classification that the unit's record feeds (trace rule ids end with these). */
const UNIT_RULES = /(leader-unit-factor|override\/unit-corruption-or-waste|unit-results|subordinate|direct-unit)/;

/**
 * The head answers for the unit (issue 15 item 4): per head or deputy in charge and
 * year, the unit's avoidance signals, overdue work, consultation abuse, inspection
 * findings, the share of staff not completed, and the rules of the leader's own
 * classification they fed. For the head, hr and inspectors with the unit in scope.
 */
@ApiTags('heads')
@Controller('heads')
@ReadsModels('personnel_v1', 'staff_indicators_v1', 'inspections_v1', 'evaluation_results_v1')
export class HeadViewController {
  constructor(
    @Inject(ScopeService) private readonly scope: ScopeService,
    @Inject(HeadViewQueries) private readonly heads: HeadViewQueries,
    @Inject(IndicatorQueries) private readonly indicators: IndicatorQueries,
    @Inject(InspectionQueries) private readonly inspections: InspectionQueries,
    @Inject(StaffDirectoryQueries) private readonly staff: StaffDirectoryQueries,
  ) {}

  @Get(':staffId/accountability')
  @Roles('unit_head', 'staff', 'hr', 'inspector')
  @ApiOperation({ summary: "What a head (or deputy in charge) answers for in a year: the units they led and their record" })
  @ApiOkResponse({ type: HeadViewResponse })
  @ApiNotFoundResponse({ description: 'No such head visible to you' })
  async view(@Param('staffId') staffId: string, @Query() q: HeadViewQuery, @CurrentPrincipal() principal: Principal): Promise<HeadViewResponse> {
    const person = await this.staff.findById(staffId);
    if (!person) throw notFound('head', staffId);
    const posts = await this.heads.posts(staffId, q.year);
    // hr and inspectors see a head whose own unit, or every unit they led in the year, is in their scope.
    const overseer = hasRole(principal, 'hr', 'inspector') &&
      ((await this.scope.canSeeUnit(principal, person.unitId)) || (posts.length > 0 && (await Promise.all(posts.map((p) => this.scope.canSeeUnit(principal, p.unitId)))).every(Boolean)));
    const visible = principal.sub === staffId || overseer;
    if (!visible) throw notFound('head', staffId);
    const asOf = new Date().toISOString();
    const units = [];
    for (const post of posts) {
      const [period, signals, findings, levels, excused, presence] = await Promise.all([
        this.indicators.unitPeriod(post.unitId, { year: q.year }, asOf),
        this.indicators.watchlistSignals(q.year, asOf, { unitId: post.unitId }, { all: true, units: [] }),
        this.inspections.findingsInUnit(post.unitId, q.year),
        this.heads.unitLevels(post.unitId, q.year, staffId),
        this.inspections.excusedDelaysInUnit(post.unitId, q.year),
        this.inspections.presenceChecks({ unitId: post.unitId }, q.year),
      ]);
      const presenceByStatus: Record<string, number> = {};
      for (const c of presence) if (c.status) presenceByStatus[c.status] = (presenceByStatus[c.status] ?? 0) + 1;
      const bySignal: Record<string, number> = {};
      // A missed deadline an inspection found had an objective cause is not held against the unit
      // (watchlistSignals lists it apart, under EXCUSED_SIGNAL; `excusedDelays` below names the findings).
      for (const s of signals) if (s.signal !== EXCUSED_SIGNAL) bySignal[s.signal] = (bySignal[s.signal] ?? 0) + s.count;
      units.push({
        unitId: post.unitId,
        role: post.role,
        from: post.from,
        to: post.to,
        avoidanceSignals: bySignal,
        excusedDelays: excused,
        overdueWork: period.openPastDue,
        consultationAbuse: {
          withinOwnAuthority: period.totals.consultationsWithinOwnAuthority,
          unrelatedParties: period.totals.consultationsOfUnrelatedParties,
          answeredLate: period.totals.consultationsAnsweredLate,
          noPosition: period.totals.consultationsWithNoPosition,
        },
        // What inspections saw at their visits: counts by status, and everyone not found at work as expected.
        presenceChecks: { checked: presence.length, byStatus: presenceByStatus, notPresent: presence.filter((c) => c.status !== 'present') },
        findings: findings.map((f) => ({ inspectionId: f.inspectionId, findingId: f.findingId, kind: f.kind, staffId: f.staffId, unitId: f.unitId, assignmentId: f.assignmentId, status: f.status, concludedOn: f.concludedOn, streamId: f.streamId, revision: f.revision })),
        staffNotCompleted: { ...levels, share: levels.classified === 0 ? null : Math.round((levels.notCompleted / levels.classified) * 10000) / 10000 },
      });
    }
    const own = await this.heads.ownTrace(staffId, q.year);
    const classificationRules = own
      ? own.trace.filter((e) => typeof e.rule === 'string' && UNIT_RULES.test(e.rule)).map((e) => ({ cycleId: own.cycleId, level: own.level, ...e }))
      : [];
    return { staffId, year: q.year, units, classificationRules };
  }
}
