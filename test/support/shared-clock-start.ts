// The start of a clock shared by several processes (the multi-process scheduler and duty tests): each worker says
// `ready` on stdout once its app is open and waits for the parent to write the real instant t0 into a start file, so
// that however long a busy machine takes to start one, none begins late.
import { spawn } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';

export interface StartedWorker {
  /** Resolves when the worker says it is up (its app open), or exits. */
  ready: Promise<void>;
  done: Promise<{ code: number | null; stderr: string }>;
}

/** Parent side: `node <args>` in the tests' time zone, with its `ready` line and its exit. */
export function startWorker(args: string[]): StartedWorker {
  const child = spawn(process.execPath, args, { env: { ...process.env, TZ: 'America/Los_Angeles' } });
  let stderr = '';
  let stdout = '';
  child.stderr.on('data', (c) => (stderr += String(c)));
  const done = new Promise<{ code: number | null; stderr: string }>((resolve) => child.on('exit', (code) => resolve({ code, stderr })));
  const ready = new Promise<void>((resolve) => {
    child.stdout.on('data', (c) => {
      stdout += String(c);
      if (stdout.includes('ready\n')) resolve();
    });
    void done.then(() => resolve());
  });
  return { ready, done };
}

type Exit = Awaited<StartedWorker['done']>;

/** Parent side: once both workers are up, the shared clock starts now, and each finishes its run. */
export async function runTogether([a, b]: readonly [StartedWorker, StartedWorker], startFile: string): Promise<[Exit, Exit]> {
  await Promise.all([a.ready, b.ready]);
  writeFileSync(startFile, String(Date.now() + 200));
  return Promise.all([a.done, b.done]);
}

/** Worker side: says it is up, then waits for the start file (two minutes at most) and returns t0 from it. */
export async function awaitSharedStart(startFile: string): Promise<number> {
  process.stdout.write('ready\n');
  for (let waited = 0; !existsSync(startFile); waited += 20) {
    if (waited > 120_000) {
      process.stderr.write(`no start file ${startFile}\n`);
      process.exit(70);
    }
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  return Number(readFileSync(startFile, 'utf8'));
}
