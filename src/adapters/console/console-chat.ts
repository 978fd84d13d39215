// The embedded chat, a platform like the others: a terminal stands in for Slack or Telegram, and it is every user's
// chat (`as <user>` switches who is typing; messages for anyone are shown, marked with their recipient).
// Piped input (not a TTY) is read one command a line, echoed with the speaker, and the chat ends at end of input; a
// form left open there is said on the operator's side (ConsoleEnd), the script having meant to finish it. In a
// terminal the line is edited as in a shell: history kept between runs, Tab completion, Ctrl-C cancels the line or
// the form, Ctrl-D or `exit` leaves with a goodbye.
// After every command it asks the composition root for a scheduler round, so what the command caused is shown at once;
// in a terminal the root also runs rounds in the background, as a running bot does, and what they deliver while the
// prompt waits is shown on a fresh line with the prompt again after it.
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { clearLine, clearScreenDown, createInterface, cursorTo } from 'node:readline';
import type { Readable, Writable } from 'node:stream';
import type { CommandHandler } from '../../application/commands/command-handler.ts';
import { formatInstant, renderNotification } from '../../application/commands/render.ts';
import type { OutboxMessage } from '../../application/ports/delivery.ts';
import { PLATFORM_USER_ID, type Locale } from '../../domain/model.ts';
import { KaifangError } from '../../domain/errors.ts';
import { maskPersonalData } from '../../domain/privacy/mask-personal-data.ts';
import { stripControls } from '../../domain/text/strip-controls.ts';
import type { Platform, PlatformDeps, PlatformSender } from '../platform.ts';
import { createCompleter, HISTORY_SIZE, openHistory } from './console-terminal.ts';

export interface ConsoleIo {
  input: Readable;
  output: Writable;
  /** A terminal: line editing, history, completion, the background rounds' messages between prompts. */
  interactive: boolean;
}

export interface ConsoleOptions {
  handler: CommandHandler;
  /** The language until someone is chosen (KAIFANG_LOCALE). */
  locale: Locale;
  io: ConsoleIo;
  /** Who types first (`--as`); null: nobody until `as <user>`. */
  initialUser: string | null;
  /** Where a terminal's history is kept between runs (the data folder); null: not kept. */
  historyFile?: string | null;
  /** Where a message's picture is written (the weekly report's chart, KAIFANG_REPORT_DIR); the console prints its path. */
  reportDir: string;
}

/** A form someone left open when the chat ended: stored, and continued in their next run. */
export interface FormLeftOpen {
  userId: string;
  name: string;
  /** The form as its reader names it ("有条件开放数据申请 DS-0002"). */
  form: string;
}

export interface ConsoleEnd {
  /** The forms of the people who typed in this run that are still open. */
  formsOpen: FormLeftOpen[];
}

export interface ConsolePlatform extends Platform {
  /** Resolves when the input ends or someone types exit. */
  finished: Promise<ConsoleEnd>;
}

/** How long after a background delivery the prompt is shown again (one prompt after a burst of messages). */
const PROMPT_AGAIN_MS = 20;
/** Held messages listed one line each after a command; more than this are counted. */
const HELD_LINES = 10;

const EXIT_WORDS = new Set(['exit', 'quit', '退出']);
const CONSOLE_WORDS = ['as', 'clear', 'exit'];

export function createConsolePlatform(deps: PlatformDeps, options: ConsoleOptions): ConsolePlatform {
  const { store, translator } = deps;
  const { handler, io } = options;
  // Everything the terminal shows is masked (Z29, Z31): replies, delivered messages, the echo of what was typed.
  // Nothing typed or stored reaches the terminal as an escape sequence, and no personal number unmasked.
  const say = (text: string) => io.output.write(`${maskPersonalData(stripControls(text))}\n`);
  let userId = options.initialUser;
  let locale: Locale = options.locale;
  const t = (key: string, params?: Record<string, string | number>) => translator.t(locale, key, params);
  /** Everyone who typed a command in this run: whose open forms are said at the end. */
  const speakers = new Set<string>();

  let atPrompt = false;
  let promptBroken = false;
  let promptAgain: NodeJS.Timeout | null = null;

  const sender: PlatformSender = {
    reaches: async () => true,
    async send(msg: OutboxMessage) {
      if (atPrompt) {
        // The prompt and whatever is half typed give way to the message, and come back under it.
        clearLine(io.output, 0);
        cursorTo(io.output, 0);
        atPrompt = false;
        promptBroken = true;
      }
      const to = await store.users.get(msg.userId);
      const readerLocale = to?.locale ?? options.locale;
      let text = renderNotification(translator.for(readerLocale), msg.message, msg.params);
      const picture = await deps.pictures.of(msg, readerLocale);
      if (picture) {
        // A terminal shows no image: the picture goes to a file, its path under the text.
        const file = resolve(options.reportDir, `${msg.userId}-${picture.filename}`);
        mkdirSync(dirname(file), { recursive: true });
        writeFileSync(file, picture.png);
        text = `${text}\n${translator.t(readerLocale, 'notify.weeklyReportParts.picture', { file })}`;
      }
      say(t('console.delivered', { to: to?.name ?? msg.userId, id: msg.userId, text: indent(text) }));
      if (promptBroken) {
        if (promptAgain) clearTimeout(promptAgain);
        promptAgain = setTimeout(() => {
          promptAgain = null;
          // A line typed since has its own prompt.
          if (!promptBroken) return;
          promptBroken = false;
          prompt(true);
        }, PROMPT_AGAIN_MS);
      }
      return { ok: true };
    },
  };
  /** Held messages up to this outbox id have been said (or were there before this run: not this run's to list). */
  let lastHeldId = 0;

  /** The people one may speak as: every user but the platform itself (the author of its duties). */
  async function people(): Promise<string[]> {
    return (await store.users.list()).map((u) => u.id).filter((id) => id !== PLATFORM_USER_ID);
  }

  /** The messages waiting for working hours since the last round: who each is for and when it goes out. */
  async function sayHeld(now: Date): Promise<void> {
    const held = (await store.outbox.listPending()).filter((m) => m.id > lastHeldId && m.nextAttemptAt > now);
    if (held.length === 0) return;
    lastHeldId = Math.max(...held.map((m) => m.id));
    const names = new Map((await store.users.list()).map((u) => [u.id, u.name]));
    for (const m of held.slice(0, HELD_LINES))
      say(t('console.heldOne', { to: names.get(m.userId) ?? m.userId, id: m.userId, at: formatInstant(m.nextAttemptAt, deps.timeZone) }));
    if (held.length > HELD_LINES) say(t('console.heldMore', { count: held.length - HELD_LINES }));
  }

  /** One scheduler round; what must wait for working hours is said, one line each. */
  async function deliver(): Promise<void> {
    const now = deps.now();
    await deps.deliverNow();
    await sayHeld(now);
  }

  /**
   * At start: what was due while nobody ran the bot goes out before the first prompt, not after someone's first
   * (unrelated) command; what still waits for working hours from before is counted once, not listed.
   */
  async function catchUp(): Promise<void> {
    const now = deps.now();
    await deps.deliverNow();
    const waiting = (await store.outbox.listPending()).filter((m) => m.nextAttemptAt > now);
    lastHeldId = Math.max(0, ...(await store.outbox.listPending()).map((m) => m.id));
    if (waiting.length > 0)
      say(t('console.heldBefore', { count: waiting.length, at: formatInstant(new Date(Math.min(...waiting.map((m) => m.nextAttemptAt.getTime()))), deps.timeZone) }));
  }

  /** The form `id` left unfinished here, said again with how to go on. */
  async function remindOfForm(id: string): Promise<void> {
    const pending = await handler.pendingForm({ channel: 'console', userId: id });
    if (pending) say(pending.reminder);
  }

  const history = io.interactive ? openHistory(options.historyFile ?? null, deps.log) : null;
  const rl = createInterface({
    input: io.input,
    crlfDelay: Infinity,
    ...(io.interactive
      ? {
          output: io.output,
          terminal: true,
          history: history!.lines,
          historySize: HISTORY_SIZE,
          removeHistoryDuplicates: true,
          completer: createCompleter({
            verbs: () => [...handler.verbs.verbs, ...CONSOLE_WORDS],
            caseIds: async () => (await store.cases.list()).map((c) => c.id),
            datasetCodes: async () => (await store.datasets.search({ status: 'published' })).map((d) => d.code),
            userIds: people,
          }),
        }
      : { terminal: false }),
  });
  // Lines are taken from the first moment: a script's input may all arrive while the start still catches up.
  const lines = rl[Symbol.asyncIterator]();

  function prompt(keepLine = false): void {
    if (!io.interactive) return;
    rl.setPrompt(`${userId ?? '?'}> `);
    rl.prompt(keepLine);
    atPrompt = true;
  }

  /**
   * Ctrl-C in a terminal: a half-typed line is dropped; on an empty line an open form is cancelled; otherwise it
   * says how to leave. The console itself stays.
   */
  let interrupted: Promise<void> = Promise.resolve();
  if (io.interactive)
    rl.on('SIGINT', () => {
      interrupted = interrupted.then(async () => {
        const typed = rl.line;
        // As a shell does: what was typed stays on screen, marked ^C, and a fresh line starts. Moving to the end of
        // the line, then deleting back to its start, empties readline's own buffer.
        io.output.write('^C\n');
        rl.write(null, { ctrl: true, name: 'e' });
        rl.write(null, { ctrl: true, name: 'u' });
        // Emptying the buffer drew the prompt again; a reply takes its place.
        clearLine(io.output, 0);
        cursorTo(io.output, 0);
        atPrompt = false;
        if (typed === '' && userId && (await handler.pendingForm({ channel: 'console', userId }))) {
          for (const reply of await handler.handle({ channel: 'console', userId, text: 'cancel' })) say(reply);
        } else if (typed === '') say(t('console.howToLeave'));
        prompt();
      });
    });

  let finished: Promise<ConsoleEnd> = Promise.resolve({ formsOpen: [] });
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
        say(t('console.welcome', { users: (await people()).join(', ') || '—' }));
      }
      await catchUp();
      if (userId) {
        locale = (await store.users.get(userId))?.locale ?? locale;
        await remindOfForm(userId);
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

  async function chatLoop(): Promise<ConsoleEnd> {
    for await (const raw of { [Symbol.asyncIterator]: () => lines }) {
      await interrupted;
      atPrompt = false;
      promptBroken = false;
      const line = raw.trim();
      if (!io.interactive && line !== '') say(`${userId ?? '?'}> ${line}`);
      history?.add(line);
      if (line === '' || line.startsWith('#')) {
        prompt();
        continue;
      }
      if (EXIT_WORDS.has(line.toLowerCase())) break;
      if (line.toLowerCase() === 'clear' || line === '清屏') {
        if (io.interactive) {
          cursorTo(io.output, 0, 0);
          clearScreenDown(io.output);
        }
        prompt();
        continue;
      }
      const as = /^as\s+(\S+)$/i.exec(line) ?? /^切换\s+(\S+)$/.exec(line);
      if (as) {
        const user = await store.users.get(as[1]!);
        if (!user) say(t('console.noSuchUser', { user: as[1]! }));
        else if (user.id === PLATFORM_USER_ID) say(t('console.platformNotAPerson', { user: user.id, people: (await people()).join(', ') }));
        else {
          userId = user.id;
          locale = user.locale;
          say(t('console.nowAs', { name: user.name, id: user.id }));
          await remindOfForm(user.id);
        }
        prompt();
        continue;
      }
      if (!userId) {
        say(t('console.whoAreYou'));
        prompt();
        continue;
      }
      speakers.add(userId);
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
    const formsOpen: FormLeftOpen[] = [];
    for (const id of speakers) {
      const pending = await handler.pendingForm({ channel: 'console', userId: id });
      if (pending) formsOpen.push({ userId: id, name: (await store.users.get(id))?.name ?? id, form: pending.form });
    }
    if (io.interactive) {
      // Ctrl-D leaves the cursor after the prompt: the goodbye starts on a line of its own.
      if (atPrompt) io.output.write('\n');
      for (const f of formsOpen) say(t('console.formKept', { form: f.form, name: f.name, id: f.userId }));
      say(t('console.goodbye'));
    }
    return { formsOpen };
  }
}

function indent(text: string): string {
  return text.split('\n').join('\n    ');
}
