// What goes out and when: the outbox, the reminder and escalation steps, at-most-once keys and small settings.
import type { Params } from '../../domain/errors.ts';
import type { StepRule } from '../../domain/reminders/reminder-ladder.ts';

export type OutboxStatus = 'pending' | 'sending' | 'sent' | 'parked';

export interface OutboxMessage {
  id: number;
  userId: string;
  caseId: string | null;
  /** Locale key and parameters: rendered in the recipient's language when delivered. */
  message: string;
  params: Params;
  /**
   * pending: waiting for `nextAttemptAt`; sending: claimed by a dispatcher until `nextAttemptAt` (its lease: a process
   * that dies mid-send leaves it to be retried once the lease runs out); sent; parked: every attempt failed, an operator
   * looks at it (`npx kaifang outbox`).
   */
  status: OutboxStatus;
  attempts: number;
  createdAt: Date;
  /** Not sent before this instant: the first working-hours window, then each retry's backoff or a lease's end. */
  nextAttemptAt: Date;
  /** The last failure, for the operator's view. */
  lastError: string | null;
  sentAt: Date | null;
}

export interface NewOutboxMessage {
  userId: string;
  caseId: string | null;
  message: string;
  params: Params;
  /** Defaults to the enqueue time. */
  notBefore?: Date;
}

export interface OutboxRepository {
  enqueue(msg: NewOutboxMessage, at: Date): Promise<OutboxMessage>;
  /** Pending messages, oldest first (by createdAt, then id), whatever their nextAttemptAt. */
  listPending(limit?: number): Promise<OutboxMessage[]>;
  /**
   * Claims up to `limit` messages ready at `at` — pending ones with nextAttemptAt ≤ at, and sending ones whose lease
   * (nextAttemptAt) has run out — the longest-waiting first (by nextAttemptAt, then id), returned in id order. Each becomes `sending` with nextAttemptAt = leaseUntil. Two dispatchers
   * never claim the same message while its lease holds.
   */
  claimReady(at: Date, leaseUntil: Date, limit: number): Promise<OutboxMessage[]>;
  /** attempts + 1, status sent. */
  markSent(id: number, at: Date): Promise<void>;
  /** A failed attempt: attempts + 1 and lastError; back to pending at `retryAt`, or parked when retryAt is null. */
  markFailed(id: number, error: string, retryAt: Date | null): Promise<OutboxMessage>;
  /** An operator's retry of a parked message: pending again at `at`, attempts kept. False when it is not parked. */
  requeue(id: number, at: Date): Promise<boolean>;
  /** By id, filtered by status (all when omitted), newest first, at most `limit`. */
  list(filter?: { status?: OutboxStatus[]; caseId?: string }, limit?: number): Promise<OutboxMessage[]>;
  /** Messages per status. */
  countByStatus(): Promise<Record<OutboxStatus, number>>;
}

export interface ScheduleStep {
  id: number;
  caseId: string;
  /** The case version that assigned the task: a returned-and-resubmitted or reassigned task gets a fresh ladder. */
  stage: number;
  rule: StepRule;
  /** 0 for reminders; 1, 2… for the escalation steps. */
  level: number;
  dueAt: Date;
  status: 'pending' | 'done' | 'cancelled';
  /** When the step was carried out or cancelled. */
  doneAt: Date | null;
}

export type NewScheduleStep = Pick<ScheduleStep, 'caseId' | 'stage' | 'rule' | 'level' | 'dueAt'>;

/**
 * Reminders and escalations as rows: unique on (caseId, stage, rule, level), due at `dueAt`, claimed by the
 * tick in the same transaction that writes what they cause.
 */
export interface ScheduleRepository {
  /**
   * Inserts each step whose key is new; a pending step with the same key gets the new dueAt (a recomputed deadline);
   * done and cancelled steps are left as they are, so a step is never carried out twice.
   */
  plan(steps: readonly NewScheduleStep[]): Promise<void>;
  /** Pending steps with dueAt ≤ at, by dueAt then id, at most `limit`. */
  listDue(at: Date, limit: number): Promise<ScheduleStep[]>;
  /** Pending steps with dueAt > after, by dueAt then id (for the dry run and tests). */
  listPendingAfter(after: Date, limit: number): Promise<ScheduleStep[]>;
  /**
   * Claims up to `limit` due steps (pending, dueAt ≤ at, by dueAt then id): they become done at `at` and are returned.
   * Meant for the inside of the transaction that writes what they cause: if it rolls back, so does the claim.
   */
  claimDue(at: Date, limit: number): Promise<ScheduleStep[]>;
  /** pending → done. False when the step was no longer pending (another process carried it out). */
  complete(id: number, at: Date): Promise<boolean>;
  /** Every pending step of the case → cancelled (the task moved on). Returns how many. */
  cancelPending(caseId: string, at: Date): Promise<number>;
  /** Every step of the case, by dueAt then id. */
  listByCase(caseId: string): Promise<ScheduleStep[]>;
}

/** Things that may happen at most once, keyed by a string: a nudge per case per working day, a digest per user per day. */
export interface OnceRepository {
  /** True the first time `key` is claimed, false ever after. */
  claim(key: string, at: Date): Promise<boolean>;
  /** Whether `key` has been claimed (for the dry run, which claims nothing). */
  isClaimed(key: string): Promise<boolean>;
  /** Forgets the keys that start with `prefix` claimed before `before`; says how many. */
  forget(prefix: string, before: Date): Promise<number>;
}

/** Small operator-visible facts, e.g. the fingerprint of the calendar the open deadlines were computed on. */
export interface SettingRepository {
  get(key: string): Promise<string | null>;
  put(key: string, value: string): Promise<void>;
  /** Every setting whose key starts with `prefix` (compared as text, case and all), by key. */
  list(prefix: string): Promise<{ key: string; value: string }[]>;
}
