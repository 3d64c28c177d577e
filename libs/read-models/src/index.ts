export * from './discipline/subject-streams.projection.js';
export * from './indicators/indicators.model.js';
export * from './migrations/index.js';
export * from './projection-runner.js';
export * from './projections.js';
export * from './recognition/recognition.projection.js';
export * from './read-model-watermark.js';
