import fs from 'node:fs';
import path from 'node:path';
import { EVENT_CATALOGUE } from './catalogue.js';
import { renderEventTable, withEventTable } from './readme-table.js';
import { firstSentence } from './asyncapi.js';

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

  it('cuts the meaning at the end of the first sentence, not at an abbreviation', () => {
    expect(firstSentence('The unit was absorbed into another one (e.g. the 2-level local government reform).\n * Its open work moves.'))
      .toBe('The unit was absorbed into another one (e.g. the 2-level local government reform).');
    expect(firstSentence('Exempt on a ground of Decree 112/2020 art. 4; the case is closed.')).toBe('Exempt on a ground of Decree 112/2020 art. 4; the case is closed.');
    expect(firstSentence('Held apart, i.e. erasable. Then more.')).toBe('Held apart, i.e. erasable.');
    expect(firstSentence('Two sentences. Second one.')).toBe('Two sentences.');
    expect(firstSentence('Version 2.5 is in force. Next.')).toBe('Version 2.5 is in force.');
    expect(firstSentence('No full stop')).toBe('No full stop');
    const table = renderEventTable(EVENT_CATALOGUE);
    expect(table).toContain('| `unit` | UnitMerged | The unit was absorbed into another one (e.g. the 2-level local government reform). |');
    expect(table).toContain('| `case` | CaseExempted | The subject is exempt from disciplinary responsibility on a ground of Decree 112/2020 art. 4; the case is closed. |');
  });
});
