import { createWriteStream, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import pg from 'pg';
import { resultsCsv, selectResults, writeResultsXlsx } from '../../api/src/evaluation/results-export.js';

/**
 * `export classification --cycle <id> --format csv|xlsx`: the same table as
 * GET /evaluation-cycles/{id}/results.csv|.xlsx, for an operator (no scope filter).
 */
export function registerExport(program: Command, withDatabase: (work: (url: string) => Promise<void>) => Promise<void>): void {
  program
    .command('export')
    .description('export read models to files')
    .command('classification')
    .description("a cycle's classification results with their explanation, as CSV or XLSX")
    .requiredOption('--cycle <id>', 'evaluation cycle id')
    .option('--format <format>', 'csv or xlsx', 'csv')
    .option('--unit <id>', 'only staff of this unit')
    .option('--sheet-per-unit', 'XLSX: one sheet per unit')
    .option('--out <file>', 'output file ("-" for standard output, CSV only); default evaluation-<cycle>-results.<format>')
    .action(async (options: { cycle: string; format: string; unit?: string; out?: string; sheetPerUnit?: boolean }) => {
      if (options.format !== 'csv' && options.format !== 'xlsx') throw new Error('--format must be csv or xlsx');
      const format = options.format;
      await withDatabase(async (url) => {
        const pool = new pg.Pool({ connectionString: url, max: 1 });
        try {
          const params: unknown[] = [options.cycle];
          let where = 'r.cycle_id = $1';
          if (options.unit) {
            params.push(options.unit);
            where += ' AND r.unit_id = $2';
          }
          const rows = await selectResults(pool, where, params);
          if (rows.length === 0) throw new Error(`No classification results for cycle ${options.cycle}${options.unit ? ` in unit ${options.unit}` : ''}`);
          if (options.out === '-') {
            if (format === 'xlsx') throw new Error('XLSX cannot go to standard output; give --out <file>');
            process.stdout.write(resultsCsv(rows));
            return;
          }
          const file = path.resolve(options.out ?? `evaluation-${options.cycle}-results.${format}`);
          if (format === 'csv') {
            writeFileSync(file, resultsCsv(rows));
          } else {
            await writeResultsXlsx(createWriteStream(file), rows, { sheetPerUnit: options.sheetPerUnit === true });
          }
          console.error(`${rows.length} rows written to ${file}`);
        } finally {
          await pool.end();
        }
      });
    });
}
