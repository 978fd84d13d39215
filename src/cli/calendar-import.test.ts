import { describe, expect, it } from 'vitest';
import { NOTICE_TEXT_PROBLEMS, type NoticeTextProblem } from '../domain/calendar/parse-holiday-notice-text.ts';
import { LOCALES } from '../domain/model.ts';
import { loadTranslator } from '../i18n/load-locales.ts';
import { problemLines, understoodLines } from './calendar-import.ts';

const translator = loadTranslator();

describe('problemLines', () => {
  it('has a message for every way a notice can be refused, in every language', () => {
    const missing = LOCALES.flatMap((locale) => NOTICE_TEXT_PROBLEMS.filter((code) => !translator.has(locale, `calendar.notice.problem.${code}`)).map((code) => `${locale}: ${code}`));
    expect(missing).toEqual([]);
  });

  it('names the file and line, says what is wrong with weekdays by name, and quotes the line', () => {
    const problem: NoticeTextProblem = { code: 'makeUpOnWeekday', line: 9, quote: '四、劳动节：…5月8日上班。', params: { date: '2026-05-08', weekday: 5 } };
    expect(problemLines(translator.for('zh-CN'), '2026.txt', problem)).toEqual([
      '2026.txt 第 9 行：调休上班日 2026-05-08 是星期五：调休上班日应为周六或周日。',
      '  “四、劳动节：…5月8日上班。”',
    ]);
    const mismatch: NoticeTextProblem = { code: 'weekdayMismatch', line: 10, quote: 'q', params: { date: '2026-06-19', statedWeekday: 4, actualWeekday: 5 } };
    expect(problemLines(translator.for('en'), 'n.txt', mismatch)[0]).toBe('n.txt line 10: 2026-06-19 is a Friday, not a Thursday as the notice writes.');
    // A count is not a weekday.
    const count: NoticeTextProblem = { code: 'dayCountMismatch', line: 7, quote: 'q', params: { first: '2026-02-15', last: '2026-02-23', stated: 8, actual: 9 } };
    expect(problemLines(translator.for('en'), 'n.txt', count)[0]).toBe('n.txt line 7: 2026-02-15 to 2026-02-23 is 9 day(s), not the 8 the notice states.');
    expect(problemLines(translator.for('en'), 'n.txt', { code: 'noItems', line: null, quote: null, params: { year: 2027 } })).toEqual([
      'n.txt: The notice for 2027 has no numbered items (一、元旦：…): there is nothing to import.',
    ]);
  });
});

describe('understoodLines', () => {
  it('names a combined festival the locale does not know as the notice wrote it', () => {
    const lines = understoodLines(translator.for('en'), {
      notice: { year: 2023, title: 't', holidays: [], workdays: [] },
      issuedOn: null,
      items: [{ line: 1, name: '中秋节、国庆节', periods: [{ first: '2023-09-29', last: '2023-10-06', days: 8 }], makeUpDays: ['2023-10-07', '2023-10-08'] }],
    });
    expect(lines).toEqual([
      '2023: t (the text gives no signing date)',
      '  中秋节、国庆节: 2023-09-29 (Fri) to 2023-10-06 (Fri), 8 day(s) off',
      '    make-up working day(s): 2023-10-07 (Sat), 2023-10-08 (Sun)',
      '0 day(s) off and 0 make-up working day(s).',
    ]);
  });
});
