// Slack as a platform module: its variables, its settings, and the Bolt app with its sender built from the chat core.
import { z } from 'zod';
import { KaifangError } from '../../domain/errors.ts';
import { configInvalid } from '../../config/config-invalid.ts';
import { blankToUndefined } from '../../config/env-values.ts';
import type { Platform, PlatformModule } from '../platform.ts';


export interface SlackSettings {
  botToken: string;
  /** HTTP mode; empty in Socket Mode. */
  signingSecret: string;
  /** Socket Mode, for a server Slack cannot reach. */
  appToken: string | null;
  /** The Web API base: a government instance or a test server. */
  apiUrl: string | null;
}

export const slackPlatform = {
  id: 'slack',
  env: {
    SLACK_BOT_TOKEN: z.preprocess(blankToUndefined, z.string().regex(/^xoxb-/, 'must be a bot token (xoxb-…)').optional()),
    SLACK_SIGNING_SECRET: z.preprocess(blankToUndefined, z.string().min(8, 'must be the app signing secret from the Slack app settings').optional()),
    SLACK_APP_TOKEN: z.preprocess(blankToUndefined, z.string().regex(/^xapp-/, 'must be an app-level token (xapp-…) for Socket Mode').optional()),
    SLACK_API_URL: z.preprocess(blankToUndefined, z.url({ message: 'must be a URL such as https://slack.com/api/' }).optional()),
  },

  settings(env): SlackSettings | null {
    const botToken = env.SLACK_BOT_TOKEN as string | undefined;
    const signingSecret = env.SLACK_SIGNING_SECRET as string | undefined;
    const appToken = env.SLACK_APP_TOKEN as string | undefined;
    const apiUrl = env.SLACK_API_URL as string | undefined;
    if (!botToken) {
      if (signingSecret || appToken) throw configInvalid([{ variable: 'SLACK_BOT_TOKEN', problem: 'required when SLACK_SIGNING_SECRET or SLACK_APP_TOKEN is set' }]);
      return null;
    }
    // Bolt verifies every request with the signing secret in HTTP mode; Socket Mode needs the app token instead.
    if (!signingSecret && !appToken)
      throw configInvalid([{ variable: 'SLACK_SIGNING_SECRET', problem: 'required with SLACK_BOT_TOKEN (or set SLACK_APP_TOKEN for Socket Mode)' }]);
    return { botToken, signingSecret: signingSecret ?? '', appToken: appToken ?? null, apiUrl: apiUrl ?? null };
  },

  setUp: (t) => [t('slack.setUp.http'), t('slack.setUp.socket')],

  async create(deps, settings): Promise<Platform> {
    // Bolt is loaded by `serve` only: every command reads this module's variables, few of them talk to Slack.
    const [{ createSlackApp, SLACK_EVENTS_PATH }, { createSlackSender }, { verifySlackToken }] = await Promise.all([
      import('./create-slack-app.ts'),
      import('./slack-sender.ts'),
      import('./verify-slack-token.ts'),
    ]);
    const app = createSlackApp(
      { chat: deps.chat, now: deps.now, log: deps.log },
      {
        botToken: settings.botToken,
        signingSecret: settings.signingSecret,
        ...(settings.appToken ? { appToken: settings.appToken } : {}),
        ...(settings.apiUrl ? { apiUrl: settings.apiUrl } : {}),
      },
    );
    return {
      routes: app.requestListener ? [{ path: SLACK_EVENTS_PATH, listener: app.requestListener }] : [],
      sender: createSlackSender({
        client: app.client,
        store: deps.store,
        chat: deps.chat,
        translator: deps.translator,
        defaultLocale: deps.defaultLocale,
        timeZone: deps.timeZone,
        now: deps.now,
        pictures: deps.pictures,
      }),
      reachedBy: (t) => t('slack.reachedBy', { via: settings.appToken ? 'Socket Mode' : SLACK_EVENTS_PATH }),
      // The bot token only: in Socket Mode the app token is tried by start(), which opens the connection with it.
      verify: () => verifySlackToken(settings.botToken, settings.apiUrl),
      async start() {
        try {
          await app.start();
        } catch (e) {
          throw new KaifangError('SLACK_CONNECT_FAILED', `Slack Socket Mode could not connect (SLACK_APP_TOKEN, SLACK_BOT_TOKEN): ${e instanceof Error ? e.message : String(e)}`, {
            cause: e,
          });
        }
      },
      stop: () => app.stop(),
      // Wherever the decision was made (a console, another copy, a button), Slack's old copies say so.
      onCaseChanged: (caseId) => app.refreshCopies(caseId),
    };
  },
} satisfies PlatformModule<'slack', SlackSettings>;
