// The weekly report goes out on the first working day of each week at the profile's hour (weeklyReportAt, inside
// working hours), about the week before, to every supervisor and every member of the authority's staff, through the
// outbox like any message. Exactly once per person and week: each person's once-key is claimed in the transaction
// that queues their message, so a second process, a retried round or a restart finds it taken.
import { addDays, localDateOf, minuteOfDay, weekday } from '../../domain/calendar/local-date.ts';
import type { WorkingCalendar } from '../../domain/calendar/working-calendar.ts';
import type { LocalDate, User } from '../../domain/model.ts';
import { isWithinWorkingHours, isWorkingDay, type SendingWindow } from '../../domain/reminders/working-hours.ts';
import type { Translator } from '../../i18n/translator.ts';
import { findAuthority } from '../find-authority.ts';
import type { Store } from '../ports/store.ts';
import type { StatisticsService } from './statistics-service.ts';
import { composeWeeklyReport, weekBefore, type WeeklyReport } from './weekly-report.ts';
import { WEEKLY_REPORT_MESSAGE, weeklyReportParams } from './weekly-report-text.ts';
import { scopeName } from './stats-text.ts';

export interface WeeklyReportSenderDeps {
  store: Pick<Store, 'agencies' | 'cases' | 'once' | 'outbox' | 'transaction' | 'users'>;
  statistics: StatisticsService;
  calendar: WorkingCalendar;
  window: SendingWindow;
  timeZone: string;
  translator: Translator;
  /** HH:MM: the profile's weeklyReportAt. */
  at: string;
}

export interface WeeklyRecipient {
  user: User;
  /** null: every agency (the authority's staff); else the supervisor's agency. */
  scope: string | null;
}

export const weeklyReportKey = (week: string, userId: string) => `weekly-report:${week}:${userId}`;

/** The first working day of `day`'s week (Monday to Sunday), or null when the week has none. */
export function firstWorkingDayOfWeek(calendar: WorkingCalendar, day: LocalDate): LocalDate | null {
  const monday = addDays(day, -((weekday(day) + 6) % 7));
  for (let i = 0; i < 7; i++) if (isWorkingDay(calendar, addDays(monday, i))) return addDays(monday, i);
  return null;
}

export function createWeeklyReportSender(deps: WeeklyReportSenderDeps) {
  const { store, statistics, calendar, window, timeZone, translator } = deps;
  const [hour, minute] = deps.at.split(':').map(Number) as [number, number];

  /** Who gets the report: every supervisor (their agency; the authority's: all) and the authority's reviewers (all). */
  async function recipients(): Promise<WeeklyRecipient[]> {
    const authority = (await findAuthority(store))?.id ?? null;
    const out: WeeklyRecipient[] = [];
    for (const user of await store.users.list()) {
      if (!user.agencyId) continue;
      const atAuthority = user.agencyId === authority;
      if (atAuthority && (user.roles.includes('supervisor') || user.roles.includes('reviewer'))) out.push({ user, scope: null });
      else if (user.roles.includes('supervisor')) out.push({ user, scope: user.agencyId });
    }
    return out;
  }

  /** The week's reports, one per scope (everyone with the same scope reads the same figures). */
  async function reportsFor(week: string, today: LocalDate, scopes: ReadonlySet<string | null>): Promise<Map<string | null, WeeklyReport>> {
    const data = await statistics.read(today, today);
    const reports = new Map<string | null, WeeklyReport>();
    for (const scope of scopes) reports.set(scope, await composeWeeklyReport({ store, calendar }, data, { week, scope, today }));
    return reports;
  }


  /** The week a report sent at `now` would be about, or null when none is due then. */
  function dueWeek(now: Date): string | null {
    if (!isWithinWorkingHours(window, now)) return null;
    const today = localDateOf(now, timeZone);
    if (firstWorkingDayOfWeek(calendar, today) !== today) return null;
    if (minuteOfDay(now, timeZone) < hour * 60 + minute) return null;
    return weekBefore(today);
  }

  return {
    recipients,
    reportsFor,
    dueWeek,

    /** Queues the week's report for everyone who has not had it; run it as often as the scheduler rounds. */
    async send(now: Date): Promise<string[]> {
      const week = dueWeek(now);
      if (week === null) return [];
      const today = localDateOf(now, timeZone);
      const waiting: WeeklyRecipient[] = [];
      // Plain reads first: every round after the first finds the keys taken and computes nothing.
      for (const r of await recipients()) if (!(await store.once.isClaimed(weeklyReportKey(week, r.user.id)))) waiting.push(r);
      if (waiting.length === 0) return [];
      const reports = await reportsFor(week, today, new Set(waiting.map((r) => r.scope)));
      const sent: string[] = [];
      for (const r of waiting) {
        const t = translator.for(r.user.locale);
        const params = weeklyReportParams(t, reports.get(r.scope)!, await scopeName(r.scope, store, t));
        const queued = await store.transaction(async (repos) => {
          if (!(await repos.once.claim(weeklyReportKey(week, r.user.id), now))) return false;
          await repos.outbox.enqueue({ userId: r.user.id, caseId: null, message: WEEKLY_REPORT_MESSAGE, params }, now);
          return true;
        });
        if (queued) sent.push(r.user.id);
      }
      return sent;
    },
  };
}

export type WeeklyReportSender = ReturnType<typeof createWeeklyReportSender>;
