// The grammY bot: translation only. A typed command or answer, a task button and a form button become what the
// console does, through the shared chat core; replies come from the same locales. Forms are asked one field at a
// time by the shared form engine (the store keeps the half-filled form, so a restart loses nothing), with the
// awaited choices as buttons and a summary to submit, edit or cancel. Private chats only: a group gets a pointer.
//
// Updates of one chat are handled in order, different chats side by side: each update is handed to its chat's lane
// and grammY moves on (long polling fetches the next batch; a webhook request is answered at once).
import { timingSafeEqual } from 'node:crypto';
import type { ServerResponse } from 'node:http';
import { autoRetry } from '@grammyjs/auto-retry';
import { Api, Bot, GrammyError, type Context } from 'grammy';
import type { Update, UserFromGetMe } from 'grammy/types';
import { createAfterAckQueue } from '../../application/chat/after-ack-queue.ts';
import { oneAtATime } from '../../application/chat/one-at-a-time.ts';
import type { ChatAccount, ChatCore, ChatReply } from '../../application/chat/chat-core.ts';
import type { Locale } from '../../domain/model.ts';
import type { Translate } from '../../i18n/translator.ts';
import type { BufferedRequest } from '../http/create-http-server.ts';
import { PlatformCheckFailed } from '../platform-check-failed.ts';
import { formKeyboard, parseCallbackData, SUMMARY } from './telegram-keyboards.ts';
import { fitted, inMessages } from './telegram-sender.ts';

export const TELEGRAM_WEBHOOK_PATH = '/telegram';
export const TELEGRAM_DEFAULT_API_ROOT = 'https://api.telegram.org';

export interface TelegramConnection {
  token: string;
  /** A self-hosted Bot API server or a test server; Telegram's own when null. */
  apiRoot: string | null;
  /** Webhook mode: the public URL Telegram posts updates to, and the secret it sends with each. Null: long polling. */
  webhook: { url: string; secret: string } | null;
}

export interface TelegramBotDeps {
  chat: ChatCore;
  log: (line: string) => void;
}

export interface TelegramBot {
  bot: Bot;
  /** For the sender: no retries of its own (the outbox owns them). */
  api: Api;
  /** Webhook mode: mount on the shared server at /telegram. Null when polling. */
  requestListener: ((req: BufferedRequest, res: ServerResponse) => void) | null;
  /** getMe: the token accepted, and who the bot is (its @name for deep links). */
  verify(): Promise<UserFromGetMe>;
  start(): Promise<void>;
  stop(): Promise<void>;
  /** Edits every Telegram copy of the case's task message that shows an older version: who decided, no buttons. */
  refreshCopies(caseId: string): Promise<void>;
  /** Resolves when every update handed to a lane so far has been handled. */
  drained(): Promise<void>;
}

/** Telegram's `language_code` (an IETF tag: `zh`, `zh-hans`, `zh-CN`, `zh-hant`, `en`…) as one of ours. */
export function localeFromTelegram(code: string | undefined): Locale {
  return code?.toLowerCase().startsWith('zh') ? 'zh-CN' : 'en';
}

/** Replies inside an update are retried a few times (a 429, a network blip), briefly: the person is waiting. */
const REPLY_RETRIES = { maxRetryAttempts: 3, maxDelaySeconds: 10 };
/** The updates kaifang reads. */
const ALLOWED_UPDATES = ['message', 'callback_query'] as const;
/** After grammY gave up polling: the first try again soon (a webhook removed, a rival process gone), then slower. */
const POLL_AGAIN_MS = [1_000, 5_000, 15_000, 60_000];
/** A toast's longest text (Telegram allows 200 characters). */
const TOAST_MAX = 200;

export function createTelegramBot(deps: TelegramBotDeps, connection: TelegramConnection): TelegramBot {
  const { chat } = deps;
  const apiRoot = connection.apiRoot ?? TELEGRAM_DEFAULT_API_ROOT;
  const bot = new Bot(connection.token, { client: { apiRoot } });
  bot.api.config.use(autoRetry(REPLY_RETRIES));
  const api = new Api(connection.token, { apiRoot });
  const lanes = createLanes((line) => deps.log(`[telegram] ${line}`));

  const account = (from: { id: number; language_code?: string }): ChatAccount => ({
    platform: 'telegram',
    externalId: String(from.id),
    locale: async () => localeFromTelegram(from.language_code),
  });

  /** The replies, the last one with the buttons of what the person's form now waits for. */
  async function answer(ctx: Context, who: ChatAccount, reply: ChatReply): Promise<void> {
    if (reply.kind !== 'replies') return;
    const t = chat.tFor(await chat.whoIs(who));
    const keyboard = formKeyboard(t, await chat.awaiting(who));
    const messages = reply.lines.filter((l) => l.trim() !== '').flatMap(inMessages);
    for (const [i, text] of messages.entries()) {
      const last = i === messages.length - 1;
      await ctx.reply(text, last && keyboard ? { reply_markup: keyboard } : {});
    }
  }

  // One lane per chat: the update is queued behind that chat's earlier ones, and grammY goes on to the next.
  bot.use((ctx, next) => {
    pollFailures = 0;
    const key = String(ctx.chat?.id ?? ctx.from?.id ?? 'none');
    lanes.run(key, `update ${ctx.update.update_id}`, () => next());
  });

  bot.on('message:text', async (ctx) => {
    const from = ctx.from;
    if (ctx.chat.type !== 'private') {
      // In a group only /help (or /start) is answered, with a pointer to a private chat; nothing else is done there.
      if (/^\/(help|start)(@\w+)?(\s|$)/.test(ctx.message.text)) {
        const t = chat.tFor(null, localeFromTelegram(from.language_code));
        await ctx.reply(t('telegram.groupOnly', { bot: ctx.me.username }));
      }
      return;
    }
    const who = account(from);
    const reply = await chat.command(who, commandText(ctx.message.text, ctx.me.username), `telegram:${ctx.update.update_id}`, { stepByStep: true });
    await answer(ctx, who, reply);
  });

  // A photo, a sticker, a voice note: said what is read, in a private chat; a group hears nothing.
  bot.on('message', async (ctx) => {
    if (ctx.chat.type !== 'private') return;
    const who = account(ctx.from);
    await ctx.reply(chat.tFor(await chat.whoIs(who), localeFromTelegram(ctx.from.language_code))('telegram.textOnly'));
  });

  bot.on('callback_query:data', async (ctx) => {
    const pressed = parseCallbackData(ctx.callbackQuery.data);
    const who = account(ctx.from);
    const message = ctx.callbackQuery.message;
    if (!pressed || !message || message.chat.type !== 'private') return void (await ctx.answerCallbackQuery());
    const t: Translate = chat.tFor(await chat.whoIs(who), localeFromTelegram(ctx.from.language_code));
    const delivery = `telegram:${ctx.update.update_id}`;
    if (pressed.kind === 'task') {
      const reply = await chat.press(who, { caseId: pressed.caseId, version: pressed.version, action: pressed.action }, delivery, { stepByStep: true });
      await ctx.answerCallbackQuery({ text: toast(t, reply) });
      await answer(ctx, who, reply);
      // Refused because the copy is old, or decided here: every copy learns what happened.
      await refreshCopies(pressed.caseId);
      return;
    }
    // A form button answers the question it was shown under, and only while that question waits.
    const awaited = await chat.awaiting(who);
    const current = awaited?.kind === 'confirmation' ? SUMMARY : awaited?.field;
    if (current !== pressed.field) return void (await ctx.answerCallbackQuery({ text: t('telegram.questionPassed') }));
    if (pressed.field === SUMMARY && pressed.value === 'edit') {
      await ctx.answerCallbackQuery();
      await ctx.reply(t('telegram.editHint'));
      return;
    }
    await ctx.answerCallbackQuery({ text: t('telegram.done') });
    // The buttons answered go: the question is not answered twice by a second tap.
    await ctx.editMessageReplyMarkup().catch(() => {});
    await answer(ctx, who, await chat.command(who, pressed.value, delivery, { stepByStep: true }));
  });

  bot.catch((err) => deps.log(`[telegram] update ${err.ctx.update.update_id}: ${err.error instanceof Error ? (err.error.stack ?? err.error.message) : String(err.error)}`));

  /** One refresh of a case at a time: a second one (a case change and a refused press together) finds the copies edited. */
  const refreshCopies = oneAtATime((caseId) => refreshNow(caseId));

  async function refreshNow(caseId: string): Promise<void> {
    for (const { copy, text, version } of await chat.staleCopies('telegram', caseId)) {
      try {
        // Without reply_markup the buttons go.
        await api.editMessageText(copy.channel, Number(copy.messageRef), fitted(text));
        await chat.copyEdited(copy, version);
      } catch (e) {
        const description = e instanceof GrammyError ? e.description : '';
        if (/message is not modified/.test(description)) {
          await chat.copyEdited(copy, version);
          continue;
        }
        // A message the person deleted (or a chat that is gone) is forgotten; anything else is tried on the next change.
        if (/message to edit not found|chat not found|blocked by the user/.test(description)) {
          await chat.copyGone(copy);
          continue;
        }
        deps.log(`[telegram] could not edit ${copy.channel}/${copy.messageRef} for ${caseId}: ${e instanceof Error ? e.message : String(e)}`);
      }
    }
  }

  let polling: Promise<void> | null = null;
  let stopping = false;
  /** Polling given up by grammY in a row, since the last update that came in. */
  let pollFailures = 0;
  let pollAgain: NodeJS.Timeout | null = null;
  let wakeUp: (() => void) | null = null;

  return {
    bot,
    api,
    requestListener: connection.webhook ? webhookListener(connection.webhook.secret, bot, deps.log) : null,
    async verify() {
      try {
        const me = await api.getMe();
        bot.botInfo = me;
        return me;
      } catch (e) {
        throw telegramCheckFailure(e, apiRoot);
      }
    },
    async start() {
      if (!bot.isInited()) await bot.init();
      for (const language of ['zh', null] as const)
        await bot.api.setMyCommands(chat.commandMenu(language === 'zh' ? 'zh-CN' : 'en'), language ? { language_code: language } : {});
      if (connection.webhook) {
        await bot.api.setWebhook(connection.webhook.url, { secret_token: connection.webhook.secret, allowed_updates: [...ALLOWED_UPDATES] });
        return;
      }
      // bot.start() resolves only when polling stops; it deletes any webhook first, then fetches. grammY gives up on a
      // 409 (another process polls this bot, or a webhook was set meanwhile) and a 401 (the token was revoked): the bot
      // would stay deaf while serve runs on, so polling starts again, later each time, saying why.
      let started!: () => void;
      const running = new Promise<void>((resolve) => (started = resolve));
      const poll = (): Promise<void> =>
        bot.start({ allowed_updates: [...ALLOWED_UPDATES], onStart: () => started() }).then(
          () => undefined,
          async (e: unknown) => {
            started();
            if (stopping) return;
            const wait = POLL_AGAIN_MS[Math.min(pollFailures, POLL_AGAIN_MS.length - 1)]!;
            pollFailures += 1;
            deps.log(`[telegram] polling stopped (${e instanceof GrammyError ? `${e.error_code} ${e.description}` : e instanceof Error ? e.message : String(e)}); polling again in ${wait / 1000} s`);
            await new Promise<void>((resolve) => {
              pollAgain = setTimeout(resolve, wait);
              wakeUp = resolve;
            });
            if (!stopping) return poll();
          },
        );
      polling = poll();
      await running;
    },
    async stop() {
      stopping = true;
      if (pollAgain) clearTimeout(pollAgain);
      wakeUp?.();
      if (polling) {
        await bot.stop();
        await polling;
        polling = null;
      }
      await lanes.drained();
    },
    refreshCopies,
    drained: () => lanes.drained(),
  };
}

/** `/approve@kaifang_bot C-0001` → `approve C-0001`; `/start <code>` is the link; any other text is as typed. */
export function commandText(text: string, botName: string): string {
  const m = /^\/([A-Za-z0-9_]+)(?:@(\w+))?(?:\s+([\s\S]*))?$/.exec(text.trim());
  if (!m || (m[2] && m[2].toLowerCase() !== botName.toLowerCase())) return text;
  const [, verb, , rest] = m;
  if (verb!.toLowerCase() === 'start') return rest ? `link ${rest.trim()}` : 'help';
  return rest ? `${verb} ${rest}` : verb!;
}

/** A button's toast: the first line of the reply, short. */
function toast(t: Translate, reply: ChatReply): string {
  const first = reply.kind === 'replies' ? (reply.lines[0] ?? '') : '';
  const line = first.split('\n')[0] || t('telegram.done');
  return line.length <= TOAST_MAX ? line : `${line.slice(0, TOAST_MAX - 1)}…`;
}

/**
 * POST /telegram: Telegram's secret token checked on every request (401 otherwise), 200 at once — Telegram retries a
 * request it waited too long for — and the update handed to its chat's lane after the ack, through the after-ack
 * queue: in a burst every request is answered before the work of the first begins (better-sqlite3 is synchronous, so
 * work started between two requests holds back the second one's ack; measured by `npm run bench`).
 */
function webhookListener(secret: string, bot: Bot, log: (line: string) => void) {
  const wanted = Buffer.from(secret, 'utf8');
  const queue = createAfterAckQueue({ log: (line) => log(`[telegram] ${line}`) });
  return (req: BufferedRequest, res: ServerResponse) => {
    queue.arrived();
    if (req.method !== 'POST') return void res.writeHead(405, { allow: 'POST' }).end();
    const header = req.headers['x-telegram-bot-api-secret-token'];
    const given = Buffer.from(typeof header === 'string' ? header : '', 'utf8');
    if (given.length !== wanted.length || !timingSafeEqual(given, wanted)) {
      log('[telegram] webhook request without the right secret token refused (401)');
      return void res.writeHead(401).end();
    }
    let update: Update;
    try {
      update = JSON.parse(req.rawBody.toString('utf8')) as Update;
      if (typeof update?.update_id !== 'number') throw new Error('no update_id');
    } catch {
      return void res.writeHead(400).end();
    }
    res.writeHead(200).end();
    // handleUpdate only hands the update to its lane (the first middleware), so each job here is short.
    queue.later(`update ${update.update_id}`, () => bot.handleUpdate(update));
  };
}

/** Telegram said no to the token (401, or 404 for a token of the wrong form), or did not answer. */
function telegramCheckFailure(e: unknown, apiRoot: string): PlatformCheckFailed {
  if (e instanceof GrammyError && (e.error_code === 401 || e.error_code === 404))
    return new PlatformCheckFailed('refused', { platform: 'Telegram', reason: `${e.error_code} ${e.description}`, variable: 'TELEGRAM_BOT_TOKEN' }, { cause: e });
  const reason = e instanceof GrammyError ? `${e.error_code} ${e.description}` : (((e as { error?: { code?: string } }).error?.code ?? (e instanceof Error ? e.message : String(e))) as string);
  return new PlatformCheckFailed('unreachable', { platform: 'Telegram', reason, variable: 'TELEGRAM_API_ROOT', url: apiRoot }, { cause: e });
}

/** Work in lanes: in order within a lane, lanes side by side. A failure is logged and the lane goes on. */
function createLanes(log: (line: string) => void) {
  const tails = new Map<string, Promise<void>>();
  const all = new Set<Promise<void>>();
  return {
    run(key: string, what: string, work: () => Promise<unknown>): void {
      const tail = (tails.get(key) ?? Promise.resolve())
        .then(work)
        .then(
          () => undefined,
          (e: unknown) => log(`${what} failed: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`),
        );
      tails.set(key, tail);
      all.add(tail);
      void tail.finally(() => {
        all.delete(tail);
        if (tails.get(key) === tail) tails.delete(key);
      });
    },
    async drained(): Promise<void> {
      while (all.size > 0) await Promise.all([...all]);
    },
  };
}
