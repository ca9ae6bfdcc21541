#!/usr/bin/env node
// Node 22+ keeps the code it compiled for ES modules between runs once asked, before they load: so
// this file asks first and loads the CLI after (docs/performance.md, "Startup"). Node 20 has no such
// cache. On both, the dashboard runs from the code cache `npm run build` writes (dashboard-script.ts).
import module from 'node:module';

type WithCompileCache = typeof module & {enableCompileCache?: () => unknown};

// Absent on Node 20 (and from its typings); off when NODE_DISABLE_COMPILE_CACHE is set; a folder it
// cannot write is reported in its return value, never thrown: flowdeck then compiles as usual.
(module as WithCompileCache).enableCompileCache?.();
await import('./commands/main.js');
