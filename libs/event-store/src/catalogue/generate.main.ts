import fs from 'node:fs';
import path from 'node:path';
import { buildAsyncApiDocument } from './asyncapi.js';
import { buildCatalogue } from './catalogue.js';
import { renderEventTable, withEventTable } from './readme-table.js';
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
const readmePath = path.join(root, 'README.md');
const readme = withEventTable(fs.readFileSync(readmePath, 'utf8'), renderEventTable(buildCatalogue(sources)));
if (readme === null) throw new Error('README.md has no event-catalogue markers');
fs.writeFileSync(readmePath, readme);
console.log(`${sources.length} event types: ${generatedPath} docs/asyncapi.json and the README event table written`);
