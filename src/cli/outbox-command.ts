// `kaifang outbox`: the operator's view of outbound messages. Counts by status, then what needs a look
// first: parked messages (every attempt failed), then those being retried, then the rest waiting for their window.
// `kaifang outbox retry <id>` gives a parked message another attempt. Message text is shown rendered and masked, never
// as its raw parameters (Z29, Z31).
import { formatInstant, renderNotification } from '../application/commands/render.ts';
import type { OutboxMessage, OutboxStatus } from '../application/ports/delivery.ts';
import { reminderAtDelivery } from '../application/reminders/reminder-at-delivery.ts';
import { localDateOf } from '../domain/calendar/local-date.ts';
import { maskPersonalData } from '../domain/privacy/mask-personal-data.ts';
import { nextSendingTime } from '../domain/reminders/working-hours.ts';
import type { Translate } from '../i18n/translator.ts';
import type { App } from '../main.ts';
import { EXIT, usageError, type CommandIo, type OperatorCommandDeps } from './operator-command.ts';
import { exportJson } from './export-json.ts';
import { parseOptions } from './parse-options.ts';

export const OUTBOX_STATUSES: readonly OutboxStatus[] = ['parked', 'pending', 'sending', 'sent'];
/** Without --status: everything not yet delivered. Sent messages are history; ask for them by name. */
const DEFAULT_STATUSES: readonly OutboxStatus[] = ['parked', 'pending', 'sending'];
export const DEFAULT_LIMIT = 50;
const MAX_LIMIT = 10_000;
const WHOLE_NUMBER = /^\d+$/;

export interface OutboxEntry {
  id: number;
  status: OutboxStatus;
  /** Pending or sending after at least one failed attempt. */
  retrying: boolean;
  userId: string;
  name: string | null;
  caseId: string | null;
  /** The key as queued; `text` reads as it does when sent (a late reminder says it is overdue). */
  message: string;
  attempts: number;
  createdAt: string;
  nextAttemptAt: string | null;
  sentAt: string | null;
  lastError: string | null;
  /** Rendered in the recipient's language, personal numbers masked. */
  text: string;
}

export async function runOutboxCommand(args: string[], io: CommandIo, deps: OperatorCommandDeps): Promise<number> {
  const { t } = deps;
  const usage = t('cli.outbox.usage');
  const parsed = parseOptions(args, { flags: ['--json', '--help'], values: ['--status', '--limit', '--case'] });
  if (!parsed.ok) return usageError(io, t, usage, parsed);
  if (parsed.flags.has('--help')) {
    io.out(usage);
    return EXIT.ok;
  }
  const [sub, ...rest] = parsed.positional;
  if (sub === 'retry') {
    if (parsed.values.size > 0 || parsed.flags.size > 0) return usageError(io, t, usage, { error: 'unknownOption', option: [...parsed.flags, ...parsed.values.keys()].join(' ') });
    return retry(rest, io, deps, usage);
  }
  if (sub !== undefined) return usageError(io, t, usage, { error: 'extraArgs', option: parsed.positional.join(' ') });

  const statusText = parsed.values.get('--status');
  const statuses = statusText === undefined ? DEFAULT_STATUSES : statusText.split(',').map((s) => s.trim());
  const unknown = statuses.filter((s) => !(OUTBOX_STATUSES as readonly string[]).includes(s));
  if (unknown.length > 0 || statuses.length === 0) {
    io.err(t('cli.outbox.badStatus', { value: statusText ?? '', statuses: OUTBOX_STATUSES.join('|') }));
    return EXIT.badValue;
  }
  const limitText = parsed.values.get('--limit');
  const limit = limitText === undefined ? DEFAULT_LIMIT : WHOLE_NUMBER.test(limitText) ? Number(limitText) : NaN;
  if (!(limit >= 1 && limit <= MAX_LIMIT)) {
    io.err(t('cli.outbox.badLimit', { value: limitText ?? '', max: MAX_LIMIT }));
    return EXIT.badValue;
  }
  const caseId = parsed.values.get('--case');

  return deps.withApp(async (app) => {
    const counts = await app.store.outbox.countByStatus();
    const wanted = OUTBOX_STATUSES.filter((s) => (statuses as readonly string[]).includes(s));
    const found = await listInViewOrder(app, wanted, caseId, limit);
    const entries = await Promise.all(found.messages.map((m) => entryOf(app, m)));
    if (parsed.flags.has('--json')) {
      io.out(exportJson({ counts, total: found.total, messages: entries }));
      return EXIT.ok;
    }
    io.out(t('cli.outbox.counts', counts));
    if (entries.length === 0) io.out(t('cli.outbox.none'));
    for (const e of entries) for (const line of entryLines(t, e, deps.timeZone)) io.out(line);
    if (found.total > entries.length) io.out(t('cli.outbox.more', { count: found.total - entries.length }));
    return EXIT.ok;
  });
}

/**
 * Parked first, then retrying, then waiting by their next attempt (oldest first), then sent (newest first); `limit`
 * of them, and how many matched in all.
 */
async function listInViewOrder(app: App, statuses: readonly OutboxStatus[], caseId: string | undefined, limit: number) {
  const messages: OutboxMessage[] = [];
  let total = 0;
  const byCase = caseId === undefined ? {} : { caseId };
  if (statuses.includes('parked')) {
    const parked = await app.store.outbox.list({ status: ['parked'], ...byCase });
    total += parked.length;
    messages.push(...parked);
  }
  const waitingStatuses = statuses.filter((s): s is 'pending' | 'sending' => s === 'pending' || s === 'sending');
  if (waitingStatuses.length > 0) {
    const waiting = await app.store.outbox.list({ status: waitingStatuses, ...byCase });
    total += waiting.length;
    const retryingFirst = (m: OutboxMessage) => (m.attempts > 0 ? 0 : 1);
    messages.push(...waiting.sort((a, b) => retryingFirst(a) - retryingFirst(b) || a.nextAttemptAt.getTime() - b.nextAttemptAt.getTime() || a.id - b.id));
  }
  if (statuses.includes('sent')) {
    // Sent messages can be many: only the newest `limit` are read, and the count comes from the totals.
    const sent = await app.store.outbox.list({ status: ['sent'], ...byCase }, Math.max(0, limit - messages.length));
    total += caseId === undefined ? (await app.store.outbox.countByStatus()).sent : (await app.store.outbox.list({ status: ['sent'], caseId })).length;
    messages.push(...sent);
  }
  return { messages: messages.slice(0, limit), total };
}

/**
 * When the text is read: a sent message as it went out; one waiting, at its next attempt; a parked one, as a retry now
 * would send it. A reminder's days left or overdue are counted on that day (reminder-at-delivery.ts).
 */
function readAt(app: App, m: OutboxMessage): Date {
  if (m.status === 'sent') return m.sentAt ?? m.createdAt;
  const now = app.clock.now();
  const from = m.status === 'parked' || m.nextAttemptAt < now ? now : m.nextAttemptAt;
  return nextSendingTime(app.tick.window, from);
}

async function entryOf(app: App, m: OutboxMessage): Promise<OutboxEntry> {
  const person = await app.store.users.get(m.userId);
  const worded = reminderAtDelivery(m, app.calendar, localDateOf(readAt(app, m), app.config.timeZone));
  const text = renderNotification(app.translator.for(person?.locale ?? app.config.defaultLocale), worded.message, worded.params);
  return {
    id: m.id,
    status: m.status,
    retrying: (m.status === 'pending' || m.status === 'sending') && m.attempts > 0,
    userId: m.userId,
    name: person?.name ?? null,
    caseId: m.caseId,
    message: m.message,
    attempts: m.attempts,
    createdAt: m.createdAt.toISOString(),
    // A parked or sent message has no next attempt, whatever the column still holds.
    nextAttemptAt: m.status === 'pending' || m.status === 'sending' ? m.nextAttemptAt.toISOString() : null,
    sentAt: m.sentAt?.toISOString() ?? null,
    lastError: m.lastError === null ? null : maskPersonalData(m.lastError),
    text,
  };
}

function entryLines(t: Translate, e: OutboxEntry, timeZone: string): string[] {
  const status = e.retrying ? t('cli.outbox.status.retrying') : t(`cli.outbox.status.${e.status}`);
  const when =
    e.status === 'parked'
      ? t('cli.outbox.retryHint', { id: e.id })
      : e.status === 'sent'
        ? t('cli.outbox.sentAt', { at: e.sentAt ? formatInstant(new Date(e.sentAt), timeZone) : '—' })
        : t('cli.outbox.nextAttempt', { at: formatInstant(new Date(e.nextAttemptAt!), timeZone) });
  const lines = [
    '',
    t('cli.outbox.line', { id: e.id, status, to: e.name ?? e.userId, userId: e.userId, caseId: e.caseId ?? '—', message: e.message, attempts: e.attempts, when }),
  ];
  if (e.lastError !== null && e.status !== 'sent') lines.push(t('cli.outbox.lastError', { error: e.lastError }));
  lines.push(`    ${e.text.split('\n')[0]}`);
  return lines;
}

async function retry(args: string[], io: CommandIo, deps: OperatorCommandDeps, usage: string): Promise<number> {
  const { t } = deps;
  const [idText, ...extra] = args;
  if (idText === undefined) {
    io.err(t('cli.outbox.retryNeedsId'));
    io.err(usage);
    return EXIT.usage;
  }
  if (extra.length > 0) return usageError(io, t, usage, { error: 'extraArgs', option: extra.join(' ') });
  const id = /^#?\d+$/.test(idText) ? Number(idText.replace('#', '')) : NaN;
  if (!Number.isSafeInteger(id) || id < 1) {
    io.err(t('cli.outbox.badId', { value: idText }));
    return EXIT.badValue;
  }
  return deps.withApp(async (app) => {
    const now = app.clock.now();
    if (!(await app.store.outbox.requeue(id, now))) {
      io.err(t('cli.outbox.notParked', { id }));
      return EXIT.refused;
    }
    io.out(t('cli.outbox.requeued', { id, at: formatInstant(nextSendingTime(app.tick.window, now), deps.timeZone) }));
    return EXIT.ok;
  });
}
