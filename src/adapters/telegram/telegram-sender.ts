// Delivers outbox messages as Telegram private messages. A task message its reader can decide carries the buttons and
// is remembered, so every copy can be edited once the case moves on. Telegram's 429 becomes a retry after exactly its
// retry_after (never parked for it); a person who blocked the bot (403) cannot be reached, and is parked with that
// reason for the operator. This API client has no retries of its own: the outbox owns them.
import { GrammyError, HttpError, InputFile, type Api } from 'grammy';
import type { ReportPictures } from '../../application/evaluation/report-pictures.ts';
import { renderNotification } from '../../application/commands/render.ts';
import type { ChatCore } from '../../application/chat/chat-core.ts';
import type { OutboxMessage } from '../../application/ports/delivery.ts';
import type { Store } from '../../application/ports/store.ts';
import type { SendResult } from '../../application/reminders/outbox-dispatcher.ts';
import type { Locale } from '../../domain/model.ts';
import { maskPersonalData } from '../../domain/privacy/mask-personal-data.ts';
import type { Translator } from '../../i18n/translator.ts';
import type { PlatformSender } from '../platform.ts';
import { taskKeyboard } from './telegram-keyboards.ts';

/** Telegram's longest message text, in characters. */
export const MESSAGE_MAX_CHARS = 4096;

export interface TelegramSenderDeps {
  api: Api;
  store: Pick<Store, 'identities' | 'users'>;
  chat: ChatCore;
  translator: Translator;
  defaultLocale: Locale;
  now: () => Date;
  pictures: ReportPictures;
}

/** Refusals no retry can fix: the person blocked the bot, deleted their account, or never opened a chat with it. */
const GONE = /blocked by the user|user is deactivated|chat not found|bot can't initiate conversation|bot was kicked/i;

export function classifyTelegramError(e: unknown): Extract<SendResult, { ok: false }> {
  if (e instanceof GrammyError) {
    if (e.error_code === 429) return { ok: false, error: 'telegram: rate limited (429)', retryAfterMs: Math.max(1, e.parameters.retry_after ?? 1) * 1000 };
    const error = `telegram: ${e.description} (${e.error_code})`;
    if (e.error_code === 403 || e.error_code === 401 || GONE.test(e.description)) return { ok: false, error, permanent: true };
    return { ok: false, error };
  }
  if (e instanceof HttpError) return { ok: false, error: `telegram: ${e.message}` };
  return { ok: false, error: `telegram: ${e instanceof Error ? e.message : String(e)}` };
}

/**
 * A reply in as many messages as it needs, cut between lines where it can (a long catalog list stays readable),
 * each masked and within Telegram's limit.
 */
export function inMessages(text: string): string[] {
  const masked = maskPersonalData(text);
  if (masked.length <= MESSAGE_MAX_CHARS) return [masked];
  const out: string[] = [];
  let current = '';
  for (const line of masked.split('\n')) {
    const piece = line.length > MESSAGE_MAX_CHARS ? `${line.slice(0, MESSAGE_MAX_CHARS - 1)}…` : line;
    if (current !== '' && current.length + 1 + piece.length > MESSAGE_MAX_CHARS) {
      out.push(current);
      current = piece;
    } else current = current === '' ? piece : `${current}\n${piece}`;
  }
  if (current !== '') out.push(current);
  return out;
}

/** Telegram's longest photo caption, in characters. */
export const CAPTION_MAX_CHARS = 1024;

/** A text cut to what one message (or a photo's caption) holds: a notification is shortened, never refused. */
export function fitted(text: string, max: number = MESSAGE_MAX_CHARS): string {
  const masked = maskPersonalData(text);
  return masked.length <= max ? masked : `${masked.slice(0, max - 1)}…`;
}

export function createTelegramSender(deps: TelegramSenderDeps): PlatformSender {
  const { api, store, translator } = deps;
  return {
    async reaches(userId) {
      return (await store.identities.findByUser('telegram', userId)) !== null;
    },

    async send(msg: OutboxMessage): Promise<SendResult> {
      const account = await store.identities.findByUser('telegram', msg.userId);
      if (!account) return { ok: false, error: 'no Telegram account linked', permanent: true };
      try {
        const reader = await store.users.get(msg.userId);
        const locale = reader?.locale ?? deps.defaultLocale;
        const text = renderNotification(translator.for(locale), msg.message, msg.params);
        const picture = await deps.pictures.of(msg, locale);
        if (picture) {
          // One message, the text as the photo's caption: a retry never sends the one without the other, or twice.
          await api.sendPhoto(account.externalId, new InputFile(picture.png, picture.filename), { caption: fitted(text, CAPTION_MAX_CHARS) });
          return { ok: true };
        }
        const task = await deps.chat.taskButtons(msg.userId, msg.caseId, msg.params.why);
        // A private chat's id is the person's own id.
        const sent = await api.sendMessage(account.externalId, fitted(text), task ? { reply_markup: taskKeyboard(task) } : {});
        if (task)
          await deps.chat.rememberCopy({
            platform: 'telegram',
            caseId: task.caseId,
            caseVersion: task.version,
            userId: msg.userId,
            channel: account.externalId,
            messageRef: String(sent.message_id),
            postedAt: deps.now(),
          });
        return { ok: true };
      } catch (e) {
        return classifyTelegramError(e);
      }
    },
  };
}
