import { deny, unitRef, type AccessPolicy, type Actor } from '../shared/access.js';
import type { DossierCommand } from './dossier.commands.js';
import type { DossierState, ExistingDossier } from './dossier.decide.js';
import { DOSSIER_RULES as RULES } from './dossier.errors.js';

/**
 * WHO MAY ACT ON A DOSSIER, and as what.
 *
 * - `centre_staff`: a member of the one-stop centre that received the dossier (their own unit in the directory).
 * - `holder`: the officer who holds the dossier at its current stage.
 * - `manager`: a unit head, hr or importer whose scope holds the unit concerned.
 * - `applicant_channel`: the public-service portal (`integration` role) relaying the applicant.
 * - `responsible_unit`: a member or manager of the unit a complaint was routed to.
 *
 * | command | capacities |
 * | --- | --- |
 * | ReceiveDossier | centre_staff of the receiving centre, manager of it |
 * | HandOverDossier, RequestSupplement, IssueDossierApology, ReturnDossierWithReasons | holder, manager of the current unit |
 * | RecordSupplement, DeliverResult, WithdrawDossier, RouteComplaint | centre_staff, manager of the centre |
 * | RecordFeedback | applicant_channel, centre_staff |
 * | AnswerComplaint | responsible_unit |
 * | CarryAcrossMerger | manager of the merged unit |
 *
 * Someone who may not see the dossier gets `dossier.not_found`, as for an id never received.
 */
export type DossierCapacity = 'centre_staff' | 'holder' | 'manager' | 'applicant_channel' | 'responsible_unit';

/** May the caller know the dossier exists? Involved officers, staff of a unit it went through, scoped readers, the council. */
export function seesDossier(who: Actor, s: ExistingDossier): boolean {
  if (who.is('council') || s.involved.includes(who.sub)) return true;
  if (who.unitId !== null && s.unitsSeen.includes(who.unitId)) return true;
  return who.is('hr', 'unit_head', 'inspector', 'importer') && s.unitsSeen.some((u) => who.inScope(u));
}

const notFound = () => deny(RULES.notFound, 'No such dossier in your scope');

function visible(who: Actor, s: DossierState): s is ExistingDossier {
  return s.status !== 'none' && seesDossier(who, s);
}

function holderOrManager(who: Actor, s: DossierState) {
  if (!visible(who, s)) return notFound();
  if (s.current.holder === who.sub) return 'holder';
  if (who.manages(s.current.unitId)) return 'manager';
  return deny(RULES.notHolder, 'Only the holder of the dossier or a manager of its unit may do this');
}

function centre(who: Actor, s: DossierState) {
  if (!visible(who, s)) return notFound();
  if (who.unitId === s.centreUnitId && who.is('staff', 'unit_head')) return 'centre_staff';
  if (who.manages(s.centreUnitId)) return 'manager';
  return deny(RULES.notCentreStaff, 'Only the one-stop centre that received the dossier may do this');
}

export const dossierAccess = {
  ReceiveDossier: (who, _s, c) => {
    if (who.unitId === c.data.centreUnitId && who.is('staff', 'unit_head')) return 'centre_staff';
    if (who.manages(c.data.centreUnitId)) return 'manager';
    return deny(RULES.notCentreStaff, 'Only staff of the receiving one-stop centre may receive a dossier there');
  },
  HandOverDossier: (who, s, c) => {
    const capacity = holderOrManager(who, s);
    if (typeof capacity === 'string' && who.unitOf(c.data.to) !== c.data.toUnitId) {
      return deny(RULES.receiverNotInUnit, 'The person receiving the dossier is not a member of the unit named');
    }
    return capacity;
  },
  RequestSupplement: holderOrManager,
  IssueDossierApology: holderOrManager,
  ReturnDossierWithReasons: holderOrManager,
  RecordSupplement: centre,
  DeliverResult: centre,
  WithdrawDossier: centre,
  RouteComplaint: centre,
  RecordFeedback: (who, s) => {
    if (s.status === 'none') return notFound();
    if (who.is('integration')) return 'applicant_channel';
    return centre(who, s);
  },
  AnswerComplaint: (who, s, c) => {
    if (!visible(who, s)) return notFound();
    const unit = s.feedback.find((f) => f.no === c.data.feedbackNo)?.routedTo ?? null;
    if (unit !== null && (who.unitId === unit || who.manages(unit))) return 'responsible_unit';
    return deny(RULES.notResponsibleUnit, 'Only the unit the complaint was routed to answers it');
  },
  CarryAcrossMerger: (who, s, c) => {
    if (!visible(who, s)) return notFound();
    if (!who.manages(c.data.fromUnitId)) return deny(RULES.notHolder, 'Only a manager of the merged unit records the carry-over');
    // A successor the directory does not know (or the merged unit itself) would leave the dossier with a centre or stage nobody belongs to.
    if (c.data.toUnitId === c.data.fromUnitId || who.unitOf(unitRef(c.data.toUnitId)) === null) return deny(RULES.mergerSuccessorUnknown, 'The successor unit is not a registered unit other than the merged one');
    return 'manager';
  },
  people: (_s, c) => (c.type === 'HandOverDossier' ? [c.data.to] : c.type === 'CarryAcrossMerger' ? [unitRef(c.data.toUnitId)] : []),
} satisfies AccessPolicy<DossierState, DossierCommand>;
