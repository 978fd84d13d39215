#!/usr/bin/env node
// Runs the TypeScript sources directly through tsx, so `npx kaifang …` works right after `npm ci`.
import { register } from 'tsx/esm/api';

register();
const { main, endQuietlyWhenOutputCloses } = await import('../src/cli.ts');
for (const stream of [process.stdout, process.stderr]) endQuietlyWhenOutputCloses(stream, () => process.exit(process.exitCode ?? 0));
process.exitCode = await main(process.argv.slice(2));
