import { Body, Controller, Get, HttpCode, Inject, Param, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { catalogueAccess, catalogueDecider, catalogueInForce, catalogueStream, positionAccess, positionDecider, positionStream, POSITIONS_RULES, ruleError, seesPosition } from '#domain';
import { PositionQueries, StaffDirectoryQueries, UnitQueries } from '#read-models';
import { CurrentPrincipal } from '../auth/current-principal.decorator.js';
import type { Principal } from '../auth/principal.js';
import { Roles } from '../auth/roles.decorator.js';
import { ScopeService } from '../auth/scope.service.js';
import { Cmd, type CommandCall } from '../commands/command-call.js';
import { CommandExecutor } from '../commands/command-executor.js';
import { CommandsReadModels, ReadsModels } from '../consistency/reads-models.decorator.js';
import { CommandHeaders } from '../http/command-headers.js';
import { CreatedResponse, VersionResponse } from '../http/responses.js';
import {
  AppointRequest,
  CatalogueQuery,
  CatalogueResponse,
  EndAppointmentRequest,
  EstablishPositionRequest,
  PositionListResponse,
  PositionResponse,
  PositionsQuery,
  PublishCatalogueRequest,
} from './positions.dto.js';
import { vnToday } from './sheet-inputs.js';


/**
 * Job positions (vị trí việc làm) of a unit with their capacity framework, task group,
 * effective dates and appointments; the product catalogue of each position, versioned
 * by effective date; and units' local overlays of products. Who may act:
 * position.access.ts and catalogue.access.ts (hr in scope); unit heads and inspectors
 * read their subtree.
 */
@ApiTags('positions')
@Controller()
@ReadsModels('positions_v1', 'personnel_v1')
@CommandsReadModels('positions_v1', 'personnel_v1')
export class PositionsController {
  constructor(
    @Inject(ScopeService) private readonly scope: ScopeService,
    @Inject(PositionQueries) private readonly positions: PositionQueries,
    @Inject(CommandExecutor) private readonly executor: CommandExecutor,
    @Inject(StaffDirectoryQueries) private readonly staff: StaffDirectoryQueries,
    @Inject(UnitQueries) private readonly units: UnitQueries,
  ) {}

  @Post('positions')
  @Roles('hr')
  @CommandHeaders()
  @ApiOperation({ summary: 'Establish a job position of a unit: code, title, category, capacity framework, task group, effective dates' })
  @ApiCreatedResponse({ type: CreatedResponse })
  async establish(@Body() b: EstablishPositionRequest, @Cmd() cmd: CommandCall): Promise<CreatedResponse> {
    const positionId = b.positionId ?? cmd.newId();
    const unitKnown = (await this.units.findById(b.unitId)) !== undefined;
    return cmd.run(
      positionDecider,
      positionStream(positionId),
      positionAccess,
      {
        type: 'EstablishPosition',
        data: { positionId, unitId: b.unitId, unitKnown, code: b.code, title: b.title, category: b.category, competencies: b.competencies, taskGroup: b.taskGroup, effectiveFrom: b.effectiveFrom, effectiveTo: b.effectiveTo ?? null },
      },
      { id: positionId, location: `/api/v1/positions/${positionId}` },
    ) as Promise<CreatedResponse>;
  }

  @Post('positions/:id/appointments')
  @HttpCode(200)
  @Roles('hr')
  @CommandHeaders()
  @ApiOperation({ summary: 'Appoint a person to the position from a date; a main position is refused while another main one is in force (409 position.main_position_held)' })
  @ApiOkResponse({ type: VersionResponse })
  async appoint(@Param('id') id: string, @Body() b: AppointRequest, @Cmd() cmd: CommandCall): Promise<VersionResponse> {
    const main = b.main ?? true;
    // Any main appointment open on or after `from` overlaps the new open-ended one (not only the one in force on `from`).
    const held = main ? await this.positions.mainPositionFrom(b.staffId, b.from) : null;
    return cmd.run(positionDecider, positionStream(id), positionAccess, {
      type: 'AppointStaff',
      data: { positionId: id, staffId: b.staffId, main, from: b.from, mainPositionElsewhere: held?.positionId ?? null, staffUnitId: (await this.staff.unitOf(b.staffId)) ?? null },
    });
  }

  @Post('positions/:id/appointment-endings')
  @HttpCode(200)
  @Roles('hr')
  @CommandHeaders()
  @ApiOperation({ summary: 'End a person\'s appointment to the position (the history keeps it)' })
  @ApiOkResponse({ type: VersionResponse })
  endAppointment(@Param('id') id: string, @Body() b: EndAppointmentRequest, @Cmd() cmd: CommandCall): Promise<VersionResponse> {
    return cmd.run(positionDecider, positionStream(id), positionAccess, { type: 'EndAppointment', data: { positionId: id, staffId: b.staffId, to: b.to, reason: b.reason } });
  }

  @Post('positions/:id/catalogue-versions')
  @HttpCode(200)
  @Roles('hr')
  @CommandHeaders()
  @ApiOperation({ summary: 'Publish a version of the position\'s product catalogue, in force from its date (after the last version\'s)' })
  @ApiOkResponse({ type: VersionResponse })
  async publishCatalogue(@Param('id') id: string, @Body() b: PublishCatalogueRequest, @Cmd() cmd: CommandCall): Promise<VersionResponse> {
    const { state } = await this.executor.load(positionDecider, positionStream(id));
    if (!seesPosition(await cmd.who(), state) || state.status === 'none') throw ruleError(POSITIONS_RULES.notFound, 'No such job position in your scope');
    return cmd.run(catalogueDecider, catalogueStream('position', id), catalogueAccess, {
      type: 'PublishCatalogueVersion',
      data: { ownerKind: 'position', ownerId: id, unitId: state.unitId, effectiveFrom: b.effectiveFrom, products: b.products, basis: b.basis },
    });
  }

  @Post('catalogue-overlays/:unitId/versions')
  @HttpCode(200)
  @Roles('hr')
  @CommandHeaders()
  @ApiOperation({ summary: 'Publish a version of a unit\'s local products: they apply to every position in the unit subtree (a position\'s own entry wins on the same code)' })
  @ApiOkResponse({ type: VersionResponse })
  async publishOverlay(@Param('unitId') unitId: string, @Body() b: PublishCatalogueRequest, @Cmd() cmd: CommandCall): Promise<VersionResponse> {
    const unitKnown = (await this.units.findById(unitId)) !== undefined;
    return cmd.run(catalogueDecider, catalogueStream('unit', unitId), catalogueAccess, {
      type: 'PublishCatalogueVersion',
      data: { ownerKind: 'unit', ownerId: unitId, unitId, unitKnown, effectiveFrom: b.effectiveFrom, products: b.products, basis: b.basis },
    });
  }

  @Get('positions')
  @Roles('hr', 'unit_head', 'inspector')
  @ApiOperation({ summary: 'Job positions of the units in your scope (optionally one unit subtree), with appointments' })
  @ApiOkResponse({ type: PositionListResponse })
  async list(@Query() q: PositionsQuery, @CurrentPrincipal() p: Principal): Promise<PositionListResponse> {
    return { items: await this.positions.positions(this.scope.unitScope(p), q.unitId) };
  }

  @Get('positions/:id')
  @Roles('hr', 'unit_head', 'inspector')
  @ApiOperation({ summary: 'One job position with its capacity framework and appointment history' })
  @ApiOkResponse({ type: PositionResponse })
  async get(@Param('id') id: string, @CurrentPrincipal() p: Principal): Promise<PositionResponse> {
    return this.readable(id, p);
  }

  @Get('positions/:id/catalogue')
  @Roles('hr', 'unit_head', 'inspector')
  @ApiOperation({ summary: 'The products in force for the position on a date: its catalogue version then, with the local overlays of its units' })
  @ApiOkResponse({ type: CatalogueResponse })
  async catalogue(@Param('id') id: string, @Query() q: CatalogueQuery, @CurrentPrincipal() p: Principal): Promise<CatalogueResponse> {
    await this.readable(id, p);
    const on = q.on ?? vnToday();
    const { own, overlaysRootFirst } = await this.positions.cataloguesFor(id);
    const products = [...catalogueInForce(own ?? undefined, overlaysRootFirst, on).values()].sort((a, b) => a.code.localeCompare(b.code));
    return { positionId: id, on, products };
  }

  private async readable(id: string, p: Principal): Promise<PositionResponse> {
    const row = await this.positions.position(id);
    if (!row || !(await this.scope.canSeeUnit(p, row.unitId))) throw ruleError(POSITIONS_RULES.notFound, 'No such job position in your scope');
    return row;
  }
}
