/**
 * Vietnamese names and the shape of a demo province after the 2025 two-level local
 * government reform (province -> commune/ward; districts abolished from 2025-07-01).
 * The province and commune names are fictional; the department names are the real
 * names of provincial departments after the 2025 reorganisation.
 */

export const PROVINCE_NAME = 'Ủy ban nhân dân tỉnh Thái An (dữ liệu mẫu)';

export const FAMILY_NAMES: readonly (readonly [string, number])[] = [
  ['Nguyễn', 38], ['Trần', 11], ['Lê', 9.5], ['Phạm', 7], ['Hoàng', 5], ['Huỳnh', 4], ['Phan', 4], ['Vũ', 3.9],
  ['Võ', 3.5], ['Đặng', 2.1], ['Bùi', 2], ['Đỗ', 1.4], ['Hồ', 1.3], ['Ngô', 1.3], ['Dương', 1], ['Lý', 0.5],
];

export const MIDDLE_NAMES_MALE: readonly string[] = ['Văn', 'Hữu', 'Đức', 'Công', 'Quang', 'Minh', 'Thành', 'Xuân', 'Đình', 'Ngọc', 'Quốc', 'Trọng'];
export const MIDDLE_NAMES_FEMALE: readonly string[] = ['Thị', 'Ngọc', 'Thu', 'Thanh', 'Kim', 'Minh', 'Hồng', 'Bích', 'Phương', 'Diệu'];
export const GIVEN_NAMES_MALE: readonly string[] = [
  'An', 'Bình', 'Cường', 'Dũng', 'Đạt', 'Hải', 'Hiếu', 'Hùng', 'Huy', 'Khánh', 'Khoa', 'Long', 'Minh', 'Nam', 'Nghĩa', 'Phong',
  'Phúc', 'Quân', 'Quang', 'Sơn', 'Tài', 'Thắng', 'Thành', 'Thịnh', 'Toàn', 'Trung', 'Tuấn', 'Việt', 'Vinh', 'Vũ',
];
export const GIVEN_NAMES_FEMALE: readonly string[] = [
  'Anh', 'Châu', 'Dung', 'Giang', 'Hà', 'Hạnh', 'Hằng', 'Hoa', 'Hương', 'Lan', 'Linh', 'Loan', 'Mai', 'My', 'Nga', 'Ngân',
  'Nhung', 'Oanh', 'Phương', 'Quyên', 'Thảo', 'Thủy', 'Trang', 'Trinh', 'Tuyết', 'Uyên', 'Vân', 'Yến',
];

/** Provincial departments (sở) and equivalents, with their specialised divisions (phòng). */
export const DEPARTMENTS: readonly { readonly name: string; readonly divisions: readonly string[] }[] = [
  { name: 'Sở Nội vụ', divisions: ['Phòng Tổ chức, biên chế', 'Phòng Công chức, viên chức', 'Phòng Thi đua, khen thưởng'] },
  { name: 'Sở Tài chính', divisions: ['Phòng Quản lý ngân sách', 'Phòng Quản lý giá và công sản', 'Phòng Đăng ký kinh doanh'] },
  { name: 'Sở Tư pháp', divisions: ['Phòng Văn bản và thi hành pháp luật', 'Phòng Hành chính tư pháp', 'Phòng Bổ trợ tư pháp'] },
  { name: 'Sở Y tế', divisions: ['Phòng Nghiệp vụ y', 'Phòng Nghiệp vụ dược', 'Phòng Bảo trợ xã hội'] },
  { name: 'Sở Giáo dục và Đào tạo', divisions: ['Phòng Giáo dục phổ thông', 'Phòng Khảo thí và kiểm định'] },
  { name: 'Sở Xây dựng', divisions: ['Phòng Quy hoạch - kiến trúc', 'Phòng Quản lý hoạt động xây dựng', 'Phòng Quản lý giao thông'] },
  { name: 'Sở Nông nghiệp và Môi trường', divisions: ['Phòng Đất đai', 'Phòng Môi trường', 'Phòng Trồng trọt và thủy lợi'] },
  { name: 'Sở Công Thương', divisions: ['Phòng Quản lý thương mại', 'Phòng Quản lý công nghiệp'] },
  { name: 'Sở Khoa học và Công nghệ', divisions: ['Phòng Chuyển đổi số', 'Phòng Quản lý khoa học'] },
  { name: 'Sở Văn hóa, Thể thao và Du lịch', divisions: ['Phòng Quản lý văn hóa', 'Phòng Quản lý du lịch'] },
  { name: 'Sở Dân tộc và Tôn giáo', divisions: ['Phòng Chính sách dân tộc', 'Phòng Tôn giáo'] },
  { name: 'Văn phòng Ủy ban nhân dân tỉnh', divisions: ['Phòng Hành chính - tổ chức', 'Trung tâm Phục vụ hành chính công'] },
  { name: 'Thanh tra tỉnh', divisions: ['Phòng Thanh tra công vụ', 'Phòng Tiếp công dân và xử lý đơn'] },
  { name: 'Sở Ngoại vụ', divisions: ['Phòng Hợp tác quốc tế'] },
];

/** Communes (xã) and wards (phường) of the two-level model; fictional names. */
export const COMMUNES: readonly string[] = [
  'Phường Bắc Sơn', 'Phường An Lạc', 'Phường Hòa Bình', 'Phường Trung Tâm', 'Phường Đông Thành', 'Phường Nam Hải',
  'Xã Tân Phú', 'Xã Phú Lộc', 'Xã Thanh Hà', 'Xã Hưng Long', 'Xã Bình Minh', 'Xã Quảng Điền', 'Xã Phước Sơn', 'Xã Yên Thế',
  'Xã Hòa Thuận', 'Xã Đức Phổ', 'Xã Tiên Phước', 'Xã Vĩnh Linh', 'Xã Lạc Dương', 'Xã Mỹ Lợi', 'Xã Cam Lộ', 'Xã Hải Lăng',
  'Xã Đại Lộc', 'Xã Sơn Tịnh', 'Xã Nghĩa Hành', 'Xã Ba Tơ', 'Xã An Nhơn', 'Xã Tây Sơn', 'Xã Hoài Ân', 'Xã Phù Cát',
  'Xã Tuy An', 'Xã Đồng Xuân', 'Xã Krông Pa', 'Xã Ea Súp', 'Xã Cư Jút', 'Xã Đắk Mil', 'Xã Bảo Lâm', 'Xã Di Linh',
  'Xã Đơn Dương', 'Xã Ninh Sơn', 'Xã Thuận Bắc', 'Xã Hàm Tân', 'Xã Tánh Linh', 'Xã Đức Linh', 'Xã Xuân Lộc', 'Xã Định Quán',
  'Xã Tân Uyên', 'Xã Bàu Bàng', 'Xã Dầu Tiếng', 'Xã Châu Thành', 'Xã Cái Bè', 'Xã Chợ Gạo', 'Xã Gò Công', 'Xã Mỏ Cày',
  'Xã Ba Tri', 'Xã Thạnh Phú', 'Xã Trà Cú', 'Xã Cầu Ngang', 'Xã Long Phú', 'Xã Mỹ Xuyên',
];

/** Job positions by kind of unit. */
export const DEPARTMENT_POSITIONS: readonly string[] = ['Chuyên viên', 'Chuyên viên chính', 'Chuyên viên', 'Kế toán viên', 'Thanh tra viên', 'Văn thư'];
export const COMMUNE_POSITIONS: readonly string[] = [
  'Công chức Văn phòng - Thống kê', 'Công chức Tư pháp - Hộ tịch', 'Công chức Địa chính - Xây dựng', 'Công chức Tài chính - Kế toán',
  'Công chức Văn hóa - Xã hội', 'Chuyên viên Trung tâm phục vụ hành chính công',
];

export const TASK_TITLES: readonly string[] = [
  'Tham mưu báo cáo tình hình thực hiện nhiệm vụ quý', 'Rà soát văn bản quy phạm pháp luật', 'Xây dựng kế hoạch cải cách hành chính',
  'Tổng hợp số liệu kinh tế - xã hội tháng', 'Thẩm định dự thảo quyết định', 'Chuẩn bị hồ sơ kỳ họp', 'Kiểm tra công tác chuyển đổi số',
  'Giải quyết đơn kiến nghị của công dân', 'Lập dự toán ngân sách năm sau', 'Báo cáo kết quả thực hiện chương trình mục tiêu',
];
export const DOSSIER_TITLES: readonly string[] = [
  'Hồ sơ cấp giấy phép xây dựng', 'Hồ sơ đăng ký khai sinh', 'Hồ sơ chứng thực bản sao', 'Hồ sơ cấp giấy chứng nhận quyền sử dụng đất',
  'Hồ sơ đăng ký hộ kinh doanh', 'Hồ sơ cấp phép hành nghề', 'Hồ sơ trợ cấp xã hội', 'Hồ sơ đăng ký kết hôn',
];
export const DOCUMENT_TITLES: readonly string[] = [
  'Công văn đến của Bộ Nội vụ', 'Công văn đến của Ủy ban nhân dân tỉnh', 'Văn bản xin ý kiến của Sở Tài chính', 'Kiến nghị của Hội đồng nhân dân',
];

/** ASCII slug of a Vietnamese name, for readable ids: "Sở Nội vụ" -> "so-noi-vu". */
export function slug(text: string): string {
  return text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/đ/g, 'd')
    .replace(/Đ/g, 'D')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');
}
