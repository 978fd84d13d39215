// The period a `stats` command or `--from/--to` names. Weeks are ISO weeks (Monday first, the week with the year's
// first Thursday is W01), as China's working week runs Monday to Sunday.
import { addDays, isLocalDate, weekday } from '../calendar/local-date.ts';
import { daysInMonth } from '../calendar/day-number.ts';
import type { LocalDate } from '../model.ts';

export interface StatsPeriod {
  from: LocalDate;
  to: LocalDate;
}

/** The Monday of ISO week `week` of `year`; null when the year has no such week. */
export function isoWeekStart(year: number, week: number): LocalDate | null {
  if (week < 1 || week > 53) return null;
  const jan4 = `${String(year).padStart(4, '0')}-01-04`;
  const monday = addDays(addDays(jan4, -((weekday(jan4) + 6) % 7)), (week - 1) * 7);
  // Week 53 exists only when it still holds that year's Thursday.
  return week === 53 && !addDays(monday, 3).startsWith(String(year)) ? null : monday;
}

/** The ISO week `date` falls in: `2026-W49`. */
export function isoWeekOf(date: LocalDate): { year: number; week: number; label: string } {
  const thursday = addDays(date, 3 - ((weekday(date) + 6) % 7));
  const year = Number(thursday.slice(0, 4));
  const week = Math.floor((Number(dayOfYear(thursday)) - 1) / 7) + 1;
  return { year, week, label: `${year}-W${String(week).padStart(2, '0')}` };
}

function dayOfYear(date: LocalDate): number {
  let n = Number(date.slice(8, 10));
  for (let m = 1; m < Number(date.slice(5, 7)); m++) n += daysInMonth(Number(date.slice(0, 4)), m);
  return n;
}

/**
 * `2026` (the year), `2026-11` (the month), `2026-W48` (the ISO week), `2026-11-01..2026-11-30` (those days, `~` or
 * `至` between them too) — or nothing: the year to date (T22: the evaluation is yearly). Null: not a period.
 */
export function parseStatsPeriod(text: string, today: LocalDate): StatsPeriod | null {
  const s = text.trim();
  if (s === '') return { from: `${today.slice(0, 4)}-01-01`, to: today };
  let m = /^(\d{4})$/.exec(s);
  if (m) return { from: `${m[1]}-01-01`, to: `${m[1]}-12-31` };
  m = /^(\d{4})-(\d{2})$/.exec(s);
  if (m) {
    const month = Number(m[2]);
    if (month < 1 || month > 12) return null;
    return { from: `${m[1]}-${m[2]}-01`, to: `${m[1]}-${m[2]}-${String(daysInMonth(Number(m[1]), month)).padStart(2, '0')}` };
  }
  m = /^(\d{4})-?W(\d{1,2})$/i.exec(s);
  if (m) {
    const monday = isoWeekStart(Number(m[1]), Number(m[2]));
    return monday ? { from: monday, to: addDays(monday, 6) } : null;
  }
  m = /^(\d{4}-\d{2}-\d{2})\s*(?:\.\.|~|至|到)\s*(\d{4}-\d{2}-\d{2})$/.exec(s);
  if (m && isLocalDate(m[1]!) && isLocalDate(m[2]!) && m[1]! <= m[2]!) return { from: m[1]!, to: m[2]! };
  if (isLocalDate(s)) return { from: s, to: s };
  return null;
}
