import { describe, expect, it } from 'vitest';
import { cnStatutoryHolidays, defaultCalendar, FALLBACK_YEARS } from './cn-statutory-holidays.ts';
import { OFFICIAL_NOTICES } from './official-notices.ts';
import { addWorkingDays } from './working-calendar.ts';

describe('cnStatutoryHolidays', () => {
  it('gives the 2027 days off of 全国年节及纪念日放假办法 第二条 (2024 revision)', () => {
    expect(cnStatutoryHolidays(2027)).toEqual([
      { date: '2027-01-01', name: '元旦' },
      // 农历除夕 and 正月初一至初三: lunar new year 2027 is 6 February.
      { date: '2027-02-05', name: '春节' },
      { date: '2027-02-06', name: '春节' },
      { date: '2027-02-07', name: '春节' },
      { date: '2027-02-08', name: '春节' },
      { date: '2027-04-05', name: '清明节' },
      { date: '2027-05-01', name: '劳动节' },
      { date: '2027-05-02', name: '劳动节' },
      { date: '2027-06-09', name: '端午节' },
      { date: '2027-09-15', name: '中秋节' },
      { date: '2027-10-01', name: '国庆节' },
      { date: '2027-10-02', name: '国庆节' },
      { date: '2027-10-03', name: '国庆节' },
    ]);
  });

  it('uses the pre-2025 rule before 2025: 春节 正月初一至初三, 劳动节 one day', () => {
    const days = cnStatutoryHolidays(2023);
    expect(days.filter((d) => d.name === '春节').map((d) => d.date)).toEqual(['2023-01-22', '2023-01-23', '2023-01-24']);
    expect(days.filter((d) => d.name === '劳动节').map((d) => d.date)).toEqual(['2023-05-01']);
  });

  it('joins two festivals on one day', () => {
    expect(cnStatutoryHolidays(2028).find((d) => d.date === '2028-10-03')?.name).toBe('国庆节、中秋节');
  });

  it('leaves out days off for part of the citizens (第三条)', () => {
    const dates = cnStatutoryHolidays(2027).map((d) => d.date);
    for (const date of ['2027-03-08', '2027-05-04', '2027-06-01', '2027-08-01']) expect(dates).not.toContain(date);
  });

  it.each(OFFICIAL_NOTICES.map((n) => [n.year, n] as const))('every statutory day of %i lies inside that year’s notice', (year, notice) => {
    const off = new Set(notice.holidays.map((h) => h.date));
    for (const { date } of cnStatutoryHolidays(year)) expect(off.has(date), date).toBe(true);
  });

  it('refuses years its lunar data cannot serve', () => {
    expect(() => cnStatutoryHolidays(FALLBACK_YEARS.first - 1)).toThrow(RangeError);
    expect(() => cnStatutoryHolidays(FALLBACK_YEARS.last + 1)).toThrow(RangeError);
  });
});

describe('defaultCalendar', () => {
  it('is the official notices plus the fallback, and takes extra notices over them', () => {
    expect(addWorkingDays(defaultCalendar(), '2026-09-30', 5)).toEqual({ dueOn: '2026-10-13', provisional: false });
    const extra = [{ year: 2027, title: 't', holidays: [], workdays: [] }];
    expect(addWorkingDays(defaultCalendar(extra), '2027-02-04', 1)).toEqual({ dueOn: '2027-02-05', provisional: false });
  });
});
