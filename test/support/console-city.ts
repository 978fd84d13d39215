// The demo city (people and datasets, no cases) on a fresh SQLite file, and its console driven as a script in this
// process: what the workflow console scripts share.
import { expect } from 'vitest';
import { createPrismaStore } from '../../src/adapters/prisma/create-prisma-store.ts';
import { runInProcess, type InProcessRun } from './cli-in-process.ts';
import { tempDatabaseUrl } from './run-cli.ts';

export const MONDAY_10AM = '2026-11-23T10:00:00+08:00';

export interface ConsoleCity {
  env: Record<string, string> & { DATABASE_URL: string };
  /** One console run of these lines, its status and output as they are. */
  run(input: string[], args?: string[]): Promise<InProcessRun>;
  /** The same, expecting status 0: its stdout. */
  say(input: string[]): Promise<string>;
}

/** `env` adds to (or overrides) the defaults: zh-CN, Monday 23 November 2026 10:00. */
export async function demoCity(env: Record<string, string> = {}): Promise<ConsoleCity> {
  const all = { DATABASE_URL: tempDatabaseUrl(), KAIFANG_NOW: MONDAY_10AM, KAIFANG_LOCALE: 'zh-CN', ...env };
  expect((await runInProcess(['seed', '--demo', '--no-cases'], all)).status).toBe(0);
  const run = (input: string[], args: string[] = []) => runInProcess(['console', ...args], all, `${input.join('\n')}\n`);
  return {
    env: all,
    run,
    async say(input) {
      const r = await run(input);
      expect(r.status, r.stderr).toBe(0);
      return r.stdout;
    },
  };
}

/**
 * What the console answered to one typed line, up to the next prompt: `line` as typed (`approve C-0001`) or with its
 * speaker (`carol> approve C-0001`) when several people type it.
 */
export function replyTo(stdout: string, line: string): string {
  const echo = /^\S+> /.test(line) ? `${line}\n` : `> ${line}\n`;
  const start = stdout.indexOf(echo);
  expect(start, line).toBeGreaterThanOrEqual(0);
  const rest = stdout.slice(start + echo.length);
  const next = rest.search(/^\S+> /m);
  return next === -1 ? rest : rest.slice(0, next);
}

/** What the store holds after the runs: who was sent a case's message, a case, a dataset's status, a case's audit trail. */
export async function stored(url: string) {
  const store = await createPrismaStore({ url });
  try {
    const outbox = await store.outbox.list();
    const cases = await store.cases.list();
    const datasets = await store.datasets.search();
    const audit = await store.audit.list();
    return {
      told: (caseId: string, message: string) =>
        outbox
          .filter((m) => m.caseId === caseId && m.message === message)
          .map((m) => m.userId)
          .sort(),
      caseOf: (id: string) => cases.find((c) => c.id === id),
      status: (code: string) => (datasets.find((d) => d.code === code) ?? null)?.status ?? 'not listed',
      audit: (caseId: string) => audit.filter((e) => e.caseId === caseId).map((e) => e.action),
    };
  } finally {
    await store.close();
  }
}
