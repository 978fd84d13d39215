// The embedded chat: a terminal stands in for Slack or Telegram. `as <user>` switches who is typing.
// Piped input (not a TTY) is read one command a line, echoed with the speaker, and the process ends at end of input.
import { createInterface } from 'node:readline';
import type { Readable, Writable } from 'node:stream';
import type { CommandHandler } from '../../application/commands/command-handler.ts';
import { renderNotification } from '../../application/commands/render.ts';
import type { Store } from '../../application/ports.ts';
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
  /** Where failures are logged for the operator (stderr). */
  log: (line: string) => void;
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

  /** The console is every user's chat: messages queued for anyone are shown here, marked with their recipient. */
  async function deliver(): Promise<void> {
    for (const msg of await store.outbox.listPending()) {
      const to = await store.users.get(msg.userId);
      const text = renderNotification(translator.for(to?.locale ?? deps.locale), msg.message, msg.params);
      say(t('console.delivered', { to: to?.name ?? msg.userId, id: msg.userId, text: indent(text) }));
      await store.outbox.markSent(msg.id, deps.now());
    }
  }

  const rl = createInterface({ input: io.input, terminal: false, crlfDelay: Infinity });
  const prompt = () => {
    if (io.interactive) io.output.write(`${userId ?? '?'}> `);
  };

  if (io.interactive) {
    const people = (await store.users.list()).map((u) => u.id).join(', ');
    say(t('console.welcome', { users: people || '—' }));
  }
  prompt();
  for await (const raw of rl) {
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
  rl.close();
}

function indent(text: string): string {
  return text.split('\n').join('\n    ');
}
