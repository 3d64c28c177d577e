/** Injection token of the watermark the API waits on (`InProcessWatermark` or `CheckpointWatermark` from #read-models). */
export const READ_MODEL_WATERMARK = Symbol.for('accountability-ledger.ReadModelWatermark');
export type { ReadModelWatermark } from '#read-models';
