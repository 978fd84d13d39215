// The scheduler's tick: claim the rungs that are due, write their messages to the outbox in the same
// transaction, and send each digest reader their morning list once. Runs in every process; the store's transactions
// and the rows' status make two processes, a restart or a crash neither lose nor repeat a step.
import type { Params } from '../../domain/errors.ts';
import type { PolicyProfile } from '../../domain/policy/policy-profile.ts';
import type { WorkingCalendar } from '../../domain/calendar/working-calendar.ts';
import { countWorkingDays } from '../../domain/calendar/working-calendar.ts';
import { localDateOf } from '../../domain/calendar/local-date.ts';
import { isWithinWorkingHours, nextSendingTime, type SendingWindow } from '../../domain/reminders/working-hours.ts';
import type { Translator } from '../../i18n/translator.ts';
import { caseLine } from '../commands/render.ts';
import type { NewOutboxMessage, ScheduleStep } from '../ports/delivery.ts';
import type { Repositories, Store } from '../ports/store.ts';
import { findAuthority } from '../find-authority.ts';
import { stepMessages } from './reminder-messages.ts';
import { cachedReads } from './cached-reads.ts';
import { tasksOwedBy } from './tasks-owed.ts';

export interface ReminderTickDeps {
  store: Pick<Store, 'once' | 'preferences' | 'schedule' | 'cases' | 'users' | 'agencies' | 'delegations' | 'datasets' | 'audit' | 'transaction'>;
  calendar: WorkingCalendar;
  profile: PolicyProfile;
  timeZone: string;
  translator: Translator;
  /** Rows claimed per transaction: small enough to keep each write short, large enough to catch up quickly. */
  batchSize?: number;
  /**
   * KAIFANG_AUDIT_DIGEST: each working day, the audit log's head (its last entry's number and hash) goes to the
   * authority's supervisors, a copy of it outside the platform's machines.
   */
  auditDigest?: boolean;
}

/** How much of the hash the digest shows: 64 bits, short enough to read out, far too many to forge a match for. */
export const AUDIT_DIGEST_HASH_LENGTH = 16;

export interface FiredStep {
  step: ScheduleStep;
  messages: NewOutboxMessage[];
  digested: string[];
}

export interface TickReport {
  /** False outside working hours: nothing was claimed. */
  open: boolean;
  /** When the next window opens, if this one is closed. */
  nextWindow: Date | null;
  fired: FiredStep[];
  digests: NewOutboxMessage[];
}

export function sendingWindow(deps: Pick<ReminderTickDeps, 'calendar' | 'profile' | 'timeZone'>): SendingWindow {
  return { calendar: deps.calendar, hours: deps.profile.reminders.workingHours, timeZone: deps.timeZone };
}

export function createReminderTick(deps: ReminderTickDeps) {
  const { store, calendar, profile, timeZone, translator } = deps;
  const batchSize = deps.batchSize ?? 200;
  const window = sendingWindow(deps);

  /** A digest reader's morning list, or null when nothing is pending. */
  async function digestFor(repos: Pick<Repositories, 'users' | 'datasets' | 'cases' | 'delegations'>, userId: string, now: Date): Promise<NewOutboxMessage | null> {
    const person = await repos.users.get(userId);
    if (!person) return null;
    const today = localDateOf(now, timeZone);
    const tasks = await tasksOwedBy(repos, person, today);
    if (tasks.length === 0) return null;
    const t = translator.for(person.locale);
    const lines: string[] = [];
    for (const c of tasks) {
      const dataset = c.datasetId ? await repos.datasets.get(c.datasetId) : null;
      const overdueDays = c.deadline && c.deadline.dueOn < today ? countWorkingDays(calendar, c.deadline.dueOn, today) : 0;
      lines.push(`• ${caseLine(t, c, { dataset, today, overdueDays })}`);
    }
    const params: Params = { count: tasks.length, tasks: lines.join('\n'), date: today };
    return { userId, caseId: null, message: 'notify.digest', params };
  }

  /** The day's head digest for each supervisor at the authority, or nothing when the log is empty. */
  async function auditDigestMessages(today: string): Promise<{ messages: NewOutboxMessage[]; detail: Params } | null> {
    const last = (await store.audit.list()).at(-1);
    const authority = await findAuthority(store);
    if (!last || !authority) return null;
    const hash = last.hash.slice(0, AUDIT_DIGEST_HASH_LENGTH);
    const params: Params = { date: today, seq: last.seq, hash };
    const messages = (await store.users.listByAgencyRole(authority.id, 'supervisor')).map(
      (u): NewOutboxMessage => ({ userId: u.id, caseId: null, message: 'notify.auditDigest', params }),
    );
    return messages.length === 0 ? null : { messages, detail: { seq: last.seq, hash, to: messages.map((m) => m.userId).join(',') } };
  }

  return {
    window,

    /**
     * What a tick at `at` would do, without doing it: the dry run (`npx kaifang reminders --dry-run --at …`).
     * Digests are listed for readers who have not had today's yet.
     */
    async preview(at: Date, limit = 10_000): Promise<TickReport> {
      if (!isWithinWorkingHours(window, at)) return { open: false, nextWindow: nextSendingTime(window, at), fired: [], digests: [] };
      const today = localDateOf(at, timeZone);
      const fired: FiredStep[] = [];
      const reads = cachedReads(store);
      const fresh = unrepeated();
      for (const step of await store.schedule.listDue(at, limit)) {
        const { caseRec, messages, digested } = await stepMessages(reads, step, { profile, calendar, today });
        if (!caseRec) continue;
        const told: NewOutboxMessage[] = [];
        for (const m of messages) if (fresh(m) && !(await store.once.isClaimed(saidKey(today, m)))) told.push(m);
        fired.push({ step, messages: told, digested });
      }
      const digests: NewOutboxMessage[] = [];
      for (const userId of await store.preferences.listDigestUsers()) {
        if (await store.once.isClaimed(digestKey(userId, today))) continue;
        const msg = await digestFor(store, userId, at);
        if (msg) digests.push(msg);
      }
      if (deps.auditDigest && !(await store.once.isClaimed(auditDigestKey(today)))) digests.push(...((await auditDigestMessages(today))?.messages ?? []));
      return { open: true, nextWindow: null, fired, digests };
    },

    /** Carries out everything due at `now`. Outside working hours it does nothing: the rows wait for the next window. */
    async tick(now: Date): Promise<TickReport> {
      if (!isWithinWorkingHours(window, now)) return { open: false, nextWindow: nextSendingTime(window, now), fired: [], digests: [] };
      const today = localDateOf(now, timeZone);
      const fired: FiredStep[] = [];
      // Batches in dueAt order: after an outage every missed rung goes out once, oldest first. A plain read first, so
      // the usual tick with nothing due never takes the write lock.
      while ((await store.schedule.listDue(now, 1)).length > 0) {
        const { claimed, done } = await store.transaction(async (repos) => {
          const due = await repos.schedule.claimDue(now, batchSize);
          const done: FiredStep[] = [];
          const reads = cachedReads(repos);
          for (const step of due) {
            const { caseRec, messages: worded, digested } = await stepMessages(reads, step, { profile, calendar, today });
            if (!caseRec) continue;
            // Rungs missed during an outage are all worded for today: the reminder before the due day and the one on
            // it would both say "overdue by N working days". The person reads the same words once a day, whichever
            // tick or process fires the second.
            const messages: NewOutboxMessage[] = [];
            for (const m of worded) if (await repos.once.claim(saidKey(today, m), now)) messages.push(m);
            for (const m of messages) await repos.outbox.enqueue(m, now);
            await repos.audit.append({
              at: now,
              actorId: 'system',
              channel: 'system',
              action: `reminder.${step.rule}`,
              caseId: step.caseId,
              detail: { level: step.level, stage: step.stage, to: messages.map((m) => m.userId).join(',') || '-', ...(digested.length ? { digest: digested.join(',') } : {}) },
            });
            done.push({ step, messages, digested });
          }
          return { claimed: due.length, done };
        });
        fired.push(...done);
        if (claimed < batchSize) break;
      }
      // What was said before yesterday can no longer be said again in the same words (the day is in them).
      if (fired.length > 0) await store.once.forget(SAID, new Date(now.getTime() - 2 * 86_400_000));
      const digests: NewOutboxMessage[] = [];
      for (const userId of await store.preferences.listDigestUsers()) {
        const msg = await store.transaction(async (repos) => {
          if (!(await repos.once.claim(digestKey(userId, today), now))) return null;
          const m = await digestFor(repos, userId, now);
          if (m) await repos.outbox.enqueue(m, now);
          return m;
        });
        if (msg) digests.push(msg);
      }
      if (deps.auditDigest && !(await store.once.isClaimed(auditDigestKey(today)))) {
        // Read before the transaction, so that it holds the write lock for a few statements only. The digest names
        // the last entry committed before it; its own audit line follows.
        const digest = await auditDigestMessages(today);
        const sent = await store.transaction(async (repos) => {
          if (digest === null || !(await repos.once.claim(auditDigestKey(today), now))) return [];
          for (const m of digest.messages) await repos.outbox.enqueue(m, now);
          await repos.audit.append({ at: now, actorId: 'system', channel: 'system', action: 'audit.digest', caseId: null, detail: digest.detail });
          return digest.messages;
        });
        digests.push(...sent);
      }
      return { open: true, nextWindow: null, fired, digests };
    },
  };
}

const SAID = 'said:';

/** One message's words to one person on one day: claimed when it is queued, so the same words go out once. */
function saidKey(today: string, m: NewOutboxMessage): string {
  return `${SAID}${today}:${JSON.stringify([m.userId, m.caseId, m.message, m.params])}`;
}

/** For the dry run, which claims nothing: lets each message's words through once within the run. */
function unrepeated(): (m: NewOutboxMessage) => boolean {
  const said = new Set<string>();
  return (m) => {
    const key = JSON.stringify([m.userId, m.caseId, m.message, m.params]);
    if (said.has(key)) return false;
    said.add(key);
    return true;
  };
}

function auditDigestKey(day: string): string {
  return `audit-digest:${day}`;
}

function digestKey(userId: string, day: string): string {
  return `digest:${userId}:${day}`;
}

export type ReminderTick = ReturnType<typeof createReminderTick>;
