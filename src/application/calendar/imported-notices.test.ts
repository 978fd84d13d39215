import { describe, expect, it } from 'vitest';
import { createMemoryStore } from '../../adapters/memory/create-memory-store.ts';
import { loadConfig } from '../../config/load-config.ts';
import type { HolidayNotice } from '../../domain/calendar/holiday-notice.ts';
import { OFFICIAL_NOTICES } from '../../domain/calendar/official-notices.ts';
import { addWorkingDays } from '../../domain/calendar/working-calendar.ts';
import { openApp } from '../../main.ts';
import { calendarInForce } from './calendar-in-force.ts';
import { createImportedNotices, importedNoticeKey, type ImportedNotice } from './imported-notices.ts';

// A (hypothetical) 2027 notice: 元旦 1–4 January, Saturday 9 January worked.
const NOTICE_2027: HolidayNotice = {
  year: 2027,
  title: '国务院办公厅关于2027年部分节假日安排的通知（国办发明电〔2026〕9号）',
  holidays: ['2027-01-01', '2027-01-02', '2027-01-03', '2027-01-04'].map((date) => ({ date, name: '元旦' })),
  workdays: [{ date: '2027-01-09', name: '元旦' }],
};
const IMPORTED: ImportedNotice = { notice: NOTICE_2027, issuedOn: '2026-11-12', importedAt: new Date('2026-11-16T02:00:00.000Z') };

describe('imported notices', () => {
  it('stores one setting per year and reads back what was stored, by year', async () => {
    const store = createMemoryStore();
    const notices = createImportedNotices(store.settings);
    expect(await notices.list()).toEqual([]);
    expect(await notices.get(2027)).toBeNull();
    const notice2026 = { ...OFFICIAL_NOTICES.find((n) => n.year === 2026)!, title: '更正' };
    await notices.put(IMPORTED);
    await notices.put({ notice: notice2026, issuedOn: null, importedAt: IMPORTED.importedAt });
    expect(await notices.get(2027)).toEqual(IMPORTED);
    expect((await notices.list()).map((i) => [i.notice.year, i.notice.title])).toEqual([
      [2026, '更正'],
      [2027, NOTICE_2027.title],
    ]);
    expect(JSON.parse((await store.settings.get(importedNoticeKey(2027)))!)).toMatchObject({ year: 2027, issuedOn: '2026-11-12', importedAt: '2026-11-16T02:00:00.000Z' });
    // Again for the same year: replaced whole.
    const again = { ...IMPORTED, notice: { ...NOTICE_2027, workdays: [] }, importedAt: new Date('2026-11-20T02:00:00.000Z') };
    await notices.put(again);
    expect(await notices.get(2027)).toEqual(again);
  });

  it.each([
    ['not JSON', '{', /not JSON/],
    ['another shape', JSON.stringify({ year: 2027 }), /title/],
    ['a day outside its year', JSON.stringify({ year: 2027, title: 't', issuedOn: null, importedAt: '2026-11-16T02:00:00.000Z', holidays: [{ date: '2028-01-01', name: '元旦' }], workdays: [] }), /2028-01-01 is not in 2027/],
    ['a day both off and worked', JSON.stringify({ year: 2027, title: 't', issuedOn: null, importedAt: '2026-11-16T02:00:00.000Z', holidays: [{ date: '2027-01-02', name: '元旦' }], workdays: [{ date: '2027-01-02', name: '元旦' }] }), /both a holiday and a workday/],
    ['another year’s notice', JSON.stringify({ year: 2028, title: 't', issuedOn: null, importedAt: '2026-11-16T02:00:00.000Z', holidays: [], workdays: [] }), /holds the notice for 2028/],
  ])('refuses a stored value that is %s, naming the setting and the way out', async (_, value, why) => {
    const store = createMemoryStore();
    await store.settings.put('calendar.notice.2027', value);
    const notices = createImportedNotices(store.settings);
    for (const read of [() => notices.get(2027), () => notices.list()]) {
      const error = await read().catch((e: unknown) => e);
      expect(error).toMatchObject({ name: 'KaifangError', code: 'STORE_CORRUPT' });
      expect((error as Error).message).toMatch(why);
      expect((error as Error).message).toContain('calendar.notice.2027');
      expect((error as Error).message).toContain('kaifang calendar import <file> --apply');
    }
  });
});

describe('calendarInForce', () => {
  it('takes an imported notice over the built-in one, and the override file over both', () => {
    // Mon 28 Dec 2026 + 1 working day is Tue 29 Dec; a (hypothetical) corrected 2026 gives the 29th off.
    const corrected: ImportedNotice = { ...IMPORTED, notice: { year: 2026, title: '更正', holidays: [{ date: '2026-12-29', name: '假设' }], workdays: [] } };
    const fromFile: HolidayNotice = { year: 2026, title: '文件', holidays: [], workdays: [] };
    expect(addWorkingDays(calendarInForce({ imported: [], file: [] }), '2026-12-28', 1).dueOn).toBe('2026-12-29');
    expect(addWorkingDays(calendarInForce({ imported: [corrected], file: [] }), '2026-12-28', 1).dueOn).toBe('2026-12-30');
    const withFile = calendarInForce({ imported: [corrected], file: [fromFile] });
    expect(addWorkingDays(withFile, '2026-12-28', 1).dueOn).toBe('2026-12-29');
    expect(withFile.notices.find((n) => n.year === 2026)?.title).toBe('文件');
  });
});

describe('openApp', () => {
  it('counts on the notices stored in the database', async () => {
    const store = createMemoryStore();
    await createImportedNotices(store.settings).put(IMPORTED);
    const app = await openApp(loadConfig({}), { store });
    expect(app.calendarSources.imported).toEqual([IMPORTED]);
    expect(app.calendar.notices.find((n) => n.year === 2027)?.title).toBe(NOTICE_2027.title);
    // Wed 30 Dec 2026 + 2: Thu 31 Dec, then 1–4 January off → Tue 5 January, final.
    expect(addWorkingDays(app.calendar, '2026-12-30', 2)).toEqual({ dueOn: '2027-01-05', provisional: false });
  });

  it('does not start on a stored notice that fails its check', async () => {
    const store = createMemoryStore();
    await store.settings.put('calendar.notice.2027', '{');
    await expect(openApp(loadConfig({}), { store })).rejects.toMatchObject({ code: 'STORE_CORRUPT' });
  });
});
