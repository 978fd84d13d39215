// Local dates and the instants that bound them. The platform runs in Asia/Shanghai but the machines that run it
// (and the tests) may not, so every conversion names its zone and goes through Intl, never the process's TZ.
import type { LocalDate } from '../model.ts';
import { dayNumberOf, daysFromCivil, localDateOfDayNumber, weekdayOfDayNumber } from './day-number.ts';

const MS_PER_DAY = 86_400_000;
const MS_PER_HOUR = 3_600_000;

/** `YYYY-MM-DD` naming a real day of the proleptic Gregorian calendar (2026-02-30 is not one). */
export function isLocalDate(s: string): boolean {
  return typeof s === 'string' && !Number.isNaN(dayNumberOf(s));
}

function dayNumberOrThrow(date: LocalDate): number {
  const n = dayNumberOf(date);
  if (Number.isNaN(n)) throw new RangeError(`not a YYYY-MM-DD date: ${JSON.stringify(date)}`);
  return n;
}

export function addDays(date: LocalDate, days: number): LocalDate {
  if (!Number.isInteger(days)) throw new RangeError(`days must be an integer, got ${days}`);
  return localDateOfDayNumber(dayNumberOrThrow(date) + days);
}

/** The same day `years` later; 29 February becomes 28 February in a year without it. */
export function addYears(date: LocalDate, years: number): LocalDate {
  if (!Number.isInteger(years)) throw new RangeError(`years must be an integer, got ${years}`);
  dayNumberOrThrow(date);
  const [y, m, d] = date.split('-');
  const year = String(Number(y) + years).padStart(4, '0');
  const same = `${year}-${m}-${d}`;
  return isLocalDate(same) ? same : `${year}-${m}-28`;
}

/** The same day `months` later; a day the month does not have becomes its last day (31 January → 28 February). */
export function addMonths(date: LocalDate, months: number): LocalDate {
  if (!Number.isInteger(months)) throw new RangeError(`months must be an integer, got ${months}`);
  dayNumberOrThrow(date);
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const index = y * 12 + (m - 1) + months;
  const year = Math.floor(index / 12);
  const month = (index % 12) + 1;
  const last = new Date(Date.UTC(year, month, 0)).getUTCDate();
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(Math.min(d, last)).padStart(2, '0')}`;
}

/** Calendar days from `from` to `to` (negative when `to` is earlier). */
export function daysBetween(from: LocalDate, to: LocalDate): number {
  return dayNumberOrThrow(to) - dayNumberOrThrow(from);
}

/** 0 = Sunday … 6 = Saturday, as Date#getDay. */
export function weekday(date: LocalDate): number {
  return weekdayOfDayNumber(dayNumberOrThrow(date));
}

// One formatter per zone: building an Intl.DateTimeFormat costs far more than using one.
const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      calendar: 'gregory',
      numberingSystem: 'latn',
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(timeZone, f);
  }
  return f;
}

/** The wall-clock reading at `ms` in `timeZone`, as milliseconds since 1970-01-01T00:00 of that wall clock. */
function wallClockMs(ms: number, timeZone: string): number {
  let year = 0;
  let month = 0;
  let day = 0;
  let hour = 0;
  let minute = 0;
  let second = 0;
  for (const part of formatterFor(timeZone).formatToParts(ms)) {
    switch (part.type) {
      case 'year': year = Number(part.value); break;
      case 'month': month = Number(part.value); break;
      case 'day': day = Number(part.value); break;
      case 'hour': hour = Number(part.value); break;
      case 'minute': minute = Number(part.value); break;
      case 'second': second = Number(part.value); break;
      default: break;
    }
  }
  const subSecond = ((ms % 1000) + 1000) % 1000;
  return daysFromCivil(year, month, day) * MS_PER_DAY + hour * MS_PER_HOUR + minute * 60_000 + second * 1000 + subSecond;
}

function localDayNumberAt(ms: number, timeZone: string): number {
  return Math.floor(wallClockMs(ms, timeZone) / MS_PER_DAY);
}

/** The calendar date `instant` falls on in `timeZone` (an IANA name such as Asia/Shanghai). */
export function localDateOf(instant: Date, timeZone: string): LocalDate {
  const ms = instant.getTime();
  if (Number.isNaN(ms)) throw new RangeError('invalid Date');
  return localDateOfDayNumber(localDayNumberAt(ms, timeZone));
}

/**
 * The last millisecond of `date` in `timeZone`: a deadline "by the end of day N" (民法典 第二百零三条: 期间的最后一日的截止时间为二十四时).
 * Works through DST: the offset that applies at the end of the day is the one used, and a midnight that a DST jump skips
 * is handled by the search below.
 */
export function endOfLocalDay(date: LocalDate, timeZone: string): Date {
  const day = dayNumberOrThrow(date);
  const nextMidnightWall = (day + 1) * MS_PER_DAY;
  // Fast path: apply the zone's offset (twice, so a transition near midnight settles) and check the answer.
  let t = nextMidnightWall - 1 - (wallClockMs(nextMidnightWall - 1, timeZone) - (nextMidnightWall - 1));
  t = nextMidnightWall - 1 - (wallClockMs(t, timeZone) - t);
  if (localDayNumberAt(t, timeZone) === day && localDayNumberAt(t + 1, timeZone) > day) return new Date(t);
  // Slow path (a zone whose clocks jump at midnight): the local date only moves forward in time, so bisect for the
  // last instant still on `day`. UTC offsets stay within ±14 h, so ±15 h around the wall-clock midnight brackets it.
  let lo = nextMidnightWall - 15 * MS_PER_HOUR;
  let hi = nextMidnightWall + 15 * MS_PER_HOUR;
  while (hi - lo > 1) {
    const mid = Math.floor((lo + hi) / 2);
    if (localDayNumberAt(mid, timeZone) <= day) lo = mid;
    else hi = mid;
  }
  return new Date(lo);
}

/** Minutes since local midnight of `instant` in `timeZone` (0–1439). */
export function minuteOfDay(instant: Date, timeZone: string): number {
  const wall = wallClockMs(instant.getTime(), timeZone);
  return Math.floor((((wall % MS_PER_DAY) + MS_PER_DAY) % MS_PER_DAY) / 60_000);
}

/**
 * The instant the wall clock in `timeZone` reads `minute` minutes past midnight on `date` (09:00 → 540). In the rare
 * zone where that reading is skipped by a DST jump, the first instant after the gap.
 */
export function instantAt(date: LocalDate, minute: number, timeZone: string): Date {
  const wanted = dayNumberOrThrow(date) * MS_PER_DAY + minute * 60_000;
  // Apply the offset twice so an answer near a transition settles, then check it.
  let t = wanted - (wallClockMs(wanted, timeZone) - wanted);
  t = wanted - (wallClockMs(t, timeZone) - t);
  if (wallClockMs(t, timeZone) === wanted) return new Date(t);
  // Skipped wall time: bisect for the first instant whose wall clock reads at least `wanted`.
  let lo = wanted - 15 * MS_PER_HOUR;
  let hi = wanted + 15 * MS_PER_HOUR;
  while (hi - lo > 1) {
    const mid = Math.floor((lo + hi) / 2);
    if (wallClockMs(mid, timeZone) < wanted) lo = mid;
    else hi = mid;
  }
  return new Date(hi);
}
