// The embedded chat, a platform like the others: a terminal stands in for Slack or Telegram, and it is every user's
// chat (`as <user>` switches who is typing; messages for anyone are shown, marked with their recipient).
// Piped input (not a TTY) is read one command a line, echoed with the speaker, and the chat ends at end of input.
// After every command it asks the composition root for a scheduler round, so what the command caused is shown at once;
// in a terminal the root also runs rounds in the background, as a running bot does, and what they deliver while the
// prompt waits is shown on a fresh line with the prompt again after it.
import { createInterface } from 'node:readline';
import type { Readable, Writable } from 'node:stream';
import type { CommandHandler } from '../../application/commands/command-handler.ts';
import { formatInstant, renderNotification } from '../../application/commands/render.ts';
import type { OutboxMessage } from '../../application/ports/delivery.ts';
import type { Locale } from '../../domain/model.ts';
import { KaifangError } from '../../domain/errors.ts';
import { maskPersonalData } from '../../domain/privacy/mask-personal-data.ts';
import { stripControls } from '../../domain/text/strip-controls.ts';
import type { Platform, PlatformDeps, PlatformSender } from '../platform.ts';

export interface ConsoleIo {
  input: Readable;
  output: Writable;
  interactive: boolean;
}

export interface ConsoleOptions {
  handler: CommandHandler;
  /** The language until someone is chosen (KAIFANG_LOCALE). */
  locale: Locale;
  io: ConsoleIo;
  /** Who types first (`--as`); null: nobody until `as <user>`. */
  initialUser: string | null;
}

export interface ConsolePlatform extends Platform {
  /** Resolves when the input ends or someone types exit. */
  finished: Promise<void>;
}

/** How long after a background delivery the prompt is shown again (one prompt after a burst of messages). */
const PROMPT_AGAIN_MS = 20;

export function createConsolePlatform(deps: PlatformDeps, options: ConsoleOptions): ConsolePlatform {
  const { store, translator } = deps;
  const { handler, io } = options;
  // Everything the terminal shows is masked (Z29, Z31): replies, delivered messages, the echo of what was typed.
  // Nothing typed or stored reaches the terminal as an escape sequence, and no personal number unmasked.
  const say = (text: string) => io.output.write(`${maskPersonalData(stripControls(text))}\n`);
  let userId = options.initialUser;
  let locale: Locale = options.locale;
  const t = (key: string, params?: Record<string, string | number>) => translator.t(locale, key, params);

  let atPrompt = false;
  let promptBroken = false;
  let promptAgain: NodeJS.Timeout | null = null;

  const sender: PlatformSender = {
    reaches: async () => true,
    async send(msg: OutboxMessage) {
      if (atPrompt) {
        io.output.write('\n');
        atPrompt = false;
        promptBroken = true;
      }
      const to = await store.users.get(msg.userId);
      const text = renderNotification(translator.for(to?.locale ?? options.locale), msg.message, msg.params);
      say(t('console.delivered', { to: to?.name ?? msg.userId, id: msg.userId, text: indent(text) }));
      if (promptBroken) {
        if (promptAgain) clearTimeout(promptAgain);
        promptAgain = setTimeout(() => {
          promptAgain = null;
          // A line typed since has its own prompt.
          if (!promptBroken) return;
          promptBroken = false;
          prompt();
        }, PROMPT_AGAIN_MS);
      }
      return { ok: true };
    },
  };
  let lastHeldId = 0;

  /** One scheduler round; what must wait for working hours is said once. */
  async function deliver(): Promise<void> {
    const now = deps.now();
    await deps.deliverNow();
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

  let finished: Promise<void> = Promise.resolve();
  return {
    routes: [],
    sender,
    reachedBy: (tr) => tr('console.reachedBy'),
    // A terminal holds no credentials: nothing to ask anyone.
    verify: async () => {},
    get finished() {
      return finished;
    },
    async start() {
      if (io.interactive) {
        const people = (await store.users.list()).map((u) => u.id).join(', ');
        say(t('console.welcome', { users: people || '—' }));
      }
      prompt();
      finished = chatLoop().finally(() => rl.close());
    },
    async stop() {
      rl.close();
      if (promptAgain) clearTimeout(promptAgain);
      await finished;
    },
    // Nothing posted here is edited later: a terminal keeps what it printed.
    onCaseChanged: async () => {},
  };

  async function chatLoop(): Promise<void> {
    for await (const raw of rl) {
      atPrompt = false;
      promptBroken = false;
      const line = raw.trim();
      if (!io.interactive && line !== '') say(`${userId ?? '?'}> ${line}`);
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
