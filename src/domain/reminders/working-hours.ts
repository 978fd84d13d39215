// When kaifang may speak: inside working hours on working days of the official calendar, make-up Saturdays
// included and holidays excluded. Anything that falls outside waits for the next window.
import type { LocalDate } from '../model.ts';
import { addWorkingDays, dayInfo, type WorkingCalendar } from '../calendar/working-calendar.ts';
import { addDays, instantAt, localDateOf, minuteOfDay } from '../calendar/local-date.ts';

/** Local wall-clock times `HH:MM`, e.g. 09:00–18:00: the window opens at `start` and closes at `end` (exclusive). */
export interface WorkingHours {
  start: string;
  end: string;
}

const HH_MM = /^([01]\d|2[0-3]):([0-5]\d)$/;

/** Minutes past midnight of `HH:MM`; RangeError on anything else (profiles are data, checked by their tests). */
export function minutesOf(hhmm: string): number {
  const m = HH_MM.exec(hhmm);
  if (!m) throw new RangeError(`not a HH:MM time: ${JSON.stringify(hhmm)}`);
  return Number(m[1]) * 60 + Number(m[2]);
}

export interface SendingWindow {
  calendar: WorkingCalendar;
  hours: WorkingHours;
  timeZone: string;
}

export function isWorkingDay(calendar: WorkingCalendar, date: LocalDate): boolean {
  return dayInfo(calendar, date).working;
}

/** The instant the window opens on `date` (which should be a working day). */
export function windowOpensOn(w: SendingWindow, date: LocalDate): Date {
  return instantAt(date, minutesOf(w.hours.start), w.timeZone);
}

export function isWithinWorkingHours(w: SendingWindow, at: Date): boolean {
  const date = localDateOf(at, w.timeZone);
  if (!isWorkingDay(w.calendar, date)) return false;
  const minute = minuteOfDay(at, w.timeZone);
  return minute >= minutesOf(w.hours.start) && minute < minutesOf(w.hours.end);
}

/** `at` itself when it lies inside a window, else the moment the next window opens. */
export function nextSendingTime(w: SendingWindow, at: Date): Date {
  if (isWithinWorkingHours(w, at)) return at;
  const date = localDateOf(at, w.timeZone);
  if (isWorkingDay(w.calendar, date) && minuteOfDay(at, w.timeZone) < minutesOf(w.hours.start)) return windowOpensOn(w, date);
  return windowOpensOn(w, addWorkingDays(w.calendar, date, 1).dueOn);
}

/** The working day `n` working days before `date` (n ≥ 0; 0 gives `date` back). */
export function workingDaysBefore(calendar: WorkingCalendar, date: LocalDate, n: number): LocalDate {
  if (!Number.isInteger(n) || n < 0) throw new RangeError(`n must be a whole number of working days, got ${n}`);
  let day = date;
  for (let left = n; left > 0; ) {
    day = addDays(day, -1);
    if (isWorkingDay(calendar, day)) left--;
  }
  return day;
}
