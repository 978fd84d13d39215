// The real grammY bot, run by `serve` (startServing, as production runs it) against the fake Bot API on 127.0.0.1:
// by long polling and by webhook. What applicants and reviewers see in Telegram, end to end.
import { afterEach, describe, expect, it } from 'vitest';
import { runInProcess } from './support/cli-in-process.ts';
import { createFakeTelegramApi } from './support/fake-telegram-api.ts';
import { tempDatabaseUrl } from './support/run-cli.ts';
import { startTelegramWorld, TELEGRAM_SECRET, type TelegramWorld } from './support/telegram-world.ts';

const ALICE = 1001;
const CAROL = 1003;
const BOB = 1002;

let world: TelegramWorld | null = null;
afterEach(async () => {
  await world?.close();
  world = null;
});

const buttons = (m: { reply_markup: unknown }) =>
  ((m.reply_markup as { inline_keyboard?: { text: string }[][] } | undefined)?.inline_keyboard ?? []).flat().map((b) => b.text);

describe.each([
  ['long polling', false],
  ['webhook', true],
])('Telegram by %s', (_, webhook) => {
  it('takes a W5 application from the first question to the grant, with buttons for choices, decisions and the agreement', async () => {
    world = await startTelegramWorld({ linked: { alice: ALICE, carol: CAROL, bob: BOB }, webhook });
    const w = world;
    // The commands are registered in Chinese and English.
    expect(w.fake.commands('zh').map((c) => c.command)).toContain('apply');
    expect(w.fake.commands().find((c) => c.command === 'apply')?.description).toMatch(/^apply for conditionally open data/);
    if (webhook) expect(w.fake.webhookInfo()).toMatchObject({ url: 'https://kaifang.example.gov.cn/telegram', secret_token: TELEGRAM_SECRET });

    const [conditions, first] = await w.say(ALICE, '/apply DS-0002 title="Ridership study" reason="Network planning"');
    expect(conditions!.text).toMatch(/^DS-0002 is conditional data/);
    expect(first!.text).toMatch(/^\(3\/8\) Type:/);
    expect(buttons(first!)).toEqual(['Dataset', 'API']);
    const { replies: afterType } = await w.press(ALICE, first!, 'API');
    expect(afterType[0]!.text).toMatch(/^\(4\/8\) Usage period:/);
    expect(buttons(w.fake.message(ALICE, first!.message_id)!)).toEqual([]);
    await w.say(ALICE, '2027-06-30');
    await w.say(ALICE, 'A report');
    const [commit] = await w.say(ALICE, 'Route planning');
    expect(buttons(commit!)).toEqual(['Yes, confirm']);
    const { replies: meets } = await w.press(ALICE, commit!, 'Yes, confirm');
    const { replies: summary } = await w.press(ALICE, meets.at(-1)!, 'Yes, confirm');
    expect(summary.at(-1)!.text).toMatch(/^Conditional data application DS-0002 with:\n {2}Title: Ridership study/);
    expect(buttons(summary.at(-1)!)).toEqual(['Submit', 'Edit', 'Cancel']);
    const { replies: edit } = await w.press(ALICE, summary.at(-1)!, 'Edit');
    expect(edit[0]!.text).toMatch(/^To change a field, answer field=value/);
    const [again] = await w.say(ALICE, 'title="Bus ridership study"');
    expect(again!.text).toContain('  Title: Bus ridership study');
    const { replies: filed } = await w.press(ALICE, again!, 'Submit');
    expect(filed[0]!.text).toMatch(/^Received C-0001 \(Conditional data application\)/);

    // The formal review reaches carol with its buttons; her decision there edits her copy.
    await w.deliver();
    const task = w.messages(CAROL).at(-1)!;
    expect(task.text).toMatch(/C-0001/);
    expect(buttons(task)).toEqual(expect.arrayContaining(['Approve', 'Return']));
    const { toast } = await w.press(CAROL, task, 'Approve');
    expect(toast).toMatch(/^C-0001 done; it is now: in provider review/);
    expect(w.fake.message(CAROL, task.message_id)!.text).toMatch(/^Case C-0001: decided by Carol 李卡/);
    expect(buttons(w.fake.message(CAROL, task.message_id)!)).toEqual([]);

    await w.deliver();
    const provider = w.messages(BOB).at(-1)!;
    await w.press(BOB, provider, 'Approve');
    await w.deliver();
    const offer = w.messages(ALICE).at(-1)!;
    expect(offer.text).toMatch(/agreement/i);
    const { replies: accepted } = await w.press(ALICE, offer, buttons(offer)[0]!);
    expect(accepted[0]!.text).toMatch(/^C-0001 done; it is now: agreement concluded, access granted/);
    const [status] = await w.say(ALICE, '/status C-0001');
    expect(status!.text).toContain('Granted: DS-0002 until 2027-06-30');
  });
});

const W5 = 'title="Ridership study" reason="Network planning" type=api period=2027-06-30 result="A report" scenario="Route planning" commit=yes meets=yes';

describe('Telegram, the rest of what people meet', () => {
  it('finishes a multi-step application after a restart of the bot, where it stopped', async () => {
    const first = await startTelegramWorld({ linked: { alice: ALICE } });
    world = first;
    const [, question] = await first.say(ALICE, '/apply DS-0002 title="Ridership study"');
    expect(question!.text).toMatch(/^\(2\/8\) Reason:/);
    await first.stop();
    // The same store and the same Telegram: a new process picks the conversation up.
    world = await startTelegramWorld({ store: first.store, fake: first.fake });
    const [next] = await world.say(ALICE, 'Network planning');
    expect(next!.text).toMatch(/^\(3\/8\) Type:/);
    await world.press(ALICE, next!, 'Dataset');
    for (const answer of ['2027-06-30', 'A report', 'Route planning', 'yes', 'yes']) await world.say(ALICE, answer);
    const summary = world.messages(ALICE).at(-1)!;
    const { replies } = await world.press(ALICE, summary, 'Submit');
    expect(replies[0]!.text).toMatch(/^Received C-0001/);
    expect(await world.store.cases.list()).toHaveLength(1);
  });

  it('answers a stale button press "already decided by …", changes nothing, and edits the copy', async () => {
    world = await startTelegramWorld({ linked: { alice: ALICE, carol: CAROL } });
    await world.say(ALICE, `/apply DS-0002 ${W5}`);
    await world.press(ALICE, world.messages(ALICE).at(-1)!, 'Submit');
    await world.deliver();
    const task = world.messages(CAROL).at(-1)!;
    // Decided elsewhere (the console) while the Telegram copy still shows its buttons.
    await world.app.handler.handle({ channel: 'console', userId: 'carol', text: 'approve C-0001' });
    const version = (await world.store.cases.get('C-0001'))!.version;
    const { toast } = await world.press(CAROL, task, 'Return');
    expect(toast).toMatch(/already decided by Carol 李卡/);
    expect((await world.store.cases.get('C-0001'))!.version).toBe(version);
    expect(world.fake.message(CAROL, task.message_id)!.text).toMatch(/^Case C-0001: decided by Carol 李卡/);
    // Every callback query is answered, and the data of every button fits Telegram's 64 bytes.
    expect(world.fake.callsTo('answerCallbackQuery').every((c) => c.status === 200)).toBe(true);
  });

  it('helps an unlinked person and does nothing else; links with the deep link code in their language', async () => {
    world = await startTelegramWorld({ languageCode: 'zh-hans' });
    const [help] = await world.say(4242, '/start');
    expect(help!.text).toMatch(/^kaifang 公共数据开放助手。您的 Telegram 账号尚未关联用户/);
    const [refused] = await world.say(4242, `/apply DS-0002 ${W5}`);
    expect(refused!.text).toMatch(/^您的 Telegram 账号尚未关联 kaifang 用户/);
    expect(await world.store.cases.list()).toEqual([]);
    const invite = await world.app.identities.invite('erin', world.now(), { actorId: 'operator', channel: 'cli' });
    const [linked] = await world.say(4242, `/start ${invite.ok ? invite.value.code : ''}`);
    expect(linked!.text).toBe('绑定成功：您的 Telegram 账号已关联到 Erin 孙艺（erin）。发送 /help 查看可用命令。');
    expect((await world.store.users.get('erin'))!.locale).toBe('zh-CN');
  });

  it('answers /help in a group with a pointer to a private chat, and nothing else there', async () => {
    world = await startTelegramWorld({ linked: { alice: ALICE } });
    const group = { id: -5001, type: 'group' as const, title: 'Data users' };
    const [pointer] = await world.say(ALICE, '/help', { chat: group });
    expect(pointer!.text).toBe('kaifang works in private chats only, so that applications and reviews are not shown to a group. Open a private chat with @kaifang_test_bot.');
    expect(await world.say(ALICE, `/apply DS-0002 ${W5}`, { chat: group, silent: true })).toEqual([]);
    expect(await world.store.cases.list()).toEqual([]);
  });

  it('refuses a webhook request with a wrong or missing secret with 401, and handles nothing', async () => {
    world = await startTelegramWorld({ linked: { alice: ALICE }, webhook: true });
    const update = world.fake.message({ id: ALICE }, `/apply DS-0002 ${W5}`);
    for (const secret of ['wrong-secret-0123456789abcdef', undefined]) {
      const delivery = await world.fake.postToWebhook(`${world.base}/telegram`, update, secret);
      expect(delivery.status).toBe(401);
    }
    await new Promise((r) => setTimeout(r, 200));
    expect(await world.store.cases.list()).toEqual([]);
    expect(world.log.join('\n')).toContain('webhook request without the right secret token refused (401)');
  });

  it('waits exactly retry_after after a 429, then delivers; parks a person who blocked the bot, with that reason', async () => {
    world = await startTelegramWorld({ linked: { alice: ALICE, carol: CAROL } });
    world.fake.failNext('sendMessage', { status: 429, retryAfter: 1 });
    await world.say(ALICE, `/apply DS-0002 ${W5}`);
    await world.press(ALICE, world.messages(ALICE).at(-1)!, 'Submit');
    // The bot's own replies retry by themselves (auto-retry): the answer above came a second after its 429.
    expect(world.fake.callsTo('sendMessage').filter((c) => c.status === 429)).toHaveLength(1);
    world.fake.failNext('sendMessage', { status: 429, retryAfter: 7 });
    const before = world.fake.callsTo('sendMessage').length;
    await world.deliver();
    const [held] = (await world.store.outbox.list({ status: ['pending'] })).filter((m) => m.lastError?.includes('429'));
    expect(held).toBeDefined();
    expect(held!.nextAttemptAt.getTime() - world.now().getTime()).toBe(7_000);
    expect(held!.status).toBe('pending');
    world.setNow(new Date(world.now().getTime() + 7_000));
    await world.deliver();
    expect(world.fake.callsTo('sendMessage').length).toBeGreaterThan(before + 1);
    expect((await world.store.outbox.list({ status: ['pending', 'parked'] })).map((m) => m.id)).not.toContain(held!.id);

    // carol blocked the bot: the next message to her is parked, with Telegram's reason.
    world.fake.failNext('sendMessage', { status: 403 });
    await world.app.handler.handle({ channel: 'console', userId: 'alice', text: 'nudge C-0001' });
    await world.deliver();
    const [parked] = await world.store.outbox.list({ status: ['parked'] });
    expect(parked).toMatchObject({ userId: 'carol', status: 'parked' });
    expect(parked!.lastError).toBe('telegram: Forbidden: bot was blocked by the user (403)');
  });
});

describe('users invite with Telegram configured', () => {
  it('prints the deep link that opens the bot with the code, asking Telegram for the bot\'s name once', async () => {
    const fake = await createFakeTelegramApi({ maxLongPollMs: 200 });
    try {
      const env = { DATABASE_URL: tempDatabaseUrl(), KAIFANG_LOCALE: 'en', TELEGRAM_BOT_TOKEN: fake.token, TELEGRAM_API_ROOT: fake.apiRoot };
      expect((await runInProcess(['seed', '--demo', '--no-cases'], env)).status).toBe(0);
      const run = await runInProcess(['users', 'invite', 'alice'], env);
      expect(run.status, run.stderr).toBe(0);
      const [code, instructions, link] = run.stdout.trimEnd().split('\n');
      expect(link).toBe(`https://t.me/kaifang_test_bot?start=${code}`);
      expect(instructions).toContain(`open ${link} in Telegram`);
      expect(fake.callsTo('getMe')).toHaveLength(1);
      // Asked once: the name is kept for the next invitation.
      expect((await runInProcess(['users', 'invite', 'bob'], env)).stdout.trimEnd().split('\n')[2]).toMatch(/^https:\/\/t\.me\/kaifang_test_bot\?start=/);
      expect(fake.callsTo('getMe')).toHaveLength(1);
    } finally {
      await fake.close();
    }
  });
});

describe('Telegram, typed as people type', () => {
  it('takes Chinese aliases as text, /cancel drops a form, and one chat is answered in the order it wrote', async () => {
    world = await startTelegramWorld({ linked: { alice: ALICE, carol: CAROL } });
    await world.say(ALICE, `/apply DS-0002 ${W5}`);
    await world.press(ALICE, world.messages(ALICE).at(-1)!, 'Submit');
    const [queue] = await world.say(CAROL, '待办');
    expect(queue!.text).toMatch(/^Your tasks \(1\)/);
    const [asked] = await world.say(CAROL, '退回 C-0001');
    expect(asked!.text).toMatch(/^\(1\/1\) Reasons:/);
    const [cancelled] = await world.say(CAROL, '/cancel');
    expect(cancelled!.text).toBe('Cancelled; nothing was changed.');
    // A sticker is not a command, nor an answer.
    const stickers = world.messages(CAROL).length;
    world.fake.pushUpdate({ message: { message_id: 900, date: 1_796_000_000, chat: { id: CAROL, type: 'private', first_name: 'carol' }, from: { id: CAROL, is_bot: false, first_name: 'carol' }, sticker: { file_id: 'x', file_unique_id: 'x', type: 'regular', width: 1, height: 1, is_animated: false, is_video: false } } } as never);
    for (let waited = 0; world.messages(CAROL).length === stickers && waited < 5_000; waited += 20) await new Promise((r) => setTimeout(r, 20));
    expect(world.messages(CAROL).at(-1)!.text).toBe("kaifang reads text messages only: type a command (such as /help), or answer the form's question.");
    // Three updates of one chat at once: answered in their order.
    const before = world.messages(CAROL).length;
    for (const text of ['/status C-0001', '/mine', '/queue']) world.fake.pushUpdate(world.fake.message({ id: CAROL, language_code: 'en' }, text));
    for (let waited = 0; world.messages(CAROL).length < before + 3 && waited < 10_000; waited += 20) await new Promise((r) => setTimeout(r, 20));
    const [status, mine, tasks] = world.messages(CAROL).slice(before);
    expect(status!.text).toMatch(/^C-0001 · Conditional data application/);
    expect(mine!.text).toBe('You have not started any case.');
    expect(tasks!.text).toMatch(/^Your tasks \(1\)/);
  });

  it('shows a person who blocked the bot in npx kaifang outbox, parked with the reason', async () => {
    const url = tempDatabaseUrl();
    world = await startTelegramWorld({ linked: { alice: ALICE, carol: CAROL }, env: { DATABASE_URL: url } });
    const [summary] = await world.say(ALICE, '/object DS-0001 Stop 12 is misplaced');
    await world.press(ALICE, summary!, 'Submit');
    // alice blocks the bot after filing: her receipt cannot be delivered.
    world.fake.failNext('sendMessage', { status: 403 });
    await world.deliver();
    await world.stop();
    const listed = await runInProcess(['outbox', '--status', 'parked'], { DATABASE_URL: url, KAIFANG_LOCALE: 'en' });
    expect(listed.status, listed.stderr).toBe(0);
    expect(listed.stdout).toContain('telegram: Forbidden: bot was blocked by the user (403)');
  });
});

describe('Telegram polling given up', () => {
  it('polls again after a 409 (another poller, a webhook set meanwhile), says so, and answers what came meanwhile', async () => {
    world = await startTelegramWorld({ linked: { alice: ALICE } });
    world.fake.failNext('getUpdates', { status: 409, description: 'Conflict: terminated by other getUpdates request; make sure that only one bot instance is running' });
    // The waiting long poll ends; the next getUpdates gets the 409 and grammY stops polling.
    const [mine] = await world.say(ALICE, '/mine');
    expect(mine!.text).toBe('You have not started any case.');
    for (let waited = 0; !world.log.join('\n').includes('polling stopped') && waited < 5_000; waited += 20) await new Promise((r) => setTimeout(r, 20));
    expect(world.log.join('\n')).toMatch(/\[telegram\] polling stopped \(409 Conflict: terminated by other getUpdates request[^)]*\); polling again in 1 s/);
    // Written while nobody polled: answered once polling is back.
    const [again] = await world.say(ALICE, '/datasets');
    expect(again!.text).toMatch(/^Open datasets \(6\)/);
  });
});
