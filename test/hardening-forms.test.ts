// A half-filled form never swallows the next command: a command typed while a form waits is not its answer (one that
// only reads is answered, any other is not run), a decision filled answer by answer is confirmed before anything is
// decided, and a form left unfinished expires (KAIFANG_FORM_EXPIRY_HOURS, 24 h by default) and says so.
import { beforeEach, describe, expect, it } from 'vitest';
import { createMemoryStore } from '../src/adapters/memory/create-memory-store.ts';
import { seedDemo } from '../src/application/seed/seed-demo.ts';
import { loadConfig } from '../src/config/load-config.ts';
import { openApp, type App } from '../src/main.ts';

let store: ReturnType<typeof createMemoryStore>;
let app: App;
let now: Date;
const W5 = 'title=t reason=r type=api period=2027-06-30 result=x scenario=s commit=yes meets=yes';

async function open(env: Record<string, string> = {}): Promise<App> {
  return openApp(loadConfig({ KAIFANG_LOCALE: 'en', ...env }), { store, clock: { now: () => new Date(now) }, log: () => {} });
}
const say = (userId: string, text: string) => app.handler.handle({ channel: 'console', userId, text });
const hours = (h: number) => (now = new Date(now.getTime() + h * 3_600_000));

beforeEach(async () => {
  store = createMemoryStore();
  now = new Date('2026-11-23T02:00:00Z');
  app = await open();
  await seedDemo(store, { locale: 'en' });
  for (const u of ['alice', 'bob', 'carol']) await store.users.setLocale(u, 'en');
  await say('alice', `apply DS-0002 ${W5}`);
});

describe('a command typed while a form waits', () => {
  it('is not the answer and is not run: `reject C-0001` then `approve C-0001` decides nothing', async () => {
    const [asked] = await say('carol', 'reject C-0001');
    expect(asked).toMatch(/^\(1\/\d\) /);
    const [waiting] = await say('carol', 'approve C-0001');
    expect(waiting).toMatch(/^Your form is still open, so "approve …" was not run and not taken as the answer\. \(1\/\d\) /);
    expect(waiting).toMatch(/type cancel to drop the form/);
    expect(await store.cases.get('C-0001')).toMatchObject({ state: 'formal_review', version: 1 });
    // The same for a Chinese verb.
    expect((await say('carol', '通过 C-0001'))[0]).toMatch(/^Your form is still open, so "通过 …" was not run/);
    expect((await store.cases.get('C-0001'))?.version).toBe(1);
  });

  it('that only reads is answered, and the form keeps waiting', async () => {
    await say('carol', 'return C-0001');
    const replies = await say('carol', 'status C-0001');
    expect(replies[0]).toMatch(/C-0001/);
    expect(replies.at(-1)).toMatch(/^Your form is still open: \(1\/1\) /);
    expect(await store.conversations.get('console', 'carol')).toMatchObject({ verb: 'return', target: 'C-0001' });
  });

  it('in quotes is an answer after all', async () => {
    await say('carol', 'return C-0001');
    expect((await say('carol', '"approve the scenario first, then resubmit"'))[0]).toMatch(/^Return C-0001 with:\n {2}.*: approve the scenario first, then resubmit\n/);
  });
});

describe('a decision filled answer by answer', () => {
  it('is shown whole and decided only on yes', async () => {
    await say('carol', 'return C-0001');
    const [summary] = await say('carol', 'The scenario is too vague');
    expect(summary).toBe('Return C-0001 with:\n  Reasons: The scenario is too vague\nConfirm with yes, or no to drop it.');
    expect((await store.cases.get('C-0001'))?.version).toBe(1);
    // Anything but yes or no asks again; a command is not run.
    expect(await say('carol', 'approve C-0001')).toEqual(['Answer yes to decide, or no to drop it; nothing is decided until then.', summary]);
    expect((await store.cases.get('C-0001'))?.version).toBe(1);
    expect((await say('carol', 'yes'))[0]).toMatch(/^C-0001 done; it is now: returned/);
    expect(await store.cases.get('C-0001')).toMatchObject({ state: 'returned', version: 2 });
  });

  it('is dropped on no, in any language', async () => {
    await say('carol', 'return C-0001');
    await say('carol', 'The scenario is too vague');
    expect(await say('carol', '否')).toEqual(['Dropped: nothing was decided on C-0001.']);
    expect(await store.cases.get('C-0001')).toMatchObject({ state: 'formal_review', version: 1 });
    expect(await store.conversations.get('console', 'carol')).toBeNull();
  });

  it('reads as Chinese in Chinese, full-width colon and all', async () => {
    await store.users.setLocale('carol', 'zh-CN');
    await say('carol', '退回 C-0001');
    const [summary] = await say('carol', '应用场景描述不清');
    expect(summary).toBe('退回 C-0001，内容如下：\n  退回理由：应用场景描述不清\n确认请回复“是”，放弃请回复“否”。');
  });

  it('typed whole in one command is decided at once, as before', async () => {
    expect((await say('carol', 'return C-0001 reasons="The scenario is too vague"'))[0]).toMatch(/^C-0001 done; it is now: returned/);
  });
});

describe('a form left unfinished', () => {
  it('expires after 24 h: `return C-0001`, two days later `approve C-0001` approves and says the return was dropped', async () => {
    await say('carol', 'return C-0001');
    hours(48);
    const replies = await say('carol', 'approve C-0001');
    expect(replies[0]).toBe('Your unfinished form (Return for correction C-0001) waited more than 24 h and was dropped; nothing was filed or decided.');
    expect(replies[1]).toMatch(/^C-0001 done; it is now: in provider review/);
    const c = await store.cases.get('C-0001');
    expect(c?.state).toBe('provider_review');
    expect(JSON.stringify((await store.audit.listByCase('C-0001')).map((e) => e.detail))).not.toContain('approve C-0001');
  });

  it('is still there within the expiry, and an answer after it expired is not filed', async () => {
    await say('carol', 'return C-0001');
    hours(23);
    expect(await store.conversations.get('console', 'carol')).not.toBeNull();
    hours(2);
    expect(await say('carol', 'The scenario is too vague')).toEqual([
      'Your unfinished form (Return for correction C-0001) waited more than 24 h and was dropped; nothing was filed or decided.',
    ]);
    expect((await store.cases.get('C-0001'))?.version).toBe(1);
  });

  it("survives a restart as a form, so the next run's `mine` is answered, not filed as an objection", async () => {
    await say('alice', 'object DS-0001');
    const cases = (await store.cases.list()).length;
    app = await open();
    const replies = await say('alice', 'mine');
    expect(replies[0]).toMatch(/C-0001/);
    expect(replies.at(-1)).toMatch(/^Your form is still open: /);
    expect(await store.cases.list()).toHaveLength(cases);
  });

  it('expires after KAIFANG_FORM_EXPIRY_HOURS when set', async () => {
    app = await open({ KAIFANG_FORM_EXPIRY_HOURS: '1' });
    await say('carol', 'return C-0001');
    hours(1.5);
    expect((await say('carol', 'help'))[0]).toMatch(/waited more than 1 h and was dropped/);
    expect(() => loadConfig({ KAIFANG_FORM_EXPIRY_HOURS: '0' })).toThrow(/KAIFANG_FORM_EXPIRY_HOURS: must be a whole number of hours from 1 to 720/);
  });
});
