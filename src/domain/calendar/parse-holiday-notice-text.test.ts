import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { OFFICIAL_NOTICES } from './official-notices.ts';
import { NOTICE_TEXT_MAX_LENGTH, parseHolidayNoticeText, type NoticeTextProblem, type ReadNotice } from './parse-holiday-notice-text.ts';

// The three notices as the State Council published them, reconstructed in their own wording (full-width indents,
// addressees, preamble, closing paragraph, signature): test/fixtures/holiday-notices/<year>.txt.
const FIXTURES = join(import.meta.dirname, '..', '..', '..', 'test', 'fixtures', 'holiday-notices');
const fixture = (year: number) => readFileSync(join(FIXTURES, `${year}.txt`), 'utf8');

function read(text: string): ReadNotice {
  const result = parseHolidayNoticeText(text);
  if (!result.ok) throw new Error(`refused: ${JSON.stringify(result.problem)}`);
  return result.value;
}

function problem(text: string): NoticeTextProblem {
  const result = parseHolidayNoticeText(text);
  if (result.ok) throw new Error('accepted a text that should have been refused');
  return result.problem;
}

/** The 2026 notice with one piece of it written differently. */
function edited2026(from: string, to: string): string {
  const text = fixture(2026);
  expect(text).toContain(from);
  return text.replace(from, to);
}

describe('parseHolidayNoticeText on the published notices', () => {
  it.each(OFFICIAL_NOTICES.map((n) => [n.year, n] as const))('reads the %i notice as exactly the shipped data', (year, shipped) => {
    const { notice } = read(fixture(year));
    expect(notice).toEqual({ year: shipped.year, title: shipped.title, holidays: [...shipped.holidays], workdays: [...shipped.workdays] });
  });

  it('keeps the signature date as provenance and the items as the notice gives them', () => {
    const read2025 = read(fixture(2025));
    expect(read2025.issuedOn).toBe('2024-11-12');
    expect(read2025.items.map((i) => [i.line, i.name, i.periods, i.makeUpDays])).toEqual([
      [6, '元旦', [{ first: '2025-01-01', last: '2025-01-01', days: 1 }], []],
      [7, '春节', [{ first: '2025-01-28', last: '2025-02-04', days: 8 }], ['2025-01-26', '2025-02-08']],
      [8, '清明节', [{ first: '2025-04-04', last: '2025-04-06', days: 3 }], []],
      [9, '劳动节', [{ first: '2025-05-01', last: '2025-05-05', days: 5 }], ['2025-04-27']],
      [10, '端午节', [{ first: '2025-05-31', last: '2025-06-02', days: 3 }], []],
      [11, '国庆节、中秋节', [{ first: '2025-10-01', last: '2025-10-08', days: 8 }], ['2025-09-28', '2025-10-11']],
    ]);
    expect(read(fixture(2024)).issuedOn).toBe('2023-10-25');
  });

  it('gives a day off "与周末连休" alone, and takes no day off from the advice about 除夕', () => {
    const { notice } = read(fixture(2024));
    const off = notice.holidays.map((h) => h.date);
    expect(off.filter((d) => d < '2024-01-08')).toEqual(['2024-01-01']);
    expect(off.filter((d) => d >= '2024-06-01' && d < '2024-07-01')).toEqual(['2024-06-10']);
    expect(off).not.toContain('2024-02-09');
  });

  it('reads ASCII punctuation, full-width digits, spaces and CRLF line ends alike', () => {
    const ascii = fixture(2026)
      .replace(/：/g, ':')
      .replace(/（/g, '(')
      .replace(/）/g, ')')
      .replace(/，/g, ',')
      .replace(/。/g, '.')
      .replace('1月1日', '１月１日')
      .replace('5月9日', '5 月 9 日')
      .replace(/\n/g, '\r\n');
    expect(read(`\uFEFF${ascii}`)).toEqual(read(fixture(2026)));
  });

  it('finds the document number on the title line too, or goes without one', () => {
    const sameLine = fixture(2026).replace('通知\n国办发明电', '通知 国办发明电');
    expect(read(sameLine).notice.title).toBe('国务院办公厅关于2026年部分节假日安排的通知（国办发明电〔2025〕7号）');
    const bracketed = fixture(2026).replace('通知\n国办发明电〔2025〕7号', '通知（国办发明电〔2025〕7号）\n');
    expect(read(bracketed).notice.title).toBe('国务院办公厅关于2026年部分节假日安排的通知（国办发明电〔2025〕7号）');
    const bare = fixture(2026).replace('国办发明电〔2025〕7号\n', '').replace('2025年11月4日\n', '');
    expect(read(bare).notice.title).toBe('国务院办公厅关于2026年部分节假日安排的通知');
    expect(read(bare).issuedOn).toBeNull();
  });

  it('reads 星期 and 周, periods across a month end, and a make-up list joined with commas', () => {
    const text = [
      '国务院办公厅关于2023年部分节假日安排的通知',
      '一、中秋节、国庆节：9月29日（星期五）至10月6日（星期五）放假调休，共8天。10月7日（星期六）、10月8日（星期天）上班。',
    ].join('\n');
    const { notice, items } = read(text);
    expect(items[0]?.periods).toEqual([{ first: '2023-09-29', last: '2023-10-06', days: 8 }]);
    expect(notice.workdays).toEqual([
      { date: '2023-10-07', name: '中秋节、国庆节' },
      { date: '2023-10-08', name: '中秋节、国庆节' },
    ]);
    expect(read(text.replace('、10月8日', '，10月8日')).notice.workdays).toEqual(notice.workdays);
  });
});

describe('parseHolidayNoticeText refuses, naming the line', () => {
  it.each([
    ['a date outside the year', '1月4日（周日）上班', '2025年12月28日（周日）上班', 6, 'outsideYear', { date: '2025-12-28', year: 2026 }],
    ['a New Year period starting the December before', '1月1日（周四）至3日（周六）放假调休，共3天', '12月31日至1月3日放假调休，共4天', 6, 'outsideYear', { date: '2025-12-31', year: 2026 }],
    ['a make-up day on a weekday', '5月9日（周六）上班', '5月8日上班', 9, 'makeUpOnWeekday', { date: '2026-05-08', weekday: 5 }],
    ['a wrong day count', '放假调休，共9天', '放假调休，共8天', 7, 'dayCountMismatch', { first: '2026-02-15', last: '2026-02-23', stated: 8, actual: 9 }],
    ['a wrong count of a single day', '4月4日（周六）至6日（周一）放假，共3天', '4月4日（周六）放假2天', 8, 'dayCountMismatch', { first: '2026-04-04', last: '2026-04-04', stated: 2, actual: 1 }],
    ['a weekday that is not the date’s', '6月19日（周五）', '6月19日（周四）', 10, 'weekdayMismatch', { date: '2026-06-19', statedWeekday: 4, actualWeekday: 5 }],
    ['a make-up day’s wrong weekday', '9月20日（周日）', '9月20日（周六）', 12, 'weekdayMismatch', { date: '2026-09-20', statedWeekday: 6, actualWeekday: 0 }],
    ['an impossible date', '2月28日（周六）上班', '2月30日上班', 7, 'invalidDate', { text: '2月30日' }],
    ['a period that ends before it starts', '9月25日（周五）至27日（周日）', '9月25日至23日', 11, 'rangeBackwards', { first: '2026-09-25', last: '2026-09-23' }],
    ['an item without a colon', '三、清明节：', '三、清明节', 8, 'unreadableItem', {}],
    ['an unknown festival', '六、中秋节：', '六、中秋：', 11, 'unknownFestival', { name: '中秋' }],
    ['an item that gives no days off', '五、端午节：6月19日（周五）至21日（周日）放假，共3天。', '五、端午节：另行通知。', 10, 'noPeriod', { name: '端午节' }],
    ['a period it cannot read', '放假，共3天。\n　　四', '放假，另加1天。\n　　四', 8, 'unreadableSentence', { sentence: '4月4日（周六）至6日（周一）放假，另加1天' }],
    ['a sentence with a date that is neither days off nor make-up days', '1月4日（周日）上班。', '1月4日（周日）照常。', 6, 'unreadableSentence', { sentence: '1月4日（周日）照常' }],
    ['a day off given twice', '六、中秋节：9月25日（周五）至27日（周日）放假，共3天', '六、中秋节：10月3日（周六）至4日（周日）放假，共2天', 12, 'holidayTwice', { date: '2026-10-03', otherLine: 11 }],
    ['a make-up day that is also a day off', '1月4日（周日）上班', '1月3日（周六）上班', 6, 'holidayAndMakeUp', { date: '2026-01-03', otherLine: 6 }],
    ['a make-up day given twice', '10月10日（周六）上班', '9月20日（周日）上班', 12, 'makeUpTwice', { date: '2026-09-20', otherLine: 12 }],
    ['an item broken over two lines', '共5天。5月9日', '共5天。\n5月9日', 10, 'dateOutsideItem', {}],
    ['a signature date that is no date', '2025年11月4日', '2025年11月31日', 16, 'invalidDate', { text: '2025年11月31日' }],
  ] as const)('%s', (_, from, to, line, code, params) => {
    const p = problem(edited2026(from, to));
    expect(p).toMatchObject({ code, line, params });
    // The quote is the line as written, so the operator can find it.
    expect(edited2026(from, to).split('\n')[line - 1]?.trim().startsWith(p.quote!.replace(/…$/, ''))).toBe(true);
  });

  it('shortens a long line in the quote', () => {
    const p = problem(edited2026('共9天', '共8天'));
    expect(p.quote).toBe('二、春节：2月15日（农历腊月二十八、周日）至23日（农历正月初七、周一）放假调休，共8天。2月14日（周六）、2月28…');
    expect(p.quote!.length).toBe(61);
  });

  it('refuses a text without the title, two notices at once, and a title with no items', () => {
    expect(problem(fixture(2026).replace('国务院办公厅关于2026年部分节假日安排的通知', '关于放假的通知'))).toEqual({ code: 'noTitle', line: null, quote: null, params: {} });
    const two = `${fixture(2026)}\n${fixture(2025)}`;
    expect(problem(two)).toMatchObject({ code: 'secondTitle', line: 18, params: { firstLine: 1 } });
    expect(problem('国务院办公厅关于2027年部分节假日安排的通知\n经国务院批准，现通知如下。')).toEqual({ code: 'noItems', line: null, quote: null, params: { year: 2027 } });
  });

  it('refuses text that is not UTF-8 and text far longer than a notice', () => {
    // What a GBK file read as UTF-8 looks like: replacement characters where the Chinese was.
    expect(problem(fixture(2026).replace('一、元旦', '一、\uFFFD\uFFFD\uFFFD'))).toMatchObject({ code: 'notUtf8', line: 6 });
    expect(problem(fixture(2026) + ' '.repeat(NOTICE_TEXT_MAX_LENGTH))).toMatchObject({ code: 'tooLong', line: null, params: { max: NOTICE_TEXT_MAX_LENGTH } });
  });
});
