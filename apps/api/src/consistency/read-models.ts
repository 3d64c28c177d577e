import { allProjections } from '#read-models';

/** Names of the read models a route can declare with `@ReadsModels` (checked against `allProjections()` in a spec). */
export const READ_MODEL_NAMES = [
  'personnel_v1',
  'assignment_board_v1',
  'responsibility_trail_v1',
  'consultation_register_v1',
  'recognition_v1',
  'disciplinary_cases_v1',
  'subject_streams_v1',
  'staff_indicators_v1',
  'evaluation_results_v1',
  'positions_v1',
  'score_sheets_v1',
  'inspections_v1',
  'dossiers_v1',
] as const;

export type ReadModelName = (typeof READ_MODEL_NAMES)[number];

/**
 * Which read models project which event types: a model without a `handles` set reads
 * every event. Lets read-your-writes wait only for the models a write touches.
 */
export class ReadModelCatalogue {
  private readonly handles = new Map<string, ReadonlySet<string> | undefined>();

  constructor(projections = allProjections()) {
    for (const p of projections) this.handles.set(p.name, p.handles);
  }

  names(): string[] {
    return [...this.handles.keys()];
  }

  /** Event types the model reads, or undefined for "every type". */
  typesOf(model: string): ReadonlySet<string> | undefined {
    return this.handles.get(model);
  }

  /** The models that project at least one of these event types. */
  touchedBy(types: Iterable<string>): string[] {
    const list = [...types];
    const out: string[] = [];
    for (const [name, handles] of this.handles) if (!handles || list.some((t) => handles.has(t))) out.push(name);
    return out;
  }
}
