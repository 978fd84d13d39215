// The override file: operators add next year's notice the day it is published, or correct a year, without a release.
// Line-oriented so that every mistake can be reported as `line N: …`: the result carries the line number and the
// message says what is wrong (English, technical, for operators; the caller prefixes the file and line).
//
//   # comment                                   (a `#` after whitespace also starts a comment)
//   notice 2027 国务院办公厅关于2027年部分节假日安排的通知
//   holiday 2027-01-01 元旦
//   holiday 2027-02-06..2027-02-13 春节          (inclusive range)
//   workday 2027-02-14 春节调休                   (make-up working day, must be a Saturday or Sunday)
import type { LocalDate } from '../model.ts';
import type { HolidayNotice } from './holiday-notice.ts';
import { dayNumberOf, localDateOfDayNumber, weekdayOfDayNumber } from './day-number.ts';

export type ParseCalendarFileResult =
  | { ok: true; notices: HolidayNotice[] }
  | { ok: false; line: number; message: string };

class LineError extends Error {
  constructor(
    readonly line: number,
    readonly detail: string,
  ) {
    super(`line ${line}: ${detail}`);
    this.name = 'LineError';
  }
}

interface OpenNotice {
  notice: HolidayNotice;
  /** Day number → line that listed it and as what, to name both lines when a day is listed twice. */
  seen: Map<number, { line: number; as: 'holiday' | 'workday' }>;
}

const NOTICE_LINE = /^notice\s+(\S+)(?:\s+(.*))?$/;
const DAY_LINE = /^(holiday|workday)\s+(\S+)(?:\s+(.*))?$/;
const YEAR = /^\d{4}$/;
const RANGE_SEPARATOR = '..';

function stripComment(raw: string): string {
  const trimmed = raw.trim();
  if (trimmed.startsWith('#')) return '';
  const hash = trimmed.search(/\s#/);
  return (hash === -1 ? trimmed : trimmed.slice(0, hash)).trim();
}

function parseDay(text: string, line: number, year: number): number {
  const day = dayNumberOf(text);
  if (Number.isNaN(day)) throw new LineError(line, `"${text}" is not a valid date (expected YYYY-MM-DD, e.g. ${year}-01-01)`);
  if (Number(text.slice(0, 4)) !== year) throw new LineError(line, `${text} is outside the notice's year ${year}`);
  return day;
}

function parseDays(text: string, line: number, year: number): { first: number; last: number } {
  const separator = text.indexOf(RANGE_SEPARATOR);
  if (separator === -1) {
    const day = parseDay(text, line, year);
    return { first: day, last: day };
  }
  const firstText = text.slice(0, separator);
  const lastText = text.slice(separator + RANGE_SEPARATOR.length);
  const first = parseDay(firstText, line, year);
  const last = parseDay(lastText, line, year);
  if (last < first) throw new LineError(line, `range end ${lastText} is before its start ${firstText}`);
  return { first, last };
}

function addDays(open: OpenNotice, as: 'holiday' | 'workday', dateText: string, name: string, line: number): void {
  const { notice, seen } = open;
  const { first, last } = parseDays(dateText, line, notice.year);
  for (let day = first; day <= last; day++) {
    const date: LocalDate = localDateOfDayNumber(day);
    const earlier = seen.get(day);
    if (earlier) {
      throw new LineError(
        line,
        earlier.as === as
          ? `${date} is already listed as a ${as} on line ${earlier.line}`
          : `${date} cannot be both a holiday and a workday (it is a ${earlier.as} on line ${earlier.line})`,
      );
    }
    if (as === 'workday') {
      const wd = weekdayOfDayNumber(day);
      // A make-up working day (调休上班日) is a weekend day that is worked; Monday–Friday already are working days.
      if (wd !== 0 && wd !== 6) throw new LineError(line, `workday ${date} is a Monday–Friday; a make-up working day must fall on a Saturday or Sunday`);
    }
    seen.set(day, { line, as });
    (as === 'holiday' ? notice.holidays : notice.workdays).push({ date, name });
  }
}

function parseLines(text: string): HolidayNotice[] {
  const notices: HolidayNotice[] = [];
  const noticeLines = new Map<number, number>();
  let open: OpenNotice | null = null;
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  lines.forEach((raw, i) => {
    const line = i + 1;
    const content = stripComment(raw);
    if (content === '') return;
    const noticeMatch = NOTICE_LINE.exec(content);
    if (noticeMatch) {
      const [, yearText = '', title = ''] = noticeMatch;
      if (!YEAR.test(yearText)) throw new LineError(line, `"${yearText}" is not a year (expected four digits, e.g. notice 2027 <title>)`);
      const year = Number(yearText);
      if (title.trim() === '') throw new LineError(line, `notice ${year} needs a title after the year (the notice's title, for provenance)`);
      const earlier = noticeLines.get(year);
      if (earlier !== undefined) throw new LineError(line, `a notice for ${year} already starts on line ${earlier}; put all of ${year} in one notice`);
      noticeLines.set(year, line);
      const notice: HolidayNotice = { year, title: title.trim(), holidays: [], workdays: [] };
      notices.push(notice);
      open = { notice, seen: new Map() };
      return;
    }
    const dayMatch = DAY_LINE.exec(content);
    if (dayMatch) {
      const [, directive = '', dateText = '', name = ''] = dayMatch;
      const as = directive === 'holiday' ? 'holiday' : 'workday';
      if (open === null) throw new LineError(line, `${as} before any notice line (start the year with: notice YYYY <title>)`);
      if (name.trim() === '') throw new LineError(line, `${as} ${dateText} needs a name after the date (e.g. 春节)`);
      addDays(open, as, dateText, name.trim(), line);
      return;
    }
    const word = content.split(/\s+/)[0] ?? '';
    if (word === 'notice' || word === 'holiday' || word === 'workday') throw new LineError(line, `${word} needs arguments`);
    throw new LineError(line, `unknown directive "${word}" (expected notice, holiday or workday)`);
  });
  for (const notice of notices) {
    notice.holidays.sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
    notice.workdays.sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
  }
  return notices;
}

/**
 * Parses the override file. On success the notices are in file order; pass them after the official ones so that a
 * notice for a year with official data replaces it. On failure, `line` is 1-based and `message` says what is wrong
 * on it, without the line number (print `line ${line}: ${message}`).
 */
export function parseCalendarFile(text: string): ParseCalendarFileResult {
  try {
    return { ok: true, notices: parseLines(text) };
  } catch (error) {
    if (error instanceof LineError) return { ok: false, line: error.line, message: error.detail };
    throw error;
  }
}
