// The State Council's holiday notice read from its text as published (国务院办公厅关于YYYY年部分节假日安排的通知), so
// that an operator loads next year's arrangement the day it comes out by pasting the notice into a file, not by
// retyping it. What the notice says is checked before anything is believed: every date in the notice's year, no day
// both off and worked, every make-up working day (调休上班日) a Saturday or Sunday, every weekday the notice writes
// (（周五）, （星期日）) the date's own, and every stated length (共8天) the period's.
//
// The notices' wording, which this reads (full-width or ASCII punctuation, spaces anywhere):
//   国务院办公厅关于2026年部分节假日安排的通知                         the title: the year
//   国办发明电〔2025〕7号                                               its document number (optional)
//   一、元旦：1月1日（周四）至3日（周六）放假调休，共3天。1月4日（周日）上班。
//   二、春节：2月15日（农历腊月二十八、周日）至23日（农历正月初七、周一）放假调休，共9天。…
//   一、元旦：1月1日放假，与周末连休。                                  one day, given alone (2024)
//   一、元旦：1月1日（周三）放假1天，不调休。                            one day, counted (2025)
//   七、国庆节：10月1日至7日放假调休，共7天。9月29日（星期日）、10月12日（星期六）上班。
//   鼓励各单位…安排职工在除夕（2月9日）休息。                            advice, not a period: skipped
//   2025年11月4日                                                       the date under the signature (optional)
// Everything else (the addressees, the preamble, the closing paragraph) is prose and is skipped; a date in a line after
// the first item that belongs to no item is refused, since it is most likely an item broken over two lines.
import type { Params } from '../errors.ts';
import type { LocalDate } from '../model.ts';
import type { HolidayNotice } from './holiday-notice.ts';
import { STATUTORY_FESTIVALS } from './cn-statutory-holidays.ts';
import { daysFromCivil, daysInMonth, localDateOfDayNumber, weekdayOfDayNumber } from './day-number.ts';

/** Every way a notice's text can be refused; each has a message under `calendar.notice.problem.<code>`. */
export const NOTICE_TEXT_PROBLEMS = [
  'tooLong',
  'notUtf8',
  'noTitle',
  'secondTitle',
  'noItems',
  'unreadableItem',
  'unknownFestival',
  'noPeriod',
  'unreadableSentence',
  'invalidDate',
  'outsideYear',
  'rangeBackwards',
  'weekdayMismatch',
  'dayCountMismatch',
  'makeUpOnWeekday',
  'holidayTwice',
  'makeUpTwice',
  'holidayAndMakeUp',
  'dateOutsideItem',
] as const;

export type NoticeTextProblemCode = (typeof NOTICE_TEXT_PROBLEMS)[number];

export interface NoticeTextProblem {
  code: NoticeTextProblemCode;
  /** The 1-based line the problem is on; null when it concerns the whole text (no title, no items). */
  line: number | null;
  /** That line as written, trimmed and shortened, so the operator finds it. */
  quote: string | null;
  /** Dates as YYYY-MM-DD; weekdays (the params named …Weekday or weekday) as 0 (Sunday) … 6; lines and counts as numbers. */
  params: Params;
}

/** One run of days off, as the notice gives it. */
export interface NoticePeriod {
  first: LocalDate;
  last: LocalDate;
  days: number;
}

/** One numbered item (一、元旦：…): its festival, its days off and the weekend days worked for them. */
export interface NoticeItem {
  line: number;
  /** As the notice names it, e.g. 国庆节、中秋节 for a combined item. */
  name: string;
  periods: NoticePeriod[];
  makeUpDays: LocalDate[];
}

export interface ReadNotice {
  /** Days of every period, one entry per day named after its item, and the make-up days; each list sorted by date. */
  notice: HolidayNotice;
  /** The date under the signature, when the text has it: with the title, the notice's provenance. */
  issuedOn: LocalDate | null;
  items: NoticeItem[];
}

export type ParseHolidayNoticeTextResult = { ok: true; value: ReadNotice } | { ok: false; problem: NoticeTextProblem };

/** A notice is about two kilobytes; anything far larger is not one. */
export const NOTICE_TEXT_MAX_LENGTH = 64 * 1024;

const QUOTE_MAX = 60;
const FESTIVALS: ReadonlySet<string> = new Set(STATUTORY_FESTIVALS);

const DOCUMENT_NUMBER_SOURCE = '[\\u4e00-\\u9fff]{2,10}〔\\d{4}〕\\d{1,4}号';
const DOCUMENT_NUMBER = new RegExp(`^${DOCUMENT_NUMBER_SOURCE}$`);
// The document number may follow in brackets, or on the same line (a web page's copy puts a space between them).
const TITLE = new RegExp(`^国务院办公厅关于(\\d{4})年部分节假日安排的通知(?:（([^（）]+)）|(${DOCUMENT_NUMBER_SOURCE}))?$`);
const ITEM = /^[一二三四五六七八九十]{1,3}、/;
const ITEM_PARTS = /^[一二三四五六七八九十]{1,3}、([^：]{1,40})：(.*)$/;
const DATE_LINE = /^(\d{4})年(\d{1,2})月(\d{1,2})日$/;
const ANY_DATE = /\d{1,2}月\d{1,2}日/;
const WEEKDAY = /(?:周|星期|礼拜)([日天一二三四五六])/;
const WEEKDAY_NUMBER: Readonly<Record<string, number>> = { 日: 0, 天: 0, 一: 1, 二: 2, 三: 3, 四: 4, 五: 5, 六: 6 };

// A day as the notices write it: 2月10日, 2011年12月31日, 1月28日（农历除夕、周二）. The end of a period may leave out
// the month (至17日). Groups: year, month, day, the parenthesis.
const DAY = '(?:(\\d{4})年)?(\\d{1,2})月(\\d{1,2})日(?:（([^（）]*)）)?';
const END_DAY = '(?:(?:(\\d{4})年)?(\\d{1,2})月)?(\\d{1,2})日(?:（([^（）]*)）)?';
const PERIOD = new RegExp(`^${DAY}(?:至${END_DAY})?放假(.*)$`);
const MAKE_UP_DAY = new RegExp(DAY, 'y');
const MAKE_UP_SEPARATOR = /[、，和]/y;
/** Clauses after 放假 that say nothing about which days: the kind of period, or that a weekend adjoins it. */
const PLAIN_CLAUSES: ReadonlySet<string> = new Set(['调休', '不调休', '与周末连休']);

const ASCII_PUNCTUATION: Readonly<Record<string, string>> = {
  ':': '：',
  '(': '（',
  ')': '）',
  ',': '，',
  ';': '；',
  '[': '〔',
  ']': '〕',
  '［': '〔',
  '］': '〕',
  '.': '。',
};

/** One way of writing the notice: full-width punctuation and ASCII digits, no spaces (pasted text has them anywhere). */
function normalise(line: string): string {
  return line
    .replace(/[\s\u3000\u00a0\u200b]+/g, '')
    .replace(/[０-９]/g, (d) => String.fromCharCode(d.charCodeAt(0) - 0xfee0))
    .replace(/(?<!\d)\.|\.(?!\d)|[:(),;[\]［］]/g, (c) => ASCII_PUNCTUATION[c] ?? c);
}

function quoteOf(raw: string): string {
  const trimmed = raw.trim();
  return trimmed.length > QUOTE_MAX ? `${trimmed.slice(0, QUOTE_MAX)}…` : trimmed;
}

class Refusal extends Error {
  constructor(readonly problem: NoticeTextProblem) {
    super(problem.code);
    this.name = 'Refusal';
  }
}

interface Line {
  number: number;
  raw: string;
  text: string;
}

function refuse(code: NoticeTextProblemCode, line: Line | null, params: Params = {}): never {
  throw new Refusal({ code, line: line?.number ?? null, quote: line ? quoteOf(line.raw) : null, params });
}

interface ReadDay {
  day: number;
  date: LocalDate;
  /** The weekday the notice writes beside it, if any. */
  stated: number | null;
}

/** Reads one day of `year`; refuses an impossible date (2月30日), quoting it as written. */
function readDay(line: Line, year: number, yearWritten: boolean, month: number, dayOfMonth: number, paren: string | undefined): ReadDay {
  if (month < 1 || month > 12 || dayOfMonth < 1 || dayOfMonth > daysInMonth(year, month))
    refuse('invalidDate', line, { text: `${yearWritten ? `${year}年` : ''}${month}月${dayOfMonth}日` });
  const day = daysFromCivil(year, month, dayOfMonth);
  const weekday = paren === undefined ? null : WEEKDAY.exec(paren);
  return { day, date: localDateOfDayNumber(day), stated: weekday ? (WEEKDAY_NUMBER[weekday[1]!] ?? null) : null };
}

interface Tally {
  year: number;
  /** Day number → the line that made it a day off / a make-up day. */
  holidays: Map<number, number>;
  workdays: Map<number, number>;
  notice: HolidayNotice;
}

/** The checks every named day passes: in the notice's year, and the weekday the notice gives it its own. */
function checkDay(line: Line, tally: Tally, d: ReadDay): void {
  if (Number(d.date.slice(0, 4)) !== tally.year) refuse('outsideYear', line, { date: d.date, year: tally.year });
  const actual = weekdayOfDayNumber(d.day);
  if (d.stated !== null && d.stated !== actual) refuse('weekdayMismatch', line, { date: d.date, statedWeekday: d.stated, actualWeekday: actual });
}

function readPeriod(line: Line, sentence: string, match: RegExpExecArray, tally: Tally, name: string): NoticePeriod {
  const [, y1, m1, d1, p1, y2, m2, d2, p2, rest = ''] = match;
  const startMonth = Number(m1);
  const endMonth = m2 === undefined ? startMonth : Number(m2);
  const crossesYear = endMonth < startMonth;
  // A period that runs from December into January with no years written (12月31日至1月2日) starts in the year before
  // the notice's: refused below as outside the year, rather than read as running backwards.
  const startYear = y1 !== undefined ? Number(y1) : crossesYear ? tally.year - 1 : tally.year;
  const endYear = y2 !== undefined ? Number(y2) : crossesYear ? startYear + 1 : startYear;
  const first = readDay(line, startYear, y1 !== undefined, startMonth, Number(d1), p1);
  const last = d2 === undefined ? first : readDay(line, endYear, y2 !== undefined, endMonth, Number(d2), p2);
  checkDay(line, tally, first);
  checkDay(line, tally, last);
  if (last.day < first.day) refuse('rangeBackwards', line, { first: first.date, last: last.date });
  const days = last.day - first.day + 1;

  // What follows 放假: 调休, a count (放假1天, 共8天), 不调休, 与周末连休. Anything else is refused rather than guessed.
  let clauses = rest.startsWith('调休') ? rest.slice(2) : rest;
  const stated: number[] = [];
  const counted = /^(\d{1,3})天/.exec(clauses);
  if (counted) {
    stated.push(Number(counted[1]));
    clauses = clauses.slice(counted[0].length);
  }
  for (const clause of clauses.split('，')) {
    if (clause === '' || PLAIN_CLAUSES.has(clause)) continue;
    const total = /^共(\d{1,3})天$/.exec(clause);
    if (total) stated.push(Number(total[1]));
    else refuse('unreadableSentence', line, { sentence });
  }
  for (const n of stated) if (n !== days) refuse('dayCountMismatch', line, { first: first.date, last: last.date, stated: n, actual: days });

  for (let day = first.day; day <= last.day; day++) {
    const date = localDateOfDayNumber(day);
    const other = tally.holidays.get(day);
    if (other !== undefined) refuse('holidayTwice', line, { date, otherLine: other });
    const worked = tally.workdays.get(day);
    if (worked !== undefined) refuse('holidayAndMakeUp', line, { date, otherLine: worked });
    tally.holidays.set(day, line.number);
    tally.notice.holidays.push({ date, name });
  }
  return { first: first.date, last: last.date, days };
}

function readMakeUpDays(line: Line, sentence: string, tally: Tally, name: string): LocalDate[] {
  const list = sentence.slice(0, -'上班'.length);
  const dates: LocalDate[] = [];
  let at = 0;
  while (at < list.length) {
    if (dates.length > 0) {
      MAKE_UP_SEPARATOR.lastIndex = at;
      if (!MAKE_UP_SEPARATOR.test(list)) refuse('unreadableSentence', line, { sentence });
      at = MAKE_UP_SEPARATOR.lastIndex;
    }
    MAKE_UP_DAY.lastIndex = at;
    const m = MAKE_UP_DAY.exec(list);
    if (!m) refuse('unreadableSentence', line, { sentence });
    at = MAKE_UP_DAY.lastIndex;
    const [, y, month, dayOfMonth, paren] = m;
    const d = readDay(line, y === undefined ? tally.year : Number(y), y !== undefined, Number(month), Number(dayOfMonth), paren);
    checkDay(line, tally, d);
    const weekday = weekdayOfDayNumber(d.day);
    // A make-up working day (调休上班日) is a weekend day that is worked; Monday–Friday already are working days.
    if (weekday !== 0 && weekday !== 6) refuse('makeUpOnWeekday', line, { date: d.date, weekday });
    const twice = tally.workdays.get(d.day);
    if (twice !== undefined) refuse('makeUpTwice', line, { date: d.date, otherLine: twice });
    const off = tally.holidays.get(d.day);
    if (off !== undefined) refuse('holidayAndMakeUp', line, { date: d.date, otherLine: off });
    tally.workdays.set(d.day, line.number);
    tally.notice.workdays.push({ date: d.date, name });
    dates.push(d.date);
  }
  if (dates.length === 0) refuse('unreadableSentence', line, { sentence });
  return dates;
}

function readItem(line: Line, tally: Tally): NoticeItem {
  const parts = ITEM_PARTS.exec(line.text);
  if (!parts) refuse('unreadableItem', line);
  const [, name = '', body = ''] = parts;
  for (const festival of name.split('、')) if (!FESTIVALS.has(festival)) refuse('unknownFestival', line, { name: festival });
  const item: NoticeItem = { line: line.number, name, periods: [], makeUpDays: [] };
  for (const sentence of body.split('。')) {
    if (sentence === '') continue;
    // 鼓励各单位…安排职工在除夕（2月9日）休息: advice to employers. Its date is no day off of the notice.
    if (sentence.startsWith('鼓励')) continue;
    if (!ANY_DATE.test(sentence)) {
      if (sentence.includes('放假') || sentence.includes('上班')) refuse('unreadableSentence', line, { sentence });
      continue;
    }
    if (sentence.endsWith('上班')) {
      item.makeUpDays.push(...readMakeUpDays(line, sentence, tally, name));
      continue;
    }
    const period = sentence.includes('放假') ? PERIOD.exec(sentence) : null;
    if (!period) refuse('unreadableSentence', line, { sentence });
    item.periods.push(readPeriod(line, sentence, period, tally, name));
  }
  if (item.periods.length === 0) refuse('noPeriod', line, { name });
  return item;
}

function byDate(a: { date: LocalDate }, b: { date: LocalDate }): number {
  return a.date < b.date ? -1 : a.date > b.date ? 1 : 0;
}

function read(text: string): ReadNotice {
  if (text.length > NOTICE_TEXT_MAX_LENGTH) refuse('tooLong', null, { max: NOTICE_TEXT_MAX_LENGTH });
  const lines: Line[] = text
    .replace(/^\uFEFF/, '')
    .split(/\r\n|\r|\n/)
    .map((raw, i) => ({ number: i + 1, raw, text: normalise(raw) }));
  // Text in another encoding (GBK, the default of Chinese Windows) arrives as replacement characters.
  const garbled = lines.find((l) => l.raw.includes('\uFFFD'));
  if (garbled) refuse('notUtf8', garbled);

  let titleLine: Line | null = null;
  let year = 0;
  let title = '';
  const skip = new Set<number>();
  for (const [i, line] of lines.entries()) {
    const m = TITLE.exec(line.text);
    if (!m) continue;
    if (titleLine) refuse('secondTitle', line, { firstLine: titleLine.number });
    titleLine = line;
    year = Number(m[1]);
    const base = `国务院办公厅关于${m[1]}年部分节假日安排的通知`;
    // The document number after the title, or on the next line that is not blank.
    const next = lines.slice(i + 1).find((l) => l.text !== '');
    const onNextLine = next !== undefined && DOCUMENT_NUMBER.test(next.text);
    const number = m[2] ?? m[3] ?? (onNextLine ? next.text : null);
    if (m[2] === undefined && m[3] === undefined && onNextLine) skip.add(next.number);
    title = number === null ? base : `${base}（${number}）`;
    skip.add(line.number);
  }
  if (!titleLine) refuse('noTitle', null);

  const tally: Tally = { year, holidays: new Map(), workdays: new Map(), notice: { year, title, holidays: [], workdays: [] } };
  const items: NoticeItem[] = [];
  let issuedOn: LocalDate | null = null;
  for (const line of lines) {
    if (line.text === '' || skip.has(line.number)) continue;
    if (ITEM.test(line.text)) {
      items.push(readItem(line, tally));
      continue;
    }
    const signed = DATE_LINE.exec(line.text);
    if (signed) {
      const [, y, m, d] = signed;
      issuedOn = readDay(line, Number(y), true, Number(m), Number(d), undefined).date;
      continue;
    }
    if (items.length > 0 && ANY_DATE.test(line.text)) refuse('dateOutsideItem', line);
  }
  if (items.length === 0) refuse('noItems', null, { year });
  tally.notice.holidays.sort(byDate);
  tally.notice.workdays.sort(byDate);
  return { notice: tally.notice, issuedOn, items };
}

/**
 * Reads the notice's text. On success: the notice (its title with the document number, for provenance), the signature
 * date when the text has one, and the items as the notice gives them, to show the operator what was understood. On
 * failure: the first problem, with the line it is on.
 */
export function parseHolidayNoticeText(text: string): ParseHolidayNoticeTextResult {
  try {
    return { ok: true, value: read(text) };
  } catch (error) {
    if (error instanceof Refusal) return { ok: false, problem: error.problem };
    throw error;
  }
}
