// What people type cannot be taken as something else: prototype words are unknown verbs and fields, a second case id
// in a decision is refused, a usage period has a ceiling, and a closed pipe ends the CLI quietly.
import { spawn } from 'node:child_process';
import { beforeEach, describe, expect, it } from 'vitest';
import { createMemoryStore } from '../src/adapters/memory/create-memory-store.ts';
import { seedDemo } from '../src/application/seed/seed-demo.ts';
import { loadConfig } from '../src/config/load-config.ts';
import { fixedClock, openApp, type App } from '../src/main.ts';
import { BIN } from './support/run-cli.ts';

let app: App;
const say = (userId: string, text: string) => app.handler.handle({ channel: 'console', userId, text });
const apply = (extra = '') => say('alice', `apply DS-0002 title=t reason=r type=api period=2027-06-30 result=x scenario=s commit=yes meets=yes ${extra}`);

beforeEach(async () => {
  const store = createMemoryStore();
  app = await openApp(loadConfig({ KAIFANG_LOCALE: 'en' }), { store, clock: fixedClock(new Date('2026-11-23T02:00:00Z')), log: () => {} });
  await seedDemo(store, { locale: 'en' });
  for (const u of ['alice', 'bob', 'carol']) await store.users.setLocale(u, 'en');
});

describe('words an object already knows', () => {
  const words = ['constructor', '__proto__', 'toString', 'hasOwnProperty', 'valueOf', 'prototype'];

  it.each(words)('%s is an unknown command, field, case or dataset, never a TypeError', async (word) => {
    await apply();
    expect(await say('carol', word)).toEqual([`Unknown command "${word}". Type help for the list.`]);
    expect(await say('carol', `${word} C-0001`)).toEqual([`Unknown command "${word}". Type help for the list.`]);
    expect((await say('carol', `approve C-0001 ${word}=1`))[0]).toMatch(new RegExp(`There is no field "${word}"`));
    expect((await say('alice', `apply DS-0002 ${word}=x`))[0]).toMatch(new RegExp(`There is no field "${word}"`));
    expect((await say('carol', `status ${word}`))[0]).toMatch(/not found/);
    expect((await app.chat.press({ platform: 'slack', externalId: 'UNOBODY' }, { caseId: 'C-0001', version: 1, action: word })).kind).toBe('replies');
    expect((await app.store.cases.get('C-0001'))?.state).toBe('formal_review');
  });
});

describe('one case per decision', () => {
  it('refuses `approve C-0001 C-0002` and changes neither case', async () => {
    await apply();
    await apply();
    expect(await say('carol', 'approve C-0001 C-0002')).toEqual([
      'One case per decision: C-0002 is a second case id. Nothing was done; decide C-0001 and C-0002 one at a time (a note that names a case goes in note="…").',
    ]);
    expect((await say('carol', 'reject C-0001 c-0002 basis="x"'))[0]).toMatch(/^One case per decision: C-0002/);
    for (const id of ['C-0001', 'C-0002']) expect((await app.store.cases.get(id))?.version).toBe(1);
    // A note may name another case, in its own field.
    expect((await say('carol', 'approve C-0001 note="same as C-0002"'))[0]).toMatch(/^C-0001 done/);
  });
});

describe('the usage period', () => {
  it('ends after today and at most 3 years after it (the profile maximum)', async () => {
    expect(await say('alice', 'apply DS-0002 title=t reason=r type=api period=9999-12-31 result=x scenario=s commit=yes meets=yes')).toEqual([
      'The usage period may run 3 years at most: until 2029-11-23 (asked: 9999-12-31).',
    ]);
    expect(await app.store.cases.list()).toEqual([]);
    expect((await say('alice', 'apply DS-0002 title=t reason=r type=api period=2029-11-23 result=x scenario=s commit=yes meets=yes'))[0]).toMatch(/^Received C-0001/);
  });
});

describe('a closed output', () => {
  it('ends the CLI quietly with its own exit code, no EPIPE stack trace', async () => {
    const child = spawn(process.execPath, [BIN, 'help'], { stdio: ['ignore', 'pipe', 'pipe'], env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '' } });
    // The reader is gone before the first line is written (as `| head -1` leaves it after one line).
    child.stdout.destroy();
    let stderr = '';
    child.stderr.on('data', (c) => (stderr += String(c)));
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    expect(stderr).toBe('');
    expect(code).toBe(0);
  });
});
