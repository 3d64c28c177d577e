import 'reflect-metadata';
import { writeFileSync } from 'node:fs';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter } from '@nestjs/platform-fastify';
import { loadConfig } from '#platform';
import { AppModule } from './app.module.js';
import { applyGlobalPrefix, buildOpenApiDocument } from './app.factory.js';

/**
 * Writes the OpenAPI document (the body of GET /docs-json) to the file named by the
 * first argument, or stdout. Nest's preview mode resolves the module graph without
 * instantiating providers, so no database or server is needed: `npm run lint` runs
 * Spectral and the generated-client compile check on it.
 */
async function main(): Promise<void> {
  const config = loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent', DOCS_UI: 'false' });
  const app = await NestFactory.create(AppModule.forRoot(config, 'postgres://openapi.invalid/none'), new FastifyAdapter(), {
    preview: true,
    logger: false,
    abortOnError: false,
  });
  applyGlobalPrefix(app);
  const json = `${JSON.stringify(buildOpenApiDocument(app), null, 2)}\n`;
  const target = process.argv[2];
  if (target) writeFileSync(target, json);
  else process.stdout.write(json);
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
