#!/usr/bin/env node
// The `qunce` command. The server and core are TypeScript run through tsx, so the CLI works right
// after `npm install` with no build step (docs/adr/0001-stack.md).
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../src/cli/main.ts');
process.exitCode = await main(process.argv.slice(2));
