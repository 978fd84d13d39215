// Deadlines as people read them: the due day counts, in both languages, and a provisional one says so; refusals name
// fields as people know them.
import { describe, expect, it } from 'vitest';
import { loadTranslator } from '../../i18n/load-locales.ts';
import { extendForm } from '../../domain/forms/decision-forms.ts';
import { w1Form } from '../../domain/workflows/w1-dataset-publication.ts';
import { w7Form } from '../../domain/workflows/w7-objection.ts';
import { dueByText, errorText, renderNotification } from './render.ts';

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

describe('a refusal about fields', () => {
  const invalid = (field: string, named?: string) => ({ ok: false as const, error: 'INVALID_INPUT' as const, params: { field }, ...(named ? { field: named } : {}) });

  it('names them by their labels in the form just filled, never by their ids', () => {
    expect(errorText(zh, invalid('formats, frequency'), w1Form)).toBe('填写有误：数据格式、更新频率。请检查后重新填写。');
    expect(errorText(en, invalid('formats, frequency'), w1Form)).toBe('Not valid: Formats, Update frequency. Please check it and send it again.');
    expect(errorText(zh, invalid('text', 'text'), w7Form)).toBe('填写有误：内容。请检查后重新填写。');
  });

  it('names the form field a refusal is about when its id is the event’s own (W7’s workingDays is the days asked)', () => {
    expect(errorText(zh, invalid('workingDays', 'days'), extendForm)).toBe('填写有误：延期天数。请检查后重新填写。');
  });

  it('says "some of the fields" rather than an id it cannot name', () => {
    expect(errorText(zh, invalid('workingDays'), extendForm)).toBe('填写有误：部分内容。请检查后重新填写。');
    expect(errorText(en, invalid('colour'))).toBe('Not valid: some of the fields. Please check it and send it again.');
  });
});
