// Z29, Z31: a whole scripted scenario in which people type phone and ID numbers, in every shape, into every free-text
// field they can — W5 application fields, return reasons, refusal bases, notes, W7 objections and supplements, W7
// extension reasons, W4 delisting reasons, W1 summaries and conditions — through the console and through Slack
// (slash commands, buttons, modals, one pre-filled with a typed number), then the operator's exports and listings.
// Every byte that leaves the bot is collected: console output, the CLI's stdout and stderr, every call to the fake Slack
// API (views.open, chat.postMessage, chat.update, views.publish, response_url posts…) and every HTTP answer to Slack.
// None may carry a number as typed, in any shape; the store must still hold every one of them whole.
import { Readable, Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPrismaStore } from '../src/adapters/prisma/create-prisma-store.ts';
import { main, type CliIo } from '../src/cli.ts';
import { loadConfig } from '../src/config/load-config.ts';
import { openApp, type App } from '../src/main.ts';
import { startServing, type Serving } from '../src/serve.ts';
import { startFakeSlackApi, type FakeSlackApi, type FakeSlackCall } from './support/fake-slack-api.ts';
import { tempDatabaseUrl } from './support/run-cli.ts';
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

/** The numbers of the scenario, digits only: none of them may be readable in anything the bot sends or prints. */
const RAW = [
  '15867352914',
  '18603779251',
  '13905328846',
  '17768231590',
  '13812345678',
  '370481199203154417',
  '37048119880726153X',
  '370481880726153',
  '06325518267',
];

/** How people typed them, and what the store must still hold as typed. */
const TYPED = {
  glued: '电话15867352914请回电',
  fullWidth: '１５８６７３５２９１４',
  spaced: '158 6735 2914',
  dotted: '158.6735.2914',
  parenthesised: '(158)6735-2914',
  plus86: '+86 186 0377 9251',
  zero086: '0086-186-0377-9251',
  fullWidthDashes: '１３９－０５３２－８８４６',
  idGlued: 'IDNO370481199203154417',
  idSpaced: '370481 19920315 4417',
  idFullWidthX: '３７０４８１１９８８０７２６１５３Ｘ',
  oldIdSpaced: '370481 880726 153',
  oldId: '370481880726153',
  landlineFullWidth: '（０６３２）５５１８２６７',
  landline: '0632-5518267',
  telGlued: 'tel17768231590',
  plain: '13905328846',
  prefix0086Spaced: '0086 177 6823 1590',
};

const NOW = '2026-11-23T10:00:00+08:00';
const SECRET = 'no-raw-numbers-secret';
const TOKEN = 'xoxb-no-raw-numbers';
const SLACK = { alice: 'UALICE', carol: 'UCAROL', bob: 'UBOB' } as const;

/** Every byte that left the bot, by where it went. */
const outputs: { where: string; text: string }[] = [];
const shown = (where: string, text: string) => outputs.push({ where, text });

/** Full-width digits and X as ASCII, separators gone: what a reader could still piece together. */
function digitsOnly(text: string): string {
  return text
    .replace(/[\uFF10-\uFF19\uFF38\uFF58]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0))
    .replace(/[\s\-.()（）+＋－．\u2010-\u2015\u2212\u3000\u00A0]/g, '')
    .toUpperCase();
}

/** One in-process run of `kaifang`, everything it prints collected. */
async function cli(args: string[], env: Record<string, string>, stdin = ''): Promise<{ code: number; out: string; err: string }> {
  const out: string[] = [];
  const err: string[] = [];
  let written = '';
  const io: CliIo = {
    out: (line) => out.push(line),
    err: (line) => err.push(line),
    stdin: Readable.from(stdin === '' ? [] : [stdin]),
    stdout: new Writable({
      write(chunk, _encoding, done) {
        written += String(chunk);
        done();
      },
    }),
    interactive: false,
  };
  const code = await main(args, io, env);
  const result = { code, out: [...out, written].join('\n'), err: err.join('\n') };
  shown(`kaifang ${args.join(' ')} (stdout)`, result.out);
  shown(`kaifang ${args.join(' ')} (stderr)`, result.err);
  return result;
}

const url = tempDatabaseUrl();
const env = { DATABASE_URL: url, KAIFANG_NOW: NOW };

// The console: applications, returns, refusals, notes, objections, extensions, delisting, a dataset submission.
const script = [
  'as alice',
  `apply DS-0002 title="客流研究 联系人${TYPED.glued}" reason="申请人 ${TYPED.idGlued}" type=api period=2027-06-30 result="报告寄至${TYPED.landlineFullWidth}" scenario="回访 ${TYPED.fullWidth}" commit=yes meets=yes`,
  'as carol',
  `return C-0001 reasons="请补充身份证复印件 ${TYPED.idSpaced}；回电 ${TYPED.spaced}"`,
  'as alice',
  `resubmit C-0001 scenario="线网规划 联系 ${TYPED.dotted}"`,
  'as carol',
  `reject C-0001 reason="电话 ${TYPED.parenthesised} 无法接通"`,
  '取消',
  `approve C-0001 note="已电话核实 ${TYPED.plus86}"`,
  'as bob',
  `reject C-0001 basis="T15 申请人 ${TYPED.zero086} 不符合条件" reason="身份证 ${TYPED.idFullWidthX} 与实名不符"`,
  'as alice',
  'status C-0001',
  `object DS-0001 坐标错误 请联系 ${TYPED.fullWidthDashes} 身份证 ${TYPED.oldIdSpaced}`,
  'as bob',
  `extend C-0002 days=5 reason="需现场核实 联系人 ${TYPED.telGlued}" consulted=是 agreed="提出人同意 回电 ${TYPED.plain}"`,
  'as carol',
  `reject C-0002 basis="延期理由不足 请致电 ${TYPED.landline}"`,
  'as bob',
  `return C-0002 reasons="请提供坐标截图；回电号码 ${TYPED.oldId} 有误"`,
  'as alice',
  `resubmit C-0002 text="补充截图 电话 ${TYPED.plain}"`,
  'as bob',
  `approve C-0002 note="已修正 反馈电话 ${TYPED.plain}"`,
  'as alice',
  'status C-0002',
  'as frank',
  `delist DS-0003 reason="监测站点迁移 咨询 ${TYPED.prefix0086Spaced}"`,
  'as bob',
  `submit name="公交到站预测" summary="联系人 ${TYPED.telGlued}" fields="线路、站点" attribute=conditional conditions="需签署协议 咨询 ${TYPED.landline}" fair=是 formats=CSV,API type=api frequency=daily security=是`,
  'as 13812345678',
  'exit',
].join('\n');

let fake: FakeSlackApi;
let app: App;
let serving: Serving;
let now = new Date(NOW);
let responses = 0;
let slackCase: string;
let objectionCase: string;
let retyped: unknown;

async function send(request: SlackRequestBody) {
  const res = await sendToApp(`http://127.0.0.1:${serving.port}`, '/slack/events', request, { secret: SECRET });
  shown('HTTP answer to Slack', res.body);
  expect(res.status).toBe(200);
  return res;
}

/** A slash command; resolves with the modal it opened or the answer it posted to the response_url. */
async function command(user: string, text: string): Promise<{ modal: FakeSlackCall | null; answer: string | null }> {
  const id = `r${++responses}`;
  const modals = fake.callsTo('views.open').length;
  await send(slashCommand({ userId: user, text, responseUrl: fake.responseUrl(id) }));
  await until(() => fake.callsTo(`response_url:${id}`).length > 0 || fake.callsTo('views.open').length > modals);
  const modal = fake.callsTo('views.open')[modals] ?? null;
  const answer = fake.callsTo(`response_url:${id}`)[0];
  return { modal, answer: answer ? String(answer.args.text) : null };
}

async function until(done: () => boolean, timeoutMs = 5_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!done()) {
    if (Date.now() > end) throw new Error(`timed out; calls: ${fake.calls.map((c) => c.method).join(', ')}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

type ViewBlock = { type: string; block_id?: string; element?: { type: string; initial_value?: string; initial_date?: string; initial_option?: { value: string } } };

function viewOf(modal: FakeSlackCall): { blocks: ViewBlock[]; private_metadata: string } {
  return modal.args.view as { blocks: ViewBlock[]; private_metadata: string };
}

/** The modal's inputs sent back as it showed them, with `changes` typed over them. */
function asShown(modal: FakeSlackCall, changes: ViewStateValues = {}): ViewStateValues {
  const values: ViewStateValues = {};
  for (const b of viewOf(modal).blocks) {
    if (b.type !== 'input' || !b.block_id || !b.element) continue;
    const e = b.element;
    const value =
      e.type === 'datepicker'
        ? datePicker(e.initial_date ?? null)
        : e.type === 'static_select'
          ? staticSelect(e.initial_option?.value ?? null)
          : e.type === 'checkboxes'
            ? { type: 'checkboxes', selected_options: [] }
            : plainText(e.initial_value ?? null);
    values[b.block_id] = { [b.block_id]: value };
  }
  return { ...values, ...changes };
}

async function submit(user: string, modal: FakeSlackCall, values: ViewStateValues) {
  return send(viewSubmission({ userId: user, callbackId: 'kaifang_form', privateMetadata: viewOf(modal).private_metadata, values }));
}

function lastDm(user: string): FakeSlackCall {
  return fake.callsTo('chat.postMessage').filter((c) => c.args.channel === `D${user}`).at(-1)!;
}

async function click(user: string, post: FakeSlackCall, action: string): Promise<void> {
  const blocks = (post.args.blocks ?? []) as { type: string; elements?: { action_id: string; value: string }[] }[];
  const button = blocks.find((b) => b.type === 'actions')!.elements!.find((b) => b.action_id === `kaifang_${action}`)!;
  await send(
    blockActions({
      userId: user,
      actionId: button.action_id,
      value: button.value,
      message: { ts: String((post.response as { ts: string }).ts), channel: String(post.args.channel) },
      responseUrl: fake.responseUrl(`r${++responses}`),
    }),
  );
}

const round = () => serving.scheduler.runNow();

beforeAll(async () => {
  // 1. The console, as `npx kaifang console` runs it (in this process).
  expect((await cli(['seed', '--demo', '--no-cases'], env)).code).toBe(0);
  const chat = await cli(['console'], env, `${script}\n`);
  expect(chat.code, chat.err).toBe(0);

  // 2. Slack, served as `npx kaifang serve` serves it, against the fake Web API.
  fake = await startFakeSlackApi({ token: TOKEN });
  for (const id of Object.values(SLACK)) fake.setUser(id, { locale: 'en-US' });
  const config = loadConfig({ ...env, SLACK_BOT_TOKEN: TOKEN, SLACK_SIGNING_SECRET: SECRET, SLACK_API_URL: fake.url, HOST: '127.0.0.1' });
  app = await openApp(config, { store: await createPrismaStore({ url }), clock: { now: () => new Date(now) } });
  serving = await startServing(app, { log: (line) => shown('serve log', line), port: 0, tickSeconds: 59 });
  for (const [user, slackId] of Object.entries(SLACK)) {
    const invite = await app.identities.invite(user, now, { actorId: 'operator', channel: 'cli' });
    if (!invite.ok) throw new Error(`invite ${user}`);
    expect((await command(slackId, `link ${invite.value.code}`)).answer).toMatch(/Linked/);
  }

  // An application whose modal opens pre-filled with typed numbers.
  const apply = await command(SLACK.alice, `apply DS-0004 title="排放研究 ${TYPED.glued}" reason="申请人 ${TYPED.idGlued}" result="报告" scenario="监督 ${TYPED.landlineFullWidth}"`);
  const modal = apply.modal!;
  const commit = { commit: { commit: { type: 'checkboxes', selected_options: [{ value: 'yes' }] } }, meets: { meets: { type: 'checkboxes', selected_options: [{ value: 'yes' }] } } };
  const typeAndPeriod = { type: { type: staticSelect('dataset') }, period: { period: datePicker('2027-12-31') } };
  // Edited around the masked number: asked to type it again, nothing filed.
  const reasonShown = viewOf(modal).blocks.find((b) => b.block_id === 'reason')!.element!.initial_value!;
  const edited = await submit(SLACK.alice, modal, asShown(modal, { ...commit, ...typeAndPeriod, reason: { reason: plainText(`${reasonShown} 另附材料`) } }));
  retyped = edited.json;
  // Sent back as shown: filed as typed.
  const casesBefore = (await app.store.cases.list()).length;
  expect((await submit(SLACK.alice, modal, asShown(modal, { ...commit, ...typeAndPeriod }))).body).toBe('');
  const cases = await app.store.cases.list();
  expect(cases.length).toBe(casesBefore + 1);
  slackCase = cases.map((c) => c.id).sort().at(-1)!;

  // The reviewer returns it through the button and the return modal, typing numbers there.
  await round();
  await click(SLACK.carol, lastDm(SLACK.carol), 'return');
  await until(() => fake.callsTo('views.open').length >= 2);
  const returnModal = fake.callsTo('views.open').at(-1)!;
  await submit(SLACK.carol, returnModal, { reasons: { reasons: plainText(`缺少材料\n请致电 ${TYPED.parenthesised}\n身份证 ${TYPED.idSpaced} 模糊`) } });
  await round();
  expect((await command(SLACK.alice, `resubmit ${slackCase} scenario="监督 联系 ${TYPED.fullWidth}"`)).answer).toMatch(new RegExp(slackCase));
  await round();
  // Refused with a basis typed in the command: the modal shows it masked, and files it as typed.
  const reject = await command(SLACK.carol, `reject ${slackCase} basis="T15 申请人电话 ${TYPED.zero086}" reason="身份证 ${TYPED.idFullWidthX}"`);
  expect((await submit(SLACK.carol, reject.modal!, asShown(reject.modal!))).body).toBe('');
  expect((await command(SLACK.alice, `status ${slackCase}`)).answer).toMatch(/T15/);

  // A W7 objection from Slack, pre-filled, and its resolution with a note.
  const object = await command(SLACK.alice, `object DS-0002 站点坐标错误 回电 ${TYPED.plus86}`);
  expect((await submit(SLACK.alice, object.modal!, asShown(object.modal!))).body).toBe('');
  objectionCase = (await app.store.cases.list()).map((c) => c.id).sort().at(-1)!;
  await round();
  const approve = await command(SLACK.bob, `approve ${objectionCase} note="已修正 回访 ${TYPED.dotted}"`);
  expect((await submit(SLACK.bob, approve.modal!, asShown(approve.modal!))).body).toBe('');
  await send(eventCallback({ event: appHomeOpened(SLACK.alice) }));
  await send(eventCallback({ event: appHomeOpened(SLACK.carol) }));
  await until(() => fake.callsTo('views.publish').length >= 2);
  // The last notifications stay in the outbox for the operator's commands below.
  await app.changes.idle();
  await serving.stop();
  await app.close();
  for (const call of fake.calls) shown(`Slack ${call.method}`, JSON.stringify(call.args));

  // 3. The operator's exports and listings.
  for (const args of [
    ['audit', '--json'],
    ['audit', '--verify'],
    ['cases', '--json'],
    ['cases'],
    ['outbox'],
    ['outbox', '--json', '--status', 'parked,pending,sending,sent'],
    ['reminders', '--dry-run'],
    ['reminders', '--dry-run', '--json', '--at', '2026-11-25T10:00:00+08:00'],
    ['users', 'list', '--json'],
  ])
    expect((await cli(args, env)).code, args.join(' ')).toBe(0);
}, 180_000);

afterAll(async () => {
  await fake?.close();
});

describe('no raw personal numbers leave the bot (Z29, Z31)', () => {
  it('ran the whole scenario: every workflow reached the step the script took it to', async () => {
    const store = await createPrismaStore({ url });
    try {
      const states = Object.fromEntries((await store.cases.list()).map((c) => [c.id, `${c.workflow}:${c.state}`]));
      expect(states).toMatchObject({ 'C-0001': 'W5:rejected', 'C-0002': 'W7:resolved', 'C-0003': 'W4:authority_review', 'C-0004': 'W1:formal_review' });
      expect(states[slackCase]).toBe('W5:rejected');
      expect(states[objectionCase]).toBe('W7:resolved');
    } finally {
      await store.close();
    }
    const where = new Set(outputs.map((o) => o.where));
    for (const place of ['Slack views.open', 'Slack chat.postMessage', 'Slack chat.update', 'Slack views.publish', 'kaifang audit --json (stdout)', 'kaifang console (stdout)'])
      expect(where).toContain(place);
    expect(fake.calls.some((c) => c.method.startsWith('response_url:'))).toBe(true);
  });

  it('shows the numbers masked where they were typed: console, modals, messages, exports', () => {
    const all = outputs.map((o) => o.text).join('\n');
    for (const masked of ['158****2914', '186****9251', '139****8846', '370481********4417', '370481********153X', '370481******153', '(0632)****267', '0632-****267'])
      expect(all).toContain(masked);
    const prefilled = outputs.filter((o) => o.where === 'Slack views.open').map((o) => o.text).join('\n');
    expect(prefilled).toContain('IDNO370481********4417');
    expect(prefilled).toContain('+86 186****9251');
  });

  it('asks for a masked number left in a pre-filled field to be typed again, instead of filing the stars', () => {
    expect(retyped).toMatchObject({ response_action: 'errors', errors: { reason: expect.stringMatching(/type the whole number again/) } });
  });

  it.each(RAW)('never shows %s, in any shape, anywhere', (raw) => {
    const leaks = outputs.filter((o) => digitsOnly(o.text).includes(raw.toUpperCase())).map((o) => o.where);
    expect(leaks).toEqual([]);
  });

  it('keeps every number whole in the store, as typed: cases, audit log and outbox', async () => {
    const store = await createPrismaStore({ url });
    try {
      const filed = JSON.stringify([
        (await store.cases.list()).map((c) => c.data),
        (await store.audit.list()).map((e) => e.detail),
        (await store.outbox.list({ status: ['parked', 'pending', 'sending', 'sent'] })).map((m) => m.params),
      ]);
      for (const typed of Object.values(TYPED)) expect(filed).toContain(typed);
      // Filed through the Slack modal that showed them masked.
      expect(JSON.stringify((await store.cases.get(slackCase))?.data)).toContain(TYPED.idGlued);
      expect(JSON.stringify((await store.audit.listByCase(slackCase)).map((e) => e.detail))).toContain(TYPED.zero086);
    } finally {
      await store.close();
    }
  });

  it('exports the audit log masked with the chain’s hashes exact: they match the store, which verification reads', async () => {
    const exported = JSON.parse(outputs.find((o) => o.where === 'kaifang audit --json (stdout)')!.text) as { seq: number; hash: string; prevHash: string }[];
    expect(outputs.find((o) => o.where === 'kaifang audit --verify (stdout)')!.text).toMatch(/\d+/);
    const store = await createPrismaStore({ url });
    try {
      const entries = await store.audit.list();
      expect(exported.map((e) => [e.seq, e.hash, e.prevHash])).toEqual(entries.map((e) => [e.seq, e.hash, e.prevHash]));
    } finally {
      await store.close();
    }
  });
});
