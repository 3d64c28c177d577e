import { ConsultationRegisterQueries } from './consultation/consultation-register.queries.js';
import { DisciplinaryCaseQueries, SubjectStreamQueries } from './discipline/discipline.queries.js';
import { DisciplineConsequenceQueries } from './discipline/discipline-consequences.queries.js';
import { CommendationQueries, InnovationQueries } from './recognition/recognition.queries.js';
import { EvaluationResultQueries } from './evaluation/evaluation.queries.js';
import { IndicatorQueries } from './indicators/indicators.queries.js';
import { DigestQueries, ProjectionStatusQueries } from './projection-status.queries.js';
import { StaffDirectoryQueries, UnitQueries } from './personnel/personnel.queries.js';
import { AssignmentBoardQueries } from './work/assignment-board.queries.js';
import { ResponsibilityTrailQueries } from './work/responsibility-trail.queries.js';
import { HeadViewQueries, InspectionQueries, PersonnelActionQueries } from './inspection/inspection.queries.js';
import { ClassificationFactQueries } from './inspection/classification-facts.queries.js';
import { ApplicantDataQueries, DossierQueries } from './dossier/dossier.queries.js';
import { PositionQueries } from './positions/positions.queries.js';
import { ScoreSheetQueries } from './positions/score-sheets.queries.js';

/**
 * The query class of every read model (each lives beside its projection and is built
 * from a pg pool). The API provides each one under its class; add new ones here.
 */
export const READ_QUERIES = [UnitQueries, StaffDirectoryQueries, AssignmentBoardQueries, ResponsibilityTrailQueries, ConsultationRegisterQueries,
  CommendationQueries, InnovationQueries, DisciplinaryCaseQueries, SubjectStreamQueries, IndicatorQueries, EvaluationResultQueries,
  ProjectionStatusQueries, DigestQueries, DisciplineConsequenceQueries, InspectionQueries, PersonnelActionQueries, ClassificationFactQueries, HeadViewQueries,
  DossierQueries, ApplicantDataQueries, PositionQueries, ScoreSheetQueries] as const;
