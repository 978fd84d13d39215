// The real Bolt app in HTTP mode, served by `startServing` exactly as `npx kaifang serve`
// runs it, against a fake Slack Web API on 127.0.0.1 that records every call. Requests reach the app signed as Slack
// signs them.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPrismaStore } from '../src/adapters/prisma/create-prisma-store.ts';
import { seedDemo } from '../src/application/seed/seed-demo.ts';
import { loadConfig } from '../src/config/load-config.ts';
import { openApp, type App } from '../src/main.ts';
import { startServing, type Serving } from '../src/serve.ts';
import { startFakeSlackApi, type FakeSlackApi, type FakeSlackCall } from './support/fake-slack-api.ts';
import {
  appHomeOpened,
  blockActions,
  datePicker,
  eventCallback,
  plainText,
  sendToApp,
  slashCommand,
  staticSelect,
  viewSubmission,
  type SlackRequestBody,
  type ViewStateValues,
} from './support/slack-requests.ts';
import { tempDatabaseUrl } from './support/run-cli.ts';

const SECRET = 'test-signing-secret-1234';
const TOKEN = 'xoxb-test-token';
const SLACK_IDS: Record<string, string> = { alice: 'UALICE', carol: 'UCAROL', bob: 'UBOB', dave: 'UDAVE', frank: 'UFRANK', grace: 'UGRACE' };

let fake: FakeSlackApi;
let app: App;
let serving: Serving;
let base: string;
let now = new Date('2026-11-23T10:00:00+08:00');
let responses = 0;
const log: string[] = [];

async function send(request: SlackRequestBody, options: { retryNum?: number; unsigned?: boolean; timestamp?: number } = {}) {
  return sendToApp(base, '/slack/events', request, { secret: SECRET, ...options });
}

/** A slash command; resolves with what the app answered through the response_url. */
async function command(slackUser: string, text: string, triggerId?: string): Promise<string> {
  const id = `r${++responses}`;
  const res = await send(slashCommand({ userId: slackUser, text, responseUrl: fake.responseUrl(id), ...(triggerId ? { triggerId } : {}) }));
  expect(res.status).toBe(200);
  const [answer] = await fake.waitForCalls(`response_url:${id}`, 1);
  return String(answer!.args.text);
}

/** The latest chat.postMessage to a person's DM. */
function lastDm(slackUser: string): FakeSlackCall | undefined {
  return fake.callsTo('chat.postMessage').filter((c) => c.args.channel === `D${slackUser}`).at(-1);
}

function buttonsOf(call: FakeSlackCall | undefined): { action_id: string; value: string }[] {
  const blocks = (call?.args.blocks ?? []) as { type: string; elements?: { action_id: string; value: string }[] }[];
  return blocks.find((b) => b.type === 'actions')?.elements ?? [];
}

async function round(): Promise<void> {
  await serving.scheduler.runNow();
}

async function click(slackUser: string, post: FakeSlackCall, action: 'approve' | 'return' | 'reject' | 'accept', triggerId?: string, retryNum?: number) {
  const id = `r${++responses}`;
  const button = buttonsOf(post).find((b) => b.action_id === `kaifang_${action}`)!;
  const res = await send(
    blockActions({
      userId: slackUser,
      actionId: button.action_id,
      value: button.value,
      message: { ts: String((post.response as { ts: string }).ts), channel: String(post.args.channel) },
      responseUrl: fake.responseUrl(id),
      ...(triggerId ? { triggerId } : {}),
    }),
    retryNum ? { retryNum } : {},
  );
  expect(res.status).toBe(200);
  return id;
}

async function answerOf(id: string): Promise<string> {
  const [answer] = await fake.waitForCalls(`response_url:${id}`, 1);
  return String(answer!.args.text);
}

function modalState(call: FakeSlackCall): string {
  return String((call.args.view as { private_metadata: string }).private_metadata);
}

async function submit(slackUser: string, privateMetadata: string, values: ViewStateValues) {
  return send(viewSubmission({ userId: slackUser, callbackId: 'kaifang_form', privateMetadata, values }));
}

/** A W5 application form as a person fills it in the modal. */
function applicationValues(title: string, type: 'api' | 'dataset', scenario = 's'): ViewStateValues {
  return {
    title: { title: plainText(title) },
    reason: { reason: plainText('r') },
    type: { type: staticSelect(type) },
    period: { period: datePicker('2027-06-30') },
    result: { result: plainText('report') },
    scenario: { scenario: plainText(scenario) },
    commit: { commit: { type: 'checkboxes', selected_options: [{ value: 'yes' }] } },
    meets: { meets: { type: 'checkboxes', selected_options: [{ value: 'yes' }] } },
  };
}

beforeAll(async () => {
  fake = await startFakeSlackApi({ token: TOKEN });
  fake.setUser('UCAROL', { locale: 'en-US' });
  fake.setUser('UALICE', { locale: 'en-US' });
  fake.setUser('UBOB', { locale: 'en-US' });
  const url = tempDatabaseUrl();
  const config = loadConfig({
    DATABASE_URL: url,
    SLACK_BOT_TOKEN: TOKEN,
    SLACK_SIGNING_SECRET: SECRET,
    SLACK_API_URL: fake.url,
    HOST: '127.0.0.1',
    KAIFANG_LOCALE: 'en',
  });
  app = await openApp(config, { store: await createPrismaStore({ url }), clock: { now: () => new Date(now) } });
  await seedDemo(app.store, { locale: 'en' });
  serving = await startServing(app, { log: (l) => log.push(l), port: 0, tickSeconds: 59 });
  base = `http://127.0.0.1:${serving.port}`;
});

afterAll(async () => {
  await serving?.stop();
  await app?.close();
  await fake?.close();
});

describe('Slack: safety', () => {
  it('refuses an unsigned request and one signed five minutes ago with 401', async () => {
    expect((await send(slashCommand({ userId: 'UALICE', text: 'help' }), { unsigned: true })).status).toBe(401);
    const stale = Math.floor(Date.now() / 1000) - 6 * 60;
    expect((await send(slashCommand({ userId: 'UALICE', text: 'help' }), { timestamp: stale })).status).toBe(401);
    expect(fake.calls.filter((c) => c.method.startsWith('response_url'))).toEqual([]);
  });
});

describe('Slack: identity', () => {
  it('lets an unlinked person read help and nothing else', async () => {
    expect(await command('UALICE', 'help')).toMatch(/not linked to a user yet/);
    expect(await command('UALICE', 'mine')).toMatch(/not linked to a kaifang user yet, so only help is available/);
    expect(await app.store.cases.list()).toEqual([]);
  });

  it('links a Slack account with a one-time code, following the Slack locale', async () => {
    fake.setUser('UCAROL', { locale: 'zh-CN' });
    for (const [user, slackId] of Object.entries(SLACK_IDS)) {
      const invite = await app.identities.invite(user, now, { actorId: 'operator', channel: 'cli' });
      if (!invite.ok) throw new Error('invite failed');
      const reply = await command(slackId, `link ${invite.value.code}`);
      expect(reply).toMatch(user === 'carol' ? /绑定成功/ : /^Linked: your Slack account now acts as/);
    }
    expect((await app.store.users.get('carol'))?.locale).toBe('zh-CN');
    // A code works once.
    const again = await app.identities.invite('alice', now, { actorId: 'operator', channel: 'cli' });
    if (!again.ok) throw new Error('invite failed');
    await command('UALICE', `link ${again.value.code}`);
    expect(await command('UBOB', `link ${again.value.code}`)).toMatch(/used|已使用/i);
    await app.store.users.setLocale('carol', 'en');
  });
});

describe('Slack: W5 from application to grant', () => {
  let carolTask: FakeSlackCall;

  it('opens the application form as a modal and starts the case on submission', async () => {
    const id = `r${++responses}`;
    await send(slashCommand({ userId: 'UALICE', text: 'apply DS-0002 title="Bus study"', responseUrl: fake.responseUrl(id) }));
    const [opened] = await fake.waitForCalls('views.open', 1);
    const view = opened!.args.view as { blocks: { type: string; block_id: string; text?: { text: string }; element: { type: string; initial_value?: string } }[] };
    // Headed by what it acts on and the dataset's open conditions (T14(三)), then one input per field of the form.
    expect(view.blocks[0]).toMatchObject({
      type: 'section',
      text: { text: expect.stringMatching(/^\*DS-0002\*\nDS-0002 is conditional data\. Its open conditions: 仅限交通规划/) },
    });
    const inputs = view.blocks.filter((b) => b.type === 'input');
    expect(inputs.map((b) => b.block_id)).toEqual(['title', 'reason', 'type', 'period', 'result', 'scenario', 'commit', 'meets']);
    expect(inputs[0]!.element).toMatchObject({ type: 'plain_text_input', initial_value: 'Bus study' });
    expect(inputs.find((b) => b.block_id === 'period')!.element.type).toBe('datepicker');

    const values: ViewStateValues = applicationValues('Bus study', 'api', 'planning');
    const res = await submit('UALICE', modalState(opened!), values);
    expect(res.status).toBe(200);
    expect(res.body).toBe('');
    await fake.waitForCalls('chat.postMessage', 1);
    expect(String(lastDm('UALICE')?.args.text)).toMatch(/C-0001/);
    expect((await app.store.cases.get('C-0001'))?.state).toBe('formal_review');
  });

  it('sends the reviewer a direct message with the summary, the deadline and Approve / Return / Reject', async () => {
    await round();
    carolTask = lastDm('UCAROL')!;
    expect(String(carolTask.args.text)).toMatch(/C-0001[\s\S]*2026-11-30/);
    expect(buttonsOf(carolTask).map((b) => [b.action_id, b.value])).toEqual([
      ['kaifang_approve', 'C-0001@1'],
      ['kaifang_return', 'C-0001@1'],
      ['kaifang_reject', 'C-0001@1'],
    ]);
  });

  it('approves with one click and updates the message in place: who decided, when, no buttons', async () => {
    const answer = await answerOf(await click('UCAROL', carolTask, 'approve'));
    expect(answer).toMatch(/C-0001/);
    expect((await app.store.cases.get('C-0001'))?.state).toBe('provider_review');
    const [update] = await fake.waitForCalls('chat.update', 1);
    expect(update!.args).toMatchObject({ channel: carolTask.args.channel, ts: (carolTask.response as { ts: string }).ts });
    expect(String(update!.args.text)).toMatch(/decided by Carol .* at 2026-11-23 10:00/);
    expect(JSON.stringify(update!.args.blocks)).not.toMatch(/"actions"/);
  });

  it('answers a double click politely and changes nothing', async () => {
    const before = (await app.store.cases.get('C-0001'))!.version;
    const answer = await answerOf(await click('UCAROL', carolTask, 'approve'));
    expect(answer).toMatch(/already|已由/);
    expect((await app.store.cases.get('C-0001'))!.version).toBe(before);
  });

  it('lets the provider approve: the applicant gets the agreement with an Accept button, and nothing is granted yet', async () => {
    await round();
    const bobTask = lastDm('UBOB')!;
    expect(buttonsOf(bobTask)[0]!.value).toBe('C-0001@2');
    await answerOf(await click('UBOB', bobTask, 'approve'));
    expect((await app.store.cases.get('C-0001'))?.state).toBe('awaiting_acceptance');
    expect(await app.store.grants.listByCase('C-0001')).toHaveLength(0);
    await round();
    const offer = lastDm('UALICE')!;
    expect(String(offer.args.text)).toMatch(/public data usage agreement \(AG-C-0001[\s\S]*never passed to any third party/);
    expect(buttonsOf(offer).map((b) => [b.action_id, b.value])).toEqual([['kaifang_accept', 'C-0001@3']]);
  });

  it('grants the data once the applicant accepts the agreement with one click', async () => {
    const offer = lastDm('UALICE')!;
    await answerOf(await click('UALICE', offer, 'accept'));
    expect((await app.store.cases.get('C-0001'))?.state).toBe('approved');
    expect(await app.store.grants.listByCase('C-0001')).toHaveLength(1);
    await round();
    expect(String(lastDm('UALICE')?.args.text)).toMatch(/You accepted public data usage agreement AG-C-0001: it is concluded/);
  });
});

describe('Slack: return and refusal through modals', () => {
  let task: FakeSlackCall;

  beforeAll(async () => {
    await send(slashCommand({ userId: 'UALICE', text: 'apply DS-0004 title="Emission study" reason=research type=dataset period=2027-12-31 result=report scenario=oversight commit=yes meets=yes' }));
  });

  it('returns with every reason listed', async () => {
    const [, opened] = await fake.waitForCalls('views.open', 2);
    // The inline fields were all given, so the modal comes filled in; submitting it starts C-0002.
    const view = opened!.args.view as { blocks: { block_id: string; element: { initial_value?: string } }[] };
    expect(view.blocks.find((b) => b.block_id === 'title')!.element.initial_value).toBe('Emission study');
    await submit('UALICE', modalState(opened!), applicationValues('Emission study', 'dataset', 'oversight'));
    await round();
    task = lastDm('UCAROL')!;
    expect(buttonsOf(task)[0]!.value).toBe('C-0002@1');
    await click('UCAROL', task, 'return');
    const [, , returnModal] = await fake.waitForCalls('views.open', 3);
    const returnBlocks = (returnModal!.args.view as { blocks: { type: string; block_id?: string; text?: { text: string } }[] }).blocks;
    expect(returnBlocks.map((b) => b.block_id ?? b.text?.text)).toEqual(['*C-0002*', 'reasons']);
    const res = await submit('UCAROL', modalState(returnModal!), { reasons: { reasons: plainText('no scenario\nunclear result') } });
    expect(res.status).toBe(200);
    const c = await app.store.cases.get('C-0002');
    expect(c?.state).toBe('returned');
    await round();
    expect(String(lastDm('UALICE')?.args.text)).toMatch(/no scenario[\s\S]*unclear result/);
  });

  it('refuses a refusal without a legal basis in the modal, on the field, and changes nothing', async () => {
    await command('UALICE', 'resubmit C-0002 scenario="emission oversight"');
    await round();
    task = lastDm('UCAROL')!;
    await click('UCAROL', task, 'reject');
    const [, , , rejectModal] = await fake.waitForCalls('views.open', 4);
    const version = (await app.store.cases.get('C-0002'))!.version;
    const res = await submit('UCAROL', modalState(rejectModal!), { basis: { basis: plainText(null) }, reason: { reason: plainText('not eligible') } });
    expect(res.status).toBe(200);
    expect(res.json).toMatchObject({ response_action: 'errors', errors: { basis: expect.any(String) } });
    expect((await app.store.cases.get('C-0002'))!.version).toBe(version);
    // S20: the reasons as well as the basis.
    const noReason = await submit('UCAROL', modalState(rejectModal!), { basis: { basis: plainText('T15 usage outside the conditions') }, reason: { reason: plainText(null) } });
    expect(noReason.json).toMatchObject({ response_action: 'errors', errors: { reason: expect.any(String) } });
    expect((await app.store.cases.get('C-0002'))!.version).toBe(version);
    const ok = await submit('UCAROL', modalState(rejectModal!), { basis: { basis: plainText('T15 usage outside the conditions') }, reason: { reason: plainText('not eligible') } });
    expect(ok.body).toBe('');
    expect((await app.store.cases.get('C-0002'))?.state).toBe('rejected');
  });
});

describe('Slack: retries and rate limits', () => {
  it('never applies a retried delivery twice', async () => {
    // Alice holds a grant on DS-0002 now; her third application is for DS-0004 again.
    await send(slashCommand({ userId: 'UALICE', text: 'apply DS-0004' }));
    const opened = (await fake.waitForCalls('views.open', 5))[4]!;
    await submit('UALICE', modalState(opened), applicationValues('Third', 'dataset', 's'));
    await round();
    const task = lastDm('UCAROL')!;
    const first = await click('UCAROL', task, 'approve', 'T-retried-1');
    await answerOf(first);
    const second = await click('UCAROL', task, 'approve', 'T-retried-1', 1);
    await new Promise((r) => setTimeout(r, 300));
    expect(fake.callsTo(`response_url:${second}`)).toEqual([]);
    const approvals = (await app.store.audit.listByCase('C-0003')).filter((e) => e.action === 'W5.approve' || e.action.endsWith('formal_approve'));
    expect((await app.store.cases.get('C-0003'))!.version).toBe(2);
    expect(approvals.length).toBeLessThanOrEqual(1);
  });

  it('honours a 429 with its Retry-After, then delivers', async () => {
    const posts = fake.callsTo('chat.postMessage').length;
    await command('UALICE', 'nudge C-0003');
    fake.failNext('chat.postMessage', { status: 429, retryAfter: 2 });
    await round();
    const [pending] = (await app.store.outbox.list({ status: ['pending'] })).filter((m) => m.lastError !== null);
    expect(pending).toMatchObject({ attempts: 1, lastError: expect.stringMatching(/429/) });
    expect(pending!.nextAttemptAt.getTime() - now.getTime()).toBe(2000);
    now = new Date(now.getTime() + 2000);
    await round();
    expect(fake.callsTo('chat.postMessage').length).toBeGreaterThan(posts + 1);
    // DS-0004 belongs to the ecology bureau: its reviewer Frank owes the step.
    expect(String(lastDm('UFRANK')?.args.text)).toMatch(/Nudge/);
    expect(await app.store.outbox.countByStatus()).toMatchObject({ pending: 0, parked: 0 });
  });
});

describe('Slack: decisions made elsewhere, and people not linked', () => {
  it('updates the Slack copy of a task decided in another chat at the next delivery', async () => {
    await send(slashCommand({ userId: 'UALICE', text: 'apply DS-0004' }));
    const opened = (await fake.waitForCalls('views.open', 6))[5]!;
    await submit('UALICE', modalState(opened), applicationValues('Fourth', 'dataset', 's'));
    await round();
    const task = lastDm('UCAROL')!;
    expect(buttonsOf(task)[0]!.value).toBe('C-0004@1');
    const updates = fake.callsTo('chat.update').length;
    // Carol decides in the console instead of clicking.
    await app.handler.handle({ channel: 'console', userId: 'carol', text: 'approve C-0004' });
    await round();
    const update = fake.callsTo('chat.update').slice(updates).find((c) => c.args.ts === (task.response as { ts: string }).ts);
    expect(String(update?.args.text)).toMatch(/C-0004: decided by Carol/);
  });

  it('tells someone not linked who clicks a button how to link, and changes nothing', async () => {
    const task = lastDm('UCAROL')!;
    const id = `r${++responses}`;
    const button = buttonsOf(fake.callsTo('chat.postMessage').find((c) => buttonsOf(c).length > 0))[0]!;
    await send(blockActions({ userId: 'USTRANGER', actionId: button.action_id, value: button.value, message: { ts: String((task.response as { ts: string }).ts), channel: String(task.args.channel) }, responseUrl: fake.responseUrl(id) }));
    expect(await answerOf(id)).toMatch(/not linked/);
  });
});

describe('Slack: home tab', () => {
  it('shows my pending tasks by deadline, my cases, and a supervisor’s overdue list', async () => {
    await send(eventCallback({ event: appHomeOpened('UFRANK') }));
    const [published] = await fake.waitForCalls('views.publish', 1);
    const text = JSON.stringify(published!.args.view);
    expect(text).toMatch(/My tasks/);
    expect(text).toMatch(/C-0003/);
    now = new Date('2026-12-15T10:00:00+08:00');
    await send(eventCallback({ event: appHomeOpened('UDAVE') }));
    const [, supervisor] = await fake.waitForCalls('views.publish', 2);
    expect(JSON.stringify(supervisor!.args.view)).toMatch(/Overdue in my supervision[\s\S]*C-0003/);
  });
});
