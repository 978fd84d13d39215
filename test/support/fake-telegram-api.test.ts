// The fake is only worth something if the real grammY client and its long-polling loop talk to it unchanged.
import { once } from 'node:events';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Bot, GrammyError, webhookCallback } from 'grammy';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createFakeTelegramApi, type FakeTelegramApi } from './fake-telegram-api.ts';

let fake: FakeTelegramApi;
beforeEach(async () => {
  fake = await createFakeTelegramApi();
});
afterEach(async () => {
  await fake.close();
});

function botFor(api: FakeTelegramApi = fake, token = api.token) {
  return new Bot(token, { client: { apiRoot: api.apiRoot } });
}

const approveButton = { inline_keyboard: [[{ text: 'Approve', callback_data: 'approve:W5-0001' }]] };

describe('fake Telegram Bot API, driven by the real grammY', () => {
  it('listens on loopback with a random port, answers getMe with the bot user and records the token', async () => {
    expect(fake.apiRoot).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const me = await botFor().api.getMe();
    expect(me).toMatchObject({ is_bot: true, username: 'kaifang_test_bot' });
    expect(fake.calls[0]).toMatchObject({ method: 'getMe', token: fake.token, status: 200, response: { ok: true } });
  });

  it('refuses any other token with 401 Unauthorized', async () => {
    const error = await botFor(fake, '999:wrong').api.getMe().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(GrammyError);
    expect(error).toMatchObject({ error_code: 401, description: 'Unauthorized' });
    expect(fake.calls[0]).toMatchObject({ token: '999:wrong', status: 401 });
  });

  it('answers an unknown method with 404 and an unknown path with 404', async () => {
    const res = await fetch(`${fake.apiRoot}/bot${fake.token}/fooBar`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"a":1}' });
    expect(res.status).toBe(404);
    expect(await res.json()).toEqual({ ok: false, error_code: 404, description: 'Not Found: method not found' });
    expect(fake.callsTo('fooBar')[0]?.params).toEqual({ a: 1 });
    expect((await fetch(`${fake.apiRoot}/nothing`)).status).toBe(404);
  });

  it('stores sent messages with per-chat ids, edits them, and refuses edits Telegram would refuse', async () => {
    const api = botFor().api;
    const first = await api.sendMessage(42, 'W5-0001 pending', { reply_markup: approveButton, parse_mode: 'HTML' });
    expect(first).toMatchObject({ message_id: 1, chat: { id: 42, type: 'private' }, from: { is_bot: true }, text: 'W5-0001 pending', reply_markup: approveButton });
    expect((await api.sendMessage(42, 'second')).message_id).toBe(2);
    expect((await api.sendMessage(7, 'other chat')).message_id).toBe(1);

    const edited = await api.editMessageText(42, first.message_id, 'W5-0001 approved', { reply_markup: approveButton });
    expect(edited).toMatchObject({ text: 'W5-0001 approved', edit_date: expect.any(Number) });
    const notModified = await api.editMessageText(42, first.message_id, 'W5-0001 approved', { reply_markup: approveButton }).catch((e: unknown) => e);
    expect(notModified).toBeInstanceOf(GrammyError);
    expect(notModified).toMatchObject({ error_code: 400, description: expect.stringMatching(/^Bad Request: message is not modified: specified new message content/) });
    await expect(api.editMessageText(42, 99, 'x')).rejects.toMatchObject({ error_code: 400, description: 'Bad Request: message to edit not found' });

    // Same text without reply_markup is a change: the buttons go.
    await api.editMessageText(42, first.message_id, 'W5-0001 approved');
    const stored = fake.message(42, first.message_id);
    expect(stored).toMatchObject({ text: 'W5-0001 approved', reply_markup: undefined, parse_mode: undefined });
    expect(stored?.versions).toHaveLength(3);
    expect(stored?.versions[0]).toMatchObject({ chat_id: 42, parse_mode: 'HTML' });
    expect(fake.messagesTo(42).map((m) => m.text)).toEqual(['W5-0001 approved', 'second']);

    await api.editMessageReplyMarkup(42, 2, { reply_markup: approveButton });
    expect(fake.message(42, 2)?.reply_markup).toEqual(approveButton);
    await expect(api.editMessageReplyMarkup(42, 2, { reply_markup: approveButton })).rejects.toMatchObject({ description: expect.stringMatching(/not modified/) });
    await api.editMessageReplyMarkup(42, 2);
    expect(fake.message(42, 2)?.reply_markup).toBeUndefined();
  });

  it('refuses callback_data over 64 bytes, as Telegram does', async () => {
    const tooLong = { inline_keyboard: [[{ text: 'x', callback_data: '决'.repeat(22) }]] };
    await expect(botFor().api.sendMessage(42, 'x', { reply_markup: tooLong })).rejects.toMatchObject({ error_code: 400, description: 'Bad Request: BUTTON_DATA_INVALID' });
  });

  it('stores commands per scope and language', async () => {
    const api = botFor().api;
    await api.setMyCommands([{ command: 'start', description: '开始' }], { language_code: 'zh' });
    await api.setMyCommands([{ command: 'start', description: 'Start' }]);
    await api.setMyCommands([{ command: 'admin', description: 'Admin' }], { scope: { type: 'chat', chat_id: 42 } });
    expect(fake.commands('zh')).toEqual([{ command: 'start', description: '开始' }]);
    expect(fake.commands()).toEqual([{ command: 'start', description: 'Start' }]);
    expect(fake.commands(undefined, { type: 'chat', chat_id: 42 })).toEqual([{ command: 'admin', description: 'Admin' }]);
    expect(await api.getMyCommands({ language_code: 'zh' })).toEqual([{ command: 'start', description: '开始' }]);
    await api.deleteMyCommands({ language_code: 'zh' });
    expect(fake.commands('zh')).toEqual([]);
    await expect(api.setMyCommands([{ command: 'Bad-Name', description: 'x' }])).rejects.toMatchObject({ description: 'Bad Request: BOT_COMMAND_INVALID' });
  });

  it('runs a long-polling bot: a /start command with its argument, a button press, then a prompt stop', async () => {
    const bot = botFor();
    const matches: string[] = [];
    const pressed: string[] = [];
    bot.command('start', async (ctx) => {
      matches.push(ctx.match);
      await ctx.reply(`hello ${ctx.from?.language_code}`, { reply_markup: approveButton });
    });
    bot.callbackQuery(/^approve:/, async (ctx) => {
      pressed.push(ctx.callbackQuery.data);
      await ctx.answerCallbackQuery({ text: 'ok' });
      await ctx.editMessageText('approved');
    });
    const running = bot.start();
    await fake.waitForCalls('getUpdates');

    const start = fake.pushUpdate(fake.message({ id: 42, language_code: 'zh', first_name: '李雷' }, '/start abc'));
    expect(start.message?.entities).toEqual([{ type: 'bot_command', offset: 0, length: 6 }]);
    await fake.waitForCalls('sendMessage');
    expect(matches).toEqual(['abc']);
    // The user's message took id 1 in the chat, so the reply is 2.
    const reply = fake.messagesTo(42)[0]!;
    expect(reply).toMatchObject({ message_id: 2, text: 'hello zh', reply_markup: approveButton });

    const press = fake.callbackQuery({ id: 42 }, 'approve:W5-0001', { chat_id: 42, message_id: reply.message_id });
    expect(press.callback_query.message).toMatchObject({ message_id: 2, chat: { id: 42 }, text: 'hello zh', reply_markup: approveButton });
    fake.pushUpdate(press);
    await fake.waitForCalls('editMessageText');
    expect(pressed).toEqual(['approve:W5-0001']);
    expect(fake.callsTo('answerCallbackQuery')[0]).toMatchObject({ params: { callback_query_id: press.callback_query.id, text: 'ok' }, status: 200 });
    expect(fake.message(42, 2)).toMatchObject({ text: 'approved', reply_markup: undefined });

    const stopping = Date.now();
    await bot.stop();
    await running;
    expect(Date.now() - stopping).toBeLessThan(1_000);
    // stop() confirms the last update, so nothing is redelivered to the next run.
    expect(fake.callsTo('getUpdates').at(-1)?.params).toMatchObject({ offset: 3, limit: 1 });
    expect(fake.pendingUpdates()).toEqual([]);
    expect(fake.callsTo('deleteWebhook')).toHaveLength(1);
  });

  it('builds group messages and commands addressed to the bot by name', () => {
    const update = fake.message({ id: 5, username: 'li' }, '/approve@kaifang_test_bot W5-0001', { id: -100123, type: 'supergroup', title: 'Ops' });
    expect(update.message).toMatchObject({
      chat: { id: -100123, type: 'supergroup', title: 'Ops' },
      from: { id: 5, is_bot: false, username: 'li' },
      entities: [{ type: 'bot_command', offset: 0, length: '/approve@kaifang_test_bot'.length }],
    });
    expect(fake.message({ id: 5 }, 'plain text').message.entities).toBeUndefined();
    expect(() => fake.callbackQuery({ id: 5 }, 'x', { chat_id: 5, message_id: 1 })).toThrow(/no message 1/);
  });

  it('getUpdates honours offset and limit, holds until an update is pushed, and caps the hold', async () => {
    const api = botFor().api;
    for (const text of ['a', 'b', 'c']) fake.pushUpdate(fake.message({ id: 1 }, text));
    expect((await api.getUpdates({ limit: 2 })).map((u) => u.update_id)).toEqual([1, 2]);
    expect((await api.getUpdates({ offset: 3 })).map((u) => u.update_id)).toEqual([3]);
    expect(fake.pendingUpdates().map((u) => u.update_id)).toEqual([3]);

    const waiting = api.getUpdates({ offset: 4, timeout: 30 });
    await fake.waitForCalls('getUpdates', 3);
    expect(fake.callsTo('getUpdates')[2]?.status).toBe(0);
    fake.pushUpdate(fake.message({ id: 1 }, 'd'));
    expect((await waiting).map((u) => u.message?.text)).toEqual(['d']);

    const quick = await createFakeTelegramApi({ maxLongPollMs: 150 });
    try {
      const started = Date.now();
      expect(await botFor(quick).api.getUpdates({ timeout: 30 })).toEqual([]);
      expect(Date.now() - started).toBeLessThan(1_000);
    } finally {
      await quick.close();
    }
  });

  it('a newer getUpdates ends the waiting one with 409, and close() answers a waiting poll with []', async () => {
    const api = botFor().api;
    const first = api.getUpdates({ timeout: 30 }).catch((e: unknown) => e);
    await fake.waitForCalls('getUpdates');
    const second = api.getUpdates({ timeout: 30 });
    expect(await first).toMatchObject({ error_code: 409, description: expect.stringMatching(/^Conflict: terminated by other getUpdates request/) });
    await fake.waitForCalls('getUpdates', 2);
    await fake.close();
    expect(await second).toEqual([]);
  });

  it('refuses getUpdates with 409 while a webhook is set, and reports the webhook', async () => {
    const api = botFor().api;
    await api.setWebhook('https://kaifang.example/telegram', { secret_token: 's3cret_token' });
    expect(fake.webhookInfo()).toMatchObject({ url: 'https://kaifang.example/telegram', secret_token: 's3cret_token' });
    expect(await api.getWebhookInfo()).toMatchObject({ url: 'https://kaifang.example/telegram', has_custom_certificate: false, pending_update_count: 0 });
    await expect(api.getUpdates()).rejects.toMatchObject({
      error_code: 409,
      description: "Conflict: can't use getUpdates method while webhook is active; use deleteWebhook to delete the webhook first",
    });
    await expect(api.setWebhook('https://x/', { secret_token: 'has space' })).rejects.toMatchObject({ error_code: 400 });
    await api.deleteWebhook();
    expect(fake.webhookInfo()).toBeUndefined();
    await expect(api.getUpdates()).resolves.toEqual([]);
  });

  it('failNext: 429 carries retry_after, 403 blocked, 400 and 500, queued in order for that method only', async () => {
    const api = botFor().api;
    fake.failNext('sendMessage', { status: 429, retryAfter: 1 });
    fake.failNext('sendMessage', { status: 403 });
    fake.failNext('sendMessage', { status: 400, description: 'Bad Request: chat not found' });
    fake.failNext('sendMessage', { status: 500 });
    const limited = await api.sendMessage(42, 'x').catch((e: unknown) => e);
    expect(limited).toBeInstanceOf(GrammyError);
    expect(limited).toMatchObject({ error_code: 429, description: 'Too Many Requests: retry after 1', parameters: { retry_after: 1 } });
    await expect(api.getMe()).resolves.toMatchObject({ is_bot: true });
    await expect(api.sendMessage(42, 'x')).rejects.toMatchObject({ error_code: 403, description: 'Forbidden: bot was blocked by the user' });
    await expect(api.sendMessage(42, 'x')).rejects.toMatchObject({ error_code: 400, description: 'Bad Request: chat not found' });
    await expect(api.sendMessage(42, 'x')).rejects.toMatchObject({ error_code: 500 });
    await expect(api.sendMessage(42, 'x')).resolves.toMatchObject({ message_id: 1 });
    expect(fake.callsTo('sendMessage').map((c) => c.status)).toEqual([429, 403, 400, 500, 200]);
  });

  it('answers the other methods a bot uses, and refuses an unknown callback query id', async () => {
    const api = botFor().api;
    await expect(api.sendChatAction(42, 'typing')).resolves.toBe(true);
    await expect(api.getChat(42)).resolves.toMatchObject({ id: 42, type: 'private' });
    await expect(api.answerCallbackQuery('nope')).rejects.toMatchObject({ error_code: 400, description: expect.stringMatching(/query ID is invalid/) });
  });

  it('postToWebhook delivers to a grammY webhook with the secret header and returns the webhook reply', async () => {
    const bot = new Bot(fake.token, { client: { apiRoot: fake.apiRoot, canUseWebhookReply: (method) => method === 'sendMessage' } });
    bot.command('start', (ctx) => ctx.reply('hello'));
    const server = createServer(webhookCallback(bot, 'http', { secretToken: 's3cret' }));
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/telegram`;
    try {
      const denied = await fake.postToWebhook(url, fake.message({ id: 7 }, '/start'), 'wrong');
      expect(denied.status).toBe(401);
      const delivered = await fake.postToWebhook(url, fake.message({ id: 7 }, '/start'), 's3cret');
      expect(delivered).toMatchObject({ status: 200, body: { method: 'sendMessage', chat_id: 7, text: 'hello' } });
      expect(delivered.ms).toBeGreaterThanOrEqual(0);
      // The reply rode back on the webhook response, so the API itself only saw getMe.
      expect(fake.callsTo('sendMessage')).toHaveLength(0);
    } finally {
      server.closeAllConnections();
      server.close();
    }
  });

  it('waitForCalls explains what it saw when the calls do not come', async () => {
    await botFor().api.getMe();
    await expect(fake.waitForCalls('sendMessage', 1, 50)).rejects.toThrow(/sendMessage.*getMe 200/);
  });
});
