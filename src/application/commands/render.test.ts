// Deadlines as people read them: the due day counts, in both languages, and a provisional one says so.
import { describe, expect, it } from 'vitest';
import { loadTranslator } from '../../i18n/load-locales.ts';
import { dueByText, renderNotification } from './render.ts';

const translator = loadTranslator();
const zh = translator.for('zh-CN');
const en = translator.for('en');

describe('a deadline', () => {
  it('reads as inclusive', () => {
    expect(dueByText(zh, { dueOn: '2026-12-07', provisional: false })).toBe('2026-12-07（含当日）前');
    expect(dueByText(en, { dueOn: '2026-12-07', provisional: false })).toBe('by 2026-12-07 (inclusive)');
  });

  it('marks a provisional date', () => {
    expect(dueByText(zh, { dueOn: '2027-02-05', provisional: true })).toBe('2027-02-05（暂定）（含当日）前');
    expect(dueByText(en, { dueOn: '2027-02-05', provisional: true })).toBe('by 2027-02-05 (provisional) (inclusive)');
  });

  it('is inclusive in a queued message, which also explains a provisional one', () => {
    const params = { caseId: 'C-0004', datasetCode: 'DS-0002', datasetName: '公交客流刷卡明细', reason: '政策调整', dueOn: '2026-11-25' };
    expect(renderNotification(zh, 'notify.w4.assigned', { ...params, provisional: 0 })).toBe(
      '下架申请 C-0004：DS-0002 公交客流刷卡明细。理由：政策调整。请于 2026-11-25（含当日）前办理。',
    );
    expect(renderNotification(zh, 'notify.w4.assigned', { ...params, provisional: 1 }).split('\n')).toEqual([
      '下架申请 C-0004：DS-0002 公交客流刷卡明细。理由：政策调整。请于 2026-11-25（暂定）（含当日）前办理。',
      zh('common.provisionalNote'),
    ]);
    expect(renderNotification(en, 'notify.w4.assigned', { ...params, provisional: 0 })).toBe(
      'Delisting C-0004: DS-0002 公交客流刷卡明细. Reason: 政策调整. Please decide by 2026-11-25 (inclusive).',
    );
  });
});
