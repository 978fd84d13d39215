// Sends what the outbox holds: in working hours only, oldest first, each message claimed under a lease so two
// processes never send it together; a failure is retried with backoff (a platform's retry-after wins), and after the
// last attempt the message is parked for the operator (`npx kaifang outbox`), never dropped. What a reminder says of
// the day (days left, overdue by) is counted at each attempt, not when it was queued: see reminder-at-delivery.ts.
import { localDateOf } from '../../domain/calendar/local-date.ts';
import { isWithinWorkingHours, nextSendingTime, type SendingWindow } from '../../domain/reminders/working-hours.ts';
import type { OutboxMessage } from '../ports/delivery.ts';
import type { Store } from '../ports/store.ts';
import { reminderAtDelivery } from './reminder-at-delivery.ts';

export type SendResult =
  | { ok: true }
  | {
      ok: false;
      /** For the operator's view; never contains message text. */
      error: string;
      /** The platform said when to come back (HTTP 429 Retry-After): that wins over the backoff, and does not park. */
      retryAfterMs?: number;
      /** Retrying cannot help (the person blocked the bot, no chat is linked): park at once. */
      permanent?: boolean;
    };

/** One chat platform's delivery (console, Slack, Telegram): a port the adapters implement. */
export interface MessageSender {
  send(message: OutboxMessage): Promise<SendResult>;
}

export interface DispatchPolicy {
  /** Attempts before a message is parked. */
  maxAttempts: number;
  /** First retry after this long; each further one waits `factor` times longer, up to `maxDelayMs`. */
  baseDelayMs: number;
  factor: number;
  maxDelayMs: number;
  /** How long a claimed message is reserved for the process sending it. */
  leaseMs: number;
  /** Messages claimed per round. */
  batchSize: number;
}

export const DEFAULT_DISPATCH_POLICY: DispatchPolicy = {
  maxAttempts: 5,
  baseDelayMs: 30_000,
  factor: 4,
  maxDelayMs: 3_600_000,
  leaseMs: 120_000,
  batchSize: 50,
};

export interface DispatchReport {
  open: boolean;
  sent: number;
  retrying: number;
  parked: number;
}

/** The wait before attempt `attempts + 1`, after `attempts` failures (≥ 1). */
export function backoffDelay(policy: DispatchPolicy, attempts: number): number {
  return Math.min(policy.maxDelayMs, policy.baseDelayMs * policy.factor ** Math.max(0, attempts - 1));
}

export function createOutboxDispatcher(deps: { store: Pick<Store, 'outbox'>; window: SendingWindow; sender: MessageSender; policy?: Partial<DispatchPolicy> }) {
  const { store, window, sender } = deps;
  const policy: DispatchPolicy = { ...DEFAULT_DISPATCH_POLICY, ...deps.policy };

  async function deliver(message: OutboxMessage, now: Date): Promise<'sent' | 'retrying' | 'parked'> {
    let result: SendResult;
    // The row keeps what was planned; the sender gets the wording of today, on the calendar the deadline was counted on.
    const asOfToday = { ...message, ...reminderAtDelivery(message, window.calendar, localDateOf(now, window.timeZone)) };
    try {
      result = await sender.send(asOfToday);
    } catch (e) {
      result = { ok: false, error: e instanceof Error ? `${e.name}: ${e.message}` : String(e) };
    }
    if (result.ok) {
      await store.outbox.markSent(message.id, now);
      return 'sent';
    }
    const attempts = message.attempts + 1;
    const rateLimited = result.retryAfterMs !== undefined;
    if (result.permanent || (!rateLimited && attempts >= policy.maxAttempts)) {
      await store.outbox.markFailed(message.id, result.error, null);
      return 'parked';
    }
    const wait = rateLimited ? Math.max(0, result.retryAfterMs ?? 0) : backoffDelay(policy, attempts);
    // A retry that would fall at night waits for the morning.
    await store.outbox.markFailed(message.id, result.error, nextSendingTime(window, new Date(now.getTime() + wait)));
    return 'retrying';
  }

  return {
    policy,
    /** One round: claims what is ready at `now` and tries each once. */
    async dispatch(now: Date): Promise<DispatchReport> {
      const report: DispatchReport = { open: isWithinWorkingHours(window, now), sent: 0, retrying: 0, parked: 0 };
      if (!report.open) return report;
      for (;;) {
        const claimed = await store.outbox.claimReady(now, new Date(now.getTime() + policy.leaseMs), policy.batchSize);
        for (const message of claimed) report[await deliver(message, now)]++;
        if (claimed.length < policy.batchSize) break;
      }
      return report;
    },
  };
}

export type OutboxDispatcher = ReturnType<typeof createOutboxDispatcher>;
