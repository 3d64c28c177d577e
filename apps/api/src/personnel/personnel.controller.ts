import { Body, Controller, Get, HttpCode, Inject, Param, Post, Query, Req, Res } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import pg from 'pg';
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
import { PG_POOL } from '../infrastructure/database.tokens.js';
import { MergeUnitWithOpenWork } from '../work/unit-merge.handler.js';
import { CommandHeaders } from '../http/command-headers.js';
import { CreatedResponse, cursorOrFail, encodeCursor, notFound, VersionResponse, withEtag } from '../http/responses.js';
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
  TransferStaffRequest,
} from './personnel.dto.js';
import { newResourceId } from '../commands/resource-id.js';


/** Organisation: units and their subtree (HR registers; unit heads and inspectors read within scope). */
@ApiTags('units')
@Controller('units')
export class UnitsController {
  constructor(
    @Inject(CommandBus) private readonly commands: CommandBus,
    @Inject(ScopeService) private readonly scope: ScopeService,
    @Inject(PG_POOL) private readonly pool: pg.Pool,
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
    const unitId = body.unitId ?? newResourceId(request, principal);
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
  async list(@Query() query: PageQuery, @CurrentPrincipal() principal: Principal): Promise<{ items: unknown[]; nextCursor: string | null }> {
    const limit = query.limit ?? 50;
    const after = cursorOrFail(query.cursor);
    const scope = this.scope.unitCondition(principal, 'id', 2);
    const { rows } = await this.pool.query(
      `SELECT id, name, parent_unit_id AS "parentUnitId", path, status, merged_into AS "mergedInto",
              to_char(established_on, 'YYYY-MM-DD') AS "establishedOn", version
         FROM units_v1 WHERE path > $1 AND ${scope.sql} ORDER BY path LIMIT $2`,
      [after?.[0] ?? '', limit + 1, ...scope.params],
    );
    const page = rows.slice(0, limit);
    return { items: page, nextCursor: rows.length > limit ? encodeCursor([page.at(-1)!.path]) : null };
  }

  @Get(':id')
  @Roles('hr', 'unit_head', 'inspector', 'council', 'staff')
  @ApiOperation({ summary: 'One unit' })
  async get(@Param('id') id: string, @CurrentPrincipal() principal: Principal, @Res({ passthrough: true }) reply: FastifyReply): Promise<unknown> {
    const { rows } = await this.pool.query(
      `SELECT id, name, parent_unit_id AS "parentUnitId", path, status, merged_into AS "mergedInto",
              to_char(established_on, 'YYYY-MM-DD') AS "establishedOn", version FROM units_v1 WHERE id = $1`,
      [id],
    );
    if (!rows[0] || !(await this.scope.canSeeUnit(principal, id))) throw notFound('unit', id);
    withEtag(reply, rows[0].version);
    return rows[0];
  }
}

/** Staff: registration, transfers, leadership, leaves, departure; the directory. */
@ApiTags('staff')
@Controller('staff')
export class StaffController {
  constructor(
    @Inject(CommandBus) private readonly commands: CommandBus,
    @Inject(ScopeService) private readonly scope: ScopeService,
    @Inject(PG_POOL) private readonly pool: pg.Pool,
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
    const staffId = body.staffId ?? newResourceId(request, principal);
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
  async list(@Query() query: StaffListQuery, @CurrentPrincipal() principal: Principal): Promise<{ items: unknown[]; nextCursor: string | null }> {
    const limit = query.limit ?? 50;
    const after = cursorOrFail(query.cursor);
    const params: unknown[] = [after?.[0] ?? '', limit + 1];
    let where = 'id > $1';
    if (query.unitId) {
      params.push(query.unitId);
      where += ` AND unit_id = $${params.length}`;
    }
    const scope = this.scope.unitCondition(principal, 'unit_id', params.length);
    const { rows } = await this.pool.query(`${STAFF_SELECT} WHERE ${where} AND ${scope.sql} ORDER BY id LIMIT $2`, [...params, ...scope.params]);
    const page = rows.slice(0, limit);
    return { items: page, nextCursor: rows.length > limit ? encodeCursor([page.at(-1)!.id]) : null };
  }

  @Get(':id')
  @Roles('hr', 'unit_head', 'inspector', 'council', 'staff')
  @ApiOperation({ summary: 'One staff member (staff see their own record)' })
  async get(@Param('id') id: string, @CurrentPrincipal() principal: Principal, @Res({ passthrough: true }) reply: FastifyReply): Promise<unknown> {
    const { rows } = await this.pool.query(`${STAFF_SELECT} WHERE id = $1`, [id]);
    const row = rows[0];
    if (!row || !(await this.scope.canSeeStaff(principal, row, 'hr', 'unit_head', 'inspector', 'council'))) throw notFound('staff', id);
    withEtag(reply, row.version);
    return row;
  }

  private async assertStaffInScope(principal: Principal, staffId: string): Promise<void> {
    const { rows } = await this.pool.query('SELECT unit_id FROM staff_v1 WHERE id = $1', [staffId]);
    if (!rows[0]) throw notFound('staff', staffId);
    await this.scope.assertUnitInScope(principal, rows[0].unit_id, 'id');
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

const STAFF_SELECT = `SELECT id, personnel_code AS "personnelCode", full_name AS "fullName", category, unit_id AS "unitId",
  job_position AS "jobPosition", to_char(joined_on, 'YYYY-MM-DD') AS "joinedOn", status,
  to_char(left_on, 'YYYY-MM-DD') AS "leftOn", leadership, leaves, version FROM staff_v1`;
