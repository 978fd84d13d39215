// The embedded chat: a terminal stands in for Slack or Telegram. `as <user>` switches who is typing.
// Piped input (not a TTY) is read one command a line, echoed with the speaker, and the process ends at end of input.
// A scheduler round runs after every command; an interactive session also runs them in the background, as a running
// bot does, so reminders arrive while nobody types. Piped runs have no background job and stay deterministic.
import { createInterface } from 'node:readline';
import type { Readable, Writable } from 'node:stream';
import type { CommandHandler } from '../../application/commands/command-handler.ts';
import { renderNotification } from '../../application/commands/render.ts';
import type { OutboxMessage, Store } from '../../application/ports.ts';
import type { ReminderTick } from '../../application/reminders/reminder-tick.ts';
import type { MessageSender, OutboxDispatcher } from '../../application/reminders/outbox-dispatcher.ts';
import { formatInstant } from '../../application/commands/render.ts';
import { startScheduler, type RunningScheduler } from '../../scheduler/run-scheduler.ts';
import type { Locale } from '../../domain/model.ts';
import type { Translator } from '../../i18n/translator.ts';
import { KaifangError } from '../../domain/errors.ts';
import { maskPersonalData } from '../../domain/privacy/mask-personal-data.ts';

export interface ConsoleDeps {
  handler: CommandHandler;
  store: Store;
  translator: Translator;
  locale: Locale;
  now: () => Date;
  timeZone: string;
  /** The scheduler's tick: after each command, due reminders are written to the outbox. */
  tick: ReminderTick;
  /** The delivery loop, given the console's own sender. */
  dispatcher: (sender: MessageSender) => OutboxDispatcher;
  /** Where failures are logged for the operator (stderr). */
  log: (line: string) => void;
  /** Run the scheduler in the background every this many seconds (KAIFANG_TICK_SECONDS); off when omitted. */
  backgroundTickSeconds?: number;
}

export interface ConsoleIo {
  input: Readable;
  output: Writable;
  interactive: boolean;
}

export async function runConsole(deps: ConsoleDeps, io: ConsoleIo, initialUser: string | null = null): Promise<void> {
  const { handler, store, translator } = deps;
  const say = (text: string) => io.output.write(`${text}\n`);
  let userId = initialUser;
  let locale: Locale = deps.locale;
  const t = (key: string, params?: Record<string, string | number>) => translator.t(locale, key, params);

  // A background delivery may land while the prompt waits for input: it starts on a fresh line and the prompt is
  // shown again after the round.
  let atPrompt = false;
  let promptBroken = false;

  /** The console is every user's chat: messages for anyone are shown here, marked with their recipient. */
  const sender: MessageSender = {
    async send(msg: OutboxMessage) {
      if (atPrompt) {
        io.output.write('\n');
        atPrompt = false;
        promptBroken = true;
      }
      const to = await store.users.get(msg.userId);
      const text = renderNotification(translator.for(to?.locale ?? deps.locale), msg.message, msg.params);
      say(t('console.delivered', { to: to?.name ?? msg.userId, id: msg.userId, text: indent(text) }));
      return { ok: true };
    },
  };
  const delivery = deps.dispatcher(sender);
  const dispatcher: OutboxDispatcher = {
    ...delivery,
    async dispatch(now) {
      const report = await delivery.dispatch(now);
      if (promptBroken) {
        promptBroken = false;
        prompt();
      }
      return report;
    },
  };
  let lastHeldId = 0;

  // The background rounds and the one after each command share the scheduler's queue, so they never overlap.
  const scheduler: RunningScheduler | null =
    deps.backgroundTickSeconds === undefined
      ? null
      : startScheduler({ tick: deps.tick, dispatcher, clock: { now: deps.now }, log: deps.log }, deps.backgroundTickSeconds);

  /** One scheduler round, as a running bot does every few seconds; what must wait for working hours is said once. */
  async function deliver(): Promise<void> {
    const now = deps.now();
    if (scheduler) await scheduler.runNow();
    else {
      await deps.tick.tick(now);
      await dispatcher.dispatch(now);
    }
    const held = (await store.outbox.listPending()).filter((m) => m.id > lastHeldId && m.nextAttemptAt > now);
    if (held.length === 0) return;
    lastHeldId = Math.max(...held.map((m) => m.id));
    const first = new Date(Math.min(...held.map((m) => m.nextAttemptAt.getTime())));
    say(t('console.held', { count: held.length, at: formatInstant(first, deps.timeZone) }));
  }

  const rl = createInterface({ input: io.input, terminal: false, crlfDelay: Infinity });
  function prompt(): void {
    if (!io.interactive) return;
    io.output.write(`${userId ?? '?'}> `);
    atPrompt = true;
  }

  if (io.interactive) {
    const people = (await store.users.list()).map((u) => u.id).join(', ');
    say(t('console.welcome', { users: people || '—' }));
  }
  prompt();
  try {
    await chatLoop();
  } finally {
    rl.close();
    await scheduler?.stop();
  }

  async function chatLoop(): Promise<void> {
    for await (const raw of rl) {
      atPrompt = false;
      const line = raw.trim();
      if (!io.interactive && line !== '') say(`${userId ?? '?'}> ${maskPersonalData(line)}`);
      if (line === '' || line.startsWith('#')) {
        prompt();
        continue;
      }
      if (line === 'exit' || line === 'quit' || line === '退出') break;
      const as = /^as\s+(\S+)$/i.exec(line) ?? /^切换\s+(\S+)$/.exec(line);
      if (as) {
        const user = await store.users.get(as[1]!);
        if (!user) say(t('console.noSuchUser', { user: as[1]! }));
        else {
          userId = user.id;
          locale = user.locale;
          say(t('console.nowAs', { name: user.name, id: user.id }));
        }
        prompt();
        continue;
      }
      if (!userId) {
        say(t('console.whoAreYou'));
        prompt();
        continue;
      }
      try {
        for (const reply of await handler.handle({ channel: 'console', userId, text: line })) say(reply);
        locale = (await store.users.get(userId))?.locale ?? locale;
        await deliver();
      } catch (e) {
        // The one boundary of this adapter: the failure is logged for the operator, the person gets a polite answer,
        // and the chat goes on. Nothing half-done remains: every change runs in one transaction.
        const code = e instanceof KaifangError ? e.code : 'UNEXPECTED';
        deps.log(`[kaifang] ${code}: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
        say(t('console.failed', { code }));
      }
      prompt();
    }
  }
}

function indent(text: string): string {
  return text.split('\n').join('\n    ');
}
