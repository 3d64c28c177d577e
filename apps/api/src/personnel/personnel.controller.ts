import { Body, Controller, Get, HttpCode, Inject, Param, Post, Query, Res } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import pg from 'pg';
import { staffAccess, staffDecider, staffStream, unitAccess } from '#domain';
import { unitDecider, unitStream } from '#domain';
import { CurrentPrincipal } from '../auth/current-principal.decorator.js';
import type { Principal } from '../auth/principal.js';
import { Roles } from '../auth/roles.decorator.js';
import { ScopeService } from '../auth/scope.service.js';
import { Cmd, type CommandCall } from '../commands/command-call.js';
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
    description: 'Each open assignment of the merged unit is handed over with reason `restructure`, in the same outcome, to `receiverId` or else the head of the receiving unit.',
  })
  @ApiOkResponse({ type: VersionResponse })
  async merge(@Param('id') id: string, @Body() body: MergeUnitRequest, @Cmd() cmd: CommandCall): Promise<VersionResponse> {
    // Multi-stream (the unit and each open assignment): its own handler, with the access rule of unit.access.ts.
    const outcome = await this.commands.execute(new MergeUnitWithOpenWork(id, body, cmd.ctx, await cmd.who()));
    cmd.headers(outcome.version, outcome.position);
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
    @Inject(ScopeService) private readonly scope: ScopeService,
    @Inject(PG_POOL) private readonly pool: pg.Pool,
  ) {}

  @Post()
  @Roles('hr')
  @CommandHeaders()
  @ApiOperation({ summary: 'Register a staff member in a unit' })
  @ApiCreatedResponse({ type: CreatedResponse })
  register(@Body() body: RegisterStaffRequest, @Cmd() cmd: CommandCall): Promise<CreatedResponse> {
    const staffId = body.staffId ?? cmd.newId();
    return cmd.run(staffDecider, staffStream(staffId), staffAccess, { type: 'RegisterStaff', data: { ...body, staffId } }, {
      id: staffId,
      location: `/api/v1/staff/${staffId}`,
    }) as Promise<CreatedResponse>;
  }

  @Post(':id/transfers')
  @HttpCode(200)
  @Roles('hr')
  @CommandHeaders()
  @ApiOperation({ summary: 'Transfer a staff member to another unit' })
  @ApiOkResponse({ type: VersionResponse })
  transfer(@Param('id') id: string, @Body() body: TransferStaffRequest, @Cmd() cmd: CommandCall): Promise<VersionResponse> {
    return cmd.run(staffDecider, staffStream(id), staffAccess, { type: 'TransferStaff', data: { staffId: id, ...body } });
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
}

const STAFF_SELECT = `SELECT id, personnel_code AS "personnelCode", full_name AS "fullName", category, unit_id AS "unitId",
  job_position AS "jobPosition", to_char(joined_on, 'YYYY-MM-DD') AS "joinedOn", status,
  to_char(left_on, 'YYYY-MM-DD') AS "leftOn", leadership, leaves, version FROM staff_v1`;
