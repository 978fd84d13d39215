// What a chat platform is to the rest of kaifang: one module that names its environment variables, reads its settings
// from them, and builds a running platform from the chat core. `serve` runs every module of PLATFORMS whose settings
// are present; the console is built to the same shape and run by the same composition (src/run-chats.ts).
import type { z } from 'zod';
import type { ChatCore } from '../application/chat/chat-core.ts';
import type { Store } from '../application/ports/store.ts';
import type { MessageSender } from '../application/reminders/outbox-dispatcher.ts';
import type { ReportPictures } from '../application/evaluation/report-pictures.ts';
import type { Locale } from '../domain/model.ts';
import type { Translate, Translator } from '../i18n/translator.ts';
import type { HttpRoute } from './http/create-http-server.ts';

/** What the composition root hands every platform. */
export interface PlatformDeps {
  chat: ChatCore;
  store: Store;
  translator: Translator;
  defaultLocale: Locale;
  timeZone: string;
  now: () => Date;
  log: (line: string) => void;
  /** One scheduler round now (due reminders written, the outbox delivered), queued behind the one under way. */
  deliverNow: () => Promise<void>;
  /** The picture a message carries (the weekly report's chart), drawn in its reader's language. */
  pictures: ReportPictures;
}

/** Delivers outbox messages to the people it can reach. */
export interface PlatformSender extends MessageSender {
  /** Whether this person has an account here; each message goes to the first platform that reaches its reader. */
  reaches(userId: string): Promise<boolean>;
}

export interface Platform {
  /** What it serves on the one HTTP server (none for a socket or a terminal). */
  routes: readonly HttpRoute[];
  sender: PlatformSender;
  /** How people's requests reach it, for the start-up line, e.g. "Slack: /slack/events". */
  reachedBy(t: Translate): string;
  /**
   * Asks the platform, before anything starts or is sent, whether it accepts this process's credentials (Slack's
   * `auth.test`; Telegram's `getMe`), and throws PlatformCheckFailed when it refuses them or cannot be reached. A
   * platform with nothing to check (a terminal) resolves at once.
   */
  verify(): Promise<void>;
  /** Connects (a socket, a poll loop); a failure here stops the start with the module's own error. */
  start(): Promise<void>;
  /** Finishes the work it has acknowledged, then disconnects. */
  stop(): Promise<void>;
  /** After a commit changed the case: edit what it posted about it. */
  onCaseChanged(caseId: string): Promise<void>;
}

export interface PlatformModule<Id extends string = string, Settings = unknown> {
  id: Id;
  /** Its environment variables, each optional and documented in .env.example. */
  env: z.ZodRawShape;
  /**
   * Its settings from the validated environment: null when none of its variables is set. Half a configuration throws
   * CONFIG_INVALID naming the missing variable.
   */
  settings(env: Record<string, unknown>): Settings | null;
  /** The variable sets that turn it on, one line each, for serve's "no platform configured" message. */
  setUp(t: Translate): string[];
  /** May load its libraries first (Slack's Bolt): the config loader reads `env` without paying for them. */
  create(deps: PlatformDeps, settings: Settings): Platform | Promise<Platform>;
}

export type SettingsOf<M> = M extends PlatformModule<string, infer S> ? S : never;
