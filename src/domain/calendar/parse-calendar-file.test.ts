import { describe, expect, it } from 'vitest';
import { defaultCalendar } from './cn-statutory-holidays.ts';
import { parseCalendarFile } from './parse-calendar-file.ts';
import { addWorkingDays, dayInfo } from './working-calendar.ts';

const FILE_2027 = `# 2027, entered the day the notice came out
notice 2027 国务院办公厅关于2027年部分节假日安排的通知

holiday 2027-01-01..2027-01-03 元旦
holiday 2027-02-05..2027-02-12 春节   # eight days
workday 2027-02-14 春节
workday 2027-02-20 春节
`;

describe('parseCalendarFile', () => {
  it('reads notices, ranges, comments and blank lines', () => {
    const result = parseCalendarFile(FILE_2027);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.notices).toHaveLength(1);
    const [notice] = result.notices;
    expect(notice?.year).toBe(2027);
    expect(notice?.title).toBe('国务院办公厅关于2027年部分节假日安排的通知');
    expect(notice?.holidays.map((h) => h.date)).toEqual([
      '2027-01-01', '2027-01-02', '2027-01-03',
      '2027-02-05', '2027-02-06', '2027-02-07', '2027-02-08', '2027-02-09', '2027-02-10', '2027-02-11', '2027-02-12',
    ]);
    expect(notice?.holidays[4]).toEqual({ date: '2027-02-06', name: '春节' });
    expect(notice?.workdays).toEqual([
      { date: '2027-02-14', name: '春节' },
      { date: '2027-02-20', name: '春节' },
    ]);
  });

  it('accepts an empty file, CRLF line ends and a byte-order mark', () => {
    expect(parseCalendarFile('')).toEqual({ ok: true, notices: [] });
    const result = parseCalendarFile('\uFEFFnotice 2027 t\r\nholiday 2027-01-01 元旦\r\n');
    expect(result).toEqual({ ok: true, notices: [{ year: 2027, title: 't', holidays: [{ date: '2027-01-01', name: '元旦' }], workdays: [] }] });
  });

  it.each([
    ['holiday 2027-01-01 元旦', 1, /before any notice/],
    ['notice 2027 t\nholiday 2027-02-30 春节', 2, /"2027-02-30" is not a valid date/],
    ['notice 2027 t\nholiday 27-01-01 元旦', 2, /not a valid date/],
    ['notice 2027 t\n\n# c\nholiday 2028-01-01 元旦', 4, /outside the notice's year 2027/],
    ['notice 2027 t\nholiday 2027-02-12..2027-02-05 春节', 2, /range end 2027-02-05 is before its start 2027-02-12/],
    ['notice 2027 t\nholiday 2027-02-05..2027-02-3x 春节', 2, /not a valid date/],
    ['notice 2027 t\nholliday 2027-01-01 元旦', 2, /unknown directive "holliday"/],
    ['notice 2027 t\nholiday 2027-02-05..2027-02-12 春节\nworkday 2027-02-06 春节', 3, /both a holiday and a workday \(it is a holiday on line 2\)/],
    ['notice 2027 t\nworkday 2027-02-06 春节\nholiday 2027-02-05..2027-02-07 春节', 3, /both a holiday and a workday \(it is a workday on line 2\)/],
    ['notice 2027 t\nholiday 2027-01-01 元旦\nholiday 2027-01-01 元旦', 3, /already listed as a holiday on line 2/],
    ['notice 2027 t\nworkday 2027-02-09 春节', 2, /Monday–Friday/],
    ['notice 2027 t\nholiday 2027-01-01', 2, /needs a name/],
    ['notice 2027 t\nholiday', 2, /holiday needs arguments/],
    ['notice 2027', 1, /needs a title/],
    ['notice 27 t', 1, /"27" is not a year/],
    ['notice 2027 a\nnotice 2027 b', 2, /already starts on line 1/],
  ])('%j fails on line %i', (text, line, message) => {
    const result = parseCalendarFile(text);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.line).toBe(line);
    expect(result.message).toMatch(message);
    // The caller adds `line N:`; the message itself does not repeat it.
    expect(result.message).not.toMatch(/^line /);
  });
});

describe('an override file in the calendar', () => {
  it('makes an added 2027 non-provisional', () => {
    const parsed = parseCalendarFile(FILE_2027);
    if (!parsed.ok) throw new Error(parsed.message);
    const before = defaultCalendar();
    const after = defaultCalendar(parsed.notices);
    expect(addWorkingDays(before, '2026-12-28', 5)).toEqual({ dueOn: '2027-01-05', provisional: true });
    expect(addWorkingDays(after, '2026-12-28', 5)).toEqual({ dueOn: '2027-01-05', provisional: false });
    // Feb 5–12 off, Sun Feb 14 worked.
    expect(addWorkingDays(after, '2027-02-04', 1)).toEqual({ dueOn: '2027-02-14', provisional: false });
    expect(dayInfo(after, '2027-02-20')).toMatchObject({ kind: 'makeup', working: true, provisional: false });
  });

  it('replaces a year of official data with a correction', () => {
    const parsed = parseCalendarFile(`notice 2026 本地更正
holiday 2026-01-01..2026-01-03 元旦
workday 2026-01-04 元旦
holiday 2026-10-01..2026-10-08 国庆节
`);
    if (!parsed.ok) throw new Error(parsed.message);
    const corrected = defaultCalendar(parsed.notices);
    expect(dayInfo(corrected, '2026-10-08')).toMatchObject({ kind: 'holiday', name: '国庆节', provisional: false });
    // The correction is the whole year: the official 春节 days and make-up days are gone with it.
    expect(dayInfo(corrected, '2026-02-16')).toMatchObject({ kind: 'workday' });
    expect(dayInfo(corrected, '2026-10-10')).toMatchObject({ kind: 'weekend' });
    expect(addWorkingDays(corrected, '2026-09-30', 5)).toEqual({ dueOn: '2026-10-15', provisional: false });
    expect(corrected.notices.find((n) => n.year === 2026)?.title).toBe('本地更正');
  });
});
