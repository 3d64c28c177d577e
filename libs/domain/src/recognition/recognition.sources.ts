/**
 * Legal sources of the recognition context, in one place so a legal reviewer checks
 * them once. "Indicative" marks an article reference not verified against the gazette.
 */
export const RECOGNITION_SOURCES = {
  emulationLaw:
    'Law on Emulation and Commendation 2022 (No. 06/2022/QH15), with Decree 98/2023/NĐ-CP guiding it (indicative)',
  notYetConsidered:
    'Law on Emulation and Commendation 2022 (No. 06/2022/QH15); Decree 98/2023/NĐ-CP, cases not yet considered for commendation: an individual under disciplinary consideration, inspection or investigation (indicative)',
  revocation:
    'Law on Emulation and Commendation 2022 (No. 06/2022/QH15); Decree 98/2023/NĐ-CP, revocation of a commendation decision when a violation in the commended period comes to light (indicative)',
  innovationScope:
    'Decree 73/2023/NĐ-CP on encouraging and protecting dynamic, creative cadres who dare to act for the common good: proposals by cadres holding leadership or management positions (indicative)',
  innovationApproval:
    'Decree 73/2023/NĐ-CP, collective consideration of a proposal: passed with more than 50% of votes, a tie follows the head, the head may approve in writing and answers for it (indicative)',
  innovationSelfApproval:
    'Decree 73/2023/NĐ-CP art. 7: the proposal plan is submitted to the head of the employing agency for review and decision ' +
      '(verified: https://lawnet.vn/thong-tin-phap-luat/en/tu-van-luat/procedures-for-proposing-innovation-and-creativity-for-officials-in-vietnam-under-decree-73-2023-170746.html). ' +
      'Interpretation: the decision belongs to someone other than the proposer, so a proposer who heads the unit needs the collective ' +
      '(at least one other ballot, a majority without the own ballot, no tie broken and no override by the own ballot)',
  innovationRelatedWork:
    'Interpretation (no article found): a proposal covers work of the unit it is registered for, so protection cannot reach work of another unit',
  innovationEvaluation:
    'Decree 73/2023/NĐ-CP, evaluation of the outcome, its damage, causes and whether anyone gained personally, the basis for exempting or reducing responsibility (indicative)',
  ledgerInvariant: 'ledger invariant (no legal source): a recorded fact is final',
} as const;
