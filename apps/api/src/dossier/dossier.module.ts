import { Module } from '@nestjs/common';
import { ApplicantDataController, DossiersController, ProceduresController, PublicDossierController } from './dossier.controller.js';

/** Administrative-procedure dossiers (issue 19). */
@Module({ controllers: [ProceduresController, DossiersController, PublicDossierController, ApplicantDataController] })
export class DossierModule {}
