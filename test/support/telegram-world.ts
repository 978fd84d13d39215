// A served kaifang with the real grammY bot against the fake Bot API on 127.0.0.1: by long polling or by webhook,
// an in-memory store with the demo data (or a store handed in, for a restart), the clock the test moves, and Telegram
// accounts linked (`/start <code>`) for the people named.
import { createMemoryStore } from '../../src/adapters/memory/create-memory-store.ts';
import type { Store } from '../../src/application/ports/store.ts';
import { seedDemo } from '../../src/application/seed/seed-demo.ts';
import { loadConfig } from '../../src/config/load-config.ts';
import { openApp, type App } from '../../src/main.ts';
import { startServing, type Serving } from '../../src/serve.ts';
import type { TelegramRunning } from '../../src/adapters/telegram/telegram-platform.ts';
import { createFakeTelegramApi, type FakeTelegramApi, type FakeTelegramMessage, type FakeTelegramUser, type FakeWebhookDelivery } from './fake-telegram-api.ts';

export const TELEGRAM_SECRET = 'test-webhook-secret-0123456789';

export interface TelegramWorldOptions {
  /** kaifang users and their Telegram ids, e.g. `{ alice: 1001 }`; each is linked with `/start <code>`. */
  linked?: Record<string, number>;
  webhook?: boolean;
  now?: Date;
  /** The same store again: a restart of the bot. */
  store?: Store;
  /** The same fake again (its messages and updates kept). */
  fake?: FakeTelegramApi;
  /** More environment (another platform beside Telegram, a DATABASE_URL for a SQLite file instead of memory). */
  env?: Record<string, string>;
  /** Telegram's language_code of the people linked. */
  languageCode?: string;
}

export interface TelegramWorld {
  fake: FakeTelegramApi;
  app: App;
  store: Store;
  serving: Serving;
  base: string;
  log: string[];
  /** The person writes `text` in their private chat with the bot; resolves once the bot has answered it. */
  say(telegramId: number, text: string, options?: { chat?: { id: number; type: 'group' | 'supergroup'; title?: string }; silent?: boolean }): Promise<FakeTelegramMessage[]>;
  /** The person taps a button of a message the bot sent them; resolves once the press is answered (its toast). */
  press(telegramId: number, message: FakeTelegramMessage, buttonText: string): Promise<{ toast: string | undefined; replies: FakeTelegramMessage[] }>;
  /** The messages the bot sent to this chat, oldest first. */
  messages(telegramId: number): FakeTelegramMessage[];
  /** A scheduler round: the outbox delivered. */
  deliver(): Promise<void>;
  setNow(at: Date): void;
  now(): Date;
  /** Stops the bot and the server; the fake and the store stay (`restart` starts them again). */
  stop(): Promise<void>;
  close(): Promise<void>;
}


export async function startTelegramWorld(options: TelegramWorldOptions = {}): Promise<TelegramWorld> {
  let now = options.now ?? new Date('2026-11-23T10:00:00+08:00');
  const log: string[] = [];
  const fake = options.fake ?? (await createFakeTelegramApi({ maxLongPollMs: 200 }));
  const env: Record<string, string> = {
    TELEGRAM_BOT_TOKEN: fake.token,
    TELEGRAM_API_ROOT: fake.apiRoot,
    HOST: '127.0.0.1',
    KAIFANG_LOCALE: 'en',
    ...(options.webhook ? { TELEGRAM_WEBHOOK_URL: 'https://kaifang.example.gov.cn/telegram', TELEGRAM_WEBHOOK_SECRET: TELEGRAM_SECRET } : {}),
    ...options.env,
  };
  // A DATABASE_URL given: the app's own store on that file (for the CLI to read afterwards); else memory.
  const onFile = options.env?.DATABASE_URL !== undefined && !options.store;
  const app = await openApp(loadConfig(env), { ...(onFile ? {} : { store: options.store ?? createMemoryStore() }), clock: { now: () => new Date(now) }, log: () => {} });
  const store = app.store;
  if (!options.store) await seedDemo(store, { locale: 'en' });
  const serving = await startServing(app, { log: (l) => log.push(l), port: 0, tickSeconds: 59 });
  const base = `http://127.0.0.1:${serving.port}`;
  const person = (id: number): FakeTelegramUser => ({ id, first_name: `user${id}`, language_code: options.languageCode ?? 'en' });

  /** Hands an update to the bot the way this world receives them, then waits until the bot has answered it. */
  async function deliverUpdate(update: Parameters<FakeTelegramApi['pushUpdate']>[0], answered: () => boolean): Promise<FakeWebhookDelivery | null> {
    let delivery: FakeWebhookDelivery | null = null;
    if (options.webhook) delivery = await fake.postToWebhook(`${base}/telegram`, update, TELEGRAM_SECRET);
    else fake.pushUpdate(update);
    const until = Date.now() + 10_000;
    while (!answered()) {
      if (Date.now() > until) throw new Error(`the bot did not answer: ${JSON.stringify(update).slice(0, 300)}\n${log.join('\n')}`);
      await new Promise((r) => setTimeout(r, 10));
    }
    // The lane finishes its work (a second reply, an edit) before the test looks.
    await (serving.running.get('telegram') as TelegramRunning).drained();
    await settle();
    return delivery;
  }

  /** Until no call has come for a moment: the bot's work after its first reply. */
  async function settle(): Promise<void> {
    let seen = -1;
    while (seen !== fake.calls.filter((c) => c.method !== 'getUpdates').length) {
      seen = fake.calls.filter((c) => c.method !== 'getUpdates').length;
      await new Promise((r) => setTimeout(r, 40));
    }
  }

  const world: TelegramWorld = {
    fake,
    app,
    store,
    serving,
    base,
    log,
    async say(telegramId, text, o = {}) {
      const chatId = o.chat?.id ?? telegramId;
      const before = fake.messagesTo(chatId).length;
      // A message the bot must not answer: given a moment, then looked at.
      const quietUntil = Date.now() + 400;
      await deliverUpdate(fake.message(person(telegramId), text, o.chat), () => (o.silent ? Date.now() > quietUntil : fake.messagesTo(chatId).length > before));
      return fake.messagesTo(chatId).slice(before);
    },
    async press(telegramId, message, buttonText) {
      const rows = ((message.reply_markup as { inline_keyboard?: { text: string; callback_data: string }[][] } | undefined)?.inline_keyboard ?? []).flat();
      const button = rows.find((b) => b.text === buttonText);
      if (!button) throw new Error(`no button "${buttonText}" on message ${message.message_id}: ${rows.map((b) => b.text).join(', ')}`);
      const before = fake.messagesTo(telegramId).length;
      const answers = fake.callsTo('answerCallbackQuery').length;
      await deliverUpdate(fake.callbackQuery(person(telegramId), button.callback_data, { chat_id: message.chat_id, message_id: message.message_id }), () => fake.callsTo('answerCallbackQuery').length > answers);
      const toast = fake.callsTo('answerCallbackQuery').at(-1)!.params.text as string | undefined;
      return { toast, replies: fake.messagesTo(telegramId).slice(before) };
    },
    messages: (telegramId) => fake.messagesTo(telegramId),
    async deliver() {
      await serving.scheduler.runNow();
    },
    setNow: (at) => (now = at),
    now: () => new Date(now),
    async stop() {
      await serving.stop();
      await app.close();
    },
    async close() {
      await world.stop();
      await fake.close();
    },
  };

  for (const [user, telegramId] of Object.entries(options.linked ?? {})) {
    const invite = await app.identities.invite(user, now, { actorId: 'operator', channel: 'cli' });
    if (!invite.ok) throw new Error(`invite for ${user} failed`);
    const [reply] = await world.say(telegramId, `/start ${invite.value.code}`);
    if (!reply?.text.startsWith('Linked')) throw new Error(`linking ${user} failed: ${reply?.text}`);
  }
  return world;
}
