import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import type { LocalDate } from '../model.ts';
import { defaultCalendar } from './cn-statutory-holidays.ts';
import { OFFICIAL_NOTICES } from './official-notices.ts';
import { addDays, weekday } from './local-date.ts';
import { addWorkingDays, countWorkingDays, createCalendar, dayInfo, explainWorkingDays } from './working-calendar.ts';

// The State Council notices for 2024–2026, written out here independently of official-notices.ts:
// [festival, first day off, last day off, make-up working days].
const PERIODS: ReadonlyArray<readonly [string, LocalDate, LocalDate, readonly LocalDate[]]> = [
  // 国办发明电〔2023〕7号
  ['元旦', '2024-01-01', '2024-01-01', []],
  ['春节', '2024-02-10', '2024-02-17', ['2024-02-04', '2024-02-18']],
  ['清明节', '2024-04-04', '2024-04-06', ['2024-04-07']],
  ['劳动节', '2024-05-01', '2024-05-05', ['2024-04-28', '2024-05-11']],
  ['端午节', '2024-06-10', '2024-06-10', []],
  ['中秋节', '2024-09-15', '2024-09-17', ['2024-09-14']],
  ['国庆节', '2024-10-01', '2024-10-07', ['2024-09-29', '2024-10-12']],
  // 国办发明电〔2024〕12号
  ['元旦', '2025-01-01', '2025-01-01', []],
  ['春节', '2025-01-28', '2025-02-04', ['2025-01-26', '2025-02-08']],
  ['清明节', '2025-04-04', '2025-04-06', []],
  ['劳动节', '2025-05-01', '2025-05-05', ['2025-04-27']],
  ['端午节', '2025-05-31', '2025-06-02', []],
  ['国庆节、中秋节', '2025-10-01', '2025-10-08', ['2025-09-28', '2025-10-11']],
  // 2026
  ['元旦', '2026-01-01', '2026-01-03', ['2026-01-04']],
  ['春节', '2026-02-15', '2026-02-23', ['2026-02-14', '2026-02-28']],
  ['清明节', '2026-04-04', '2026-04-06', []],
  ['劳动节', '2026-05-01', '2026-05-05', ['2026-05-09']],
  ['端午节', '2026-06-19', '2026-06-21', []],
  ['中秋节', '2026-09-25', '2026-09-27', []],
  ['国庆节', '2026-10-01', '2026-10-07', ['2026-09-20', '2026-10-10']],
];

function daysBetween(first: LocalDate, last: LocalDate): LocalDate[] {
  const out: LocalDate[] = [];
  for (let d = first; d <= last; d = addDays(d, 1)) out.push(d);
  return out;
}

const HOLIDAY_ROWS = PERIODS.flatMap(([name, first, last]) => daysBetween(first, last).map((date) => [date, name] as const));
const MAKEUP_ROWS = PERIODS.flatMap(([name, , , makeups]) => makeups.map((date) => [date, name] as const));
const TABLE_OFF = new Set(HOLIDAY_ROWS.map(([d]) => d));
const TABLE_MAKEUP = new Set(MAKEUP_ROWS.map(([d]) => d));

/** The reference: the table above plus weekends, walked one day at a time. */
function naiveWorking(date: LocalDate): boolean {
  if (TABLE_MAKEUP.has(date)) return true;
  if (TABLE_OFF.has(date)) return false;
  const wd = weekday(date);
  return wd !== 0 && wd !== 6;
}

function naiveAdd(start: LocalDate, n: number): LocalDate {
  let d = start;
  for (let left = n; left > 0; ) {
    d = addDays(d, 1);
    if (naiveWorking(d)) left--;
  }
  return d;
}

function naiveCount(from: LocalDate, to: LocalDate): number {
  let count = 0;
  for (let d = addDays(from, 1); d <= to; d = addDays(d, 1)) if (naiveWorking(d)) count++;
  return count;
}

const cal = defaultCalendar();

describe('the 2024–2026 notices', () => {
  it.each(HOLIDAY_ROWS)('%s is a day off: %s', (date, name) => {
    expect(dayInfo(cal, date)).toEqual({ date, working: false, kind: 'holiday', name, provisional: false });
  });

  it.each(MAKEUP_ROWS)('%s is a make-up working day: %s', (date, name) => {
    expect(dayInfo(cal, date)).toEqual({ date, working: true, kind: 'makeup', name, provisional: false });
    // 调休上班日 are always weekend days.
    expect([0, 6]).toContain(weekday(date));
  });

  it('every other day of 2024–2026 is a plain weekday or weekend', () => {
    for (const date of daysBetween('2024-01-01', '2026-12-31')) {
      if (TABLE_OFF.has(date) || TABLE_MAKEUP.has(date)) continue;
      const info = dayInfo(cal, date);
      const weekend = weekday(date) === 0 || weekday(date) === 6;
      expect(info.kind, date).toBe(weekend ? 'weekend' : 'workday');
      expect(info.working, date).toBe(!weekend);
      expect(info.provisional, date).toBe(false);
    }
  });

  it('names the festival on the weekend that joins it (与周末连休) and nowhere else', () => {
    expect(dayInfo(cal, '2024-06-08')).toMatchObject({ kind: 'weekend', name: '端午节', working: false });
    expect(dayInfo(cal, '2024-06-09')).toMatchObject({ kind: 'weekend', name: '端午节' });
    expect(dayInfo(cal, '2024-06-15')).toMatchObject({ kind: 'weekend', name: null });
    expect(dayInfo(cal, '2024-06-11')).toMatchObject({ kind: 'workday', name: null });
  });

  it('matches the chinese-days package day by day', () => {
    const require = createRequire(import.meta.url);
    const data = require('chinese-days/dist/chinese-days.json') as { holidays: Record<string, string>; workdays: Record<string, string> };
    for (const date of daysBetween('2024-01-01', '2026-12-31')) {
      const info = dayInfo(cal, date);
      expect(info.kind === 'holiday', date).toBe(date in data.holidays);
      expect(info.kind === 'makeup', date).toBe(date in data.workdays);
    }
  });

  it('ships exactly the three notices, frozen', () => {
    expect(OFFICIAL_NOTICES.map((n) => n.year)).toEqual([2024, 2025, 2026]);
    expect(Object.isFrozen(OFFICIAL_NOTICES[0]?.holidays)).toBe(true);
    expect(cal.notices.map((n) => n.year)).toEqual([2024, 2025, 2026]);
  });
});

describe('addWorkingDays', () => {
  // [start, n, due, provisional, why]
  const CASES: ReadonlyArray<readonly [LocalDate, number, LocalDate, boolean, string]> = [
    ['2026-09-30', 5, '2026-10-13', false, 'the spec example: Oct 1–7 off, Sat Oct 10 worked'],
    ['2026-09-18', 1, '2026-09-20', false, 'Sun Sep 20 is a 国庆 make-up day'],
    ['2026-09-24', 1, '2026-09-28', false, '中秋 Sep 25–27'],
    ['2026-02-13', 1, '2026-02-14', false, 'Sat Feb 14 is a 春节 make-up day'],
    ['2026-02-13', 2, '2026-02-24', false, '春节 Feb 15–23'],
    ['2026-02-12', 5, '2026-02-26', false, 'Feb 13, 14, 24, 25, 26'],
    ['2026-02-16', 1, '2026-02-24', false, 'start on a holiday'],
    ['2026-02-27', 1, '2026-02-28', false, 'Sat Feb 28 is a make-up day'],
    ['2026-02-28', 1, '2026-03-02', false, 'start on a make-up day'],
    ['2026-03-07', 1, '2026-03-09', false, 'start on a Saturday'],
    ['2026-03-06', 1, '2026-03-09', false, 'Friday to Monday'],
    ['2026-03-09', 1, '2026-03-10', false, 'plain week'],
    ['2026-04-03', 1, '2026-04-07', false, '清明 Apr 4–6'],
    ['2026-04-30', 1, '2026-05-06', false, '劳动节 May 1–5'],
    ['2026-05-08', 1, '2026-05-09', false, 'Sat May 9 is a make-up day'],
    ['2026-06-18', 1, '2026-06-22', false, '端午 Jun 19–21'],
    ['2025-12-31', 1, '2026-01-04', false, 'year boundary: 元旦 Jan 1–3, Sun Jan 4 worked'],
    ['2025-12-30', 2, '2026-01-04', false, 'Dec 31, then Jan 4'],
    ['2025-12-30', 3, '2026-01-05', false, 'Dec 31, Jan 4, Jan 5'],
    ['2025-12-24', 10, '2026-01-08', false, 'Dec 25, 26, 29, 30, 31, Jan 4 (make-up), 5, 6, 7, 8'],
    ['2025-01-24', 1, '2025-01-26', false, 'Sun Jan 26 is a 春节 make-up day'],
    ['2025-01-24', 2, '2025-01-27', false, 'Mon Jan 27'],
    ['2025-01-24', 3, '2025-02-05', false, '春节 Jan 28–Feb 4'],
    ['2025-02-07', 1, '2025-02-08', false, 'Sat Feb 8 is a make-up day'],
    ['2025-04-03', 1, '2025-04-07', false, '清明 Apr 4–6'],
    ['2025-04-25', 1, '2025-04-27', false, 'Sun Apr 27 is a 劳动节 make-up day'],
    ['2025-04-30', 1, '2025-05-06', false, '劳动节 May 1–5'],
    ['2025-05-30', 1, '2025-06-03', false, '端午 May 31–Jun 2'],
    ['2025-09-26', 1, '2025-09-28', false, 'Sun Sep 28 is a make-up day'],
    ['2025-09-30', 5, '2025-10-14', false, '国庆·中秋 Oct 1–8, Sat Oct 11 worked'],
    ['2024-12-31', 1, '2025-01-02', false, '元旦 2025'],
    ['2024-02-02', 1, '2024-02-04', false, 'Sun Feb 4 is a 春节 make-up day'],
    ['2024-02-08', 2, '2024-02-18', false, '春节 Feb 10–17, Sun Feb 18 worked'],
    ['2024-04-03', 1, '2024-04-07', false, '清明 Apr 4–6, Sun Apr 7 worked'],
    ['2024-04-26', 1, '2024-04-28', false, 'Sun Apr 28 is a 劳动节 make-up day'],
    ['2024-04-30', 1, '2024-05-06', false, '劳动节 May 1–5'],
    ['2024-05-10', 1, '2024-05-11', false, 'Sat May 11 is a make-up day'],
    ['2024-06-07', 1, '2024-06-11', false, '端午 Jun 10 with the weekend'],
    ['2024-09-13', 1, '2024-09-14', false, 'Sat Sep 14 is a 中秋 make-up day'],
    ['2024-09-13', 2, '2024-09-18', false, '中秋 Sep 15–17'],
    ['2024-09-27', 1, '2024-09-29', false, 'Sun Sep 29 is a 国庆 make-up day'],
    ['2024-09-30', 1, '2024-10-08', false, '国庆 Oct 1–7'],
    ['2024-09-30', 5, '2024-10-12', false, 'Sat Oct 12 is the 5th'],
    ['2023-12-31', 1, '2024-01-02', false, 'no day of 2023 is examined: not provisional'],
    ['2023-12-29', 1, '2024-01-02', true, 'Dec 30–31 2023 are examined, and 2023 has no notice'],
    ['2026-12-28', 3, '2026-12-31', false, 'still inside 2026'],
    ['2026-12-28', 5, '2027-01-05', true, 'into 2027, which has no notice yet'],
    ['2026-12-31', 1, '2027-01-04', true, '元旦 2027 (Fri) from the statutory fallback'],
    ['2027-02-04', 1, '2027-02-09', true, '春节 2027 Feb 5–8 from the statutory fallback'],
    ['2027-04-30', 1, '2027-05-03', true, '劳动节 2027: May 1–2 fall on the weekend; the fallback knows no 补假 or 调休'],
  ];

  it.each(CASES)('%s + %i → %s (provisional %s): %s', (start, n, due, provisional) => {
    expect(addWorkingDays(cal, start, n)).toEqual({ dueOn: due, provisional });
    expect(countWorkingDays(cal, start, due)).toBe(n);
  });

  it('does not count the start day (民法典 第二百零一条), whatever it is', () => {
    // A working Monday, a holiday, a weekend day and a make-up day all give the next working day for n = 1.
    expect(addWorkingDays(cal, '2026-03-09', 1).dueOn).toBe('2026-03-10');
    expect(addWorkingDays(cal, '2026-10-01', 1).dueOn).toBe('2026-10-08');
    expect(addWorkingDays(cal, '2026-03-08', 1).dueOn).toBe('2026-03-09');
    expect(addWorkingDays(cal, '2026-10-10', 1).dueOn).toBe('2026-10-12');
  });

  it('agrees with a day-by-day reference over every start of 2024–2026 and n = 1…30', () => {
    for (const start of daysBetween('2023-12-31', '2026-10-31')) {
      for (let n = 1; n <= 30; n++) {
        const expected = naiveAdd(start, n);
        const got = addWorkingDays(cal, start, n);
        if (got.dueOn !== expected) expect({ start, n, dueOn: got.dueOn }).toEqual({ start, n, dueOn: expected });
        if (got.provisional) expect({ start, n, provisional: true }).toEqual({ start, n, provisional: false });
      }
    }
  });

  it('handles long spans across several years', () => {
    const { dueOn, provisional } = addWorkingDays(cal, '2024-03-01', 3650);
    expect(countWorkingDays(cal, '2024-03-01', dueOn)).toBe(3650);
    expect(provisional).toBe(true);
    expect(addWorkingDays(cal, '2024-01-01', 500)).toEqual({ dueOn: naiveAdd('2024-01-01', 500), provisional: false });
  });

  it('gives back the start for n = 0 and throws on a programming error', () => {
    expect(addWorkingDays(cal, '2026-10-01', 0)).toEqual({ dueOn: '2026-10-01', provisional: false });
    expect(() => addWorkingDays(cal, '2026-10-01', -1)).toThrow(RangeError);
    expect(() => addWorkingDays(cal, '2026-10-01', 1.5)).toThrow(RangeError);
    expect(() => addWorkingDays(cal, '2026-02-30', 1)).toThrow(RangeError);
  });
});

describe('countWorkingDays', () => {
  it('agrees with a day-by-day reference on (from, to]', () => {
    const starts = daysBetween('2024-01-01', '2026-12-31').filter((_, i) => i % 7 === 0);
    for (const from of starts) {
      for (const span of [0, 1, 2, 3, 6, 9, 17, 40, 101, 365]) {
        const to = addDays(from, span);
        if (to > '2026-12-31') continue;
        expect(countWorkingDays(cal, from, to), `${from}..${to}`).toBe(naiveCount(from, to));
      }
    }
  });

  it('is consistent with addWorkingDays: the due day is the first to reach n', () => {
    for (const start of daysBetween('2024-01-01', '2026-12-31').filter((_, i) => i % 3 === 0)) {
      for (const n of [1, 2, 5, 10, 15, 20, 30]) {
        const { dueOn } = addWorkingDays(cal, start, n);
        expect(countWorkingDays(cal, start, dueOn)).toBe(n);
        expect(countWorkingDays(cal, start, addDays(dueOn, -1))).toBe(n - 1);
      }
    }
  });

  it('is signed: negative when to is before from', () => {
    expect(countWorkingDays(cal, '2026-10-13', '2026-09-30')).toBe(-5);
    expect(countWorkingDays(cal, '2026-10-13', '2026-10-13')).toBe(0);
  });

  it('counts across several years, provisional ones included', () => {
    expect(countWorkingDays(cal, '2023-12-31', '2026-12-31')).toBe(naiveCount('2023-12-31', '2026-12-31'));
    const across = countWorkingDays(cal, '2025-06-30', '2028-01-10');
    expect(addWorkingDays(cal, '2025-06-30', across).dueOn <= '2028-01-10').toBe(true);
    expect(addWorkingDays(cal, '2025-06-30', across + 1).dueOn > '2028-01-10').toBe(true);
  });
});

describe('provisional years', () => {
  it('marks 2027 provisional and 2026 not', () => {
    expect(dayInfo(cal, '2026-12-31').provisional).toBe(false);
    expect(dayInfo(cal, '2027-03-03')).toEqual({ date: '2027-03-03', working: true, kind: 'workday', name: null, provisional: true });
  });

  it('takes 2027 festivals from date-holidays through the statutory fallback', () => {
    for (const date of ['2027-02-05', '2027-02-06', '2027-02-07', '2027-02-08'])
      expect(dayInfo(cal, date)).toMatchObject({ kind: 'holiday', name: '春节', working: false, provisional: true });
    expect(dayInfo(cal, '2027-10-01')).toMatchObject({ kind: 'holiday', name: '国庆节' });
    expect(dayInfo(cal, '2027-09-15')).toMatchObject({ kind: 'holiday', name: '中秋节' });
    // Days off for part of the citizens only (全国年节及纪念日放假办法 第三条) do not stop the clock.
    expect(dayInfo(cal, '2027-03-08')).toMatchObject({ kind: 'workday', working: true });
    expect(dayInfo(cal, '2027-06-01')).toMatchObject({ kind: 'workday', working: true });
  });

  it('without a fallback, a year without a notice is weekends only', () => {
    const bare = createCalendar({ notices: OFFICIAL_NOTICES });
    expect(dayInfo(bare, '2027-02-08')).toMatchObject({ kind: 'workday', provisional: true });
    expect(addWorkingDays(bare, '2026-12-31', 1)).toEqual({ dueOn: '2027-01-01', provisional: true });
  });
});

describe('createCalendar', () => {
  const notice2027 = {
    year: 2027,
    title: 'test 2027',
    holidays: [{ date: '2027-01-01', name: '元旦' }],
    workdays: [{ date: '2027-01-02', name: '元旦' }],
  };

  it('lets a later notice for a year replace the earlier one whole', () => {
    const corrected = createCalendar({
      notices: [...OFFICIAL_NOTICES, { year: 2026, title: 'correction', holidays: [{ date: '2026-10-01', name: '国庆节' }], workdays: [] }],
    });
    expect(dayInfo(corrected, '2026-10-01').kind).toBe('holiday');
    expect(dayInfo(corrected, '2026-10-02').kind).toBe('workday');
    expect(dayInfo(corrected, '2026-10-10').kind).toBe('weekend');
    expect(corrected.notices.find((n) => n.year === 2026)?.title).toBe('correction');
  });

  it('makes a year with a notice non-provisional', () => {
    const withNext = createCalendar({ notices: [...OFFICIAL_NOTICES, notice2027] });
    expect(addWorkingDays(withNext, '2026-12-31', 1)).toEqual({ dueOn: '2027-01-02', provisional: false });
  });

  it('rejects malformed notices', () => {
    expect(() => createCalendar({ notices: [{ ...notice2027, holidays: [{ date: '2026-12-31', name: 'x' }] }] })).toThrow(/not a date in 2027/);
    expect(() => createCalendar({ notices: [{ ...notice2027, holidays: [{ date: '2027-02-30', name: 'x' }] }] })).toThrow(RangeError);
    expect(() => createCalendar({ notices: [{ ...notice2027, holidays: [{ date: '2027-01-02', name: 'x' }] }] })).toThrow(/both/);
  });
});

describe('explainWorkingDays', () => {
  it('lists every day from start+1 to the deadline with its ordinal', () => {
    const explained = explainWorkingDays(cal, '2026-09-30', 5);
    expect(explained.dueOn).toBe('2026-10-13');
    expect(explained.provisional).toBe(false);
    expect(explained.days.map((d) => [d.date, d.kind, d.counted, d.name])).toEqual([
      ['2026-10-01', 'holiday', null, '国庆节'],
      ['2026-10-02', 'holiday', null, '国庆节'],
      ['2026-10-03', 'holiday', null, '国庆节'],
      ['2026-10-04', 'holiday', null, '国庆节'],
      ['2026-10-05', 'holiday', null, '国庆节'],
      ['2026-10-06', 'holiday', null, '国庆节'],
      ['2026-10-07', 'holiday', null, '国庆节'],
      ['2026-10-08', 'workday', 1, null],
      ['2026-10-09', 'workday', 2, null],
      ['2026-10-10', 'makeup', 3, '国庆节'],
      ['2026-10-11', 'weekend', null, null],
      ['2026-10-12', 'workday', 4, null],
      ['2026-10-13', 'workday', 5, null],
    ]);
  });

  it('marks the days of a provisional year', () => {
    const explained = explainWorkingDays(cal, '2026-12-30', 2);
    expect(explained.days.map((d) => [d.date, d.counted, d.provisional])).toEqual([
      ['2026-12-31', 1, false],
      ['2027-01-01', null, true],
      ['2027-01-02', null, true],
      ['2027-01-03', null, true],
      ['2027-01-04', 2, true],
    ]);
  });
});
