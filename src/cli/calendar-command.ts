// `kaifang calendar recompute [--dry-run] [--json]`: after a new or corrected holiday notice
// (KAIFANG_CALENDAR_FILE), every open deadline is counted again on the calendar in force. Each moved case prints
// old → new; without --dry-run the deadlines and their reminders move, the parties are told (through the outbox, in
// working hours) and the audit log records it.
import { dueText } from '../application/commands/render.ts';
import { CALENDAR_FINGERPRINT_KEY, calendarFingerprint, type MovedDeadline } from '../application/reminders/recompute-deadlines.ts';
import type { Translate } from '../i18n/translator.ts';
import { EXIT, usageError, type CommandIo, type OperatorCommandDeps } from './operator-command.ts';
import { exportJson } from './export-json.ts';
import { parseOptions } from './parse-options.ts';

export async function runCalendarCommand(args: string[], io: CommandIo, deps: OperatorCommandDeps): Promise<number> {
  const { t } = deps;
  const usage = t('cli.calendar.usage');
  const parsed = parseOptions(args, { flags: ['--dry-run', '--json', '--help'], values: [] });
  if (!parsed.ok) return usageError(io, t, usage, parsed);
  if (parsed.flags.has('--help')) {
    io.out(usage);
    return EXIT.ok;
  }
  const [sub, ...extra] = parsed.positional;
  if (sub !== 'recompute') {
    if (sub !== undefined) io.err(t('cli.calendar.unknownSub', { sub }));
    io.err(usage);
    return EXIT.usage;
  }
  if (extra.length > 0) return usageError(io, t, usage, { error: 'extraArgs', option: extra.join(' ') });
  const dryRun = parsed.flags.has('--dry-run');
  return deps.withApp(async (app) => {
    const moved = await app.recomputeDeadlines({ dryRun });
    // The stored deadlines now match this calendar: the next start need not recompute them again.
    if (!dryRun) await app.store.settings.put(CALENDAR_FINGERPRINT_KEY, calendarFingerprint(app.calendar));
    if (parsed.flags.has('--json')) {
      io.out(exportJson({ dryRun, moved }));
      return EXIT.ok;
    }
    for (const line of movedLines(t, moved)) io.out(line);
    if (moved.length === 0) io.out(t('cli.calendar.unchanged'));
    else io.out(dryRun ? t('cli.calendar.summaryDryRun', { count: moved.length }) : t('cli.calendar.summary', { count: moved.length }));
    return EXIT.ok;
  });
}

/** `C-0001  2026-11-30 → 2026-12-01`, one line per moved case. */
export function movedLines(t: Translate, moved: readonly MovedDeadline[]): string[] {
  return moved.map((m) => t('cli.calendar.moved', { caseId: m.caseId, from: dueText(t, m.from), to: dueText(t, m.to) }));
}
