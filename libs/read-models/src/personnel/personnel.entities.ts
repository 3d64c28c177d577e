import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/** Units with their materialized path of ancestor ids (`/root/dept/`), for subtree scope checks. */
@Entity({ name: 'units_v1' })
export class UnitRow {
  @PrimaryColumn('text') id!: string;
  @Column('text') name!: string;
  @Column('text', { name: 'parent_unit_id', nullable: true }) parentUnitId!: string | null;
  @Index() @Column('text') path!: string;
  @Column('text') status!: 'active' | 'merged';
  @Column('text', { name: 'merged_into', nullable: true }) mergedInto!: string | null;
  @Column('date', { name: 'established_on' }) establishedOn!: string;
  @Column('integer') version!: number;
}

export interface LeadershipPostView {
  readonly role: 'head' | 'deputy';
  readonly unitId: string;
  readonly since: string;
}

export interface LeaveView {
  readonly kind: string;
  readonly from: string;
  readonly to: string;
}

/** The staff directory. */
@Entity({ name: 'staff_v1' })
export class StaffRow {
  @PrimaryColumn('text') id!: string;
  @Column('text', { name: 'personnel_code' }) personnelCode!: string;
  @Column('text', { name: 'full_name' }) fullName!: string;
  @Column('text') category!: string;
  @Index() @Column('text', { name: 'unit_id' }) unitId!: string;
  @Column('text', { name: 'job_position' }) jobPosition!: string;
  @Column('date', { name: 'joined_on' }) joinedOn!: string;
  @Column('text') status!: 'active' | 'left';
  @Column('date', { name: 'left_on', nullable: true }) leftOn!: string | null;
  @Column('jsonb') leadership!: LeadershipPostView[];
  @Column('jsonb') leaves!: LeaveView[];
  @Column('integer') version!: number;
}
