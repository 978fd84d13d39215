// Input is bounded and clean: each field has a maximum from its kind, named in the refusal; control characters
// (ANSI and OSC escapes, NUL, bidirectional overrides) are stripped from what is stored and from what is shown.
import { PassThrough, Readable } from 'node:stream';
import { beforeEach, describe, expect, it } from 'vitest';
import { createMemoryStore } from '../src/adapters/memory/create-memory-store.ts';
import { seedDemo } from '../src/application/seed/seed-demo.ts';
import { loadConfig } from '../src/config/load-config.ts';
import { MAX_LENGTH } from '../src/domain/forms/form.ts';
import { stripControls } from '../src/domain/text/strip-controls.ts';
import { fixedClock, openApp, type App } from '../src/main.ts';
import { runConsoleChat } from '../src/run-chats.ts';

let app: App;
const say = (userId: string, text: string) => app.handler.handle({ channel: 'console', userId, text });
const apply = (title: string, scenario = 's') => say('alice', `apply DS-0002 title="${title}" reason=r type=api period=2027-06-30 result=x scenario="${scenario}" commit=yes meets=yes`);

beforeEach(async () => {
  const store = createMemoryStore();
  app = await openApp(loadConfig({ KAIFANG_LOCALE: 'en' }), { store, clock: fixedClock(new Date('2026-11-23T02:00:00Z')), log: () => {} });
  await seedDemo(store, { locale: 'en' });
  await store.users.setLocale('alice', 'en');
});

describe('field lengths', () => {
  it('refuses a 1 MB title naming the limit, and stores nothing', async () => {
    const replies = await apply('x'.repeat(1024 * 1024));
    expect(replies.join('\n')).toMatch(/Title: at most 200 characters/);
    expect(replies.join('\n').length).toBeLessThan(2_000);
    expect(await app.store.cases.list()).toEqual([]);
  });

  it('takes a title of exactly 200 characters and a text of exactly 5,000, not one more', async () => {
    expect((await apply('t'.repeat(MAX_LENGTH.title + 1))).join('\n')).toMatch(/Title: at most 200 characters/);
    // The value too long is dropped and asked again; the person gives up here.
    await say('alice', 'cancel');
    expect((await apply('t'.repeat(MAX_LENGTH.title), 's'.repeat(MAX_LENGTH.text + 1))).join('\n')).toMatch(/at most 5000 characters/);
    await say('alice', 'cancel');
    expect((await apply('t'.repeat(MAX_LENGTH.title), 's'.repeat(MAX_LENGTH.text)))[0]).toMatch(/^Received C-0001/);
  });

  it('says the limit next to the field of a whole form (a modal)', async () => {
    const result = await app.handler.submitForm(
      { channel: 'slack', userId: 'alice' },
      { verb: 'apply', formId: 'w5', target: 'DS-0002', caseVersion: null, values: { title: 'x'.repeat(300), reason: 'r', type: 'api', period: '2027-06-30', result: 'x', scenario: 's', commit: 'yes', meets: 'yes' } },
    );
    expect(result).toMatchObject({ ok: false, fieldErrors: { title: 'Title: at most 200 characters. Shorten it and send it again.' } });
  });

  it('bounds an answer typed into a waiting form too', async () => {
    await say('alice', 'object DS-0001');
    expect((await say('alice', 'w'.repeat(MAX_LENGTH.text + 10)))[0]).toMatch(/at most 5000 characters/);
    expect(await app.store.cases.list()).toEqual([]);
  });
});

describe('control characters', () => {
  const hostile = 'Bus\u001b[31m study\u001b[0m \u001b]8;;http://127.0.0.1/x\u0007link\u001b]8;;\u0007 nul\u0000 \u202Eevil\u202C\ttab';

  it('strips them from what is stored and from the replies', async () => {
    const replies = await apply(hostile);
    expect(replies[0]).toMatch(/^Received C-0001/);
    const data = (await app.store.cases.get('C-0001'))!.data as { application: { title: string } } & Record<string, unknown>;
    const stored = JSON.stringify(data);
    expect(stored).toContain('Bus study link nul evil tab');
    expect(stored).not.toMatch(/[\u0000-\u0008\u001b\u202a-\u202e]/);
    const status = (await say('alice', 'status C-0001')).join('\n');
    expect(status).not.toMatch(/[\u0000-\u0008\u001b\u202a-\u202e]/);
  });

  it('never writes an escape to the terminal, not even in the echo of a piped line', async () => {
    const output = new PassThrough();
    let text = '';
    output.on('data', (c) => (text += String(c)));
    const lines = ['as alice', `status \u001b]0;pwned\u0007C-0001\u001b[2J`];
    await runConsoleChat(app, { io: { input: Readable.from(lines.map((l) => `${l}\n`)), output, interactive: false }, log: () => {}, tickSeconds: null });
    expect(text).toContain('alice> status C-0001');
    expect(text).not.toMatch(/\u001b|\u0007/);
  });

  it.each([
    ['\u001b[1;31mred\u001b[0m', 'red'],
    ['a\u001b]0;title\u0007b', 'ab'],
    ['a\u001b]8;;http://x\u001b\\b', 'ab'],
    ['nul\u0000byte', 'nulbyte'],
    ['bell\u0007', 'bell'],
    ['\u202Eabc\u202C', 'abc'],
    ['\u2066iso\u2069', 'iso'],
    ['line\nbreak', 'line\nbreak'],
    ['tab\there', 'tab here'],
    ['c1\u009bcontrol', 'c1control'],
    ['中文\u200f标点', '中文标点'],
  ])('%j becomes %j', (raw, clean) => {
    expect(stripControls(raw)).toBe(clean);
  });
});
