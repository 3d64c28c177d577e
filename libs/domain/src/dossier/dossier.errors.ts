import type { Rule } from '../shared/errors.js';

/**
 * The legal sources of the dossier rules. "verified" only where the page text was read;
 * the rest is our reading of the one-stop decrees, marked interpretation (README, "Dossiers").
 */
export const DOSSIER_SOURCES = {
  decree118Scope:
    'Decree 118/2025/NĐ-CP of 09/06/2025 on the one-stop and inter-agency one-stop mechanism at one-stop centres and the National Public Service Portal, arts. 1-2 (replaces Decree 61/2018/NĐ-CP from 01/07/2025). verified: https://www.hethongphapluat.vn/nghi-dinh-118-2025-nd-cp-thuc-hien-thu-tuc-hanh-chinh-theo-co-che-mot-cua-mot-cua-lien-thong-tai-bo-phan-mot-cua-va-cong-dich-vu-cong-quoc-gia.html',
  reception:
    'interpretation of Decree 61/2018/NĐ-CP art. 15 (Decree 118/2025 from 01/07/2025): a complete dossier is received with a receipt and appointment date (Giấy tiếp nhận hồ sơ và hẹn trả kết quả); article text not read',
  supplementOnce:
    'interpretation of Decree 61/2018/NĐ-CP arts. 15-16 (Decree 118/2025): the applicant is told once, in writing, everything that is missing (Phiếu yêu cầu bổ sung, hoàn thiện hồ sơ); article text not read ' +
    '(searched again 2026-12-01, not in the stored pages). Consistent with pages read: a provincial one-stop centre ("hồ sơ chưa đầy đủ, hợp lệ thì không được phép trả lại mà phải hướng dẫn cụ thể một lần bằng văn bản theo mẫu quy định": ' +
    'http://trungtamhanhchinhcong.camau.gov.vn/phap-luat-quy-dinh-nhu-the-nao-doi-voi-cong-chuc-tiep-nhan-ho-so.213) and a published procedure ("hướng dẫn một lần bằng văn bản ... để bổ sung, hoàn thiện hồ sơ": ' +
    'https://dichvucong.binhdinh.gov.vn/dichvucong/bothutuc/chiTietThuTuc?maThuTuc=34822)',
  supplementClock:
    'interpretation: the time the dossier waits for the applicant is not the administration\'s; the clock stops at the request and resumes at the supplement (the decrees also allow restarting it, not modelled)',
  apology:
    'interpretation of Decree 61/2018/NĐ-CP art. 19 (Decree 118/2025 from 01/07/2025): the agency that will be late sends, before the due date, a written apology ' +
    '(Phiếu xin lỗi và hẹn lại ngày trả kết quả) giving the reason and a new date. Article text not read; read: the form named in ' +
    'https://thuvienphapluat.vn/phap-luat/tim-tu-van?page=1290&q=Thay+%C4%91%E1%BB%95i+kho%E1%BA%A3n+cho+vay%3F and a district directive under Decree 61 ' +
    '(apology 1 day before expiry, with the reason and the new date: http://baolamdong.vn/xahoi/201807/ho-so-qua-han-giai-quyet-phai-xin-loi-2901930/); ' +
    'searched again 2026-12-01 (the decree texts are not in the stored pages); also read: Ho Chi Minh City\'s rule under the one-stop regulation before Decree 61 ' +
    '(the apology letter at the latest on the appointment date, giving the reason for the delay and the next appointment date: ' +
    'http://tuoitre.vn/tin/can-biet/suc-khoe-doi-song/20161010/tphcm-thu-xin-loi-khi-giai-quyet-thu-tuc-hanh-chinh-tre-han/1185838.html), consistent with the rule as modelled',
  returnWithReasons:
    'interpretation of Decree 61/2018/NĐ-CP art. 18 (Decree 118/2025): a dossier that cannot be resolved is returned with a written notice of the reasons; article text not read',
  stageShares:
    'interpretation of Decree 61/2018/NĐ-CP art. 18 and the internal processes each province publishes (quy trình nội bộ): every agency and step of an inter-agency procedure has its part of the statutory time',
  attribution:
    'DESIGN.md "Attribution rule" (ledger rule): a missed due date belongs to whoever held the work when it passed; for a dossier the due date of each stage is its share from its start, so the delay is the stage\'s whose share ran out',
  satisfaction:
    'SIPAS, the satisfaction index of the Ministry of Home Affairs, Decision 2640/QĐ-BNV of 10/10/2017 (page read: https://hieuluat.vn/hanh-chinh/quyet-dinh-2640-qd-bnv-bo-noi-vu-1cc0f.html): ' +
    'five elements - access to the service, the procedure, the civil servant who handles it, the result, the handling of feedback - read in a summary of the scheme ' +
    '(https://blogkhampha.edu.vn/de-an-do-luong-su-hai-long-cua-nguoi-dan-to-chuc-doi-voi-su-phuc-vu-cua-co-quan-hanh-chinh-nha-nuoc-giai-doan-2017-2023); ' +
    'interpretation: scores 1-5 per element (the questionnaire scale was not read); a Prime Minister decision on measuring satisfaction was not found (searched again 2026-12-01); ' +
    'interpretation: one opinion per dossier, the latest ratings stand in the statistics',
  complaintAnswer:
    'interpretation: a complaint routed to the responsible unit is answered within 10 working days (Decree 20/2008/NĐ-CP on feedback and recommendations, art. 14: not verified, ' +
    'searched again 2026-12-01 without finding its text; the period is a parameter of the ledger, COMPLAINT_ANSWER_DAYS)',
  merger:
    'interpretation of the 2025 reorganisation of communes (Resolution 202/2025/QH15 and the Law on Local Government 2025): the successor unit takes over dossiers in progress; statutory dates and recorded delays are kept',
} as const;

const LEDGER = 'ledger invariant (no legal source): a recorded fact is final';
const ACCESS = 'ledger rule (no legal source): who may act on a dossier, dossier.access.ts';

/** Every rule of the dossier and procedure aggregates, with its stable code and source. */
export const DOSSIER_RULES = {
  invalid: { code: 'dossier.invalid', kind: 'validation', source: LEDGER },
  procedureStages: { code: 'procedure.stages_invalid', kind: 'validation', source: DOSSIER_SOURCES.stageShares },
  versionNotLater: { code: 'procedure.version_not_later', kind: 'rule_violation', source: LEDGER },
  notDataController: { code: 'dossier.not_data_controller', kind: 'forbidden', source: ACCESS },
  /** Staff-written text kept in the events as written carries the applicant's contact (held apart, erasable): applicant-text.ts. */
  textQuotesApplicant: { code: 'dossier.text_quotes_applicant', kind: 'validation', source: 'ledger rule (no legal source): the applicant\'s personal data stays out of the events so it can be erased; interpretation' },
  /** An erasure of an applicant reference that no dossier (in the caller's scope) carries. */
  applicantNotFound: { code: 'dossier.applicant_not_found', kind: 'not_found', source: ACCESS },
  notCatalogueKeeper: { code: 'procedure.not_catalogue_keeper', kind: 'forbidden', source: ACCESS },
  procedureNotInForce: { code: 'dossier.procedure_not_in_force', kind: 'rule_violation', source: DOSSIER_SOURCES.reception },
  /** Another dossier carries this receipt code (the `receipt-<code>` reservation stream, receipt.decide.ts; codes older than it: the read model). */
  receiptCodeTaken: { code: 'dossier.receipt_code_taken', kind: 'conflict', source: DOSSIER_SOURCES.reception },
  alreadyReceived: { code: 'dossier.already_received', kind: 'conflict', source: LEDGER },
  notFound: { code: 'dossier.not_found', kind: 'not_found', source: ACCESS },
  notCentreStaff: { code: 'dossier.not_centre_staff', kind: 'forbidden', source: `${ACCESS}; ${DOSSIER_SOURCES.reception}` },
  notHolder: { code: 'dossier.not_holder', kind: 'forbidden', source: ACCESS },
  notResponsibleUnit: { code: 'dossier.not_responsible_unit', kind: 'forbidden', source: ACCESS },
  /** Feedback whose applicant reference is not the dossier's. */
  notApplicantsDossier: { code: 'dossier.not_applicants_dossier', kind: 'forbidden', source: `${ACCESS}; ${DOSSIER_SOURCES.satisfaction}` },
  /** A hand-over to a stage other than the next one of the procedure. */
  stageOutOfOrder: { code: 'dossier.stage_out_of_order', kind: 'rule_violation', source: DOSSIER_SOURCES.stageShares },
  /** A hand-over (or reception) to a unit that the procedure does not name for the stage. */
  unitNotInProcedure: { code: 'dossier.unit_not_in_procedure', kind: 'rule_violation', source: DOSSIER_SOURCES.stageShares },
  /** The person receiving the dossier is not in the unit named. */
  receiverNotInUnit: { code: 'dossier.receiver_not_in_unit', kind: 'validation', source: ACCESS },
  /** The dossier is closed (delivered, returned, withdrawn). */
  closed: { code: 'dossier.closed', kind: 'rule_violation', source: LEDGER },
  awaitingSupplement: { code: 'dossier.awaiting_supplement', kind: 'rule_violation', source: DOSSIER_SOURCES.supplementClock },
  notAwaitingSupplement: { code: 'dossier.not_awaiting_supplement', kind: 'rule_violation', source: DOSSIER_SOURCES.supplementClock },
  supplementItemsRequired: { code: 'dossier.supplement_items_required', kind: 'validation', source: DOSSIER_SOURCES.supplementOnce },
  /** An apology without its reason or its new date. */
  apologyIncomplete: { code: 'dossier.apology_incomplete', kind: 'validation', source: DOSSIER_SOURCES.apology },
  apologyDateNotLater: { code: 'dossier.apology_date_not_later', kind: 'rule_violation', source: DOSSIER_SOURCES.apology },
  reasonsRequired: { code: 'dossier.reasons_required', kind: 'validation', source: DOSSIER_SOURCES.returnWithReasons },
  resultNotReady: { code: 'dossier.result_not_ready', kind: 'rule_violation', source: LEDGER },
  resultReady: { code: 'dossier.result_ready', kind: 'rule_violation', source: LEDGER },
  ratingsInvalid: { code: 'dossier.ratings_invalid', kind: 'validation', source: DOSSIER_SOURCES.satisfaction },
  feedbackNotFound: { code: 'dossier.feedback_not_found', kind: 'not_found', source: LEDGER },
  notAComplaint: { code: 'dossier.not_a_complaint', kind: 'rule_violation', source: DOSSIER_SOURCES.complaintAnswer },
  complaintNotRouted: { code: 'dossier.complaint_not_routed', kind: 'rule_violation', source: DOSSIER_SOURCES.complaintAnswer },
  complaintAnswered: { code: 'dossier.complaint_answered', kind: 'rule_violation', source: LEDGER },
  mergerUnitNotInvolved: { code: 'dossier.merger_unit_not_involved', kind: 'rule_violation', source: DOSSIER_SOURCES.merger },
  /** A carry-over to a unit the directory does not know, or to the merged unit itself. */
  mergerSuccessorUnknown: { code: 'dossier.merger_successor_unknown', kind: 'validation', source: `${ACCESS}; ${DOSSIER_SOURCES.merger}` },
} as const satisfies Record<string, Rule>;
