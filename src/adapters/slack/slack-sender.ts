// Delivers outbox messages as Slack DMs. A task message its reader can decide carries the buttons and is
// remembered, so every copy can be edited once the case moves on. Slack's 429 becomes a retry after its Retry-After,
// never a dropped message; a person with no linked Slack account cannot be reached here (permanent: parked).
import { webApi } from '@slack/bolt';
import { renderNotification } from '../../application/commands/render.ts';
import type { MessageSender, SendResult } from '../../application/reminders/outbox-dispatcher.ts';
import type { OutboxMessage } from '../../application/ports/delivery.ts';
import type { Store } from '../../application/ports/store.ts';
import type { ChatCore } from '../../application/chat/chat-core.ts';
import type { Locale } from '../../domain/model.ts';
import type { Translator } from '../../i18n/translator.ts';
import { notificationBlocks } from './slack-blocks.ts';
import type { ReportPictures } from '../../application/evaluation/report-pictures.ts';

/** Slack errors no retry can fix. */
const PERMANENT = new Set(['user_not_found', 'account_inactive', 'user_disabled', 'cannot_dm_bot', 'not_authed', 'invalid_auth', 'token_revoked']);

const { ErrorCode } = webApi;

export interface SlackSenderDeps {
  client: webApi.WebClient;
  store: Pick<Store, 'identities' | 'users'>;
  chat: ChatCore;
  translator: Translator;
  defaultLocale: Locale;
  timeZone: string;
  now: () => Date;
  pictures: ReportPictures;
}

export function classifySlackError(e: unknown): Extract<SendResult, { ok: false }> {
  const err = e as { code?: string; retryAfter?: number; data?: { error?: string }; statusCode?: number; message?: string };
  if (err.code === ErrorCode.RateLimitedError) return { ok: false, error: 'slack: rate limited (429)', retryAfterMs: Math.max(1, err.retryAfter ?? 1) * 1000 };
  if (err.code === ErrorCode.PlatformError) {
    const code = err.data?.error ?? 'platform_error';
    return { ok: false, error: `slack: ${code}`, ...(PERMANENT.has(code) ? { permanent: true } : {}) };
  }
  if (err.code === ErrorCode.HTTPError) return { ok: false, error: `slack: HTTP ${err.statusCode ?? '?'}` };
  return { ok: false, error: `slack: ${err.message ?? String(e)}` };
}

export function createSlackSender(deps: SlackSenderDeps): MessageSender & { reaches(userId: string): Promise<boolean> } {
  const { client, store, translator } = deps;
  return {
    async reaches(userId) {
      return (await store.identities.findByUser('slack', userId)) !== null;
    },

    async send(msg: OutboxMessage): Promise<SendResult> {
      const account = await store.identities.findByUser('slack', msg.userId);
      if (!account) return { ok: false, error: 'no Slack account linked', permanent: true };
      try {
        const reader = await store.users.get(msg.userId);
        const locale = reader?.locale ?? deps.defaultLocale;
        const text = renderNotification(translator.for(locale), msg.message, msg.params);
        const picture = await deps.pictures.of(msg, locale);
        const opened = await client.conversations.open({ users: account.externalId });
        const channel = opened.channel?.id;
        if (!channel) return { ok: false, error: 'slack: conversations.open returned no channel' };
        if (picture) {
          // Slack's upload flow (files.getUploadURLExternal, the bytes to the URL it gives, files.completeUploadExternal;
          // files.upload is retired): the text goes with the picture as its comment, one message, so a retry after a
          // failed step never leaves a text without its picture or posts it twice.
          await client.files.uploadV2({ channel_id: channel, file: Buffer.from(picture.png), filename: picture.filename, title: picture.filename, initial_comment: text });
          return { ok: true };
        }
        const task = await deps.chat.taskButtons(msg.userId, msg.caseId, msg.params.why);
        const posted = await client.chat.postMessage({ channel, text, blocks: notificationBlocks(text, task) as never });
        if (task && posted.ts)
          await deps.chat.rememberCopy({
            platform: 'slack',
            caseId: task.caseId,
            caseVersion: task.version,
            userId: msg.userId,
            channel,
            messageRef: posted.ts,
            postedAt: deps.now(),
          });
        return { ok: true };
      } catch (e) {
        return classifySlackError(e);
      }
    },
  };
}
