// `kaifang deadline <start> <n> [--explain]`: the working-day clock on the command line, so an operator can check a
// deadline (and see why it falls where it does) without opening a case. Arguments exclude the sub-command's name.
import type { Locale } from '../domain/model.ts';
import type { Translator } from '../i18n/translator.ts';
import { calendarSources, explainedDayLine } from '../application/commands/explain-days.ts';
import { addDays, isLocalDate } from '../domain/calendar/local-date.ts';
import {
  addWorkingDays,
  dayInfo,
  explainWorkingDays,
  type WorkingCalendar,
} from '../domain/calendar/working-calendar.ts';

export interface DeadlineCommandIo {
  out: (line: string) => void;
  err: (line: string) => void;
}

export interface DeadlineCommandDeps {
  calendar: WorkingCalendar;
  translator: Translator;
  locale: Locale;
}

/** The longest clock any workflow sets is 30 wd (S10); 3650 is generous and keeps --explain bounded. */
export const MAX_WORKING_DAYS = 3650;
/** Years the statutory-holiday fallback serves (1900–2199), less the ~15 calendar years MAX_WORKING_DAYS may run on. */
export const START_YEARS = { first: 1901, last: 2180 } as const;

const EXIT_OK = 0;
const EXIT_USAGE = 2;
const WHOLE_NUMBER = /^\d+$/;
const OPTION = /^--?[A-Za-z]/;

type Parsed =
  | { kind: 'help' }
  | { kind: 'run'; start: string; n: number; explain: boolean }
  | { kind: 'error'; key: string; params?: Record<string, string | number> };

function parseArgs(args: readonly string[]): Parsed {
  let explain = false;
  const positional: string[] = [];
  for (const arg of args) {
    if (arg === '--explain') explain = true;
    else if (arg === '--help' || arg === '-h') return { kind: 'help' };
    else if (OPTION.test(arg)) return { kind: 'error', key: 'unknownOption', params: { value: arg } };
    else positional.push(arg);
  }
  const [start, count, ...extra] = positional;
  if (start === undefined || count === undefined) return { kind: 'error', key: 'missingArgs' };
  if (extra.length > 0) return { kind: 'error', key: 'extraArgs', params: { value: extra.join(' ') } };
  if (!isLocalDate(start)) return { kind: 'error', key: 'badDate', params: { value: start } };
  const year = Number(start.slice(0, 4));
  if (year < START_YEARS.first || year > START_YEARS.last)
    return { kind: 'error', key: 'dateOutOfRange', params: { value: start, first: START_YEARS.first, last: START_YEARS.last } };
  const n = WHOLE_NUMBER.test(count) ? Number(count) : NaN;
  if (!(n >= 1 && n <= MAX_WORKING_DAYS)) return { kind: 'error', key: 'badCount', params: { value: count, max: MAX_WORKING_DAYS } };
  return { kind: 'run', start, n, explain };
}

/** The years between start+1 and dueOn that have no notice, for the provisional note. */
function provisionalYears(calendar: WorkingCalendar, start: string, dueOn: string): number[] {
  const years: number[] = [];
  const from = Number(addDays(start, 1).slice(0, 4));
  const to = Number(dueOn.slice(0, 4));
  for (let year = from; year <= to; year++) {
    // Only the part of the first year after `start` matters, and a year is provisional as a whole.
    const probe = year === from ? addDays(start, 1) : `${year}-01-01`;
    if (dayInfo(calendar, probe).provisional) years.push(year);
  }
  return years;
}

/**
 * Prints the deadline: the first line is always the bare due date (scripts read it); a provisional result adds a second
 * line saying why; --explain then lists every day from start+1 to the due date. Returns the exit code (2 on bad input).
 */
export function runDeadlineCommand(args: string[], io: DeadlineCommandIo, deps: DeadlineCommandDeps): number {
  const { calendar, translator, locale } = deps;
  const t = translator.for(locale);
  const has = (key: string): boolean => translator.has(locale, key);
  const parsed = parseArgs(args);
  if (parsed.kind === 'help') {
    io.out(t('calendar.deadline.usage'));
    return EXIT_OK;
  }
  if (parsed.kind === 'error') {
    io.err(t(`calendar.deadline.errors.${parsed.key}`, parsed.params));
    io.err(t('calendar.deadline.usage'));
    return EXIT_USAGE;
  }
  const { start, n, explain } = parsed;
  const result = explain ? explainWorkingDays(calendar, start, n) : { ...addWorkingDays(calendar, start, n), days: [] };
  io.out(result.dueOn);
  if (result.provisional) {
    const years = provisionalYears(calendar, start, result.dueOn).join(t('calendar.deadline.listSeparator'));
    io.out(t('calendar.deadline.provisional', { years }));
  }
  if (explain) {
    io.out(t('calendar.explain.header', { start, n, dueOn: result.dueOn }));
    for (const day of result.days) io.out(explainedDayLine(day, t, has));
    io.out(calendarSources(calendar, result.days, t));
  }
  return EXIT_OK;
}
