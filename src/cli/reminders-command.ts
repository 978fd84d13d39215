// `kaifang reminders --dry-run [--at <time>] [--json]`: what the scheduler would send at that moment and
// to whom: the reminder and escalation rungs due then, the daily digests not yet sent that day, and the outbox
// messages ready for delivery. Nothing is sent or written; sending is the running bot's job, so without --dry-run the
// command refuses.
import type { Locale } from '../domain/model.ts';
import { localDateOf } from '../domain/calendar/local-date.ts';
import type { StepRule } from '../domain/reminders/reminder-ladder.ts';
import { formatInstant, renderNotification } from '../application/commands/render.ts';
import type { NewOutboxMessage, OutboxMessage } from '../application/ports/delivery.ts';
import type { TickReport } from '../application/reminders/reminder-tick.ts';
import { reminderAtDelivery } from '../application/reminders/reminder-at-delivery.ts';
import type { Translate } from '../i18n/translator.ts';
import type { App } from '../main.ts';
import { EXIT, usageError, type CommandIo, type OperatorCommandDeps } from './operator-command.ts';
import { atOption } from './parse-instant.ts';
import { exportJson } from './export-json.ts';
import { parseOptions } from './parse-options.ts';


/** One message the dry run found, as `--json` prints it. */
export interface DryRunMessage {
  kind: 'reminder' | 'digest' | 'outbox';
  /** When it fell due: the rung's time, or the outbox message's next attempt; null for a digest. */
  dueAt: string | null;
  userId: string;
  name: string | null;
  caseId: string | null;
  rule: StepRule | null;
  level: number | null;
  outboxId: number | null;
  attempts: number | null;
  /**
   * Locale key of the message: a rung's as it would be queued at that moment, an outbox message's as it was queued
   * (as `kaifang outbox` shows it); either way `text` reads as it would be sent then.
   */
  message: string;
  /** Rendered in the recipient's language, personal numbers masked. */
  text: string;
}

export interface DryRun {
  at: string;
  timeZone: string;
  open: boolean;
  nextWindow: string | null;
  messages: DryRunMessage[];
  /** Recipients of a due rung left out because they read the daily digest instead. */
  digested: { userId: string; name: string | null; caseId: string; rule: StepRule; level: number }[];
}

export async function runRemindersCommand(args: string[], io: CommandIo, deps: OperatorCommandDeps): Promise<number> {
  const { t, timeZone } = deps;
  const usage = t('cli.reminders.usage');
  const parsed = parseOptions(args, { flags: ['--dry-run', '--json', '--help'], values: ['--at'] });
  if (!parsed.ok) return usageError(io, t, usage, parsed);
  if (parsed.flags.has('--help')) {
    io.out(usage);
    return EXIT.ok;
  }
  const { at, bad, rest } = atOption(parsed.values.get('--at'), parsed.positional, timeZone);
  if (rest.length > 0) return usageError(io, t, usage, { error: 'extraArgs', option: rest.join(' ') });
  if (!parsed.flags.has('--dry-run')) {
    io.err(t('cli.reminders.needsDryRun'));
    io.err(usage);
    return EXIT.usage;
  }
  if (bad !== null) {
    io.err(t('cli.reminders.badAt', { value: bad, timeZone }));
    return EXIT.badValue;
  }
  return deps.withApp(async (app) => {
    const dryRun = await planDryRun(app, at ?? app.clock.now());
    if (parsed.flags.has('--json')) io.out(exportJson(dryRun));
    else for (const line of dryRunLines(t, dryRun, app)) io.out(line);
    return EXIT.ok;
  });
}

/** Everything a scheduler round at `at` would send, read without claiming or writing anything. */
export async function planDryRun(app: App, at: Date): Promise<DryRun> {
  const timeZone = app.config.timeZone;
  const report: TickReport = await app.tick.preview(at);
  const base = { at: at.toISOString(), timeZone, open: report.open, nextWindow: report.nextWindow?.toISOString() ?? null };
  if (!report.open) return { ...base, messages: [], digested: [] };

  const people = new Map<string, { name: string; locale: Locale } | null>();
  const person = async (userId: string) => {
    if (!people.has(userId)) {
      const u = await app.store.users.get(userId);
      people.set(userId, u ? { name: u.name, locale: u.locale } : null);
    }
    return people.get(userId)!;
  };
  const render = async (m: Pick<NewOutboxMessage, 'userId' | 'message' | 'params'>) => {
    const p = await person(m.userId);
    return { name: p?.name ?? null, text: renderNotification(app.translator.for(p?.locale ?? app.config.defaultLocale), m.message, m.params) };
  };

  const messages: DryRunMessage[] = [];
  const digested: DryRun['digested'] = [];
  for (const { step, messages: stepMessages, digested: readers } of report.fired) {
    for (const m of stepMessages)
      messages.push({
        kind: 'reminder',
        dueAt: step.dueAt.toISOString(),
        userId: m.userId,
        ...(await render(m)),
        caseId: step.caseId,
        rule: step.rule,
        level: step.level,
        outboxId: null,
        attempts: null,
        message: m.message,
      });
    for (const userId of readers)
      digested.push({ userId, name: (await person(userId))?.name ?? null, caseId: step.caseId, rule: step.rule, level: step.level });
  }
  for (const m of report.digests)
    messages.push({ kind: 'digest', dueAt: null, userId: m.userId, ...(await render(m)), caseId: null, rule: null, level: null, outboxId: null, attempts: null, message: m.message });
  // What the dispatcher would send at `at`: a reminder queued earlier counts its days from that day.
  const today = localDateOf(at, timeZone);
  for (const m of await readyOutbox(app, at))
    messages.push({
      kind: 'outbox',
      dueAt: m.nextAttemptAt.toISOString(),
      userId: m.userId,
      ...(await render({ userId: m.userId, ...reminderAtDelivery(m, app.calendar, today) })),
      caseId: m.caseId,
      rule: null,
      level: null,
      outboxId: m.id,
      attempts: m.attempts,
      message: m.message,
    });
  return { ...base, messages, digested };
}

/** What the dispatcher would claim at `at`: pending messages whose time has come, and claims whose lease ran out. */
async function readyOutbox(app: App, at: Date): Promise<OutboxMessage[]> {
  const waiting = await app.store.outbox.list({ status: ['pending', 'sending'] });
  return waiting
    .filter((m) => m.nextAttemptAt.getTime() <= at.getTime())
    .sort((a, b) => a.nextAttemptAt.getTime() - b.nextAttemptAt.getTime() || a.id - b.id);
}

function ruleName(t: Translate, rule: StepRule, level: number): string {
  if (rule === 'before_due') return t('cli.reminders.rule.before_due');
  if (rule === 'due_day') return t('cli.reminders.rule.due_day');
  if (rule === 'applicant') return t('cli.reminders.rule.applicant');
  return t('cli.reminders.rule.escalation', { level });
}

function indented(text: string): string[] {
  return text.split('\n').map((line) => `    ${line}`);
}

export function dryRunLines(t: Translate, d: DryRun, app: Pick<App, 'profile'>): string[] {
  const at = formatInstant(new Date(d.at), d.timeZone);
  if (!d.open) {
    const next = d.nextWindow ? formatInstant(new Date(d.nextWindow), d.timeZone) : '—';
    const { start, end } = app.profile.reminders.workingHours;
    return [t('cli.reminders.closed', { at, timeZone: d.timeZone, start, end, next }), t('cli.reminders.closedHint', { next })];
  }
  if (d.messages.length === 0 && d.digested.length === 0) return [t('cli.reminders.nothingDue', { at, timeZone: d.timeZone })];
  const lines = [t('cli.reminders.header', { at, timeZone: d.timeZone, count: d.messages.length })];
  d.messages.forEach((m, i) => {
    const who = { to: m.name ?? m.userId, userId: m.userId, n: i + 1, caseId: m.caseId ?? '—' };
    lines.push('');
    if (m.kind === 'reminder')
      lines.push(t('cli.reminders.reminder', { ...who, dueAt: formatInstant(new Date(m.dueAt!), d.timeZone), rule: ruleName(t, m.rule!, m.level!) }));
    else if (m.kind === 'digest') lines.push(t('cli.reminders.digest', who));
    else
      lines.push(
        t('cli.reminders.outbox', { ...who, dueAt: formatInstant(new Date(m.dueAt!), d.timeZone), id: m.outboxId!, message: m.message, attempts: m.attempts! }),
      );
    lines.push(...indented(m.text));
  });
  if (d.digested.length > 0) lines.push('');
  for (const r of d.digested) lines.push(t('cli.reminders.digested', { to: r.name ?? r.userId, userId: r.userId, caseId: r.caseId, rule: ruleName(t, r.rule, r.level) }));
  lines.push('', t('cli.reminders.footer'));
  return lines;
}
