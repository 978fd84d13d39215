// Counting open deadlines again on a calendar, and what the operator reads about it: shared by `calendar recompute`,
// `calendar import --apply` and the console's start-up.
import { dueText } from '../application/commands/render.ts';
import { CALENDAR_FINGERPRINT_KEY, calendarFingerprint, type MovedDeadline } from '../application/reminders/recompute-deadlines.ts';
import type { WorkingCalendar } from '../domain/calendar/working-calendar.ts';
import type { Translate } from '../i18n/translator.ts';
import type { App } from '../main.ts';

/**
 * What `calendar recompute` does, and `calendar import --apply` after storing its notice: every open deadline counted
 * again on `calendar` (default: the app's), and unless it is a dry run, the calendar's fingerprint recorded.
 */
export async function recountDeadlines(app: App, options: { dryRun: boolean; calendar?: WorkingCalendar }): Promise<MovedDeadline[]> {
  const calendar = options.calendar ?? app.calendar;
  const moved = await app.recomputeDeadlines({ dryRun: options.dryRun, calendar });
  // The stored deadlines now match this calendar: the next start need not recompute them again.
  if (!options.dryRun) await app.store.settings.put(CALENDAR_FINGERPRINT_KEY, calendarFingerprint(calendar));
  return moved;
}

/** Each moved case, then the summary, as `calendar recompute` prints them. */
export function recountLines(t: Translate, moved: readonly MovedDeadline[], dryRun: boolean): string[] {
  const summary =
    moved.length === 0
      ? t('cli.calendar.unchanged')
      : dryRun
        ? t('cli.calendar.summaryDryRun', { count: moved.length })
        : t('cli.calendar.summary', { count: moved.length });
  return [...movedLines(t, moved), summary];
}

/** `C-0001  2026-11-30 → 2026-12-01`, one line per moved case. */
export function movedLines(t: Translate, moved: readonly MovedDeadline[]): string[] {
  return moved.map((m) => t('cli.calendar.moved', { caseId: m.caseId, from: dueText(t, m.from), to: dueText(t, m.to) }));
}
