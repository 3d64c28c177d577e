import { Module, type DynamicModule } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { LoggerModule } from 'nestjs-pino';
import { createLogger, type AppConfig } from '#platform';
import { AuthModule } from './auth/auth.module.js';
import { HealthController } from './health/health.controller.js';
import { MetricsController } from './metrics/metrics.controller.js';
import { CommandsModule } from './commands/commands.module.js';
import { ConsistencyModule } from './consistency/consistency.module.js';
import { IntegrationModule } from './feed/integration.module.js';
import { InfrastructureModule } from './infrastructure/infrastructure.module.js';
import { PersonnelModule } from './personnel/personnel.module.js';
import { ConsultationModule } from './consultation/consultation.module.js';
import { RecognitionModule } from './recognition/recognition.module.js';
import { DisciplineModule } from './discipline/discipline.module.js';
import { ProjectorModule } from './projector/projector.module.js';
import { WorkModule } from './work/work.module.js';
import { EvaluationModule } from './evaluation/evaluation.module.js';
import { PositionsModule } from './positions/positions.module.js';
import { AuditModule } from './audit/audit.module.js';
import { InspectionModule } from './inspection/inspection.module.js';
import { DossierModule } from './dossier/dossier.module.js';

@Module({})
export class AppModule {
  static forRoot(config: AppConfig, databaseUrl: string): DynamicModule {
    return {
      module: AppModule,
      imports: [
        InfrastructureModule.forRoot(config, databaseUrl),
        LoggerModule.forRoot({
          pinoHttp: {
            logger: createLogger(config),
            customAttributeKeys: { reqId: 'correlationId' },
            autoLogging: { ignore: (request) => request.url === '/health/live' || request.url === '/metrics' },
          },
        }),
        CqrsModule.forRoot(),
        AuthModule,
        ProjectorModule,
        // After CommandsModule: its Idempotency-Key interceptor wraps this one, so a stored
        // first response already carries Ledger-Position in its headers and body.
        CommandsModule,
        ConsistencyModule,
        IntegrationModule,
        // Bounded contexts: one module each.
        PersonnelModule,
        ConsultationModule,
        RecognitionModule,
        DisciplineModule,
        WorkModule,
        EvaluationModule,
        PositionsModule,
        AuditModule,
        InspectionModule,
        DossierModule,
      ],
      controllers: [HealthController, MetricsController],
    };
  }
}
