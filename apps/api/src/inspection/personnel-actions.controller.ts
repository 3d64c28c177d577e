import { Body, Controller, Get, HttpCode, Inject, Param, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { personnelActionAccess, personnelActionDecider, personnelActionStream } from '#domain';
import { DisciplinaryCaseQueries, InspectionQueries, PersonnelActionQueries, StaffDirectoryQueries, type PersonnelActionRow } from '#read-models';
import { CommandsReadModels, ReadsModels } from '../consistency/reads-models.decorator.js';
import { CurrentPrincipal } from '../auth/current-principal.decorator.js';
import type { Principal } from '../auth/principal.js';
import { Roles } from '../auth/roles.decorator.js';
import { ScopeService } from '../auth/scope.service.js';
import { Cmd, type CommandCall } from '../commands/command-call.js';
import { CommandHeaders } from '../http/command-headers.js';
import { CreatedResponse, notFound, VersionResponse } from '../http/responses.js';
import { EvidenceService } from './evidence.service.js';
import {
  DecidePersonnelActionRequest, PersonnelActionListQuery, PersonnelActionOutcomeRequest, PersonnelActionPage, PersonnelActionResponse,
  ProposePersonnelActionRequest,
} from './inspection.dto.js';

const READERS = ['hr', 'inspector', 'unit_head'] as const;

/**
 * The register of personnel actions proposed from results and findings (issue 15 item
 * 5): review, transfer, replacement, dismissal where the law provides it, commendation;
 * each with its decision and the personnel event that carried it out.
 */
@ApiTags('personnel-actions')
@Controller('personnel-actions')
@ReadsModels('inspections_v1', 'personnel_v1')
@CommandsReadModels('inspections_v1', 'personnel_v1', 'evaluation_results_v1', 'disciplinary_cases_v1')
export class PersonnelActionsController {
  constructor(
    @Inject(ScopeService) private readonly scope: ScopeService,
    @Inject(PersonnelActionQueries) private readonly actions: PersonnelActionQueries,
    @Inject(InspectionQueries) private readonly inspections: InspectionQueries,
    @Inject(StaffDirectoryQueries) private readonly staff: StaffDirectoryQueries,
    @Inject(DisciplinaryCaseQueries) private readonly cases: DisciplinaryCaseQueries,
    @Inject(EvidenceService) private readonly evidence: EvidenceService,
  ) {}

  @Post()
  @Roles('hr', 'importer')
  @CommandHeaders()
  @ApiOperation({
    summary: 'Propose a personnel action from results and findings',
    description: 'The basis names findings in force about the person and classification results on record. A dismissal needs a legal ground on record (assessment years up to 2025: two consecutive years rated not completed, Law 22/2008 art. 58(3)(a) as amended 2019; from 2026: a year rated not completed, Law on Cadres and Civil Servants 2025 art. 27(1)(c)) and no open disciplinary case.',
  })
  @ApiCreatedResponse({ type: CreatedResponse })
  async propose(@Body() b: ProposePersonnelActionRequest, @Cmd() cmd: CommandCall): Promise<CreatedResponse> {
    const [unitId, findings, levelsByYear, hasOpenCase] = await Promise.all([
      this.staff.unitOf(b.staffId),
      this.inspections.inForceAbout(b.staffId),
      this.actions.levelsByYear(b.staffId),
      this.cases.hasOpenCase(b.staffId),
    ]);
    const basisEvents = b.basis.events.map((e) => ({ streamId: e.streamId, revision: e.revision }));
    const eventsAboutOthers: Array<{ streamId: string; revision: number; staffId: string }> = [];
    for (const ref of basisEvents) {
      const about = await this.evidence.personEvent(ref);
      if (about?.staffId && about.staffId !== b.staffId) eventsAboutOthers.push({ ...ref, staffId: about.staffId });
    }
    const actionId = b.actionId ?? cmd.newId();
    return cmd.run(personnelActionDecider, personnelActionStream(actionId), personnelActionAccess, {
      type: 'ProposePersonnelAction',
      data: {
        actionId, staffId: b.staffId, kind: b.kind, reason: b.reason,
        basis: { findings: b.basis.findings, results: b.basis.results, events: b.basis.events.map((e) => ({ streamId: e.streamId, revision: e.revision })) },
        unitId: unitId ?? null,
        findingsOnRecord: findings.filter((f) => b.basis.findings.some((x) => x.inspectionId === f.inspectionId && x.findingId === f.findingId)).map((f) => `${f.inspectionId}/${f.findingId}`),
        levelsByYear, hasOpenCase,
        missingEvents: await this.evidence.missing(basisEvents),
        eventsAboutOthers,
      },
    }, { id: actionId, location: `/api/v1/personnel-actions/${actionId}` }) as Promise<CreatedResponse>;
  }

  @Post(':id/decision')
  @HttpCode(200)
  @Roles('hr', 'importer')
  @CommandHeaders()
  @ApiOperation({ summary: 'Record the decision on a proposed action (approved or rejected, with its number)' })
  @ApiOkResponse({ type: VersionResponse })
  @ApiNotFoundResponse({ description: 'No such personnel action in your scope' })
  decide(@Param('id') id: string, @Body() b: DecidePersonnelActionRequest, @Cmd() cmd: CommandCall): Promise<VersionResponse> {
    return cmd.run(personnelActionDecider, personnelActionStream(id), personnelActionAccess, { type: 'DecidePersonnelAction', data: { decision: b.decision, decisionNo: b.decisionNo, note: b.note } });
  }

  @Post(':id/outcome')
  @HttpCode(200)
  @Roles('hr', 'importer')
  @CommandHeaders()
  @ApiOperation({ summary: 'Link the personnel event that carried the action out (StaffTransferred, LeadershipEnded, StaffLeft, CommendationGranted)' })
  @ApiOkResponse({ type: VersionResponse })
  @ApiNotFoundResponse({ description: 'No such personnel action in your scope' })
  async outcome(@Param('id') id: string, @Body() b: PersonnelActionOutcomeRequest, @Cmd() cmd: CommandCall): Promise<VersionResponse> {
    const ref = { streamId: b.outcome.streamId, revision: b.outcome.revision };
    return cmd.run(personnelActionDecider, personnelActionStream(id), personnelActionAccess, {
      type: 'RecordPersonnelActionOutcome', data: { outcome: ref, note: b.note, outcomeEvent: await this.evidence.personEvent(ref) },
    });
  }

  @Get()
  @Roles(...READERS)
  @ApiOperation({ summary: 'The register: actions about people in the caller\'s scope' })
  @ApiOkResponse({ type: PersonnelActionPage })
  async list(@Query() q: PersonnelActionListQuery, @CurrentPrincipal() principal: Principal): Promise<PersonnelActionPage> {
    const rows = await this.actions.list(q, this.scope.reader(principal, ...READERS).scope, 200);
    return { items: rows.map(view) };
  }

  @Get(':id')
  @Roles(...READERS, 'staff')
  @ApiOperation({ summary: 'One personnel action (its person sees it too)' })
  @ApiOkResponse({ type: PersonnelActionResponse })
  @ApiNotFoundResponse({ description: 'No such personnel action in your scope' })
  async get(@Param('id') id: string, @CurrentPrincipal() principal: Principal): Promise<PersonnelActionResponse> {
    const row = await this.actions.findById(id);
    if (!row) throw notFound('personnel action', id);
    if (row.staffId === principal.sub) return view(row);
    if (!(await this.scope.canSeeStaff(principal, { id: row.staffId, unitId: row.unitId }, ...READERS))) throw notFound('personnel action', id);
    return view(row);
  }
}

function view(r: PersonnelActionRow): PersonnelActionResponse {
  return { id: r.id, staffId: r.staffId, unitId: r.unitId, kind: r.kind, status: r.status, proposal: { ...r.state.proposal }, decision: r.decision, outcome: r.outcome, version: r.version };
}
