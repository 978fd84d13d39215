// Choices speak the reader's language and take any language's word: the labels under forms.<form>.<field>.options.
import { describe, expect, it } from 'vitest';
import { defineForm, field, parseForm } from '../../domain/forms/form.ts';
import { w1Form } from '../../domain/workflows/w1-dataset-publication.ts';
import { w5Form } from '../../domain/workflows/w5-conditional-application.ts';
import { loadTranslator } from '../../i18n/load-locales.ts';
import { createFormText, optionLabel, valueText } from './form-text.ts';

const translator = loadTranslator();
const zh = translator.for('zh-CN');
const en = translator.for('en');
const { choiceCode, hintOf } = createFormText(translator);

describe('a typed choice', () => {
  it.each([
    ['接口', 'api'],
    ['API', 'api'],
    ['api', 'api'],
    [' 数据集 ', 'dataset'],
    ['Dataset', 'dataset'],
  ])('%j is the code %s', (typed, code) => {
    expect(choiceCode(w5Form, 'type', typed)).toBe(code);
  });

  it('names each item of a multiple choice, whatever separates them', () => {
    expect(choiceCode(w1Form, 'formats', 'csv、Json；api')).toBe('CSV, JSON, API');
    expect(choiceCode(w1Form, 'frequency', '每季度')).toBe('quarterly');
    expect(choiceCode(w1Form, 'attribute', '有条件开放')).toBe('conditional');
    expect(parseForm(w1Form, { name: 'n', summary: 's', fields: 'a', attribute: choiceCode(w1Form, 'attribute', '有条件开放'), conditions: 'c', formats: choiceCode(w1Form, 'formats', 'CSV，接口'), frequency: 'daily' })).toMatchObject({
      ok: false,
      issues: expect.arrayContaining([expect.objectContaining({ field: 'formats', code: 'invalid' })]),
    });
  });

  it('leaves what names no option, and every other kind of field, as typed for the form to judge', () => {
    expect(choiceCode(w5Form, 'type', '传真')).toBe('传真');
    expect(choiceCode(w5Form, 'title', '接口')).toBe('接口');
    expect(choiceCode(w5Form, 'type', '')).toBe('');
  });
});

describe('a choice shown', () => {
  it('lists its options by their labels in the reader’s language', () => {
    expect(hintOf(zh, w5Form, 'type')).toMatch(/ 可选：数据集 \/ 接口$/);
    expect(hintOf(en, w5Form, 'type')).toMatch(/ One of: Dataset \/ API$/);
    expect(hintOf(zh, w1Form, 'frequency')).toMatch(/ 可选：实时 \/ 每日 \/ 每周 \/ 每月 \/ 每季度 \/ 每年 \/ 不定期 \/ 已归档（不再更新）$/);
    expect(hintOf(zh, w1Form, 'formats')).toMatch(/ 可选：CSV \/ JSON \/ XML \/ XLS \/ XLSX \/ API$/);
  });

  it('shows a stored value by its label, a list in the language’s own list', () => {
    expect(valueText(zh, w1Form, 'frequency', 'daily')).toBe('每日');
    expect(valueText(en, w1Form, 'attribute', 'conditional')).toBe('Conditionally open');
    expect(valueText(zh, w1Form, 'formats', ['CSV', 'JSON'])).toBe('CSV、JSON');
    expect(valueText(en, w1Form, 'formats', 'CSV, JSON')).toBe('CSV, JSON');
    expect(valueText(zh, w5Form, 'title', '客流研究')).toBe('客流研究');
  });

  it('shows a code that has no label as itself', () => {
    const form = defineForm('nolabels', { kind: field.choice(['x1']) });
    expect(optionLabel(zh, form, 'kind', 'x1')).toBe('x1');
  });
});
