/**
 * Event versioning. An event is stored with the schema version it was written in
 * and never rewritten; readers go through this registry, which lifts old shapes to
 * the current one step by step (v1 -> v2 -> ... ).
 */
export type Upcaster = (data: Record<string, unknown>) => Record<string, unknown>;

export class UpcasterRegistry {
  private readonly steps = new Map<string, Map<number, Upcaster>>();
  private readonly current = new Map<string, number>();

  /** Registers the step that turns `type` at `fromVersion` into `fromVersion + 1`. */
  register(type: string, fromVersion: number, upcast: Upcaster): this {
    let byVersion = this.steps.get(type);
    if (!byVersion) this.steps.set(type, (byVersion = new Map()));
    if (byVersion.has(fromVersion)) throw new Error(`Upcaster ${type} v${fromVersion} is registered twice`);
    byVersion.set(fromVersion, upcast);
    this.current.set(type, Math.max(this.current.get(type) ?? 1, fromVersion + 1));
    return this;
  }

  /** Version new events of `type` are written in. */
  currentVersion(type: string): number {
    return this.current.get(type) ?? 1;
  }

  /** Lifts `data` stored at `version` to the current version of `type`. */
  upcast(type: string, version: number, data: Record<string, unknown>): { data: Record<string, unknown>; version: number } {
    const target = this.currentVersion(type);
    let value = data;
    let at = version;
    while (at < target) {
      const step = this.steps.get(type)?.get(at);
      if (!step) throw new Error(`No upcaster for ${type} from v${at} to v${at + 1}`);
      value = step(value);
      at += 1;
    }
    return { data: value, version: at };
  }
}
