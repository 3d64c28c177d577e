import { receiptDecider, type ReserveReceiptCode } from './receipt.decide.js';

const reserve = (dossierId: string): ReserveReceiptCode => ({ type: 'ReserveReceiptCode', data: { receiptCode: 'XA-1', dossierId }, now: '2026-03-02T01:00:00.000Z', actor: 'mot-cua', actingAs: 'centre_staff' });

describe('one dossier per receipt code (receipt.decide.ts)', () => {
  it('given no reservation, when a dossier reserves the code, then it is reserved for it', () => {
    expect(receiptDecider.decide(reserve('d1'), receiptDecider.initialState())).toEqual([
      { type: 'ReceiptCodeReserved', data: { receiptCode: 'XA-1', dossierId: 'd1', reservedBy: 'mot-cua', reservedAt: '2026-03-02T01:00:00.000Z' } },
    ]);
  });

  it('given the code reserved for d1, another dossier is refused (409) and d1 again records nothing', () => {
    const state = receiptDecider.evolve(receiptDecider.initialState(), receiptDecider.decide(reserve('d1'), receiptDecider.initialState())[0]!);
    expect(() => receiptDecider.decide(reserve('d2'), state)).toThrow(expect.objectContaining({ code: 'dossier.receipt_code_taken' }));
    expect(receiptDecider.decide(reserve('d1'), state)).toEqual([]);
  });
});
