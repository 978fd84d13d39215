// A database as an operator would have it after the demo: seeded, and one W5 application filed through the console on
// Monday 23 November 2026, 10:00 in Shanghai (formal review at the big-data bureau, due Monday 30 November).
import { expect } from 'vitest';
import { runCli, tempDatabaseUrl } from './run-cli.ts';

export const W5_FILED_AT = '2026-11-23T10:00:00+08:00';

const APPLY = 'apply DS-0002 title="公交客流研究" reason="优化公交线网" type=api period=2027-06-30 result="研究报告" scenario="线网规划" commit=yes meets=yes';

export function w5Database(extraEnv: Record<string, string> = {}): Record<string, string> {
  const env = { DATABASE_URL: tempDatabaseUrl(), KAIFANG_NOW: W5_FILED_AT, ...extraEnv };
  const seed = runCli(['seed', '--demo', '--no-cases'], { env });
  expect(seed.status, seed.stderr).toBe(0);
  const chat = runCli(['console'], { env, input: `as alice\n${APPLY}\n` });
  expect(chat.status, chat.stderr).toBe(0);
  expect(chat.stdout).toContain('已提交 C-0001');
  return env;
}
