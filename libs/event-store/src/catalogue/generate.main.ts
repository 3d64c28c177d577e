import fs from 'node:fs';
import path from 'node:path';
import { buildAsyncApiDocument } from './asyncapi.js';
import { buildCatalogue } from './catalogue.js';
import { generateEventSchemas, renderGeneratedModule } from './schema-generator.js';

/**
 * `npm run asyncapi`: derives the event schemas from the domain declarations,
 * writes `event-schemas.generated.ts`, and writes docs/asyncapi.json from the
 * freshly derived catalogue. Run from the repository root.
 */
const root = process.cwd();
const sources = generateEventSchemas(root);
const generatedPath = path.join(root, 'libs/event-store/src/catalogue/event-schemas.generated.ts');
fs.writeFileSync(generatedPath, renderGeneratedModule(sources));
const document = buildAsyncApiDocument(buildCatalogue(sources));
fs.mkdirSync(path.join(root, 'docs'), { recursive: true });
fs.writeFileSync(path.join(root, 'docs/asyncapi.json'), `${JSON.stringify(document, null, 2)}\n`);
console.log(`${sources.length} event types: ${generatedPath} and docs/asyncapi.json written`);
