import { CreateProjectionCheckpoints1763700001000 } from './1763700001000-create-projection-checkpoints.js';
import { CreatePersonnelReadModels1763700002000 } from './1763700002000-create-personnel-read-models.js';
import { CreateWorkReadModels1763700031000 } from './1763700031000-create-work-read-models.js';
import { CreateConsultationRecognitionDisciplineReadModels1763700041000 } from './1763700041000-create-consultation-recognition-discipline-read-models.js';
import { CreateIndicatorsReadModels1763700051000 } from './1763700051000-create-indicators-read-models.js';
import { CreateEvaluationReadModels1763700052000 } from './1763700052000-create-evaluation-read-models.js';
import { CreateProjectionQuarantine1763700120000 } from './1763700120000-create-projection-quarantine.js';
import { IdempotencyLease1763700120100 } from './1763700120100-idempotency-lease.js';
import { AttributeMissedDeadlines1763700061000 } from './1763700061000-attribute-missed-deadlines.js';
import { CreateInspectionReadModels1763700200000 } from './1763700200000-create-inspection-read-models.js';
import { CreateDisciplineConsequences1763700062000 } from './1763700062000-create-discipline-consequences.js';
import { CreatePositionsReadModels1763700300000 } from './1763700300000-create-positions-read-models.js';
import { CreateDossierReadModels1763700400000 } from './1763700400000-create-dossier-read-models.js';
import { IndicatorDueDateNullable1763700410000 } from './1763700410000-indicator-due-date-nullable.js';
import { DossierApplicantRef1763700420000 } from './1763700420000-dossier-applicant-ref.js';
import { BoardDatesNullable1763700420100 } from './1763700420100-board-dates-nullable.js';
import { ConsultationRegisterDatesNullable1763700420200 } from './1763700420200-consultation-register-dates-nullable.js';

/** Read-side migrations in order; add new ones at the end. */
export const READ_MODEL_MIGRATIONS = [
  CreateProjectionCheckpoints1763700001000,
  CreatePersonnelReadModels1763700002000,
  CreateWorkReadModels1763700031000,
  CreateConsultationRecognitionDisciplineReadModels1763700041000,
  CreateIndicatorsReadModels1763700051000,
  CreateEvaluationReadModels1763700052000,
  AttributeMissedDeadlines1763700061000,
  CreateDisciplineConsequences1763700062000,
  CreateProjectionQuarantine1763700120000,
  IdempotencyLease1763700120100,
  CreateInspectionReadModels1763700200000,
  CreatePositionsReadModels1763700300000,
  CreateDossierReadModels1763700400000,
  IndicatorDueDateNullable1763700410000,
  DossierApplicantRef1763700420000,
  BoardDatesNullable1763700420100,
  ConsultationRegisterDatesNullable1763700420200,
];
