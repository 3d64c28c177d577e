import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsBoolean, IsIn, IsInt, IsNumber, IsOptional, IsString, Matches, Max, MaxLength, Min, MinLength, ValidateBy, ValidateNested } from 'class-validator';
import { ASSIGNMENT_KINDS, isRepresentableDate, POSITION_CATEGORIES, type AssignmentKind, type PositionCategory } from '#domain';
import { PersonRef } from '../http/person-ref.js';

const ID = /^[A-Za-z0-9][A-Za-z0-9_.:-]{0,99}$/;
const DATE = /^\d{4}-\d{2}-\d{2}$/;
/** A date that exists on the calendar (2026-02-30 and 2026-13-01 do not). */
const CalendarDate = () => ValidateBy({ name: 'calendarDate', validator: { validate: (v: unknown) => isRepresentableDate(v), defaultMessage: () => 'must be a calendar date YYYY-MM-DD' } });
export const PERIOD = /^\d{4}-(0[1-9]|1[0-2]|Q[1-4])$/;

export class CompetencyDto {
  @ApiProperty({ example: 'Giao tiếp, hướng dẫn công dân' }) @IsString() @MaxLength(300) name!: string;
  @ApiProperty({ minimum: 1, maximum: 5, example: 3 }) @IsInt() level!: number;
}

export class EstablishPositionRequest {
  @ApiPropertyOptional({ example: 'xa-an-binh.mot-cua', description: 'Chosen id; generated when omitted' }) @IsOptional() @Matches(ID) positionId?: string;
  @ApiProperty({ example: 'xa-an-binh' }) @Matches(ID) unitId!: string;
  @ApiProperty({ example: 'VT-CM-07' }) @IsString() @MaxLength(50) code!: string;
  @ApiProperty({ example: 'Công chức tiếp nhận và trả kết quả (bộ phận một cửa)' }) @IsString() @MaxLength(300) title!: string;
  @ApiProperty({ enum: POSITION_CATEGORIES }) @IsIn(POSITION_CATEGORIES) category!: PositionCategory;
  @ApiProperty({ type: [CompetencyDto], description: 'The capacity framework: named competencies with the level required' })
  @IsArray() @ArrayMaxSize(50) @ValidateNested({ each: true }) @Type(() => CompetencyDto) competencies!: CompetencyDto[];
  @ApiProperty({ example: 'mot-cua', description: 'The group of similar tasks the excellent quota is applied within' }) @IsString() @MaxLength(100) taskGroup!: string;
  @ApiProperty({ example: '2026-01-01' }) @Matches(DATE) effectiveFrom!: string;
  @ApiPropertyOptional({ example: '2030-12-31' }) @IsOptional() @Matches(DATE) effectiveTo?: string;
}

export class AppointRequest {
  @ApiProperty({ example: 'nguyen-thi-hoa' }) @IsString() @MaxLength(100) @PersonRef() staffId!: string;
  @ApiPropertyOptional({ description: 'The person\'s main position (one at a time); default true' }) @IsOptional() @IsBoolean() main?: boolean;
  @ApiProperty({ example: '2026-01-05' }) @Matches(DATE) from!: string;
}

export class EndAppointmentRequest {
  @ApiProperty({ example: 'nguyen-thi-hoa' }) @IsString() @MaxLength(100) staffId!: string;
  @ApiProperty({ example: '2026-06-30' }) @Matches(DATE) to!: string;
  @ApiProperty({ example: 'Điều động sang vị trí địa chính' }) @IsString() @MaxLength(2000) reason!: string;
}

export class CatalogueProductDto {
  @ApiProperty({ example: 'MC-CT-01' }) @IsString() @MaxLength(50) code!: string;
  @ApiProperty({ example: 'Hồ sơ chứng thực bản sao từ bản chính' }) @IsString() @MaxLength(300) name!: string;
  @ApiProperty({ example: 'hồ sơ' }) @IsString() @MaxLength(50) unitOfMeasure!: string;
  @ApiProperty({ example: 0.25, description: 'Converted units (standard hours or points) per product: hệ số quy đổi' }) @IsNumber() coefficient!: number;
  @ApiProperty({ example: 'Đúng thành phần hồ sơ, không sai sót' }) @IsString() @MaxLength(1000) qualityCriterion!: string;
  @ApiProperty({ example: 1, description: 'Standard processing time in working days' }) @IsNumber() standardDays!: number;
  @ApiPropertyOptional({ enum: ASSIGNMENT_KINDS, nullable: true, type: String, description: 'The assignment kind this product is the default for (an assignment of that kind issued without a product names it, quantity 1)' })
  @IsOptional() @IsIn(ASSIGNMENT_KINDS) defaultFor?: AssignmentKind | null;
}

export class PublishCatalogueRequest {
  @ApiProperty({ example: '2026-01-01', description: 'In force from this date until the next version' }) @Matches(DATE) effectiveFrom!: string;
  @ApiProperty({ type: [CatalogueProductDto] }) @IsArray() @ArrayMaxSize(500) @ValidateNested({ each: true }) @Type(() => CatalogueProductDto) products!: CatalogueProductDto[];
  @ApiProperty({ example: 'Quyết định 45/QĐ-UBND ban hành danh mục sản phẩm' }) @IsString() @MaxLength(1000) basis!: string;
}

export class AssignmentProductRequest {
  @ApiPropertyOptional({ example: 'MC-CT-01', description: 'A product of the catalogue in force for the assignee\'s main position; omit for ad-hoc work' })
  @IsOptional() @IsString() @MaxLength(50) productCode?: string;
  @ApiProperty({ example: 12, description: 'How many products (> 0, at most 10,000)' }) @IsNumber() quantity!: number;
  @ApiPropertyOptional({ example: 4, description: 'Ad-hoc work only: converted units per product, set by the issuer' }) @IsOptional() @IsNumber() coefficient?: number;
  @ApiPropertyOptional({ example: 'Báo cáo đột xuất theo yêu cầu của UBND tỉnh', description: 'Required with an ad-hoc coefficient' })
  @IsOptional() @IsString() @MaxLength(2000) reason?: string;
}

export class CompetencyResponse {
  @ApiProperty() name!: string;
  @ApiProperty() level!: number;
}

export class AppointmentResponse {
  @ApiProperty() staffId!: string;
  @ApiProperty() main!: boolean;
  @ApiProperty() from!: string;
  @ApiProperty({ type: String, nullable: true }) to!: string | null;
}

export class PositionResponse {
  @ApiProperty() positionId!: string;
  @ApiProperty() unitId!: string;
  @ApiProperty() code!: string;
  @ApiProperty() title!: string;
  @ApiProperty({ enum: POSITION_CATEGORIES }) category!: string;
  @ApiProperty() taskGroup!: string;
  @ApiProperty({ type: [CompetencyResponse] }) competencies!: CompetencyResponse[];
  @ApiProperty() effectiveFrom!: string;
  @ApiProperty({ type: String, nullable: true }) effectiveTo!: string | null;
  @ApiProperty() version!: number;
  @ApiProperty({ type: [AppointmentResponse], description: 'Appointment history, oldest first' }) appointments!: AppointmentResponse[];
}

export class PositionListResponse {
  @ApiProperty({ type: [PositionResponse] }) items!: PositionResponse[];
}

export class PositionsQuery {
  @ApiPropertyOptional() @IsOptional() @Matches(ID) unitId?: string;
}

export class CatalogueQuery {
  @ApiPropertyOptional({ example: '2026-11-15', description: 'Date the catalogue is read as in force on; default today' }) @IsOptional() @Matches(DATE) @CalendarDate() on?: string;
}

export class ProductInForceResponse extends CatalogueProductDto {
  @ApiProperty({ description: 'Catalogue the product comes from (the position, or `unit.<id>` for a local overlay)' }) catalogueId!: string;
  @ApiProperty() version!: number;
  @ApiProperty({ enum: ['position', 'overlay'] }) origin!: string;
}

export class CatalogueResponse {
  @ApiProperty() positionId!: string;
  @ApiProperty() on!: string;
  @ApiProperty({ type: [ProductInForceResponse] }) products!: ProductInForceResponse[];
}

// ---- score sheets ----

export class DraftSheetsRequest {
  @ApiProperty({ example: '2026-11', description: 'YYYY-MM (monthly, the default) or YYYY-Qn when the policy scores quarterly' }) @Matches(PERIOD) period!: string;
  @ApiProperty({ example: 'xa-an-binh', description: 'Drafts the sheet of everyone whose main position is in this unit subtree' }) @Matches(ID) unitId!: string;
}

export class DraftSheetsResponse {
  @ApiProperty() period!: string;
  @ApiProperty({ minimum: 0 }) drafted!: number;
  @ApiProperty({ minimum: 0, description: 'Sheets whose record had not changed (nothing appended)' }) unchanged!: number;
  @ApiProperty({ type: [String], description: 'Staff whose sheet is already confirmed (changes only by revision)' }) confirmedAlready!: string[];
}

export class SheetSelfAssessmentRequest {
  @ApiProperty({ example: 'Hoàn thành 98 hồ sơ, 1 hồ sơ trễ do phần mềm lỗi' }) @IsString() @MinLength(1) @MaxLength(5000) comment!: string;
  @ApiPropertyOptional({ minimum: 0, maximum: 70, example: 65 }) @IsOptional() @IsNumber() @Min(0) @Max(70) selfPoints?: number;
}

export class AdjustmentDto {
  @ApiProperty({ example: 2, description: 'Points added (negative: removed)' }) @IsNumber() points!: number;
  @ApiProperty({ example: 'Tiếp dân thay đồng nghiệp nghỉ ốm' }) @IsString() @MaxLength(2000) reason!: string;
  @ApiProperty({ example: 'Quy chế làm việc UBND xã, điều 7' }) @IsString() @MaxLength(500) rule!: string;
}

export class ObjectiveCauseDto {
  @ApiProperty() @Matches(ID) assignmentId!: string;
  @ApiProperty({ enum: ['delay', 'quality'] }) @IsIn(['delay', 'quality']) kind!: 'delay' | 'quality';
  @ApiProperty({ example: 'Phần mềm một cửa ngừng hoạt động 2 ngày' }) @IsString() @MaxLength(2000) reason!: string;
}

export class ConfirmSheetRequest {
  @ApiPropertyOptional({ type: [AdjustmentDto] }) @IsOptional() @IsArray() @ArrayMaxSize(50) @ValidateNested({ each: true }) @Type(() => AdjustmentDto) adjustments?: AdjustmentDto[];
  @ApiPropertyOptional({ type: [ObjectiveCauseDto], description: 'Objective causes confirmed: their delays or failed assessments do not deduct' })
  @IsOptional() @IsArray() @ArrayMaxSize(50) @ValidateNested({ each: true }) @Type(() => ObjectiveCauseDto) objectiveCauses?: ObjectiveCauseDto[];
}

export class ReviseSheetRequest extends ConfirmSheetRequest {
  @ApiProperty({ example: 'Xác nhận lỗi phần mềm theo biên bản ngày 03/12' }) @IsString() @MaxLength(2000) reason!: string;
}

export class ContestSheetRequest {
  @ApiProperty({ example: 'Hồ sơ trễ hạn do lỗi hệ thống, đã báo cáo' }) @IsString() @MaxLength(5000) grounds!: string;
}

export class BulkConfirmRequest {
  @ApiProperty({ example: '2026-11' }) @Matches(PERIOD) period!: string;
  @ApiProperty({ example: 'xa-an-binh', description: 'Confirms every draft of the unit subtree as computed (no adjustments)' }) @Matches(ID) unitId!: string;
}

export class BulkConfirmedItem {
  @ApiProperty() staffId!: string;
  @ApiProperty() version!: number;
}

export class BulkRefusedItem {
  @ApiProperty() staffId!: string;
  @ApiProperty() code!: string;
}

export class BulkConfirmResponse {
  @ApiProperty({ type: [BulkConfirmedItem] }) confirmed!: BulkConfirmedItem[];
  @ApiProperty({ type: [BulkRefusedItem] }) refused!: BulkRefusedItem[];
}

export class SheetsQuery {
  @ApiPropertyOptional({ example: '2026-11' }) @IsOptional() @Matches(PERIOD) period?: string;
  @ApiPropertyOptional({ example: 2026 }) @IsOptional() @Type(() => Number) @IsInt() @Min(2000) @Max(2100) year?: number;
  @ApiPropertyOptional({ description: 'A unit subtree' }) @IsOptional() @Matches(ID) unitId?: string;
  @ApiPropertyOptional() @IsOptional() @Matches(ID) staffId?: string;
  @ApiPropertyOptional() @IsOptional() @Matches(ID) positionId?: string;
  @ApiPropertyOptional({ enum: ['draft', 'confirmed', 'published'] }) @IsOptional() @IsIn(['draft', 'confirmed', 'published']) status?: string;
  @ApiPropertyOptional({ enum: ['json', 'csv', 'xlsx'] }) @IsOptional() @IsIn(['json', 'csv', 'xlsx']) format?: 'json' | 'csv' | 'xlsx';
}

export class SheetListQuery extends SheetsQuery {
  @ApiPropertyOptional({ description: 'Opaque cursor from the previous page (`nextCursor`); JSON only (exports return every row)' }) @IsOptional() @IsString() @MaxLength(2048) cursor?: string;
  @ApiPropertyOptional({ minimum: 1, maximum: 1000, description: 'Page size; default 200' }) @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(1000) limit?: number;
}

export class KpiQuery extends SheetsQuery {
  @ApiPropertyOptional({ enum: ['staff', 'position', 'unit', 'subtree'], description: 'Rows per staff member (default), per position, per unit, or one row per period for the whole unit subtree (`unitId`)' })
  @IsOptional() @IsIn(['staff', 'position', 'unit', 'subtree']) groupBy?: 'staff' | 'position' | 'unit' | 'subtree';
}

export class SheetRowResponse {
  @ApiProperty() staffId!: string;
  @ApiProperty({ type: String, nullable: true }) fullName!: string | null;
  @ApiProperty() period!: string;
  @ApiProperty() unitId!: string;
  @ApiProperty({ type: String, nullable: true }) positionId!: string | null;
  @ApiProperty({ type: String, nullable: true, description: 'The title of the sheet\'s position' }) positionTitle!: string | null;
  @ApiProperty() taskGroup!: string;
  @ApiProperty({ enum: ['draft', 'confirmed', 'published'] }) status!: string;
  @ApiProperty({ description: 'Converted units assigned' }) plannedUnits!: number;
  @ApiProperty({ description: 'Converted units delivered (the converted output)' }) deliveredUnits!: number;
  @ApiProperty({ type: Number, nullable: true, description: 'Share of the planned units delivered on time' }) onTimeShare!: number | null;
  @ApiProperty({ type: Number, nullable: true, description: 'Share of the planned units meeting the quality requirements' }) qualityShare!: number | null;
  @ApiProperty({ type: Number, nullable: true }) computedPoints!: number | null;
  @ApiProperty({ type: Number, nullable: true, description: 'Task points 0..70 after adjustments and revisions' }) taskPoints!: number | null;
  @ApiProperty() adjustmentPoints!: number;
  @ApiProperty() qualityDeductions!: number;
  @ApiProperty() progressDeductions!: number;
  @ApiProperty() selfAssessed!: boolean;
  @ApiProperty({ type: Number, nullable: true }) selfPoints!: number | null;
  @ApiProperty() contestPending!: boolean;
  @ApiProperty() revisions!: number;
  @ApiProperty({ type: 'object', additionalProperties: { type: 'number' }, description: 'Converted units per product code' }) products!: Record<string, number>;
  @ApiProperty({ description: 'Rank by task points within the unit\'s task group for the period' }) rankInTaskGroup!: number;
  @ApiProperty() groupSize!: number;
  @ApiProperty() version!: number;
}

export class SheetListResponse {
  @ApiProperty({ type: [SheetRowResponse] }) items!: SheetRowResponse[];
  @ApiProperty({ nullable: true, type: String, description: 'Cursor of the next page; null on the last' }) nextCursor!: string | null;
}

export class SheetLineResponse {
  @ApiProperty() assignmentId!: string;
  @ApiProperty({ type: String, nullable: true }) productCode!: string | null;
  @ApiProperty() units!: number;
  @ApiProperty() deliveredUnits!: number;
  @ApiProperty() quantityPoints!: number;
  @ApiProperty() qualityPoints!: number;
  @ApiProperty() progressPoints!: number;
  @ApiProperty() qualityDeductions!: number;
  @ApiProperty() progressDeductions!: number;
  @ApiProperty({ type: [String] }) excused!: string[];
}

export class SheetDetailResponse extends SheetRowResponse {
  @ApiProperty({ type: [SheetLineResponse] }) lines!: SheetLineResponse[];
  @ApiProperty({ type: [AdjustmentDto] }) adjustments!: AdjustmentDto[];
}

export class KpiRowResponse {
  @ApiProperty({ description: 'Staff id, position id or unit id, per groupBy (the subtree root for `subtree`)' }) key!: string;
  @ApiProperty({ type: String, nullable: true, description: 'The person\'s name (groupBy=staff) or the position\'s title (groupBy=position)' }) label!: string | null;
  @ApiProperty() period!: string;
  @ApiProperty({ minimum: 0 }) sheets!: number;
  @ApiProperty() plannedUnits!: number;
  @ApiProperty({ description: 'Converted output' }) deliveredUnits!: number;
  @ApiProperty({ type: Number, nullable: true }) onTimeShare!: number | null;
  @ApiProperty({ type: Number, nullable: true }) qualityShare!: number | null;
  @ApiProperty({ type: Number, nullable: true, description: 'Average task points of the sheets' }) taskPoints!: number | null;
  @ApiProperty({ type: Number, nullable: true, description: 'Staff rows: rank within the task group' }) rankInTaskGroup!: number | null;
}

export class KpiResponse {
  @ApiProperty({ enum: ['staff', 'position', 'unit', 'subtree'] }) groupBy!: string;
  @ApiProperty({ type: [KpiRowResponse] }) items!: KpiRowResponse[];
}
