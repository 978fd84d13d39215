// How long `kaifang …` takes from the shell: each command is its own process, spawned as an operator's shell would,
// timed from spawn until it has exited, next to `node -e ''` (the floor no command can go under). `deadline` runs in a
// directory without a database, as it does before `seed`; `cases --json` reads the demo data, seeded once beforehand.
import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';

const BIN = resolve(import.meta.dirname, '..', 'bin', 'kaifang.js');

export interface StartupTiming {
  name: string;
  runs: number;
  medianMs: number;
  /** The goal it is held to, in ms; none for the floor. */
  goalMs: number | null;
}

export interface CliStartupBenchResult {
  floor: StartupTiming;
  commands: StartupTiming[];
}

interface Run {
  args: string[];
  cwd: string;
  env: Record<string, string>;
}

// A clean environment: nothing from the bench's own process (tsx's flags, a developer's .env) changes what is timed.
function baseEnv(): Record<string, string> {
  return { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', TZ: 'Asia/Shanghai' };
}

function runOnce(run: Run): number {
  const t0 = performance.now();
  const r = spawnSync(process.execPath, run.args, { cwd: run.cwd, env: run.env, encoding: 'utf8', timeout: 60_000 });
  const ms = performance.now() - t0;
  if (r.status !== 0) throw new Error(`${run.args.join(' ')} exited with ${r.status ?? r.signal}: ${r.stderr}`);
  return ms;
}

function median(list: number[]): number {
  const sorted = [...list].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

function time(name: string, run: Run, runs: number, goalMs: number | null): StartupTiming {
  // One run first, not counted: it fills tsx's transform cache as any earlier `kaifang` call on the machine would have.
  runOnce(run);
  const list: number[] = [];
  for (let i = 0; i < runs; i++) list.push(runOnce(run));
  return { name, runs, medianMs: median(list), goalMs };
}

export function runCliStartupBench(runs = 5): CliStartupBenchResult {
  const noDatabase = mkdtempSync(join(tmpdir(), 'kaifang-bench-cli-'));
  const demo = mkdtempSync(join(tmpdir(), 'kaifang-bench-cli-demo-'));
  const demoEnv = { ...baseEnv(), DATABASE_URL: `file:${join(demo, 'kaifang.db')}` };
  runOnce({ args: [BIN, 'seed', '--demo'], cwd: demo, env: demoEnv });

  const floor = time("node -e ''", { args: ['-e', ''], cwd: noDatabase, env: baseEnv() }, runs, null);
  const commands = [
    time('kaifang deadline 2026-09-30 5', { args: [BIN, 'deadline', '2026-09-30', '5'], cwd: noDatabase, env: baseEnv() }, runs, 400),
    time('kaifang cases --json (demo data)', { args: [BIN, 'cases', '--json'], cwd: demo, env: demoEnv }, runs, 1000),
  ];
  return { floor, commands };
}
