import { quotesApplicantContact } from './applicant-text.js';

describe('staff-written text must not carry the applicant\'s contact (applicant-text.ts)', () => {
  const contact = { name: 'Trần Thị Bé', phone: '0988 123 456', email: 'be@example.vn', address: 'Thôn 3, xã A' };

  it('finds the phone whatever its spacing, the name and the email whatever their case', () => {
    expect(quotesApplicantContact('Gọi số 0988.123.456 để hẹn', contact)).toBe(true);
    expect(quotesApplicantContact('Bà TRẦN THỊ BÉ chưa nộp bản sao', contact)).toBe(true);
    expect(quotesApplicantContact('gửi tới BE@example.vn', contact)).toBe(true);
  });

  it('leaves ordinary text, and short or missing contact values, alone', () => {
    expect(quotesApplicantContact('Chờ ý kiến của Chi nhánh VPĐKĐĐ', contact)).toBe(false);
    expect(quotesApplicantContact('Số 12', { phone: '12' })).toBe(false);
    expect(quotesApplicantContact('An toàn', { name: 'An' })).toBe(false);
    expect(quotesApplicantContact('x', {})).toBe(false);
  });
});
