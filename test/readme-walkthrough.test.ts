// The README's walkthrough is a test: its commands are run through the console on the demo data, on the day the README
// names, and every reply line it shows (a `…` stands for what it leaves out) must come, in order, after its command.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runInProcess } from './support/cli-in-process.ts';
import { tempDatabaseUrl } from './support/run-cli.ts';

const README = readFileSync(join(import.meta.dirname, '..', 'README.md'), 'utf8');

type Line = { kind: 'command'; speaker: string; text: string } | { kind: 'reply'; fragments: string[]; readme: string };

/** The first `text` block after the walkthrough's heading, read as commands (`alice> …`) and the replies they give. */
function walkthrough(): Line[] {
  const from = README.indexOf('## Five minutes with W5');
  const start = README.indexOf('```text\n', from) + '```text\n'.length;
  const block = README.slice(start, README.indexOf('\n```', start));
  return block.split('\n').flatMap((raw): Line[] => {
    const command = /^([a-z?]+)> (.*?)(?:\s{2,}\(.*\))?$/.exec(raw);
    if (command) return [{ kind: 'command', speaker: command[1]!, text: command[2]!.trim() }];
    const fragments = raw.split('…').map((f) => f.trim()).filter((f) => f !== '');
    return fragments.length > 0 ? [{ kind: 'reply', fragments, readme: raw }] : [];
  });
}

describe('the README walkthrough', () => {
  const lines = walkthrough();

  it('has commands and replies to check', () => {
    expect(lines.filter((l) => l.kind === 'command').length).toBeGreaterThan(10);
    expect(lines.filter((l) => l.kind === 'reply').length).toBeGreaterThan(10);
  });

  it('says what the console says, in order, on Monday 23 November 2026', async () => {
    const env = { DATABASE_URL: tempDatabaseUrl(), KAIFANG_NOW: '2026-11-23T10:00:00+08:00' };
    expect((await runInProcess(['seed', '--demo'], env)).status).toBe(0);
    const script = lines.flatMap((l) => (l.kind === 'command' ? [l.text] : [])).join('\n');
    const run = await runInProcess(['console'], env, `${script}\n`);
    expect(run.status, run.stderr).toBe(0);
    const out = run.stdout;
    let cursor = 0;
    for (const line of lines) {
      if (line.kind === 'command') {
        const echo = `${line.speaker}> ${line.text}`;
        const at = out.indexOf(echo, cursor);
        expect(at, `README command "${echo}" not run after position ${cursor}`).toBeGreaterThanOrEqual(0);
        cursor = at + echo.length;
        continue;
      }
      for (const fragment of line.fragments) {
        const at = out.indexOf(fragment, cursor);
        expect(at, `README line "${line.readme}" not said after its command:\n${out.slice(cursor, cursor + 600)}`).toBeGreaterThanOrEqual(0);
        cursor = at + fragment.length;
      }
    }
  });
});
