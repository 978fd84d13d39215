// Runs the real `kaifang` bin in a child process, as an operator or a script would.
import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

export const BIN = resolve(import.meta.dirname, '..', '..', 'bin', 'kaifang.js');

export interface CliRun {
  status: number | null;
  stdout: string;
  stderr: string;
}

export function tempDatabaseUrl(): string {
  return `file:${join(mkdtempSync(join(tmpdir(), 'kaifang-')), 'kaifang.db')}`;
}

export function runCli(args: string[], opts: { env?: Record<string, string>; input?: string } = {}): CliRun {
  const r = spawnSync(process.execPath, [BIN, ...args], {
    input: opts.input ?? '',
    encoding: 'utf8',
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', TZ: 'America/Los_Angeles', ...opts.env },
    timeout: 60_000,
  });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}
