import type { AssignmentProductInput, CatalogueProduct, PositionCategory, SheetItem } from '#domain';
import type { EventToAppend } from '#event-store';
import type { Prng } from './prng.js';

/**
 * Issue 14 in the demo province: job positions with realistic product catalogues for a
 * commune, a department and the one-stop-shop centre, the staff appointed to them, and
 * the products their work names. Coefficients are standard hours per product, in the
 * manner of the provincial work-norm catalogues (illustrative values, not a province's).
 */
export interface SeedPosition {
  readonly code: string;
  readonly title: string;
  readonly category: PositionCategory;
  readonly taskGroup: string;
  readonly competencies: ReadonlyArray<{ name: string; level: number }>;
  readonly products: readonly CatalogueProduct[];
}

const p = (code: string, name: string, unitOfMeasure: string, coefficient: number, standardDays: number, qualityCriterion: string): CatalogueProduct => ({
  code, name, unitOfMeasure, coefficient, standardDays, qualityCriterion,
});
const LEGAL = 'Đúng quy định pháp luật, đủ thành phần hồ sơ, không phải trả lại';
const REPORT = 'Đầy đủ số liệu, đúng thể thức, được lãnh đạo thông qua không phải sửa lớn';

export const COMMUNE_SET: readonly SeedPosition[] = [
  {
    code: 'VT-TP-HT', title: 'Công chức Tư pháp - Hộ tịch', category: 'professional', taskGroup: 'tu-phap-ho-tich',
    competencies: [{ name: 'Pháp luật hộ tịch, chứng thực', level: 4 }, { name: 'Giao tiếp với công dân', level: 3 }],
    products: [
      p('HT-KS', 'Hồ sơ đăng ký khai sinh', 'hồ sơ', 0.5, 1, LEGAL),
      p('HT-KH', 'Hồ sơ đăng ký kết hôn', 'hồ sơ', 1, 3, LEGAL),
      p('CT-BS', 'Chứng thực bản sao từ bản chính', 'bản', 0.1, 1, LEGAL),
      p('TP-HG', 'Vụ việc hòa giải ở cơ sở', 'vụ việc', 6, 15, 'Có biên bản hòa giải, các bên ký xác nhận'),
    ],
  },
  {
    code: 'VT-DC-XD', title: 'Công chức Địa chính - Xây dựng - Nông nghiệp và Môi trường', category: 'professional', taskGroup: 'dia-chinh',
    competencies: [{ name: 'Pháp luật đất đai', level: 4 }, { name: 'Đo đạc, bản đồ', level: 3 }],
    products: [
      p('DC-GCN', 'Hồ sơ đề nghị cấp giấy chứng nhận quyền sử dụng đất lần đầu', 'hồ sơ', 8, 15, LEGAL),
      p('DC-TC', 'Hồ sơ hòa giải tranh chấp đất đai', 'vụ việc', 16, 45, 'Biên bản hòa giải hợp lệ, đúng thời hạn luật định'),
      p('DC-KT', 'Biên bản kiểm tra hiện trạng sử dụng đất', 'biên bản', 3, 5, 'Có sơ đồ, ảnh hiện trạng, chữ ký các bên'),
      p('XD-GP', 'Hồ sơ cấp giấy phép xây dựng nhà ở riêng lẻ', 'hồ sơ', 4, 15, LEGAL),
    ],
  },
  {
    code: 'VT-VH-XH', title: 'Công chức Văn hóa - Xã hội', category: 'professional', taskGroup: 'van-hoa-xa-hoi',
    competencies: [{ name: 'Chính sách an sinh xã hội', level: 3 }],
    products: [
      p('XH-TC', 'Hồ sơ hưởng trợ cấp xã hội hằng tháng', 'hồ sơ', 2, 10, LEGAL),
      p('XH-NCC', 'Hồ sơ xác nhận người có công', 'hồ sơ', 3, 10, LEGAL),
      p('VH-BC', 'Báo cáo phong trào văn hóa ở khu dân cư', 'báo cáo', 4, 7, REPORT),
    ],
  },
];

export const DEPARTMENT_SET: readonly SeedPosition[] = [
  {
    code: 'VT-CV-TH', title: 'Chuyên viên tổng hợp', category: 'professional', taskGroup: 'tong-hop',
    competencies: [{ name: 'Soạn thảo văn bản quản lý nhà nước', level: 4 }, { name: 'Phân tích, tổng hợp', level: 4 }],
    products: [
      p('TH-BCD', 'Báo cáo định kỳ tháng, quý', 'báo cáo', 6, 5, REPORT),
      p('TH-TTR', 'Tờ trình, dự thảo quyết định của lãnh đạo Sở', 'văn bản', 8, 10, REPORT),
      p('TH-CV', 'Công văn trả lời, hướng dẫn nghiệp vụ', 'văn bản', 2, 5, REPORT),
    ],
  },
  {
    code: 'VT-CV-TD', title: 'Chuyên viên thẩm định, kiểm tra', category: 'professional', taskGroup: 'tham-dinh',
    competencies: [{ name: 'Pháp luật chuyên ngành', level: 4 }, { name: 'Kiểm tra, thanh tra', level: 3 }],
    products: [
      p('TD-HS', 'Hồ sơ thẩm định đề án, dự án', 'hồ sơ', 16, 20, 'Có báo cáo thẩm định, ý kiến các đơn vị liên quan'),
      p('KT-BB', 'Biên bản và báo cáo kết quả kiểm tra', 'cuộc kiểm tra', 12, 15, 'Kết luận rõ sai phạm, kiến nghị xử lý'),
      p('TD-DT', 'Trả lời đơn thư, kiến nghị của công dân', 'đơn', 3, 10, 'Đúng thẩm quyền, đúng hạn, có căn cứ'),
    ],
  },
];

export const ONE_STOP_SET: readonly SeedPosition[] = [
  {
    code: 'VT-MC', title: 'Công chức tiếp nhận và trả kết quả (Bộ phận Một cửa)', category: 'professional', taskGroup: 'mot-cua',
    competencies: [{ name: 'Quy trình một cửa, một cửa liên thông', level: 4 }, { name: 'Giao tiếp với tổ chức, công dân', level: 4 }, { name: 'Sử dụng hệ thống thông tin giải quyết TTHC', level: 3 }],
    products: [
      p('MC-TN', 'Tiếp nhận, kiểm tra và số hóa hồ sơ thủ tục hành chính', 'hồ sơ', 0.25, 1, 'Đủ thành phần, số hóa đúng, không yêu cầu bổ sung quá một lần'),
      p('MC-TKQ', 'Trả kết quả giải quyết thủ tục hành chính', 'hồ sơ', 0.1, 1, 'Đúng hẹn, đúng người nhận'),
      p('MC-HD', 'Hướng dẫn, giải đáp thủ tục cho tổ chức, công dân', 'lượt', 0.2, 1, 'Hướng dẫn đầy đủ một lần'),
      p('MC-XL', 'Văn bản xin lỗi và hẹn lại ngày trả kết quả', 'văn bản', 0.5, 1, 'Gửi trước ngày hẹn, nêu rõ lý do'),
    ],
  },
];

/** Quantities that make sense for a product on one assignment (bulk counter work comes in dozens). */
export function quantityFor(product: CatalogueProduct, rng: Prng): number {
  if (product.coefficient <= 0.25) return rng.int(10, 60);
  if (product.coefficient <= 1) return rng.int(2, 12);
  if (product.coefficient <= 4) return rng.int(1, 4);
  return 1;
}

/** The product an assignment names: usually the position's catalogue, now and then ad-hoc work with the issuer's reason. */
export function productFor(
  rng: Prng,
  position: { positionId: string; products: readonly CatalogueProduct[]; version: number },
): AssignmentProductInput {
  if (rng.chance(0.05)) {
    return { productCode: null, quantity: 1, coefficient: rng.pick([2, 4, 8]), reason: 'Nhiệm vụ đột xuất theo chỉ đạo của Ủy ban nhân dân tỉnh', positionId: position.positionId, catalogued: null };
  }
  const product = rng.pick(position.products);
  return {
    productCode: product.code,
    quantity: quantityFor(product, rng),
    coefficient: null,
    reason: null,
    positionId: position.positionId,
    catalogued: { catalogueId: position.positionId, version: position.version, name: product.name, unitOfMeasure: product.unitOfMeasure, coefficient: product.coefficient },
  };
}

/**
 * A person's sheet items for a month, read from the generated assignment events
 * (the same reading as the read model: the holder at the end, completion and its
 * lateness, the final review), converted with the catalogue version in force.
 */
export function itemsFromEvents(
  events: readonly EventToAppend[],
  coefficientOf: (positionId: string, code: string) => { coefficient: number; source: string } | undefined,
): { holder: string; item: SheetItem } | null {
  let holder = '';
  let dueAt = '';
  let title = '';
  let completed = false;
  let late = false;
  let quality: SheetItem['quality'] = null;
  let cancelled = false;
  let product: Record<string, unknown> | null = null;
  let assignmentId = '';
  for (const e of events) {
    const d = e.data;
    switch (e.type) {
      case 'AssignmentIssued':
        assignmentId = d.assignmentId as string;
        holder = d.assignee as string;
        dueAt = d.dueAt as string;
        title = d.title as string;
        break;
      case 'AssignmentProductNamed':
        product = d;
        break;
      case 'AssignmentHandedOff':
        holder = d.to as string;
        break;
      case 'AssignmentDeclined':
        holder = d.returnedTo as string;
        break;
      case 'DeadlineExtended':
      case 'ApologyIssued':
        dueAt = d.newDueAt as string;
        break;
      case 'AssignmentCompleted':
        completed = true;
        late = d.late === true;
        holder = d.completedBy as string;
        break;
      case 'CompletionReviewed':
        quality = d.quality as SheetItem['quality'];
        break;
      case 'AssignmentCancelled':
        cancelled = true;
        break;
    }
  }
  if (!assignmentId || cancelled) return null;
  const code = (product?.productCode as string | null) ?? null;
  const positionId = (product?.positionId as string | null) ?? null;
  const inForce = code && positionId ? coefficientOf(positionId, code) : undefined;
  const coefficient = inForce?.coefficient ?? ((product?.coefficient as number | undefined) ?? 1);
  const source = inForce?.source ?? (product ? (code ? 'coefficient at issue' : `ad hoc, set by the issuer: ${String(product.adHocReason)}`) : 'no product named: one unit');
  return {
    holder,
    item: {
      assignmentId, title, productCode: code, productName: (product?.productName as string | null) ?? null, unitOfMeasure: (product?.unitOfMeasure as string | null) ?? null,
      quantity: (product?.quantity as number | undefined) ?? 1, coefficient, coefficientSource: source, dueAt, completed, delays: late ? 1 : 0, quality,
      belowReviews: quality === 'below' ? 1 : 0,
    },
  };
}
