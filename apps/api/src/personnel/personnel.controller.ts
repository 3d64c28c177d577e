import { Body, Controller, Get, HttpCode, Inject, Param, Post, Query, Res } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { staffAccess, staffDecider, staffStream, unitAccess } from '#domain';
import { unitDecider, unitStream } from '#domain';
import { CommandsReadModels, ReadsModels } from '../consistency/reads-models.decorator.js';
import { CurrentPrincipal } from '../auth/current-principal.decorator.js';
import type { Principal } from '../auth/principal.js';
import { Roles } from '../auth/roles.decorator.js';
import { ScopeService } from '../auth/scope.service.js';
import { StaffDirectoryQueries, UnitQueries } from '#read-models';
import { Cmd, type CommandCall } from '../commands/command-call.js';
import { UnitStandings } from '../commands/unit-standings.js';
import { MergeUnitWithOpenWork } from '../work/unit-merge.handler.js';
import { CommandHeaders } from '../http/command-headers.js';
import { CreatedResponse, notFound, VersionResponse, withEtag } from '../http/responses.js';
import { PageQuery } from '../http/common.dto.js';
import {
  AppointLeadershipRequest,
  EndLeadershipRequest,
  EstablishUnitRequest,
  MergeUnitRequest,
  RecordDepartureRequest,
  RecordLeaveRequest,
  RegisterStaffRequest,
  RenameUnitRequest,
  StaffListQuery,
  StaffPage,
  StaffResponse,
  UnitPage,
  UnitResponse,
  TransferStaffRequest,
} from './personnel.dto.js';


/** Organisation: units and their subtree (HR registers; unit heads and inspectors read within scope). */
@ApiTags('units')
@Controller('units')
@ReadsModels('personnel_v1')
@CommandsReadModels('personnel_v1', 'assignment_board_v1', 'dossiers_v1')
export class UnitsController {
  constructor(
    @Inject(CommandBus) private readonly commands: CommandBus,
    @Inject(ScopeService) private readonly scope: ScopeService,
    @Inject(UnitQueries) private readonly units: UnitQueries,
  ) {}

  @Post()
  @Roles('hr')
  @CommandHeaders()
  @ApiOperation({ summary: 'Establish a unit (optionally under a parent unit)' })
  @ApiCreatedResponse({ type: CreatedResponse })
  establish(@Body() body: EstablishUnitRequest, @Cmd() cmd: CommandCall): Promise<CreatedResponse> {
    const unitId = body.unitId ?? cmd.newId();
    return cmd.run(
      unitDecider,
      unitStream(unitId),
      unitAccess,
      { type: 'EstablishUnit', data: { unitId, name: body.name, parentUnitId: body.parentUnitId ?? null, establishedOn: body.establishedOn } },
      { id: unitId, location: `/api/v1/units/${unitId}` },
    ) as Promise<CreatedResponse>;
  }

  @Post(':id/renaming')
  @HttpCode(200)
  @Roles('hr')
  @CommandHeaders()
  @ApiOperation({ summary: 'Rename a unit' })
  @ApiOkResponse({ type: VersionResponse })
  rename(@Param('id') id: string, @Body() body: RenameUnitRequest, @Cmd() cmd: CommandCall): Promise<VersionResponse> {
    return cmd.run(unitDecider, unitStream(id), unitAccess, { type: 'RenameUnit', data: { unitId: id, ...body } });
  }

  @Post(':id/merger')
  @HttpCode(200)
  @Roles('hr')
  @CommandHeaders()
  @ApiOperation({
    summary: 'Merge a unit into another (2-level local government reform)',
    description:
      'In one atomic write: the merger, a `restructure` handoff of each open assignment of the merged unit (to `receiverId` or else the head of the receiving unit) ' +
      'and a `StaffTransferred` (reason `restructure`) of each of its people to the receiving unit. The merged unit then refuses new work and staff (409 `unit.merged`). ' +
      'An importer recording a past merger (occurredAt) has the handoffs timed at the merger\'s effective time (start of mergedOn, Vietnam time).',
  })
  @ApiOkResponse({ type: VersionResponse })
  async merge(@Param('id') id: string, @Body() body: MergeUnitRequest, @Cmd() cmd: CommandCall): Promise<VersionResponse> {
    // The unit event, the handoffs and the staff transfers in one outcome, with the access rule of unit.access.ts
    // (apps/api/src/work/unit-merge.handler.ts). Business time (occurredAt) is in cmd.ctx.
    const { occurredAt: _occurredAt, ...data } = body;
    const outcome = await this.commands.execute(new MergeUnitWithOpenWork(id, data, cmd.ctx, await cmd.who()));
    cmd.headers(outcome.version, outcome.position);
    return { version: outcome.version };
  }

  @Get()
  @Roles('hr', 'unit_head', 'inspector', 'council')
  @ApiOperation({ summary: 'Units in the caller\'s scope, by path' })
  @ApiOkResponse({ type: UnitPage })
  list(@Query() query: PageQuery, @CurrentPrincipal() principal: Principal): Promise<UnitPage> {
    return this.units.list(this.scope.unitScope(principal), { cursor: query.cursor, limit: query.limit ?? 50 });
  }

  @Get(':id')
  @Roles('hr', 'unit_head', 'inspector', 'council', 'staff')
  @ApiOperation({ summary: 'One unit' })
  @ApiOkResponse({ type: UnitResponse })
  async get(@Param('id') id: string, @CurrentPrincipal() principal: Principal, @Res({ passthrough: true }) reply: FastifyReply): Promise<UnitResponse> {
    const unit = await this.units.findById(id);
    if (!unit || !(await this.scope.canSeeUnit(principal, id))) throw notFound('unit', id);
    withEtag(reply, unit.version);
    return unit;
  }
}

/** Staff: registration, transfers, leadership, leaves, departure; the directory. */
@ApiTags('staff')
@Controller('staff')
@ReadsModels('personnel_v1')
@CommandsReadModels('personnel_v1')
export class StaffController {
  constructor(
    @Inject(ScopeService) private readonly scope: ScopeService,
    @Inject(StaffDirectoryQueries) private readonly staff: StaffDirectoryQueries,
    @Inject(UnitStandings) private readonly units: UnitStandings,
  ) {}

  @Post()
  @Roles('hr')
  @CommandHeaders()
  @ApiOperation({ summary: 'Register a staff member in a unit (a merged unit takes no new staff: 409 unit.merged)' })
  @ApiCreatedResponse({ type: CreatedResponse })
  async register(@Body() body: RegisterStaffRequest, @Cmd() cmd: CommandCall): Promise<CreatedResponse> {
    const staffId = body.staffId ?? cmd.newId();
    const unit = await this.units.of(body.unitId);
    return cmd.run(staffDecider, staffStream(staffId), staffAccess, { type: 'RegisterStaff', data: { ...body, staffId, unit } }, {
      id: staffId,
      location: `/api/v1/staff/${staffId}`,
    }) as Promise<CreatedResponse>;
  }

  @Post(':id/transfers')
  @HttpCode(200)
  @Roles('hr')
  @CommandHeaders()
  @ApiOperation({ summary: 'Transfer a staff member to another unit (not to a merged one: 409 unit.merged)' })
  @ApiOkResponse({ type: VersionResponse })
  async transfer(@Param('id') id: string, @Body() body: TransferStaffRequest, @Cmd() cmd: CommandCall): Promise<VersionResponse> {
    return cmd.run(staffDecider, staffStream(id), staffAccess, { type: 'TransferStaff', data: { staffId: id, ...body, toUnit: await this.units.of(body.toUnitId) } });
  }

  @Post(':id/leadership')
  @HttpCode(200)
  @Roles('hr')
  @CommandHeaders()
  @ApiOperation({ summary: 'Appoint to a leadership post (head or deputy of a unit)' })
  @ApiOkResponse({ type: VersionResponse })
  appoint(@Param('id') id: string, @Body() body: AppointLeadershipRequest, @Cmd() cmd: CommandCall): Promise<VersionResponse> {
    return cmd.run(staffDecider, staffStream(id), staffAccess, { type: 'AppointLeadership', data: { staffId: id, ...body } });
  }

  @Post(':id/leadership-end')
  @HttpCode(200)
  @Roles('hr')
  @CommandHeaders()
  @ApiOperation({ summary: 'End a leadership post' })
  @ApiOkResponse({ type: VersionResponse })
  endLeadership(@Param('id') id: string, @Body() body: EndLeadershipRequest, @Cmd() cmd: CommandCall): Promise<VersionResponse> {
    return cmd.run(staffDecider, staffStream(id), staffAccess, { type: 'EndLeadership', data: { staffId: id, ...body } });
  }

  @Post(':id/leaves')
  @HttpCode(200)
  @Roles('hr')
  @CommandHeaders()
  @ApiOperation({ summary: 'Record a leave (maternity, sick, study, unpaid, other)' })
  @ApiOkResponse({ type: VersionResponse })
  leave(@Param('id') id: string, @Body() body: RecordLeaveRequest, @Cmd() cmd: CommandCall): Promise<VersionResponse> {
    return cmd.run(staffDecider, staffStream(id), staffAccess, { type: 'RecordLeave', data: { staffId: id, ...body } });
  }

  @Post(':id/departure')
  @HttpCode(200)
  @Roles('hr')
  @CommandHeaders()
  @ApiOperation({ summary: 'Record that a staff member left' })
  @ApiOkResponse({ type: VersionResponse })
  depart(@Param('id') id: string, @Body() body: RecordDepartureRequest, @Cmd() cmd: CommandCall): Promise<VersionResponse> {
    return cmd.run(staffDecider, staffStream(id), staffAccess, { type: 'RecordDeparture', data: { staffId: id, ...body } });
  }

  @Get()
  @Roles('hr', 'unit_head', 'inspector', 'council')
  @ApiOperation({ summary: 'The staff directory within the caller\'s scope' })
  @ApiOkResponse({ type: StaffPage })
  list(@Query() query: StaffListQuery, @CurrentPrincipal() principal: Principal): Promise<StaffPage> {
    return this.staff.list({ unitId: query.unitId }, this.scope.unitScope(principal), { cursor: query.cursor, limit: query.limit ?? 50 });
  }

  @Get(':id')
  @Roles('hr', 'unit_head', 'inspector', 'council', 'staff')
  @ApiOperation({ summary: 'One staff member (staff see their own record)' })
  @ApiOkResponse({ type: StaffResponse })
  async get(@Param('id') id: string, @CurrentPrincipal() principal: Principal, @Res({ passthrough: true }) reply: FastifyReply): Promise<StaffResponse> {
    const row = await this.staff.findById(id);
    if (!row || !(await this.scope.canSeeStaff(principal, row, 'hr', 'unit_head', 'inspector', 'council'))) throw notFound('staff', id);
    withEtag(reply, row.version);
    return row;
  }
}
