import { describe, expect, it } from 'vitest';
import { rejectForm } from '../../domain/forms/decision-forms.ts';
import { w1Form } from '../../domain/workflows/w1-dataset-publication.ts';
import { w5Form } from '../../domain/workflows/w5-conditional-application.ts';
import { loadTranslator } from '../../i18n/load-locales.ts';
import { formModal, parseModalState, readModalValues } from './form-modal.ts';

type Select = { type: string; options: { text: { text: string }; value: string }[]; initial_option?: { value: string }; initial_options?: { value: string }[] };
const selectOf = (view: unknown, blockId: string): Select =>
  (view as { blocks: { block_id?: string; element: Select }[] }).blocks.find((b) => b.block_id === blockId)!.element;
const shown = (s: Select) => s.options.map((o) => [o.text.text, o.value]);

describe('the form modal', () => {
  const t = loadTranslator().for('en');
  const zh = loadTranslator().for('zh-CN');

  it('shows each choice by its label in the reader’s language and carries its code', () => {
    const apply = formModal({ verb: 'apply', formId: 'w5', target: 'DS-0002', caseVersion: null, values: { type: 'api' } }, w5Form, zh, null);
    expect(shown(selectOf(apply, 'type'))).toEqual([['数据集', 'dataset'], ['接口', 'api']]);
    expect(selectOf(apply, 'type').initial_option?.value).toBe('api');
    expect(shown(selectOf(formModal({ verb: 'apply', formId: 'w5', target: 'DS-0002', caseVersion: null, values: {} }, w5Form, t, null), 'type'))).toEqual([['Dataset', 'dataset'], ['API', 'api']]);

    const submit = formModal({ verb: 'submit', formId: 'w1', target: null, caseVersion: null, values: { frequency: 'daily', formats: 'CSV, JSON' } }, w1Form, zh, null);
    expect(shown(selectOf(submit, 'frequency'))).toEqual([['实时', 'realtime'], ['每日', 'daily'], ['每周', 'weekly'], ['每月', 'monthly'], ['每季度', 'quarterly'], ['每年', 'yearly'], ['不定期', 'irregular'], ['已归档（不再更新）', 'archived']]);
    expect(shown(selectOf(submit, 'attribute'))).toEqual([['无条件开放', 'unconditional'], ['有条件开放', 'conditional']]);
    expect(selectOf(submit, 'formats')).toMatchObject({ type: 'multi_static_select', initial_options: [{ value: 'CSV' }, { value: 'JSON' }] });
    // What comes back is the codes, which the form parses.
    expect(readModalValues({ type: { type: { type: 'static_select', selected_option: { value: 'api' } } }, formats: { formats: { type: 'multi_static_select', selected_options: [{ value: 'CSV' }, { value: 'API' }] } } })).toEqual({ type: 'api', formats: 'CSV,API' });
  });

  it('never carries a number as typed, even when handed one, and remembers where the values as typed are kept', () => {
    const filled = { verb: 'reject', formId: 'reject', target: 'C-0001', caseVersion: 3, values: { basis: 'T15，申请人电话 １３８１２３４５６７８', reason: 'IDNO110101199003077578' } };
    const view = formModal(filled, rejectForm, t, '*C-0001*', 'ref-1') as { blocks: { block_id?: string; element?: { initial_value?: string } }[]; private_metadata: string };
    const initial = Object.fromEntries(view.blocks.filter((b) => b.block_id).map((b) => [b.block_id, b.element?.initial_value]));
    expect(initial).toEqual({ basis: 'T15，申请人电话 138****5678', reason: 'IDNO110101********7578' });
    expect(JSON.stringify(view)).not.toMatch(/13812345678|１３８１２３４５６７８|110101199003077578/);
    expect(parseModalState(view.private_metadata)).toEqual({ verb: 'reject', formId: 'reject', target: 'C-0001', caseVersion: 3, prefill: 'ref-1' });
  });

  it('reads a state written before pre-fills were kept as having none', () => {
    expect(parseModalState(JSON.stringify({ verb: 'approve', formId: 'approve', target: 'C-0002', caseVersion: 1 }))).toMatchObject({ prefill: null });
  });
});
