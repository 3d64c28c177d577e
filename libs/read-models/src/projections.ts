import type { Projection } from './projection.js';
import { PersonnelProjection } from './personnel/personnel.projection.js';
import { AssignmentBoardProjection } from './work/assignment-board.projection.js';
import { ResponsibilityTrailProjection } from './work/responsibility-trail.projection.js';
import { ConsultationRegisterProjection } from './consultation/consultation-register.projection.js';
import { RecognitionProjection } from './recognition/recognition.projection.js';
import { DisciplineProjection } from './discipline/discipline.projection.js';
import { SubjectStreamsProjection } from './discipline/subject-streams.projection.js';
import { IndicatorsProjection } from './indicators/indicators.projection.js';
import { EvaluationProjection } from './evaluation/evaluation.projection.js';
import { InspectionProjection } from './inspection/inspection.projection.js';
import { DossierProjection } from './dossier/dossier.projection.js';
import { PositionsProjection } from './positions/positions.projection.js';
import { ScoreSheetsProjection } from './positions/score-sheets.projection.js';

/** Every projection of the service, in the order they are started. Add new ones here. */
export function allProjections(): Projection[] {
  return [new PersonnelProjection(), new AssignmentBoardProjection(), new ResponsibilityTrailProjection(),
    new ConsultationRegisterProjection(), new RecognitionProjection(), new DisciplineProjection(), new SubjectStreamsProjection(),
    new IndicatorsProjection(), new EvaluationProjection(), new InspectionProjection(), new DossierProjection(), new PositionsProjection(), new ScoreSheetsProjection()];
}
