import { describe, expect, it } from 'vitest';
import { rejectForm } from '../../domain/forms/decision-forms.ts';
import { loadTranslator } from '../../i18n/load-locales.ts';
import { formModal, parseModalState } from './form-modal.ts';

describe('the form modal', () => {
  const t = loadTranslator().for('en');

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
