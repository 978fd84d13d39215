import { describe, expect, it } from 'vitest';
import type { Locale } from '../domain/model.ts';
import { defaultCalendar } from '../domain/calendar/cn-statutory-holidays.ts';
import { loadDictionaries, loadTranslator } from '../i18n/load-locales.ts';
import { runDeadlineCommand } from './deadline-command.ts';

const calendar = defaultCalendar();
const translator = loadTranslator();

function run(args: string[], locale: Locale = 'zh-CN') {
  const out: string[] = [];
  const err: string[] = [];
  const code = runDeadlineCommand(args, { out: (l) => out.push(l), err: (l) => err.push(l) }, { calendar, translator, locale });
  return { code, out, err };
}

describe('deadline', () => {
  it('prints the bare due date first (the spec example)', () => {
    for (const locale of ['zh-CN', 'en'] as const) {
      expect(run(['2026-09-30', '5'], locale)).toEqual({ code: 0, out: ['2026-10-13'], err: [] });
    }
  });

  it('adds a localized provisional note on a second line', () => {
    const zh = run(['2026-12-28', '5']);
    expect(zh.code).toBe(0);
    expect(zh.out[0]).toBe('2027-01-05');
    expect(zh.out[1]).toContain('暂定');
    expect(zh.out[1]).toContain('2027');
    const en = run(['2026-12-28', '5'], 'en');
    expect(en.out[0]).toBe('2027-01-05');
    expect(en.out[1]).toMatch(/^\(provisional: .*2027/);
    expect(en.out).toHaveLength(2);
  });

  it('explains every day from start+1 to the due date, in Chinese', () => {
    const { code, out } = run(['2026-09-30', '5', '--explain']);
    expect(code).toBe(0);
    expect(out[0]).toBe('2026-10-13');
    expect(out[1]).toBe('自 2026-09-30 起（当日不计入）5 个工作日，截止 2026-10-13 当日 24 时：');
    expect(out.slice(2)).toEqual([
      '2026-10-01  周四  不计  节假日·国庆节',
      '2026-10-02  周五  不计  节假日·国庆节',
      '2026-10-03  周六  不计  节假日·国庆节',
      '2026-10-04  周日  不计  节假日·国庆节',
      '2026-10-05  周一  不计  节假日·国庆节',
      '2026-10-06  周二  不计  节假日·国庆节',
      '2026-10-07  周三  不计  节假日·国庆节',
      '2026-10-08  周四  第 1 个工作日',
      '2026-10-09  周五  第 2 个工作日',
      '2026-10-10  周六  第 3 个工作日  调休上班·国庆节',
      '2026-10-11  周日  不计  周末',
      '2026-10-12  周一  第 4 个工作日',
      '2026-10-13  周二  第 5 个工作日',
      '依据：国务院办公厅关于2026年部分节假日安排的通知（国办发明电〔2025〕7号）（2026年）',
    ]);
  });

  it('explains in English, with --explain anywhere and festival names translated', () => {
    const { code, out } = run(['--explain', '2024-06-06', '3'], 'en');
    expect(code).toBe(0);
    expect(out).toEqual([
      '2024-06-12',
      '3 working days from 2024-06-06 (the start day is not counted), due at the end of 2024-06-12:',
      '2024-06-07  Fri  working day 1',
      '2024-06-08  Sat  skipped  weekend: Dragon Boat Festival',
      '2024-06-09  Sun  skipped  weekend: Dragon Boat Festival',
      '2024-06-10  Mon  skipped  holiday: Dragon Boat Festival',
      '2024-06-11  Tue  working day 2',
      '2024-06-12  Wed  working day 3',
      'Calendar: 国务院办公厅关于2024年部分节假日安排的通知（国办发明电〔2023〕7号） (2024)',
    ]);
  });

  it('marks provisional days in the explanation', () => {
    const { out } = run(['2026-12-31', '1', '--explain'], 'en');
    expect(out[0]).toBe('2027-01-04');
    expect(out.at(-2)).toBe('2027-01-04  Mon  working day 1  (provisional)');
    expect(out.at(-1)).toBe('Calendar: 2027: no State Council notice yet, weekends and statutory holidays only');
    expect(out).toContain("2027-01-01  Fri  skipped  holiday: New Year's Day  (provisional)");
  });

  it('prints usage for --help', () => {
    const { code, out, err } = run(['--help'], 'en');
    expect(code).toBe(0);
    expect(out[0]).toMatch(/^Usage: deadline/);
    expect(err).toEqual([]);
  });

  it.each([
    [[], 'zh-CN', '缺少参数'],
    [['2026-09-30'], 'en', 'Missing arguments'],
    [['2026-02-30', '5'], 'zh-CN', '“2026-02-30”不是有效日期'],
    [['2026/09/30', '5'], 'en', '"2026/09/30" is not a valid date'],
    [['1800-01-01', '5'], 'en', 'between the years 1901 and 2180'],
    [['2026-09-30', '0'], 'zh-CN', '工作日数须为 1 至 3650 之间的整数，收到“0”'],
    [['2026-09-30', '-5'], 'en', 'whole number from 1 to 3650; got "-5"'],
    [['2026-09-30', '1.5'], 'en', 'got "1.5"'],
    [['2026-09-30', '3651'], 'en', 'got "3651"'],
    [['2026-09-30', 'five'], 'en', 'got "five"'],
    [['2026-09-30', '5', 'extra'], 'zh-CN', '多余的参数：extra'],
    [['2026-09-30', '5', '--verbose'], 'en', 'Unknown option: --verbose'],
  ] as const)('%j (%s) exits 2 with a clear message', (args, locale, message) => {
    const { code, out, err } = run([...args], locale);
    expect(code).toBe(2);
    expect(out).toEqual([]);
    expect(err[0]).toContain(message);
    expect(err[1]).toContain(locale === 'en' ? 'Usage' : '用法');
  });
});

describe('calendar locales', () => {
  it('have the same keys in zh-CN and en', () => {
    const dictionaries = loadDictionaries();
    const keysOf = (locale: Locale) => Object.keys(dictionaries[locale]).filter((k) => k.startsWith('calendar.')).sort();
    expect(keysOf('en')).toEqual(keysOf('zh-CN'));
    expect(keysOf('en')).toContain('calendar.names.春节');
  });
});
