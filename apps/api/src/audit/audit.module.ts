import { Global, Module } from '@nestjs/common';
import { AuditController } from './audit.controller.js';
import { BundleService } from './bundle.service.js';
import { InlineSealer, LEDGER, ledgerProvider } from './ledger.provider.js';

@Global()
@Module({
  controllers: [AuditController],
  providers: [ledgerProvider, InlineSealer, BundleService],
  exports: [LEDGER, BundleService],
})
export class AuditModule {}
