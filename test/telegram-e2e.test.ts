// The real grammY bot, run by `serve` (startServing, as production runs it) against the fake Bot API on 127.0.0.1:
// by long polling and by webhook. What applicants and reviewers see in Telegram, end to end.
import { afterEach, describe, expect, it } from 'vitest';
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
