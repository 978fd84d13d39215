import { Readable, PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../config/load-config.ts';
import { KaifangError } from '../../domain/errors.ts';
import { fixedClock, openApp } from '../../main.ts';
import { seedDemo } from '../../application/seed/seed-demo.ts';
import { createMemoryStore } from '../memory/create-memory-store.ts';
import { runConsoleChat } from '../../run-chats.ts';

async function chat(lines: string[], breakStore?: (store: ReturnType<typeof createMemoryStore>) => void) {
  const store = createMemoryStore();
  const app = await openApp(loadConfig({ KAIFANG_LOCALE: 'en' }), { store, clock: fixedClock(new Date('2026-11-23T02:00:00Z')) });
  await seedDemo(store);
  for (const u of ['alice', 'carol']) await store.users.setLocale(u, 'en');
  breakStore?.(store);
  const output = new PassThrough();
  let text = '';
  output.on('data', (c) => (text += String(c)));
  const logged: string[] = [];
  await runConsoleChat(app, { io: { input: Readable.from(lines.map((l) => `${l}\n`)), output, interactive: false }, log: (l) => logged.push(l), tickSeconds: null });
  return { text, logged, store };
}

describe('console chat', () => {
  it('asks who you are first, refuses unknown people, and echoes piped commands with the speaker', async () => {
    const { text } = await chat(['mine', 'as nobody', 'as alice', 'mine']);
    expect(text).toContain('?> mine\nChoose who you are first: as <user>.');
    expect(text).toContain('No user "nobody".');
    expect(text).toContain('alice> mine\nYou have not started any case.');
  });

  it('lets nobody speak as the platform, the author of the cases it opens by itself', async () => {
    const { text } = await chat(['as platform', 'mine'], (store) => {
      void store.users.upsert({ id: 'platform', name: 'The platform', roles: [], agencyId: null, verified: false, dishonest: false, locale: 'en' });
    });
    expect(text).toContain('"platform" is the platform itself, not a person to act as: switch to one of alice, bob, carol, dave, erin, frank, grace.');
    expect(text).toContain('?> mine\nChoose who you are first: as <user>.');
  });

  it('shows every queued message once, addressed to its recipient, in the recipient’s language', async () => {
    const { text, store } = await chat([
      'as alice',
      'apply DS-0002 title=t reason=r type=api period=2027-06-30 result=x scenario=s commit=yes meets=yes',
      'mine',
    ]);
    expect(text).toMatch(/✉ to Alice 王丽 \(alice\): .*C-0001/);
    expect(text).toMatch(/✉ to Carol 李卡 \(carol\): .*C-0001/);
    expect(text.match(/✉ to Carol/g)).toHaveLength(1);
    expect(await store.outbox.listPending()).toEqual([]);
  });

  it('answers politely when the store fails, logs the code, and goes on', async () => {
    const { text, logged } = await chat(['as alice', 'mine', 'datasets'], (store) => {
      store.cases.list = async () => {
        throw new KaifangError('STORE_UNAVAILABLE', 'database is gone');
      };
    });
    expect(text).toContain('Sorry, that could not be done just now (STORE_UNAVAILABLE); nothing was changed.');
    expect(logged.join('\n')).toMatch(/STORE_UNAVAILABLE: .*database is gone/);
    expect(text).toContain('DS-0002 · 公交客流刷卡明细');
  });

  it('masks phone and ID numbers in replies and delivered messages (Z29, Z31)', async () => {
    const { text, store } = await chat(['as alice', 'object DS-0001 坐标错误，请联系 13812345678，身份证 370902199001011234', 'status C-0001']);
    expect(text).not.toMatch(/13812345678|370902199001011234/);
    expect(text).toMatch(/✉ to Bob 陈波 \(bob\): .*\n.*138\*\*\*\*5678/);
    expect(text).toContain('370902********1234');
    // What was filed is kept whole for the provider's records; only what chats show is masked.
    const filed = await store.cases.get('C-0001');
    expect(JSON.stringify(filed?.data)).toContain('13812345678');
  });
});

describe('console chat in a terminal', () => {
  it('runs the scheduler in the background: a message arrives while nobody types, then the prompt returns', async () => {
    const store = createMemoryStore();
    const app = await openApp(loadConfig({ KAIFANG_LOCALE: 'en' }), { store, clock: fixedClock(new Date('2026-11-23T02:00:00Z')) });
    await seedDemo(store);
    await store.users.setLocale('alice', 'en');
    const input = new PassThrough();
    const output = new PassThrough();
    let text = '';
    output.on('data', (c) => (text += String(c)));
    const done = runConsoleChat(app, { io: { input, output, interactive: true }, initialUser: 'alice', log: () => {}, tickSeconds: 1 });
    const shown = () => text.replace(/\x1b\[[0-9;]*[A-Za-z]/g, '');
    for (let waited = 0; !shown().endsWith('alice> ') && waited < 5_000; waited += 20) await new Promise((r) => setTimeout(r, 20));
    const params = { by: 'Carol', caseId: 'C-0009', workflow: 'W5', state: 'formal_review', dueOn: '2026-11-30', provisional: 0 };
    await store.outbox.enqueue({ userId: 'alice', caseId: 'C-0009', message: 'notify.nudge', params }, app.clock.now());
    // The prompt line gives way to the message (erased, the cursor back at its start), then the prompt comes again
    // (once the round's burst of messages is over).
    const delivered = /alice> {3}✉ to Alice 王丽 \(alice\): .*C-0009.*\nalice> $/;
    for (let waited = 0; !delivered.test(shown()) && waited < 5_000; waited += 50) await new Promise((r) => setTimeout(r, 50));
    expect(shown()).toMatch(delivered);
    expect(text).toMatch(/alice> (\x1b\[[0-9;]*[A-Za-z])*\x1b\[2K\x1b\[1G {2}✉ to Alice/);

    input.end();
    await done;
    // Stopped with the console: nothing is delivered any more.
    const later = await store.outbox.enqueue({ userId: 'alice', caseId: 'C-0009', message: 'notify.nudge', params }, app.clock.now());
    await new Promise((r) => setTimeout(r, 1_500));
    expect((await store.outbox.listPending()).map((m) => m.id)).toEqual([later.id]);
  });
});
