// A workflow is one file plus strings: X1, defined entirely under test/fixtures/ (its declaration and its
// strings), registered in a test registry and driven end to end through the console and through Slack's modal and
// buttons. No file outside test/ knows it exists.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPrismaStore } from '../src/adapters/prisma/create-prisma-store.ts';
import { seedDemo } from '../src/application/seed/seed-demo.ts';
import { loadConfig } from '../src/config/load-config.ts';
import { PROFILES } from '../src/domain/policy/profiles.ts';
import { BUILT_IN, createRegistry } from '../src/domain/workflows/registry.ts';
import { openApp, type App } from '../src/main.ts';
import { startServing, type Serving } from '../src/serve.ts';
import { x1CountersignedReceipt, X1_LOCALES } from './fixtures/sample-workflow/x1-countersigned-receipt.ts';
import { startFakeSlackApi, type FakeSlackApi, type FakeSlackCall } from './support/fake-slack-api.ts';
import { blockActions, plainText, sendToApp, slashCommand, viewSubmission } from './support/slack-requests.ts';
import { tempDatabaseUrl } from './support/run-cli.ts';

const registry = createRegistry([...BUILT_IN, x1CountersignedReceipt]);
const profile = { ...PROFILES.taian!, clocks: { ...PROFILES.taian!.clocks, 'X1.check': 3, 'X1.countersign': 2 } };
const now = new Date('2026-11-23T10:00:00+08:00');

async function openWithX1(env: Record<string, string> = {}): Promise<App> {
  const url = tempDatabaseUrl();
  const config = loadConfig({ DATABASE_URL: url, KAIFANG_LOCALE: 'en', HOST: '127.0.0.1', ...env });
  const app = await openApp(config, {
    store: await createPrismaStore({ url, workflowIds: registry.ids }),
    clock: { now: () => new Date(now) },
    workflows: registry,
    profile,
    localeDirs: [X1_LOCALES],
  });
  await seedDemo(app.store, { locale: 'en' });
  return app;
}

describe('a fixture workflow in the console', () => {
  let app: App;
  const say = (userId: string, text: string) => app.handler.handle({ channel: 'console', userId, text });
  beforeAll(async () => {
    app = await openWithX1();
  });
  afterAll(async () => app?.close());

  it('needs its clocks in the profile before anything runs', async () => {
    const url = tempDatabaseUrl();
    await expect(openApp(loadConfig({ DATABASE_URL: url }), { workflows: registry, localeDirs: [X1_LOCALES] })).rejects.toThrow(
      /no clock X1\.check, X1\.countersign/,
    );
  });

  it('lists its verbs in help, in its own words', async () => {
    const [help] = await say('alice', 'help');
    expect(help).toMatch(/receipt <code> <text> — file a usage receipt/);
    expect(help).toMatch(/countersign <case> opinion="…"/);
  });

  it('starts, passes the provider, asks the countersign form field by field and ends', async () => {
    expect(await say('alice', 'receipt DS-0001 used for a bus study')).toEqual([expect.stringMatching(/C-0001.*usage receipt.*provider check.*2026-11-26/)]);
    // Its own action, before its step: the provider has no countersign to give.
    expect(await say('bob', 'countersign C-0001')).toEqual([expect.stringMatching(/C-0001/)]);
    expect((await app.store.cases.get('C-0001'))?.state).toBe('check');
    expect(await say('bob', 'approve C-0001')).toEqual([expect.stringMatching(/C-0001.*countersigning.*2026-11-25/)]);
    const [asked] = await say('carol', 'countersign C-0001');
    expect(asked).toMatch(/Opinion/);
    // Filled answer by answer, the decision is shown whole and confirmed before it is made.
    expect(await say('carol', 'agreed, well documented')).toEqual(['Countersign C-0001 with:\n  Opinion: agreed, well documented\nConfirm with yes, or no to drop it.']);
    expect(await say('carol', 'yes')).toEqual([expect.stringMatching(/C-0001.*countersigned/)]);
    const [status] = await say('alice', 'status C-0001');
    expect(status).toMatch(/countersigned — opinion: agreed, well documented/);
    const messages = (await app.store.outbox.listPending()).map((m) => [m.userId, m.message]);
    expect(messages).toEqual(
      expect.arrayContaining([
        ['alice', 'notify.x1.submitted'],
        ['bob', 'notify.x1.check'],
        ['carol', 'notify.x1.countersign'],
        ['alice', 'notify.x1.done'],
      ]),
    );
  });

  it('takes its verbs in Chinese, and its refusal about a field names that field', async () => {
    await say('alice', '回执 DS-0001 第二份');
    await say('bob', 'approve C-0002');
    expect(await say('carol', '会签 C-0002 opinion=同意')).toEqual([expect.stringMatching(/C-0002.*countersigned/)]);
    await say('alice', 'receipt DS-0001 third');
    const refused = await app.handler.submitForm({ channel: 'slack', userId: 'bob' }, { verb: 'reject', formId: 'reject', target: 'C-0003', caseVersion: 1, values: { basis: '   ' } });
    expect(refused).toMatchObject({ ok: false, fieldErrors: { basis: expect.any(String) } });
  });

  it('speaks its own choice field by its labels and takes a label in any language, with no code of its own', async () => {
    // A value an optional field cannot take is refused, not dropped: nothing is filed without what was meant.
    const cases = (await app.store.cases.list()).length;
    expect(await say('alice', 'receipt DS-0001 use=maybe a bus app')).toEqual(['Use is not valid: optional: what the data served One of: Research / A product']);
    expect(await app.store.cases.list()).toHaveLength(cases);
    expect(await say('alice', 'receipt DS-0001 用途=产品开发 a bus app')).toEqual([expect.stringMatching(/^Received C-0004 /)]);
    expect((await app.store.audit.listByCase('C-0004'))[0]?.detail).toMatchObject({ use: 'product' });
    // The history shows the stored code by its label, in the reader's language.
    expect((await say('alice', 'status C-0004'))[0]).toMatch(/receipt filed — use: A product/);
    await app.store.users.setLocale('alice', 'zh-CN');
    expect((await say('alice', 'status C-0004'))[0]).toMatch(/提交回执 — 用途：产品开发/);
    await app.store.users.setLocale('alice', 'en');
  });
});

describe('a fixture workflow in Slack: modal and buttons', () => {
  const SECRET = 'test-signing-secret-1234';
  const TOKEN = 'xoxb-test-token';
  let fake: FakeSlackApi;
  let app: App;
  let serving: Serving;
  let base: string;
  let responses = 0;

  const send = (body: Parameters<typeof sendToApp>[2]) => sendToApp(base, '/slack/events', body, { secret: SECRET });
  const dms = (slackUser: string) => fake.callsTo('chat.postMessage').filter((c) => c.args.channel === `D${slackUser}`);
  const buttonsOf = (call: FakeSlackCall | undefined) =>
    (((call?.args.blocks ?? []) as { type: string; elements?: { action_id: string; value: string }[] }[]).find((b) => b.type === 'actions')?.elements ?? []);

  async function command(slackUser: string, text: string): Promise<void> {
    const res = await send(slashCommand({ userId: slackUser, text, responseUrl: fake.responseUrl(`r${++responses}`) }));
    expect(res.status).toBe(200);
  }

  async function click(slackUser: string, post: FakeSlackCall, actionId: string): Promise<string> {
    const id = `r${++responses}`;
    const button = buttonsOf(post).find((b) => b.action_id === actionId)!;
    const message = { ts: String((post.response as { ts: string }).ts), channel: String(post.args.channel) };
    expect((await send(blockActions({ userId: slackUser, actionId, value: button.value, message, responseUrl: fake.responseUrl(id) }))).status).toBe(200);
    return id;
  }

  beforeAll(async () => {
    fake = await startFakeSlackApi({ token: TOKEN });
    for (const id of ['UALICE', 'UBOB', 'UCAROL']) fake.setUser(id, { locale: 'en-US' });
    app = await openWithX1({ SLACK_BOT_TOKEN: TOKEN, SLACK_SIGNING_SECRET: SECRET, SLACK_API_URL: fake.url });
    serving = await startServing(app, { log: () => {}, port: 0, tickSeconds: 59 });
    base = `http://127.0.0.1:${serving.port}`;
    for (const [user, slackId] of [['alice', 'UALICE'], ['bob', 'UBOB'], ['carol', 'UCAROL']] as const) {
      const invite = await app.identities.invite(user, now, { actorId: 'operator', channel: 'cli' });
      if (!invite.ok) throw new Error('invite failed');
      await command(slackId, `link ${invite.value.code}`);
    }
    await fake.waitForCalls('response_url:r3', 1);
  });

  afterAll(async () => {
    await serving?.stop();
    await app?.close();
    await fake?.close();
  });

  it('opens its start form as a modal, shows its own buttons and its own action form, and edits the old copies', async () => {
    await command('UALICE', 'receipt DS-0001');
    const [opened] = await fake.waitForCalls('views.open', 1);
    const view = opened!.args.view as { private_metadata: string; title: { text: string }; blocks: { type: string; block_id: string }[] };
    expect(view.title.text).toBe('Usage receipt');
    expect(view.blocks.filter((b) => b.type === 'input').map((b) => b.block_id)).toEqual(['text', 'use']);
    // Its choice shows its labels and carries its codes.
    const use = view.blocks.find((b) => b.block_id === 'use') as unknown as { element: { type: string; options: { text: { text: string }; value: string }[] } };
    expect([use.element.type, ...use.element.options.map((o) => [o.text.text, o.value])]).toEqual(['static_select', ['Research', 'research'], ['A product', 'product']]);
    await send(viewSubmission({ userId: 'UALICE', callbackId: 'kaifang_form', privateMetadata: view.private_metadata, values: { text: { text: plainText('bus study') } } }));
    await fake.waitForCalls('chat.postMessage', 1);
    expect((await app.store.cases.get('C-0001'))?.workflow).toBe('X1');

    // The provider's task carries the buttons of the actions X1 gives it in this state: approve and reject.
    await serving.scheduler.runNow();
    const bobTask = dms('UBOB').at(-1)!;
    expect(buttonsOf(bobTask).map((b) => [b.action_id, b.value])).toEqual([
      ['kaifang_approve', 'C-0001@1'],
      ['kaifang_reject', 'C-0001@1'],
    ]);
    await fake.waitForCalls(`response_url:${await click('UBOB', bobTask, 'kaifang_approve')}`, 1);
    expect((await app.store.cases.get('C-0001'))?.state).toBe('countersigning');

    // The authority's task carries X1's own action; its form opens as a modal.
    await serving.scheduler.runNow();
    await app.changes.idle();
    const carolTask = dms('UCAROL').at(-1)!;
    expect(buttonsOf(carolTask).map((b) => [b.action_id, b.value])).toEqual([['kaifang_countersign', 'C-0001@2']]);
    expect(fake.callsTo('chat.update').map((c) => [c.args.channel, c.args.ts])).toEqual([[bobTask.args.channel, (bobTask.response as { ts: string }).ts]]);
    await click('UCAROL', carolTask, 'kaifang_countersign');
    const [, form] = await fake.waitForCalls('views.open', 2);
    const modal = form!.args.view as { private_metadata: string; blocks: { type: string; block_id: string }[] };
    expect(modal.blocks.filter((b) => b.type === 'input').map((b) => b.block_id)).toEqual(['opinion']);
    await send(viewSubmission({ userId: 'UCAROL', callbackId: 'kaifang_form', privateMetadata: modal.private_metadata, values: { opinion: { opinion: plainText('agreed') } } }));
    await fake.waitForCalls('chat.update', 2);
    const c = await app.store.cases.get('C-0001');
    expect(c).toMatchObject({ state: 'done', data: { opinion: 'agreed' } });
    expect(String(fake.callsTo('chat.update').at(-1)!.args.text)).toMatch(/C-0001.*Carol.*countersigned/);
  });
});
