// "How was this deadline worked out?": the day-by-day lines and the notices they rest on, shared by the `why` chat
// command and the operator's `kaifang deadline --explain`.
import { weekday } from '../../domain/calendar/local-date.ts';
import type { ExplainedDay, WorkingCalendar } from '../../domain/calendar/working-calendar.ts';
import type { Translate } from '../../i18n/translator.ts';

/** One day of a deadline's calculation: date, weekday, counted or skipped, and the holiday or make-up day's name. */
export function explainedDayLine(day: ExplainedDay, t: Translate, has: (key: string) => boolean): string {
  const parts = [day.date, t(`calendar.weekday.${weekday(day.date)}`)];
  parts.push(day.counted !== null ? t('calendar.explain.counted', { n: day.counted }) : t('calendar.explain.skipped'));
  // A plain working day needs no label: its ordinal says it all.
  if (day.kind !== 'workday' || day.name !== null) {
    const kind = t(`calendar.kind.${day.kind}`);
    if (day.name === null) parts.push(kind);
    else {
      // Names come from the notices (Chinese); a locale may translate the known ones, others show as written.
      const nameKey = `calendar.names.${day.name}`;
      parts.push(t('calendar.explain.named', { kind, name: has(nameKey) ? t(nameKey) : day.name }));
    }
  }
  if (day.provisional) parts.push(t('calendar.explain.provisionalMark'));
  return parts.join('  ');
}

/** The State Council notice behind each year the calculation touches, or a note that a year has none yet. */
export function calendarSources(calendar: WorkingCalendar, days: readonly ExplainedDay[], t: Translate): string {
  const years = [...new Set(days.map((d) => Number(d.date.slice(0, 4))))];
  const sources = years.map((year) => {
    const notice = calendar.notices.find((n) => n.year === year);
    return notice ? t('calendar.explain.source', { year, title: notice.title }) : t('calendar.explain.noSource', { year });
  });
  return t('calendar.explain.sources', { sources: sources.join(t('calendar.deadline.listSeparator')) });
}

