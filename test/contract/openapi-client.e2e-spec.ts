import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import openapiTS, { astToString } from 'openapi-typescript';
import ts from 'typescript';
import { createTestApp, type TestApp } from '../support/app.js';

/**
 * The API contract as a client sees it (issue 10 item 7): the document served at
 * /docs-json generates a TypeScript client with openapi-typescript, and programs
 * written against it compile under `tsc --strict` without casts, while a command body
 * missing its required fields does not compile.
 */
describe('OpenAPI contract: a generated TypeScript client', () => {
  let t: TestApp;
  let dir: string;
  let document: { paths: Record<string, Record<string, { responses: Record<string, { content?: Record<string, unknown> }> }>> };

  beforeAll(async () => {
    t = await createTestApp();
    document = (await t.http().get('/docs-json').expect(200)).body;
    dir = mkdtempSync(path.join(os.tmpdir(), 'openapi-client-'));
    const ast = await openapiTS(document as never);
    writeFileSync(path.join(dir, 'api.d.ts'), astToString(ast));
  });
  afterAll(async () => {
    rmSync(dir, { recursive: true, force: true });
    await t.close();
  });

  /** Diagnostics of `source` compiled with the generated client under --strict. */
  function compile(source: string): string[] {
    const file = path.join(dir, `program-${Math.random().toString(36).slice(2)}.ts`);
    writeFileSync(file, source);
    const program = ts.createProgram([file], {
      strict: true,
      noEmit: true,
      target: ts.ScriptTarget.ES2022,
      module: ts.ModuleKind.NodeNext,
      moduleResolution: ts.ModuleResolutionKind.NodeNext,
      skipLibCheck: true,
      types: [],
    });
    return ts.getPreEmitDiagnostics(program).map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n'));
  }

  it('every operation documents a typed 2xx body and every 4xx/5xx as application/problem+json', () => {
    const untyped: string[] = [];
    const notProblem: string[] = [];
    for (const [route, item] of Object.entries(document.paths)) {
      for (const [method, op] of Object.entries(item)) {
        const success = Object.entries(op.responses).filter(([status]) => status.startsWith('2'));
        if (success.length === 0 || success.some(([status, r]) => status !== '204' && !r.content)) untyped.push(`${method} ${route}`);
        for (const [status, r] of Object.entries(op.responses)) {
          if (Number(status) >= 400 && !r.content?.['application/problem+json']) notProblem.push(`${method} ${route} ${status}`);
        }
      }
    }
    expect(untyped).toEqual([]);
    expect(notProblem).toEqual([]);
  });

  it('a program using the client compiles under --strict with no casts', () => {
    const program = `
      import type { components, paths } from './api.js';

      type IssueBody = paths['/api/v1/assignments']['post']['requestBody']['content']['application/json'];
      type HandOffBody = paths['/api/v1/assignments/{id}/handoffs']['post']['requestBody']['content']['application/json'];
      type Board = paths['/api/v1/assignments']['get']['responses'][200]['content']['application/json'];
      type Trail = paths['/api/v1/assignments/{id}/trail']['get']['responses'][200]['content']['application/json'];
      type Refusal = paths['/api/v1/assignments']['post']['responses'][422]['content']['application/problem+json'];
      type Cases = paths['/api/v1/disciplinary-cases']['get']['responses'][200]['content']['application/json'];
      type StaffIndicators = paths['/api/v1/staff/{id}/indicators']['get']['responses'][200]['content']['application/json'];
      type Problem = components['schemas']['Problem'];

      export const issue: IssueBody = {
        assignee: 'nguyen-van-an', title: 'Rà soát', description: 'Rà soát đề án', deliverable: 'Báo cáo',
        successCriteria: 'Đủ 12 phòng', assignedBy: 'tran-thi-binh', authorityBasis: 'QĐ 12', dueAt: '2026-04-30T10:00:00Z',
      };
      export const handOff: HandOffBody = { to: 'le-van-cuong', reason: 'escalation', justification: 'Ngoài thẩm quyền' };

      export function holders(page: Board): string[] {
        return page.items.filter((a) => a.overdue).map((a) => \`\${a.holder} (\${a.status}, v\${a.version})\`);
      }
      export function steps(trail: Trail): number {
        return trail.steps.filter((s) => s.to === null || s.pingPong).length;
      }
      export function explain(problem: Refusal | Problem): string {
        const fields = (problem.errors ?? []).map((e) => \`\${e.field}: \${e.message}\`).join('; ');
        return \`\${problem.status} \${problem.code}\${problem.source ? \` [\${problem.source}]\` : ''} \${fields}\`;
      }
      export function subjects(cases: Cases): string[] {
        return cases.items.map((c) => \`\${c.subjectId}:\${c.status}\`).concat(cases.nextCursor ?? []);
      }
      export function late(ind: StaffIndicators): number {
        return ind.totals.late + ind.months.reduce((n, m) => n + m.late, 0) + ind.openPastDue.count;
      }
    `;
    expect(program).not.toMatch(/\bas\s+(unknown|any|never)\b|<any>|@ts-/);
    expect(compile(program)).toEqual([]);
  });

  it('refuses {} as the body of a command with required fields, naming what is missing', () => {
    const diagnostics = compile(`
      import type { paths } from './api.js';
      type IssueBody = paths['/api/v1/assignments']['post']['requestBody']['content']['application/json'];
      export const empty: IssueBody = {};
    `);
    expect(diagnostics).toHaveLength(1);
    expect(diagnostics[0]).toMatch(/^Type '\{\}' is missing the following properties/);
    for (const field of ['assignee', 'title', 'description']) expect(diagnostics[0]).toContain(field);
  });

  it('refuses an enum value the API does not know', () => {
    const diagnostics = compile(`
      import type { paths } from './api.js';
      type HandOffBody = paths['/api/v1/assignments/{id}/handoffs']['post']['requestBody']['content']['application/json'];
      export const body: HandOffBody = { to: 'x', reason: 'because', justification: 'y' };
    `);
    expect(diagnostics.join('\n')).toMatch(/"because"/);
  });

  it('documents each route with its own request body: two DTOs of one name do not share a schema', () => {
    // Nest's swagger keeps one schema per class name: the dossier route's ReturnDossierRequest
    // ({reasons: string[]}) was documented for POST /assignments/{id}/dossier-returns too,
    // whose body is {reason: string}: a generated client could not call it.
    const diagnostics = compile(`
      import type { paths } from './api.js';
      type AssignmentReturn = paths['/api/v1/assignments/{id}/dossier-returns']['post']['requestBody']['content']['application/json'];
      type DossierReturn = paths['/api/v1/dossiers/{id}/return']['post']['requestBody']['content']['application/json'];
      export const toApplicant: AssignmentReturn = { reason: 'Thiếu bản sao giấy chứng nhận' };
      export const refusal: DossierReturn = { reasons: ['Thửa đất đang có tranh chấp'] };
    `);
    expect(diagnostics).toEqual([]);
  });
});

