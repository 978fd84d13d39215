// The Telegram adapter's own translations: its settings, a command as Telegram writes it, a language code, a button's
// data (Telegram's 64 bytes), and which refusals of the Bot API a retry can fix.
import { GrammyError } from 'grammy';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../config/load-config.ts';
import { commandText, localeFromTelegram } from './create-telegram-bot.ts';
import { CALLBACK_DATA_MAX_BYTES, formKeyboard, parseCallbackData, taskKeyboard } from './telegram-keyboards.ts';
import { classifyTelegramError, fitted, inMessages, MESSAGE_MAX_CHARS } from './telegram-sender.ts';

const TOKEN = '123456789:AAExampleExampleExample';

describe('Telegram settings', () => {
  it('polls with a token alone, and takes a webhook only with its secret', () => {
    expect(loadConfig({ TELEGRAM_BOT_TOKEN: TOKEN }).platforms.telegram).toEqual({ token: TOKEN, webhook: null, apiRoot: null });
    const hooked = loadConfig({ TELEGRAM_BOT_TOKEN: TOKEN, TELEGRAM_WEBHOOK_URL: 'https://x.example/telegram', TELEGRAM_WEBHOOK_SECRET: 's'.repeat(20), TELEGRAM_API_ROOT: 'http://127.0.0.1:8081/' });
    expect(hooked.platforms.telegram).toEqual({ token: TOKEN, webhook: { url: 'https://x.example/telegram', secret: 's'.repeat(20) }, apiRoot: 'http://127.0.0.1:8081' });
    expect(() => loadConfig({ TELEGRAM_BOT_TOKEN: TOKEN, TELEGRAM_WEBHOOK_URL: 'https://x.example/telegram' })).toThrow(/TELEGRAM_WEBHOOK_SECRET: required with TELEGRAM_WEBHOOK_URL/);
    expect(() => loadConfig({ TELEGRAM_WEBHOOK_SECRET: 's'.repeat(20) })).toThrow(/TELEGRAM_BOT_TOKEN: required when/);
    expect(() => loadConfig({ TELEGRAM_BOT_TOKEN: 'xoxb-nope' })).toThrow(/TELEGRAM_BOT_TOKEN: must be the bot token BotFather gave/);
    expect(() => loadConfig({ TELEGRAM_BOT_TOKEN: TOKEN, TELEGRAM_WEBHOOK_URL: 'https://x.example/telegram', TELEGRAM_WEBHOOK_SECRET: 'short' })).toThrow(/TELEGRAM_WEBHOOK_SECRET: must be 16 to 256/);
    expect(loadConfig({}).platforms.telegram).toBeUndefined();
  });
});

describe('a command as Telegram writes it', () => {
  it.each([
    ['/approve C-0001', 'approve C-0001'],
    ['/approve@kaifang_bot C-0001 ok', 'approve C-0001 ok'],
    ['/queue', 'queue'],
    ['/start K7M2XQ9P', 'link K7M2XQ9P'],
    ['/start', 'help'],
    ['通过 C-0001', '通过 C-0001'],
    ['/approve@other_bot C-0001', '/approve@other_bot C-0001'],
    ['2027-06-30', '2027-06-30'],
  ])('%s → %s', (typed, text) => {
    expect(commandText(typed, 'kaifang_bot')).toBe(text);
  });

  it.each([
    ['zh', 'zh-CN'],
    ['zh-hans', 'zh-CN'],
    ['zh-CN', 'zh-CN'],
    ['zh-hant', 'zh-CN'],
    ['en', 'en'],
    ['ru', 'en'],
    [undefined, 'en'],
  ] as const)('reads the language code %s as %s', (code, locale) => {
    expect(localeFromTelegram(code)).toBe(locale);
  });
});

describe('button data', () => {
  it('fits 64 bytes for the longest action and case id, and reads back what it says', () => {
    const keyboard = taskKeyboard({ caseId: 'C-999999', version: 123456, actions: [{ verb: 'request_extension', label: '延期', style: 'plain' }] });
    const data = keyboard.inline_keyboard[0]![0]!.callback_data;
    expect(Buffer.byteLength(data)).toBeLessThanOrEqual(CALLBACK_DATA_MAX_BYTES);
    expect(parseCallbackData(data)).toEqual({ kind: 'task', action: 'request_extension', caseId: 'C-999999', version: 123456 });
    const t = (key: string) => key;
    const choices = formKeyboard(t, { kind: 'field', field: 'frequency', choices: [{ value: 'irregular', label: '不定期' }] })!;
    expect(parseCallbackData(choices.inline_keyboard[0]![0]!.callback_data)).toEqual({ kind: 'form', field: 'frequency', value: 'irregular' });
    expect(formKeyboard(t, { kind: 'field', field: 'title', choices: [] })).toBeNull();
    expect(formKeyboard(t, { kind: 'confirmation' })!.inline_keyboard[0]!.map((b) => b.text)).toEqual(['telegram.submit', 'telegram.edit', 'telegram.cancel']);
    for (const bad of ['', 't|approve|C-0001', 't|approve|C-0001|x', 't|Approve!|C-0001|1', 'f||x', 'x|y|z']) expect(parseCallbackData(bad)).toBeNull();
  });
});

describe('what the Bot API refused', () => {
  const refused = (error_code: number, description: string, parameters = {}) => new GrammyError('call failed', { ok: false, error_code, description, parameters }, 'sendMessage', {});
  it('waits retry_after after a 429, parks a blocked or unknown chat, and retries anything else', () => {
    expect(classifyTelegramError(refused(429, 'Too Many Requests: retry after 7', { retry_after: 7 }))).toEqual({ ok: false, error: 'telegram: rate limited (429)', retryAfterMs: 7_000 });
    expect(classifyTelegramError(refused(403, 'Forbidden: bot was blocked by the user'))).toMatchObject({ permanent: true });
    expect(classifyTelegramError(refused(400, 'Bad Request: chat not found'))).toMatchObject({ permanent: true });
    expect(classifyTelegramError(refused(500, 'Internal Server Error'))).toEqual({ ok: false, error: 'telegram: Internal Server Error (500)' });
  });

  it('cuts a text longer than one message and masks personal numbers', () => {
    expect(fitted('x'.repeat(MESSAGE_MAX_CHARS + 10))).toHaveLength(MESSAGE_MAX_CHARS);
    expect(fitted('call 13812345678')).toBe('call 138****5678');
  });
});

describe('a reply longer than one message', () => {
  it('goes out in several, cut between lines, each within the limit, nothing lost', () => {
    const lines = Array.from({ length: 300 }, (_, i) => `DS-${String(i).padStart(4, '0')} · ${'公交线路与站点'.repeat(3)}`);
    const parts = inMessages(lines.join('\n'));
    expect(parts.length).toBeGreaterThan(1);
    for (const p of parts) expect(p.length).toBeLessThanOrEqual(MESSAGE_MAX_CHARS);
    expect(parts.join('\n')).toBe(lines.join('\n'));
    expect(inMessages('short')).toEqual(['short']);
  });
});
