// 每周统计: the figures a supervisor reads at a glance, once a week (T22, S37, B40–B41 — the evaluation counts
// deadlines kept). For a scope (every agency for the authority's staff, one agency for its supervisor) and an ISO week:
// the week's on-time rate and its trend on the week before, what is overdue now and the three longest overdue with who
// owes them, and the picture: on-time rate per agency (a supervisor: per workflow of theirs) over the last 12 weeks as
// bars, and the tasks overdue at the end of each of those weeks as a line.
import { z } from 'zod';
import { addDays } from '../../domain/calendar/local-date.ts';
import { countWorkingDays, type WorkingCalendar } from '../../domain/calendar/working-calendar.ts';
import { handlingStatistics, overdueAt, type StatsGrouping } from '../../domain/evaluation/handling-statistics.ts';
import { isoWeekOf, isoWeekStart } from '../../domain/evaluation/stats-period.ts';
import type { LocalDate } from '../../domain/model.ts';
import type { Store } from '../ports/store.ts';
import type { EvaluationData } from './statistics-service.ts';

/** Weeks the picture looks back over, this one included. */
export const REPORT_WEEKS = 12;
/** The longest overdue tasks the text names. */
export const LONGEST_SHOWN = 3;

/** The picture's data, kept in the outbox message (`chart`) and drawn when it is sent, in its reader's language. */
export const weeklyChartDataSchema = z.object({
  week: z.string().max(10),
  by: z.enum(['agency', 'workflow']),
  bars: z.array(z.object({ key: z.string().max(64), name: z.string().max(200), rate: z.number().min(0).max(1).nullable() })).max(50),
  line: z.array(z.object({ label: z.string().max(10), overdue: z.number().int().min(0) })).max(60),
});
export type WeeklyChartData = z.infer<typeof weeklyChartDataSchema>;

export interface OverdueLine {
  caseId: string;
  workflow: string;
  agencyId: string;
  agency: string;
  /** The one person the step was reassigned to, else null (the agency's reviewers owe it). */
  person: string | null;
  dueOn: LocalDate;
  /** Working days past the due day. */
  days: number;
}

export interface WeeklyReport {
  /** `2026-W48`. */
  week: string;
  from: LocalDate;
  to: LocalDate;
  scope: string | null;
  closed: number;
  onTime: number;
  rate: number | null;
  /** The week before's rate, for the trend. */
  previousRate: number | null;
  overdueNow: number;
  longest: OverdueLine[];
  chart: WeeklyChartData;
}

/** The week (`2026-W48`) as its Monday and Sunday. */
export function weekSpan(label: string): { from: LocalDate; to: LocalDate } | null {
  const m = /^(\d{4})-W(\d{2})$/.exec(label);
  const monday = m ? isoWeekStart(Number(m[1]), Number(m[2])) : null;
  return monday ? { from: monday, to: addDays(monday, 6) } : null;
}

/** The week before the one `day` falls in: what a report sent that week is about. */
export function weekBefore(day: LocalDate): string {
  return isoWeekOf(addDays(day, -7)).label;
}

export async function composeWeeklyReport(
  deps: { store: Pick<Store, 'agencies' | 'cases' | 'users'>; calendar: WorkingCalendar },
  data: EvaluationData,
  q: { week: string; scope: string | null; today: LocalDate },
): Promise<WeeklyReport> {
  const span = weekSpan(q.week);
  if (!span) throw new RangeError(`not an ISO week: ${q.week}`);
  const { handled, overdue } = data;
  const by: StatsGrouping = q.scope === null ? 'agency' : 'workflow';
  const week = handlingStatistics(handled, overdue, { ...span, by, scope: q.scope });
  const previous = handlingStatistics(handled, overdue, { from: addDays(span.from, -7), to: addDays(span.to, -7), by, scope: q.scope });
  const firstMonday = addDays(span.from, -7 * (REPORT_WEEKS - 1));
  const window = handlingStatistics(handled, overdue, { from: firstMonday, to: span.to, by, scope: q.scope });

  const agencies = new Map((await deps.store.agencies.list()).map((a) => [a.id, a.name]));
  const bars = window.rows.map((r) => ({ key: r.key, name: by === 'agency' ? (agencies.get(r.key) ?? r.key) : r.key, rate: r.figures.onTimeRate }));
  const line = Array.from({ length: REPORT_WEEKS }, (_, i) => {
    const sunday = addDays(firstMonday, 7 * i + 6);
    return { label: `W${isoWeekOf(sunday).label.slice(-2)}`, overdue: overdueAt(handled, sunday, q.scope) };
  });

  const late = (await deps.store.cases.list({ open: true, dueBefore: q.today }))
    .filter((c) => c.assignee && c.assignee.role !== 'applicant' && c.deadline && (q.scope === null || c.assignee.agencyId === q.scope))
    .sort((a, b) => a.deadline!.dueOn.localeCompare(b.deadline!.dueOn) || a.id.localeCompare(b.id, 'en', { numeric: true }));
  const longest: OverdueLine[] = [];
  for (const c of late.slice(0, LONGEST_SHOWN)) {
    const person = c.assignee!.userId ? ((await deps.store.users.get(c.assignee!.userId))?.name ?? c.assignee!.userId) : null;
    longest.push({
      caseId: c.id,
      workflow: c.workflow,
      agencyId: c.assignee!.agencyId,
      agency: agencies.get(c.assignee!.agencyId) ?? c.assignee!.agencyId,
      person,
      dueOn: c.deadline!.dueOn,
      days: countWorkingDays(deps.calendar, c.deadline!.dueOn, q.today),
    });
  }
  return {
    week: q.week,
    ...span,
    scope: q.scope,
    closed: week.total.closed,
    onTime: week.total.onTime,
    rate: week.total.onTimeRate,
    previousRate: previous.total.onTimeRate,
    overdueNow: week.total.overdueNow,
    longest,
    chart: { week: q.week, by, bars, line },
  };
}
