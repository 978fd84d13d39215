// A year without the State Council's holiday notice is counted provisionally: weekends and the statutory holidays
// only, none of the bridged days off (放假调休) or make-up working days (调休上班日) that move deadlines by up to a
// week. The notice for next year comes out in November or December; from 1 November (in the platform's zone) until an
// operator loads it, the platform's operators are reminded once a week. The same holds, all year, for the current year
// if it still has none (a release run past its built-in years with nothing imported).
//
// Once a week means once per calendar week (Monday to Sunday) and only in working hours, so a restart, a second process
// or a weekend start cannot send it twice: the week's once-key is claimed in the transaction that queues the messages.
import type { LocalDate } from '../../domain/model.ts';
import { addDays, localDateOf, weekday } from '../../domain/calendar/local-date.ts';
import type { WorkingCalendar } from '../../domain/calendar/working-calendar.ts';
import { isWithinWorkingHours, type SendingWindow } from '../../domain/reminders/working-hours.ts';
import type { Store } from '../ports/store.ts';
import { createImportedNotices } from '../calendar/imported-notices.ts';

/** November: the State Council publishes next year's arrangement in November or December. */
export const NEXT_YEAR_REMINDERS_FROM_MONTH = 11;

export const PROVISIONAL_YEAR_MESSAGE = 'calendar.provisionalYear.reminder';

export interface ProvisionalYearReminderDeps {
  store: Pick<Store, 'once' | 'cases' | 'settings' | 'transaction'>;
  /** The calendar this process counts on: a year it has a notice for needs no reminder. */
  calendar: WorkingCalendar;
  window: SendingWindow;
  timeZone: string;
}

export type ProvisionalYearReport =
  /** The week's reminder was queued for these operators (none when nobody holds the role). */
  | { kind: 'reminded'; year: number; week: LocalDate; to: string[] }
  /** Another process (`calendar import --apply`) stored the year's notice after this one built its calendar. */
  | { kind: 'importedSinceStart'; year: number };

/** The Monday of `day`'s week. */
function weekOf(day: LocalDate): LocalDate {
  return addDays(day, -((weekday(day) + 6) % 7));
}

export function reminderKey(year: number, week: LocalDate): string {
  return `calendar-provisional:${year}:${week}`;
}

export function createProvisionalYearReminder(deps: ProvisionalYearReminderDeps) {
  const { store, window, timeZone } = deps;
  const loaded = new Set(deps.calendar.notices.map((n) => n.year));
  const imported = createImportedNotices(store.settings);

  /** The year the operators should hear about on `today`, or null. */
  function yearToRemind(today: LocalDate): number | null {
    const year = Number(today.slice(0, 4));
    if (!loaded.has(year)) return year;
    if (Number(today.slice(5, 7)) >= NEXT_YEAR_REMINDERS_FROM_MONTH && !loaded.has(year + 1)) return year + 1;
    return null;
  }

  return {
    yearToRemind,

    /** Queues this week's reminder if it is due at `now`; run it as often as the scheduler rounds. */
    async remind(now: Date): Promise<ProvisionalYearReport | null> {
      if (!isWithinWorkingHours(window, now)) return null;
      const today = localDateOf(now, timeZone);
      const year = yearToRemind(today);
      if (year === null) return null;
      const week = weekOf(today);
      const key = reminderKey(year, week);
      // Plain reads first: most rounds of the week find the key claimed and write nothing.
      if (await store.once.isClaimed(key)) return null;
      if ((await imported.get(year)) !== null) {
        // Counted from now on by every process that starts; this one says once that it should be restarted.
        loaded.add(year);
        return { kind: 'importedSinceStart', year };
      }
      const from = `${String(year).padStart(4, '0')}-01-01`;
      const reaching = (await store.cases.list({ open: true })).filter((c) => c.deadline?.provisional && c.deadline.dueOn >= from).length;
      const to = await store.transaction(async (repos) => {
        if (!(await repos.once.claim(key, now))) return null;
        // The operator role is the platform's (平台运行管理机构): whichever agency an operator is filed under.
        const operators = (await repos.users.list()).filter((u) => u.roles.includes('operator'));
        for (const u of operators)
          await repos.outbox.enqueue(
            { userId: u.id, caseId: null, message: PROVISIONAL_YEAR_MESSAGE, params: { year, count: reaching, why: 'calendar.provisionalYear.why' } },
            now,
          );
        return operators.map((u) => u.id);
      });
      return to === null ? null : { kind: 'reminded', year, week, to };
    },
  };
}

export type ProvisionalYearReminder = ReturnType<typeof createProvisionalYearReminder>;
