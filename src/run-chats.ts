// The composition every chat runs in, `serve`'s platforms and the console alike: the platforms built from the chat
// core, one sender over all of them, the scheduler (the only one in the process), and the case-changed event handed to
// each platform so it edits what it posted.
import type { App } from './main.ts';
import type { MessageSender } from './application/reminders/outbox-dispatcher.ts';
import type { Platform, PlatformDeps } from './adapters/platform.ts';
import { createConsolePlatform, type ConsoleEnd, type ConsoleIo, type ConsolePlatform } from './adapters/console/console-chat.ts';
import { createScheduler, type RunningScheduler } from './scheduler/run-scheduler.ts';

export interface ChatToRun<P extends Platform = Platform> {
  id: string;
  create(deps: PlatformDeps): P | Promise<P>;
}

export interface Chats {
  /** The platforms by id, in the order given. */
  running: ReadonlyMap<string, Platform>;
  /** Every message goes to the first platform that reaches its reader; nobody reachable: parked for the operator. */
  sender: MessageSender;
  /** Asks every platform whether it accepts its credentials (Platform.verify), in order; the first refusal is thrown. */
  verify(): Promise<void>;
  /**
   * Connects every platform, then starts the scheduler: a round every `tickSeconds`, or with null only on
   * `deliverNow`. A platform that fails to start stops the others again and the error is thrown.
   */
  start(tickSeconds: number | null): Promise<RunningScheduler>;
  /** The scheduler first, then the edits still under way, then each platform. */
  stop(): Promise<void>;
}

export async function createChats(app: App, chats: readonly ChatToRun[], log: (line: string) => void): Promise<Chats> {
  const deps: PlatformDeps = {
    chat: app.chat,
    store: app.store,
    translator: app.translator,
    defaultLocale: app.config.defaultLocale,
    timeZone: app.config.timeZone,
    now: () => app.clock.now(),
    log,
    pictures: app.pictures,
    deliverNow: async () => {
      await rounds.runNow();
    },
  };
  const running = new Map<string, Platform>(await Promise.all(chats.map(async (c) => [c.id, await c.create(deps)] as const)));
  const platforms = [...running.values()];

  const sender: MessageSender = {
    async send(message) {
      for (const p of platforms) if (await p.sender.reaches(message.userId)) return p.sender.send(message);
      return { ok: false, error: 'no chat account linked for this person', permanent: true };
    },
  };

  const remindOfProvisionalYear = async (now: Date) => {
    const report = await app.provisionalYearReminder.remind(now);
    if (report?.kind === 'importedSinceStart')
      log(`[kaifang] a holiday notice for ${report.year} was imported after this process started: restart it so that new deadlines are counted on it`);
  };
  // Rounds on request from the start (a platform may ask for one at once); the clock starts after the platforms.
  const rounds = createScheduler({
    tick: app.tick,
    dispatcher: app.dispatcher(sender),
    clock: app.clock,
    log,
    chores: [(now) => app.duties.open(now), (now) => app.chat.forgetOldDeliveries(now), remindOfProvisionalYear, ...(app.config.weeklyReport ? [(now: Date) => app.weeklyReport.send(now)] : [])],
  });
  let unsubscribe: (() => void)[] = [];
  const started: Platform[] = [];

  return {
    running,
    sender,
    async verify() {
      for (const p of platforms) await p.verify();
    },
    async start(tickSeconds) {
      for (const p of platforms) {
        try {
          await p.start();
        } catch (e) {
          for (const s of started.reverse()) await s.stop().catch(() => {});
          started.length = 0;
          throw e;
        }
        started.push(p);
      }
      // One listener each: a platform whose edit fails is logged and the others still edit theirs.
      unsubscribe = platforms.map((p) => app.changes.subscribe((caseId) => p.onCaseChanged(caseId)));
      if (tickSeconds !== null) rounds.every(tickSeconds);
      return rounds;
    },
    async stop() {
      await rounds.stop();
      for (const off of unsubscribe) off();
      await app.changes.idle();
      for (const p of started.reverse()) await p.stop();
      started.length = 0;
    },
  };
}

export interface ConsoleRun {
  io: ConsoleIo;
  /** Who types first (`--as`). */
  initialUser?: string | null;
  log: (line: string) => void;
  /** Background rounds every this many seconds (a terminal); null: a round after each command only (a script). */
  tickSeconds: number | null;
  /** A terminal's history between runs (in the data folder); null or absent: none kept. */
  historyFile?: string | null;
}

/**
 * The console chat until its input ends: the console platform in the same composition as `serve`'s platforms. Says
 * which forms the people who typed left open.
 */
export async function runConsoleChat(app: App, run: ConsoleRun): Promise<ConsoleEnd> {
  const options = { handler: app.handler, locale: app.config.defaultLocale, io: run.io, initialUser: run.initialUser ?? null, historyFile: run.historyFile ?? null, reportDir: app.config.reportDir };
  const chats = await createChats(app, [{ id: 'console', create: (deps) => createConsolePlatform(deps, options) }], run.log);
  await chats.verify();
  await chats.start(run.tickSeconds);
  try {
    return await (chats.running.get('console') as ConsolePlatform).finished;
  } finally {
    await chats.stop();
  }
}
