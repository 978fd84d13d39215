// One core, many doors: Slack and Telegram served side by side by one `serve`. A case opened in Telegram is decided
// with a Slack button; the Telegram applicant is told, and the Telegram copy of the other reviewer's task is edited.
import { afterEach, expect, it } from 'vitest';
import { startFakeSlackApi, type FakeSlackApi } from './support/fake-slack-api.ts';
import { blockActions, sendToApp, slashCommand } from './support/slack-requests.ts';
import { startTelegramWorld, type TelegramWorld } from './support/telegram-world.ts';

const SECRET = 'test-signing-secret-1234';
const TOKEN = 'xoxb-test-token';
const ALICE = 2001;
const GRACE = 2007;
const W5 = 'title="Ridership study" reason="Network planning" type=api period=2027-06-30 result="A report" scenario="Route planning" commit=yes meets=yes';

let world: TelegramWorld | null = null;
let slack: FakeSlackApi | null = null;
afterEach(async () => {
  await world?.close();
  await slack?.close();
  world = slack = null;
});

it('decides in Slack a case opened in Telegram, and tells Telegram', async () => {
  slack = await startFakeSlackApi({ token: TOKEN });
  slack.setUser('UBOB', { locale: 'en-US' });
  world = await startTelegramWorld({ linked: { alice: ALICE, grace: GRACE }, env: { SLACK_BOT_TOKEN: TOKEN, SLACK_SIGNING_SECRET: SECRET, SLACK_API_URL: slack.url } });
  const w = world;
  const fake = slack;
  expect(w.serving.platforms).toEqual(['slack', 'telegram']);
  const send = (body: Parameters<typeof sendToApp>[2]) => sendToApp(w.base, '/slack/events', body, { secret: SECRET });
  const invite = await w.app.identities.invite('bob', w.now(), { actorId: 'operator', channel: 'cli' });
  await send(slashCommand({ userId: 'UBOB', text: `link ${invite.ok ? invite.value.code : ''}`, responseUrl: fake.responseUrl('link') }));
  await fake.waitForCalls('response_url:link', 1);

  // Opened in Telegram; the formal review passed at the console.
  await w.say(ALICE, `/apply DS-0002 ${W5}`);
  await w.press(ALICE, w.messages(ALICE).at(-1)!, 'Submit');
  await w.app.handler.handle({ channel: 'console', userId: 'carol', text: 'approve C-0001' });
  await w.deliver();
  // The provider's review is owed by both of its data officers: bob reads it in Slack, grace in Telegram.
  const [slackTask] = (await fake.waitForCalls('chat.postMessage', 1)).filter((c) => String(c.args.text).includes('C-0001'));
  const graceTask = w.messages(GRACE).find((m) => m.text.includes('C-0001'))!;
  expect(((graceTask.reply_markup as { inline_keyboard: { text: string }[][] }).inline_keyboard.flat()).map((b) => b.text)).toContain('Approve');

  const blocks = (slackTask!.args.blocks ?? []) as { type: string; elements?: { action_id: string; value: string }[] }[];
  const approve = blocks.find((b) => b.type === 'actions')!.elements!.find((e) => e.action_id === 'kaifang_approve')!;
  const told = w.messages(ALICE).length;
  const res = await send(
    blockActions({
      userId: 'UBOB',
      actionId: approve.action_id,
      value: approve.value,
      message: { ts: String((slackTask!.response as { ts: string }).ts), channel: String(slackTask!.args.channel) },
      responseUrl: fake.responseUrl('approve'),
    }),
  );
  expect(res.status).toBe(200);
  expect(await fake.waitForCalls('response_url:approve', 1).then((c) => String(c[0]!.args.text))).toMatch(/^C-0001 done/);
  // grace's Telegram copy says who decided, and has no buttons any more.
  for (let waited = 0; waited < 5_000 && w.fake.message(GRACE, graceTask.message_id)!.reply_markup; waited += 50) await new Promise((r) => setTimeout(r, 50));
  const edited = w.fake.message(GRACE, graceTask.message_id)!;
  expect(edited.text).toMatch(/^Case C-0001: decided by Bob 陈波/);
  expect(edited.reply_markup ?? null).toBeNull();
  // alice, in Telegram, is offered the agreement.
  await w.deliver();
  const offer = w.messages(ALICE).slice(told).find((m) => m.text.includes('C-0001'));
  expect(offer?.text).toMatch(/agreement/i);
});
