// The statutory days off that hold every year (全国年节及纪念日放假办法), used for years the State Council has not yet
// published a notice for. They are what the law fixes; the bridged days off and the make-up working days of a real
// notice cannot be predicted, which is why such years are provisional.
import { createRequire } from 'node:module';
import type Holidays from 'date-holidays';
import type { LocalDate } from '../model.ts';
import type { HolidayNotice } from './holiday-notice.ts';
import { dayNumberOf, localDateOfDayNumber } from './day-number.ts';
import { OFFICIAL_NOTICES } from './official-notices.ts';
import { createCalendar, type WorkingCalendar } from './working-calendar.ts';

type Day = { date: LocalDate; name: string };

// 放假办法 第二条: the festivals on which all citizens have the day off. date-holidays also lists, as "public", days off
// for part of the citizens only (第三条: 妇女节, 青年节, 儿童节, 建军节), which must not stop a deadline clock.
export const STATUTORY_FESTIVALS = ['元旦', '春节', '清明节', '劳动节', '端午节', '中秋节', '国庆节'] as const;
const ALL_CITIZENS: ReadonlySet<string> = new Set(STATUTORY_FESTIVALS);

// The 2024 revision (in force from 2025-01-01) gave 春节 four days (除夕 and 正月初一至初三) and 劳动节 two (5月1日、2日).
const REVISED_FROM = 2025;

// date-holidays' lunar calendar goes wrong far from the present (year 9999 puts 春节 in April; year 1 never returns).
export const FALLBACK_YEARS = { first: 1900, last: 2199 } as const;

let holidaysCn: Holidays | null = null;

function cn(): Holidays {
  // Loaded and built on first use: date-holidays carries every country's rules (100–250 ms to load, most of
  // `kaifang deadline`'s start), and the years with an official notice, which most commands count on, never need it.
  if (!holidaysCn) {
    const HolidaysOfEveryCountry = createRequire(import.meta.url)('date-holidays') as typeof Holidays;
    holidaysCn = new HolidaysOfEveryCountry('CN', { types: ['public'], languages: ['zh'] });
  }
  return holidaysCn;
}

/**
 * The statutory days off of `year` from date-holidays (CN), one entry per day, Chinese names, sorted by date.
 * date-holidays gives 春节 as 除夕, 初一, 初二 and 劳动节 as 5月1日 only, which matches neither version of 第二条; this
 * corrects it to 初一–初三 and 5月1日 before 2025, and 除夕–初三 and 5月1日–2日 from 2025. No 调休 is applied.
 */
export function cnStatutoryHolidays(year: number): Day[] {
  if (!Number.isInteger(year) || year < FALLBACK_YEARS.first || year > FALLBACK_YEARS.last)
    throw new RangeError(`no statutory holiday data for ${year}: supported ${FALLBACK_YEARS.first}–${FALLBACK_YEARS.last}`);
  const days = new Map<number, string>();
  for (const holiday of cn().getHolidays(year, 'zh')) {
    if (holiday.type !== 'public') continue;
    const name = holiday.name.split(/\s+/)[0] ?? '';
    if (!ALL_CITIZENS.has(name)) continue;
    const first = dayNumberOf(holiday.date.slice(0, 10));
    if (Number.isNaN(first)) continue;
    const span = Math.max(1, Math.round((holiday.end.getTime() - holiday.start.getTime()) / 86_400_000));
    for (let d = first; d < first + span; d++) {
      const existing = days.get(d);
      days.set(d, existing !== undefined && existing !== name ? `${existing}、${name}` : name);
    }
  }
  const springFestival = [...days].filter(([, name]) => name === '春节').map(([d]) => d).sort((a, b) => a - b);
  const eve = springFestival[0];
  const lastDay = springFestival[springFestival.length - 1];
  if (eve !== undefined && lastDay !== undefined) {
    days.set(lastDay + 1, '春节');
    if (year < REVISED_FROM) days.delete(eve);
  }
  if (year >= REVISED_FROM) {
    const may2 = dayNumberOf(`${String(year).padStart(4, '0')}-05-02`);
    if (!days.has(may2)) days.set(may2, '劳动节');
  }
  return [...days]
    .sort(([a], [b]) => a - b)
    .map(([d, name]) => ({ date: localDateOfDayNumber(d), name }));
}

/** The platform's calendar: the official notices, then `extra` (the override file, which wins for its years), then the statutory fallback. */
export function defaultCalendar(extra: readonly HolidayNotice[] = []): WorkingCalendar {
  return createCalendar({ notices: [...OFFICIAL_NOTICES, ...extra], fallbackHolidays: cnStatutoryHolidays });
}
