import { randomUUID } from 'node:crypto';
import { Body, Controller, Get, HttpCode, Inject, Param, Post, Query, Req, Res } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { StaffCommand } from '#domain';
import { staffDecider, staffStream } from '#domain';
import { unitDecider, unitStream } from '#domain';
import { HttpProblem } from '#platform';
import { CurrentPrincipal } from '../auth/current-principal.decorator.js';
import type { Principal } from '../auth/principal.js';
import { Roles } from '../auth/roles.decorator.js';
import { ScopeService } from '../auth/scope.service.js';
import { commandContext } from '../commands/command-context.js';
import { runDecision } from '../http/run-decision.js';
import { StaffDirectoryQueries, UnitQueries } from '#read-models';
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
  async establish(
    @Body() body: EstablishUnitRequest,
    @CurrentPrincipal() principal: Principal,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<CreatedResponse> {
    if (body.parentUnitId) await this.scope.assertUnitInScope(principal, body.parentUnitId, 'parentUnitId');
    else if (!this.scope.seesAll(principal)) {
      throw new HttpProblem(403, 'outside_unit_scope', 'Forbidden', 'Only callers scoped to every unit (*) may establish a top-level unit');
    }
    const unitId = body.unitId ?? randomUUID();
    const outcome = await runDecision(
      this.commands,
      unitDecider,
      unitStream(unitId),
      (now) => ({
        type: 'EstablishUnit' as const,
        data: { unitId, name: body.name, parentUnitId: body.parentUnitId ?? null, establishedOn: body.establishedOn },
        now,
        actor: principal.sub,
      }),
      principal,
      request,
      reply,
    );
    void reply.header('location', `/api/v1/units/${unitId}`);
    return { id: unitId, version: outcome.version };
  }

  @Post(':id/renaming')
  @HttpCode(200)
  @Roles('hr')
  @CommandHeaders()
  @ApiOperation({ summary: 'Rename a unit' })
  @ApiOkResponse({ type: VersionResponse })
  async rename(
    @Param('id') id: string,
    @Body() body: RenameUnitRequest,
    @CurrentPrincipal() principal: Principal,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<VersionResponse> {
    await this.scope.assertUnitInScope(principal, id, 'id');
    const outcome = await runDecision(
      this.commands,
      unitDecider,
      unitStream(id),
      (now) => ({ type: 'RenameUnit' as const, data: { unitId: id, ...body }, now, actor: principal.sub }),
      principal,
      request,
      reply,
    );
    return { version: outcome.version };
  }

  @Post(':id/merger')
  @HttpCode(200)
  @Roles('hr')
  @CommandHeaders()
  @ApiOperation({
    summary: 'Merge a unit into another (2-level local government reform)',
    description: 'Each open assignment of the merged unit is handed over with reason `restructure`, in the same outcome, to `receiverId` or else the head of the receiving unit.',
  })
  @ApiOkResponse({ type: VersionResponse })
  async merge(
    @Param('id') id: string,
    @Body() body: MergeUnitRequest,
    @CurrentPrincipal() principal: Principal,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<VersionResponse> {
    await this.scope.assertUnitInScope(principal, id, 'id');
    await this.scope.assertUnitInScope(principal, body.intoUnitId, 'intoUnitId');
    const ctx = commandContext(request, principal);
    // The unit event and one restructure handoff per open assignment, in one outcome (apps/api/src/work/unit-merge.handler.ts).
    const outcome = await this.commands.execute(new MergeUnitWithOpenWork(id, body, ctx));
    withEtag(reply, outcome.version);
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
export class StaffController {
  constructor(
    @Inject(CommandBus) private readonly commands: CommandBus,
    @Inject(ScopeService) private readonly scope: ScopeService,
    @Inject(StaffDirectoryQueries) private readonly staff: StaffDirectoryQueries,
  ) {}

  @Post()
  @Roles('hr')
  @CommandHeaders()
  @ApiOperation({ summary: 'Register a staff member in a unit' })
  @ApiCreatedResponse({ type: CreatedResponse })
  async register(
    @Body() body: RegisterStaffRequest,
    @CurrentPrincipal() principal: Principal,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<CreatedResponse> {
    await this.scope.assertUnitInScope(principal, body.unitId);
    const staffId = body.staffId ?? randomUUID();
    const outcome = await runDecision(
      this.commands,
      staffDecider,
      staffStream(staffId),
      (now) => ({ type: 'RegisterStaff' as const, data: { ...body, staffId }, now, actor: principal.sub }),
      principal,
      request,
      reply,
    );
    void reply.header('location', `/api/v1/staff/${staffId}`);
    return { id: staffId, version: outcome.version };
  }

  @Post(':id/transfers')
  @HttpCode(200)
  @Roles('hr')
  @CommandHeaders()
  @ApiOperation({ summary: 'Transfer a staff member to another unit' })
  @ApiOkResponse({ type: VersionResponse })
  async transfer(@Param('id') id: string, @Body() body: TransferStaffRequest, @CurrentPrincipal() p: Principal, @Req() r: FastifyRequest, @Res({ passthrough: true }) reply: FastifyReply): Promise<VersionResponse> {
    await this.assertStaffInScope(p, id);
    await this.scope.assertUnitInScope(p, body.toUnitId, 'toUnitId');
    return this.run(id, { type: 'TransferStaff', data: { staffId: id, ...body } }, p, r, reply);
  }

  @Post(':id/leadership')
  @HttpCode(200)
  @Roles('hr')
  @CommandHeaders()
  @ApiOperation({ summary: 'Appoint to a leadership post (head or deputy of a unit)' })
  @ApiOkResponse({ type: VersionResponse })
  async appoint(@Param('id') id: string, @Body() body: AppointLeadershipRequest, @CurrentPrincipal() p: Principal, @Req() r: FastifyRequest, @Res({ passthrough: true }) reply: FastifyReply): Promise<VersionResponse> {
    await this.assertStaffInScope(p, id);
    await this.scope.assertUnitInScope(p, body.unitId);
    return this.run(id, { type: 'AppointLeadership', data: { staffId: id, ...body } }, p, r, reply);
  }

  @Post(':id/leadership-end')
  @HttpCode(200)
  @Roles('hr')
  @CommandHeaders()
  @ApiOperation({ summary: 'End a leadership post' })
  @ApiOkResponse({ type: VersionResponse })
  async endLeadership(@Param('id') id: string, @Body() body: EndLeadershipRequest, @CurrentPrincipal() p: Principal, @Req() r: FastifyRequest, @Res({ passthrough: true }) reply: FastifyReply): Promise<VersionResponse> {
    await this.assertStaffInScope(p, id);
    return this.run(id, { type: 'EndLeadership', data: { staffId: id, ...body } }, p, r, reply);
  }

  @Post(':id/leaves')
  @HttpCode(200)
  @Roles('hr')
  @CommandHeaders()
  @ApiOperation({ summary: 'Record a leave (maternity, sick, study, unpaid, other)' })
  @ApiOkResponse({ type: VersionResponse })
  async leave(@Param('id') id: string, @Body() body: RecordLeaveRequest, @CurrentPrincipal() p: Principal, @Req() r: FastifyRequest, @Res({ passthrough: true }) reply: FastifyReply): Promise<VersionResponse> {
    await this.assertStaffInScope(p, id);
    return this.run(id, { type: 'RecordLeave', data: { staffId: id, ...body } }, p, r, reply);
  }

  @Post(':id/departure')
  @HttpCode(200)
  @Roles('hr')
  @CommandHeaders()
  @ApiOperation({ summary: 'Record that a staff member left' })
  @ApiOkResponse({ type: VersionResponse })
  async depart(@Param('id') id: string, @Body() body: RecordDepartureRequest, @CurrentPrincipal() p: Principal, @Req() r: FastifyRequest, @Res({ passthrough: true }) reply: FastifyReply): Promise<VersionResponse> {
    await this.assertStaffInScope(p, id);
    return this.run(id, { type: 'RecordDeparture', data: { staffId: id, ...body } }, p, r, reply);
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

  private async assertStaffInScope(principal: Principal, staffId: string): Promise<void> {
    const unitId = await this.staff.unitOf(staffId);
    if (!unitId) throw notFound('staff', staffId);
    await this.scope.assertUnitInScope(principal, unitId, 'id');
  }

  private async run(
    staffId: string,
    command: { type: string; data: Record<string, unknown> },
    principal: Principal,
    request: FastifyRequest,
    reply: FastifyReply,
  ): Promise<VersionResponse> {
    const outcome = await runDecision(
      this.commands,
      staffDecider,
      staffStream(staffId),
      (now) => ({ ...command, now, actor: principal.sub }) as StaffCommand,
      principal,
      request,
      reply,
    );
    return { version: outcome.version };
  }
}
