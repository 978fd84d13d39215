// The working-day clock (spec: "Working days and deadlines"). A working day is Monday–Friday, minus the days off of the
// State Council's notice, plus its make-up working days (调休上班日). Years without a notice fall back to weekends and
// the statutory holidays and are marked provisional: their make-up days are not known yet.
//
// Each year is turned, on first touch, into a table: the kind of every day, a running count of working days and the
// index of the k-th working day. A deadline is then a lookup, not a day-by-day walk (the walk costs ~8 µs a call over
// date-holidays; the lookup well under 1 µs).
import type { LocalDate } from '../model.ts';
import type { HolidayNotice } from './holiday-notice.ts';
import {
  civilFromDays,
  dayNumberOf,
  daysFromCivil,
  daysInYear,
  formatCivil,
  localDateOfDayNumber,
  weekdayOfDayNumber,
} from './day-number.ts';

export type DayKind = 'workday' | 'weekend' | 'holiday' | 'makeup';

export interface DayInfo {
  date: LocalDate;
  working: boolean;
  kind: DayKind;
  /** The festival behind a day off or a make-up day; also on a weekend that joins a festival's days off (与周末连休). */
  name: string | null;
  /** The day's year has no notice: its make-up days, and any bridged days off, are not known yet. */
  provisional: boolean;
}

export interface ExplainedDay extends DayInfo {
  /** 1…n for the working days that count towards the deadline; null for the days skipped. */
  counted: number | null;
}

const WORKDAY = 0;
const WEEKEND = 1;
const HOLIDAY = 2;
const MAKEUP = 3;
const KIND_NAMES: readonly DayKind[] = ['workday', 'weekend', 'holiday', 'makeup'];

interface YearSource {
  holidays: ReadonlyMap<number, string>;
  workdays: ReadonlyMap<number, string>;
  provisional: boolean;
}

interface YearTable {
  year: number;
  /** Day number of 1 January. */
  firstDay: number;
  length: number;
  kinds: Uint8Array;
  names: (string | null)[];
  /** cum[i] = working days among the first i days of the year; cum[length] = total. */
  cum: Int32Array;
  /** nth[k] = index of the k-th working day of the year (k = 1…total). */
  nth: Int16Array;
  total: number;
  provisional: boolean;
  /** The days of the year as `YYYY-MM-DD`, built once so answers need no formatting. */
  labels: LocalDate[];
}

interface CalendarState {
  notices: ReadonlyMap<number, HolidayNotice>;
  fallbackHolidays: (year: number) => { date: LocalDate; name: string }[];
  sources: Map<number, YearSource>;
  tables: Map<number, YearTable>;
  /** The table used last: deadlines cluster in one year, so this skips the map most of the time. */
  last: YearTable | null;
}

const STATE: unique symbol = Symbol('WorkingCalendar');

/** A calendar value: pass it to the functions of this module. Year tables are built lazily and kept inside it. */
export interface WorkingCalendar {
  /** The notice in force for each year that has one (official, or replaced by the override file), by year. */
  readonly notices: readonly HolidayNotice[];
  readonly [STATE]: CalendarState;
}

export interface CreateCalendarOptions {
  notices: readonly HolidayNotice[];
  /** Days off for a year without a notice (weekends are added by the calendar). Defaults to none. */
  fallbackHolidays?: (year: number) => { date: LocalDate; name: string }[];
}

function checkNotice(notice: HolidayNotice): void {
  const where = `notice ${notice.year} (${notice.title})`;
  if (!Number.isInteger(notice.year)) throw new RangeError(`${where}: year must be an integer`);
  const holidays = new Set<LocalDate>();
  for (const { date } of notice.holidays) {
    if (Number.isNaN(dayNumberOf(date)) || Number(date.slice(0, 4)) !== notice.year)
      throw new RangeError(`${where}: holiday ${JSON.stringify(date)} is not a date in ${notice.year}`);
    holidays.add(date);
  }
  for (const { date } of notice.workdays) {
    if (Number.isNaN(dayNumberOf(date)) || Number(date.slice(0, 4)) !== notice.year)
      throw new RangeError(`${where}: workday ${JSON.stringify(date)} is not a date in ${notice.year}`);
    if (holidays.has(date)) throw new RangeError(`${where}: ${date} is both a holiday and a make-up working day`);
  }
}

/**
 * Builds a calendar from notices. A later notice for the same year replaces the earlier one whole (the override file is
 * read after the official notices, so an operator's correction wins). Throws RangeError on a malformed notice: notices
 * come from code or from parseCalendarFile, which reports problems by line first.
 */
export function createCalendar(opts: CreateCalendarOptions): WorkingCalendar {
  const byYear = new Map<number, HolidayNotice>();
  for (const notice of opts.notices) {
    checkNotice(notice);
    byYear.set(notice.year, notice);
  }
  const notices = [...byYear.values()].sort((a, b) => a.year - b.year);
  const state: CalendarState = {
    notices: byYear,
    fallbackHolidays: opts.fallbackHolidays ?? (() => []),
    sources: new Map(),
    tables: new Map(),
    last: null,
  };
  return Object.freeze({ notices: Object.freeze(notices), [STATE]: state });
}

function toDayMap(days: readonly { date: LocalDate; name: string }[]): Map<number, string> {
  const map = new Map<number, string>();
  for (const { date, name } of days) {
    const n = dayNumberOf(date);
    // A fallback may list one date under two names (date-holidays gives 国庆节 and 中秋节 both on 2028-10-03).
    const existing = map.get(n);
    map.set(n, existing !== undefined && existing !== name ? `${existing}、${name}` : name);
  }
  return map;
}

function sourceOf(state: CalendarState, year: number): YearSource {
  let source = state.sources.get(year);
  if (!source) {
    const notice = state.notices.get(year);
    source = notice
      ? { holidays: toDayMap(notice.holidays), workdays: toDayMap(notice.workdays), provisional: false }
      : { holidays: toDayMap(state.fallbackHolidays(year)), workdays: new Map(), provisional: true };
    state.sources.set(year, source);
  }
  return source;
}

function yearOfDayNumber(dayNumber: number): number {
  return civilFromDays(dayNumber).year;
}

/** Kind and name of one day straight from the sources; used while building tables, never on the hot path. */
function rawDay(state: CalendarState, dayNumber: number, year: number = yearOfDayNumber(dayNumber)): { kind: number; name: string | null } {
  const source = sourceOf(state, year);
  const workday = source.workdays.get(dayNumber);
  if (workday !== undefined) return { kind: MAKEUP, name: workday };
  const holiday = source.holidays.get(dayNumber);
  if (holiday !== undefined) return { kind: HOLIDAY, name: holiday };
  const wd = weekdayOfDayNumber(dayNumber);
  return { kind: wd === 0 || wd === 6 ? WEEKEND : WORKDAY, name: null };
}

/** The festival a weekend day joins, if its run of days off touches one (与周末连休); the nearer one wins, earlier on a tie. */
function festivalAround(state: CalendarState, dayNumber: number): string | null {
  // A weekend is two days, so a festival it joins is at most three days away; farther ones belong to another run.
  const REACH = 3;
  let before: string | null = null;
  let after: string | null = null;
  let distanceBefore = Infinity;
  let distanceAfter = Infinity;
  for (let step = 1; step <= REACH; step++) {
    const { kind, name } = rawDay(state, dayNumber - step);
    if (kind === WORKDAY || kind === MAKEUP) break;
    if (kind === HOLIDAY) {
      before = name;
      distanceBefore = step;
      break;
    }
  }
  for (let step = 1; step <= REACH; step++) {
    const { kind, name } = rawDay(state, dayNumber + step);
    if (kind === WORKDAY || kind === MAKEUP) break;
    if (kind === HOLIDAY) {
      after = name;
      distanceAfter = step;
      break;
    }
  }
  return distanceAfter < distanceBefore ? after : before;
}

function buildTable(state: CalendarState, year: number): YearTable {
  const firstDay = daysFromCivil(year, 1, 1);
  const length = daysInYear(year);
  const kinds = new Uint8Array(length);
  const names: (string | null)[] = new Array<string | null>(length).fill(null);
  const cum = new Int32Array(length + 1);
  const labels: LocalDate[] = new Array<LocalDate>(length);
  let month = 1;
  let dayOfMonth = 1;
  for (let i = 0; i < length; i++) {
    const dayNumber = firstDay + i;
    const { kind, name } = rawDay(state, dayNumber, year);
    kinds[i] = kind;
    names[i] = kind === WEEKEND ? festivalAround(state, dayNumber) : name;
    cum[i + 1] = (cum[i] ?? 0) + (kind === WORKDAY || kind === MAKEUP ? 1 : 0);
    labels[i] = formatCivil(year, month, dayOfMonth);
    // Walk the civil date alongside the day number instead of converting each day.
    const next = civilFromDays(dayNumber + 1);
    month = next.month;
    dayOfMonth = next.day;
  }
  const total = cum[length] ?? 0;
  const nth = new Int16Array(total + 1);
  for (let i = 0; i < length; i++) if ((cum[i + 1] ?? 0) > (cum[i] ?? 0)) nth[cum[i + 1] ?? 0] = i;
  return { year, firstDay, length, kinds, names, cum, nth, total, provisional: sourceOf(state, year).provisional, labels };
}

function tableFor(state: CalendarState, year: number): YearTable {
  const last = state.last;
  if (last !== null && last.year === year) return last;
  let table = state.tables.get(year);
  if (!table) {
    table = buildTable(state, year);
    state.tables.set(year, table);
  }
  state.last = table;
  return table;
}

function dayNumberOrThrow(date: LocalDate): number {
  const n = dayNumberOf(date);
  if (Number.isNaN(n)) throw new RangeError(`not a YYYY-MM-DD date: ${JSON.stringify(date)}`);
  return n;
}

/** Year of an already validated `YYYY-MM-DD`, read from its first four characters (cheaper than civilFromDays). */
function yearOfValidDate(date: LocalDate): number {
  return (
    (date.charCodeAt(0) - 48) * 1000 + (date.charCodeAt(1) - 48) * 100 + (date.charCodeAt(2) - 48) * 10 + (date.charCodeAt(3) - 48)
  );
}

/**
 * The Nth working day strictly after `start`: 民法典 第二百零一条, 开始的当日不计入. The deadline is the end of that day
 * (第二百零三条; see endOfLocalDay). `provisional` is true when any day from start+1 to dueOn lies in a year without a notice.
 *
 * `n` must be a whole number ≥ 1 — callers validate user input (the deadline command does); n = 0 gives back `start`.
 * A negative or fractional n, or a malformed date, is a programming error and throws RangeError.
 */
export function addWorkingDays(cal: WorkingCalendar, start: LocalDate, n: number): { dueOn: LocalDate; provisional: boolean } {
  const state = cal[STATE];
  const startDay = dayNumberOrThrow(start);
  if (!Number.isInteger(n) || n < 0) throw new RangeError(`n must be a whole number of working days, got ${n}`);
  if (n === 0) return { dueOn: start, provisional: false };
  let table = tableFor(state, yearOfValidDate(start));
  let index = startDay - table.firstDay;
  let remaining = n;
  let provisional = false;
  for (;;) {
    const countedSoFar = table.cum[index + 1] ?? 0;
    const target = countedSoFar + remaining;
    if (target <= table.total) {
      return { dueOn: table.labels[table.nth[target] ?? 0] ?? '', provisional: provisional || table.provisional };
    }
    // The rest of this year is examined and does not reach the count: carry on from 1 January.
    if (index < table.length - 1) provisional ||= table.provisional;
    remaining = target - table.total;
    table = tableFor(state, table.year + 1);
    index = -1;
  }
}

/** Working days in the half-open span (from, to] — so countWorkingDays(c, s, addWorkingDays(c, s, n).dueOn) === n. Negative when to < from. */
export function countWorkingDays(cal: WorkingCalendar, from: LocalDate, to: LocalDate): number {
  const state = cal[STATE];
  const fromDay = dayNumberOrThrow(from);
  const toDay = dayNumberOrThrow(to);
  if (toDay < fromDay) return -countWorkingDays(cal, to, from);
  const fromYear = yearOfValidDate(from);
  const toYear = yearOfValidDate(to);
  const fromTable = tableFor(state, fromYear);
  const before = fromTable.cum[fromDay - fromTable.firstDay + 1] ?? 0;
  if (fromYear === toYear) return (fromTable.cum[toDay - fromTable.firstDay + 1] ?? 0) - before;
  let count = fromTable.total - before;
  for (let year = fromYear + 1; year < toYear; year++) count += tableFor(state, year).total;
  const toTable = tableFor(state, toYear);
  return count + (toTable.cum[toDay - toTable.firstDay + 1] ?? 0);
}

export function dayInfo(cal: WorkingCalendar, date: LocalDate): DayInfo {
  const state = cal[STATE];
  const day = dayNumberOrThrow(date);
  const table = tableFor(state, yearOfValidDate(date));
  const index = day - table.firstDay;
  const kind = table.kinds[index] ?? WORKDAY;
  return {
    date: table.labels[index] ?? date,
    working: kind === WORKDAY || kind === MAKEUP,
    kind: KIND_NAMES[kind] ?? 'workday',
    name: table.names[index] ?? null,
    provisional: table.provisional,
  };
}

/** Every day from start+1 to the deadline, with the ordinal each working day takes: the "why" behind a deadline. */
export function explainWorkingDays(
  cal: WorkingCalendar,
  start: LocalDate,
  n: number,
): { dueOn: LocalDate; provisional: boolean; days: ExplainedDay[] } {
  const { dueOn, provisional } = addWorkingDays(cal, start, n);
  const days: ExplainedDay[] = [];
  const last = dayNumberOf(dueOn);
  let counted = 0;
  for (let d = dayNumberOf(start) + 1; d <= last; d++) {
    const info = dayInfo(cal, localDateOfDayNumber(d));
    days.push({ ...info, counted: info.working ? ++counted : null });
  }
  return { dueOn, provisional, days };
}
