// After-ack work for chat platforms that deliver over HTTP (Slack's 3 seconds, a webhook's timeout): acknowledge at
// once, then work. better-sqlite3 is synchronous, so work started straight after its ack (or many jobs interleaved)
// holds back the reading — and the acks — of the requests queued behind it; in a burst of 200 Slack commands the last
// ack came after ~2 s. So a job starts only once no request has arrived for `quietMs` (acks first), one at a time
// (measured by `npm run bench`). A job that hangs lets the queue move on after `slotMs` while it finishes on its own.
import { setTimeout as sleep } from 'node:timers/promises';

export interface AfterAckQueue {
  /** Call on every incoming request, before its ack. */
  arrived(): void;
  /** Queue work to run after the ack; a failure is logged with `what`. */
  later(what: string, work: () => Promise<unknown>): void;
  /** Resolves when everything queued so far has run. */
  drained(): Promise<void>;
}

export interface AfterAckOptions {
  log: (line: string) => void;
  /** How long without a new request before the next job starts. */
  quietMs?: number;
  /** The longest a job waits for a quiet moment. */
  maxDeferMs?: number;
  /** How long one job may hold the queue. */
  slotMs?: number;
}

export function createAfterAckQueue(options: AfterAckOptions): AfterAckQueue {
  const quietMs = options.quietMs ?? 3;
  const maxDeferMs = options.maxDeferMs ?? 250;
  const slotMs = options.slotMs ?? 10_000;
  let queue: Promise<void> = Promise.resolve();
  let lastArrival = 0;

  async function quietMoment(): Promise<void> {
    const giveUpAt = Date.now() + maxDeferMs;
    await new Promise<void>((resolve) => setImmediate(resolve));
    while (Date.now() - lastArrival < quietMs && Date.now() < giveUpAt) await sleep(quietMs);
  }

  return {
    arrived() {
      lastArrival = Date.now();
    },
    later(what, work) {
      queue = queue.then(async () => {
        await quietMoment();
        const job = work().then(
          () => undefined,
          (e: unknown) => options.log(`${what} failed: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`),
        );
        let timer: NodeJS.Timeout | undefined;
        await Promise.race([job, new Promise<void>((resolve) => (timer = setTimeout(resolve, slotMs)))]);
        clearTimeout(timer);
      });
    },
    drained: () => queue,
  };
}
