// Telegram as a platform module: its variables, its settings, and the grammY bot with its sender built from the chat
// core. Long polling unless a webhook URL and secret are set.
import { z } from 'zod';
import { configInvalid } from '../../config/config-invalid.ts';
import { blankToUndefined } from '../../config/env-values.ts';
import type { Platform, PlatformModule } from '../platform.ts';

export interface TelegramSettings {
  token: string;
  webhook: { url: string; secret: string } | null;
  /** The Bot API root: a self-hosted Bot API server or a test server; Telegram's own when null. */
  apiRoot: string | null;
}

/** The running platform, and when the updates handed to it so far have all been handled (for tests that wait). */
export interface TelegramRunning extends Platform {
  drained(): Promise<void>;
}

/** Where the bot's @name is kept once serve has asked Telegram (getMe), for the deep links `users invite` prints. */
export const TELEGRAM_BOT_NAME_SETTING = 'telegram.botUsername';

export const telegramPlatform = {
  id: 'telegram',
  env: {
    TELEGRAM_BOT_TOKEN: z.preprocess(blankToUndefined, z.string().regex(/^\d+:[A-Za-z0-9_-]{10,}$/, 'must be the bot token BotFather gave (123456789:AA…)').optional()),
    TELEGRAM_WEBHOOK_URL: z.preprocess(blankToUndefined, z.url({ protocol: /^https?$/, message: 'must be the public https URL Telegram posts updates to, ending in /telegram' }).optional()),
    // Telegram allows 1–256 of A–Z, a–z, 0–9, _ and - in the secret token it sends back with every update.
    TELEGRAM_WEBHOOK_SECRET: z.preprocess(blankToUndefined, z.string().regex(/^[A-Za-z0-9_-]{16,256}$/, 'must be 16 to 256 letters, digits, _ or -').optional()),
    TELEGRAM_API_ROOT: z.preprocess(blankToUndefined, z.url({ message: 'must be a URL such as https://api.telegram.org' }).optional()),
  },

  settings(env): TelegramSettings | null {
    const token = env.TELEGRAM_BOT_TOKEN as string | undefined;
    const url = env.TELEGRAM_WEBHOOK_URL as string | undefined;
    const secret = env.TELEGRAM_WEBHOOK_SECRET as string | undefined;
    const apiRoot = env.TELEGRAM_API_ROOT as string | undefined;
    if (!token) {
      if (url || secret) throw configInvalid([{ variable: 'TELEGRAM_BOT_TOKEN', problem: 'required when TELEGRAM_WEBHOOK_URL or TELEGRAM_WEBHOOK_SECRET is set' }]);
      return null;
    }
    // A webhook without its secret would take updates from anyone who finds the URL.
    if (url && !secret) throw configInvalid([{ variable: 'TELEGRAM_WEBHOOK_SECRET', problem: 'required with TELEGRAM_WEBHOOK_URL' }]);
    if (secret && !url) throw configInvalid([{ variable: 'TELEGRAM_WEBHOOK_URL', problem: 'required with TELEGRAM_WEBHOOK_SECRET' }]);
    return { token, webhook: url && secret ? { url, secret } : null, apiRoot: apiRoot ? apiRoot.replace(/\/+$/, '') : null };
  },

  setUp: (t) => [t('telegram.setUp.polling'), t('telegram.setUp.webhook')],

  async create(deps, settings): Promise<TelegramRunning> {
    // grammY is loaded by `serve` only.
    const [{ createTelegramBot, TELEGRAM_WEBHOOK_PATH }, { createTelegramSender }] = await Promise.all([import('./create-telegram-bot.ts'), import('./telegram-sender.ts')]);
    const bot = createTelegramBot({ chat: deps.chat, log: deps.log }, { token: settings.token, apiRoot: settings.apiRoot, webhook: settings.webhook });
    return {
      routes: bot.requestListener ? [{ path: TELEGRAM_WEBHOOK_PATH, listener: bot.requestListener }] : [],
      sender: createTelegramSender({ api: bot.api, store: deps.store, chat: deps.chat, translator: deps.translator, defaultLocale: deps.defaultLocale, now: deps.now, pictures: deps.pictures }),
      reachedBy: (t) => t('telegram.reachedBy', { via: settings.webhook ? TELEGRAM_WEBHOOK_PATH : t('telegram.polling') }),
      async verify() {
        const me = await bot.verify();
        await deps.store.settings.put(TELEGRAM_BOT_NAME_SETTING, me.username);
      },
      start: () => bot.start(),
      stop: () => bot.stop(),
      // Wherever the decision was made (a console, Slack, another copy), Telegram's old copies say so.
      onCaseChanged: (caseId) => bot.refreshCopies(caseId),
      drained: () => bot.drained(),
    };
  },
} satisfies PlatformModule<'telegram', TelegramSettings>;
