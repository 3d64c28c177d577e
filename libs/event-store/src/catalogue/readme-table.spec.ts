import fs from 'node:fs';
import path from 'node:path';
import { EVENT_CATALOGUE } from './catalogue.js';
import { renderEventTable, withEventTable } from './readme-table.js';

const root = path.resolve(import.meta.dirname, '../../../..');

describe('README event table', () => {
  it('is exactly the table generated from the catalogue (run `npm run asyncapi` when this fails)', () => {
    const readme = fs.readFileSync(path.join(root, 'README.md'), 'utf8');
    const regenerated = withEventTable(readme, renderEventTable(EVENT_CATALOGUE));
    expect(regenerated).not.toBeNull();
    expect(readme).toBe(regenerated);
  });

  it('has a row for every event type, the score-sheet ones included', () => {
    const table = renderEventTable(EVENT_CATALOGUE);
    for (const e of EVENT_CATALOGUE.entries) expect(table).toContain(`| ${e.type} |`);
    expect(table).toMatch(/\| `scoresheet` \| ScoreSheetConfirmed \| /);
  });
});
