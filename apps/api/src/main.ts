// The API's entry point. Heap limits first (README "Memory"): V8 reads them only when the
// process starts, so when they are missing the process replaces itself with them before
// loading anything else; then the service itself (serve.ts).
import { applyMemorySettings } from './memory-settings.js';

applyMemorySettings();
await import('./serve.js');
