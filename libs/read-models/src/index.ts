export * from './discipline/subject-streams.projection.js';
export * from './discipline/discipline-consequences.queries.js';
export * from './indicators/indicators.model.js';
export * from './migrations/index.js';
export * from './projection-runner.js';
export * from './projections.js';
export * from './recognition/recognition.projection.js';
