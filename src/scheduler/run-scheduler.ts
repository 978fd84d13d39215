// The clock that drives reminders and deliveries in a running process: a node-schedule job every few
// seconds runs one tick (claim due rungs, write their messages) and one dispatch round (send what the outbox holds).
// Rounds never overlap within a process; across processes the store's claims keep every step and message single.
import { scheduleJob, type Job } from 'node-schedule';
import type { Clock } from '../application/ports/store.ts';
import type { ReminderTick, TickReport } from '../application/reminders/reminder-tick.ts';
import type { DispatchReport, OutboxDispatcher } from '../application/reminders/outbox-dispatcher.ts';

export interface SchedulerDeps {
  tick: ReminderTick;
  dispatcher: OutboxDispatcher;
  clock: Clock;
  /** Where a failed round is reported; the next round tries again. */
  log: (line: string) => void;
  /**
   * Work of each round before its tick, e.g. opening the duties that fell due, forgetting old delivery ids: what a chore
   * writes (a duty's messages, its reminder rows) goes out in the same round, not a round later.
   */
  chores?: readonly ((now: Date) => Promise<unknown>)[];
}

export interface RoundReport {
  tick: TickReport;
  dispatch: DispatchReport;
}

/** One round at the clock's now: the chores, then due rungs become messages, then ready messages go out. */
export async function runRound(deps: Pick<SchedulerDeps, 'tick' | 'dispatcher' | 'clock' | 'chores'>): Promise<RoundReport> {
  for (const chore of deps.chores ?? []) await chore(deps.clock.now());
  const tick = await deps.tick.tick(deps.clock.now());
  const dispatch = await deps.dispatcher.dispatch(deps.clock.now());
  return { tick, dispatch };
}

export interface RunningScheduler {
  /** Runs a round now (after the one in progress, if any). */
  runNow(): Promise<RoundReport | null>;
  stop(): Promise<void>;
}

export interface Scheduler extends RunningScheduler {
  /** From now on also a round every this many seconds (1–59). */
  every(seconds: number): void;
}

/** Rounds only when asked until `every` starts the clock; either way rounds never overlap. */
export function createScheduler(deps: SchedulerDeps): Scheduler {
  let running: Promise<RoundReport | null> = Promise.resolve(null);
  let stopped = false;
  let job: Job | null = null;

  const round = (): Promise<RoundReport | null> => {
    running = running.then(async () => {
      if (stopped) return null;
      try {
        return await runRound(deps);
      } catch (e) {
        deps.log(`scheduler round failed: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
        return null;
      }
    });
    return running;
  };

  return {
    runNow: round,
    every(seconds) {
      if (!Number.isInteger(seconds) || seconds < 1 || seconds > 59) throw new RangeError(`tick interval must be 1–59 seconds, got ${seconds}`);
      if (job || stopped) throw new Error('the scheduler is already running or stopped');
      let busy = false;
      job = scheduleJob(`*/${seconds} * * * * *`, () => {
        // A round that outlasts the interval is not queued behind itself: the next tick catches up anyway.
        if (busy) return;
        busy = true;
        void round().finally(() => {
          busy = false;
        });
      });
    },
    async stop() {
      job?.cancel();
      await running;
      stopped = true;
    },
  };
}

/** A round every `everySeconds` (1–59) from now on. */
export function startScheduler(deps: SchedulerDeps, everySeconds: number): RunningScheduler {
  const scheduler = createScheduler(deps);
  scheduler.every(everySeconds);
  return scheduler;
}
