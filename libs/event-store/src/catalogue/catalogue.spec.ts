import fs from 'node:fs';
import path from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import {
  assignmentStream,
  caseStream,
  commendationStream,
  consultationStream,
  innovationStream,
  staffStream,
  unitStream,
  type AssignmentIssued,
  type ConsultationRequested,
  type CouncilVoted,
  type DomainEvent,
  type StaffRegistered,
  type UnitEstablished,
} from '#domain';
import { categoryOf, EVENT_CATALOGUE } from './catalogue.js';
import { GENERATED_EVENT_SCHEMAS } from './event-schemas.generated.js';
import { generateEventSchemas, renderGeneratedModule, scanDeclaredEventTypes } from './schema-generator.js';

const root = path.resolve(import.meta.dirname, '../../../..');
const addFormats = addFormatsModule as unknown as (ajv: Ajv2020) => Ajv2020;

function validator(): (event: DomainEvent) => string[] {
  const ajv = addFormats(new Ajv2020({ allErrors: true, strict: false }));
  return (event) => {
    const entry = EVENT_CATALOGUE.get(event.type);
    if (!entry) return [`${event.type} is not in the catalogue`];
    const validate = ajv.compile(entry.dataSchema);
    return validate(event.data) ? [] : (validate.errors ?? []).map((e) => `${e.instancePath} ${e.message ?? ''}`);
  };
}

describe('event catalogue', () => {
  it('holds every event type declared in libs/domain/src/**/*.events.ts (read as text)', () => {
    const declared = scanDeclaredEventTypes(root);
    const missing = declared.filter((t) => !EVENT_CATALOGUE.get(t));
    const extra = EVENT_CATALOGUE.entries.map((e) => e.type).filter((t) => !declared.includes(t));
    // On failure: run `npm run asyncapi` (regenerates the schemas and docs/asyncapi.json) and commit both.
    expect({ missing, extra }).toEqual({ missing: [], extra: [] });
    expect(declared.length).toBeGreaterThanOrEqual(40);
  });

  it('is the committed output of the schema generator (no drift from the TypeScript declarations)', () => {
    const regenerated = renderGeneratedModule(generateEventSchemas(root));
    const committed = fs.readFileSync(path.join(import.meta.dirname, 'event-schemas.generated.ts'), 'utf8');
    if (regenerated !== committed) {
      const fresh = generateEventSchemas(root);
      const changed = fresh
        .filter((s) => JSON.stringify(s) !== JSON.stringify(GENERATED_EVENT_SCHEMAS.find((g) => g.type === s.type)))
        .map((s) => s.type);
      throw new Error(`event-schemas.generated.ts is stale (changed: ${changed.join(', ') || 'ordering'}); run \`npm run asyncapi\``);
    }
  });

  it('names categories after the stream functions of the deciders', () => {
    const streams = [assignmentStream('x'), caseStream('x'), commendationStream('x'), consultationStream('x'), innovationStream('x'), staffStream('x'), unitStream('x')];
    for (const s of streams) expect(EVENT_CATALOGUE.categories).toContain(categoryOf(s));
  });

  it('has a description and a plain object schema for every type', () => {
    for (const e of EVENT_CATALOGUE.entries) {
      expect(e.description.length).toBeGreaterThan(0);
      expect(e.dataSchema.type === 'object' || Array.isArray(e.dataSchema.anyOf)).toBe(true);
      expect(e.type).toMatch(/^[A-Z][A-Za-z0-9]+$/);
      expect(e.category).toMatch(/^[a-z][a-z0-9_]*$/);
    }
  });

  describe('schemas accept events the code builds and refuse malformed ones', () => {
    const check = validator();
    const issued: AssignmentIssued = {
      type: 'AssignmentIssued',
      data: {
        assignmentId: 'as-1', kind: 'task', unitId: null, assignee: 'a', title: 't', description: 'd', deliverable: 'x', successCriteria: 'y',
        assignedBy: 'h', authorityBasis: 'Decision 12', dueAt: '2026-03-10T17:00:00Z', responsible: 'a', issuedAt: '2026-03-01T08:00:00Z',
      },
    };
    const toUnit: ConsultationRequested = {
      type: 'ConsultationRequested',
      data: {
        consultationId: 'c-1', consultedUnitId: 'stc', requestedBy: 'a', requesterUnitId: 'snv', question: 'q', withinRequesterAuthority: false,
        dueAt: '2026-03-10T17:00:00Z', requestedAt: '2026-03-01T08:00:00Z',
      },
    };
    const toPerson: ConsultationRequested = {
      type: 'ConsultationRequested',
      data: {
        consultationId: 'c-2', consultedPersonId: 'b', requestedBy: 'a', requesterUnitId: 'snv', question: 'q', withinRequesterAuthority: true,
        relatedAssignmentId: 'as-1', dueAt: '2026-03-10T17:00:00Z', requestedAt: '2026-03-01T08:00:00Z',
      },
    };
    const voted: CouncilVoted = {
      type: 'CouncilVoted',
      data: { present: ['m1', 'm2'], tally: [{ option: 'reprimand', votes: 1 }, { option: 'no_discipline', votes: 1 }], votedAt: '2026-03-01T08:00:00Z' },
    };
    const registered: StaffRegistered = {
      type: 'StaffRegistered',
      data: { staffId: 's', personnelCode: 'CC-1', fullName: 'Nguyễn Văn An', category: 'civil_servant', unitId: 'snv', jobPosition: 'CV', joinedOn: '2020-03-01' },
    };
    const established: UnitEstablished = { type: 'UnitEstablished', data: { unitId: 'u', name: 'n', parentUnitId: null, establishedOn: '2025-07-01' } };

    it.each([issued, toUnit, toPerson, voted, registered, established].map((e) => [e.type, e] as const))('accepts %s', (_type, event) => {
      expect(check(event)).toEqual([]);
    });

    it('refuses a missing field, an unknown field, a wrong enum value and a malformed instant', () => {
      const { title: _dropped, ...noTitle } = issued.data;
      expect(check({ type: 'AssignmentIssued', data: noTitle })).not.toEqual([]);
      expect(check({ type: 'AssignmentIssued', data: { ...issued.data, colour: 'red' } })).not.toEqual([]);
      expect(check({ type: 'AssignmentIssued', data: { ...issued.data, kind: 'errand' } })).not.toEqual([]);
      expect(check({ type: 'AssignmentIssued', data: { ...issued.data, dueAt: 'next week' } })).not.toEqual([]);
    });

    it('refuses a consultation of a unit and a person at once (the union of the TypeScript type)', () => {
      expect(check({ type: 'ConsultationRequested', data: { ...toUnit.data, consultedPersonId: 'b' } })).not.toEqual([]);
    });
  });
});
