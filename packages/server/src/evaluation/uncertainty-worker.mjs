// Worker-thread entry: registers tsx (as bin/qunce.mjs does) so the TypeScript worker loads with no build
// step, whether the parent runs under `npx qunce`, vitest or plain node with tsx.
import { register } from 'tsx/esm/api';

register();
await import('./uncertainty.worker.ts');
