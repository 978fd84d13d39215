// The verb table over the real vocabulary: every alias names one verb, and none of them is an answer to a yes/no
// question (`同意` is a yes; `不同意`, a refusal, must never be read as one, nor as a no).
import { describe, expect, it } from 'vitest';
import { loadDictionaries } from '../../i18n/load-locales.ts';
import { createTranslator } from '../../i18n/translator.ts';
import { WORKFLOWS } from '../../domain/workflows/registry.ts';
import { createVerbTable } from './verbs.ts';
import { createVocabulary } from './vocabulary.ts';

describe('the verb table', () => {
  const dictionaries = loadDictionaries();
  const vocabulary = createVocabulary(createTranslator(dictionaries));
  const verbs = createVerbTable(WORKFLOWS, vocabulary);

  it.each([
    ['不予通过', 'reject'],
    ['不同意', 'reject'],
    ['reject', 'reject'],
    ['/reject', 'reject'],
    ['通过', 'approve'],
    ['退回', 'return'],
  ])('reads %s as %s', (word, verb) => {
    expect(verbs.resolve(word)).toBe(verb);
  });

  it('takes no yes or no word as a command', () => {
    for (const word of ['同意', '是', '否', '不', '不是', '不确认', 'yes', 'no'])
      expect({ word, verb: verbs.resolve(word) }).toEqual({ word, verb: null });
    expect(vocabulary.has('yes', '不同意')).toBe(false);
    expect(vocabulary.has('no', '不同意')).toBe(false);
  });

  it('refuses a vocabulary in which a verb word is also a yes or a no', () => {
    const zh = dictionaries['zh-CN'];
    for (const [verb, word] of [['approve', '同意'], ['reject', '否']] as const) {
      const clashing = createVocabulary(createTranslator({ ...dictionaries, 'zh-CN': { ...zh, [`vocabulary.verbs.${verb}`]: word } }));
      expect(() => createVerbTable(WORKFLOWS, clashing)).toThrow(`The word "${word}" for "${verb}" is also a yes or no answer.`);
    }
  });

  it.each([
    ['aprove', 'approve'],
    ['approv', 'approve'],
    ['appr', 'approve'],
    ['/Aprove', 'approve'],
    ['rejcet', 'reject'],
    ['stauts', 'status'],
    ['datset', 'dataset'],
    ['通苟', '通过'],
  ])('offers %s the nearest command %s first', (typed, word) => {
    expect(verbs.nearest(typed)[0]).toBe(word);
  });

  it('offers at most three commands, one word each, and nothing for a word far from all of them', () => {
    for (const typed of ['aprove', 'de', 'stat', 're'])
      expect(new Set(verbs.nearest(typed).map((w) => verbs.resolve(w))).size).toBe(verbs.nearest(typed).length);
    expect(verbs.nearest('re').length).toBeLessThanOrEqual(3);
    expect(verbs.nearest('frobnicate')).toEqual([]);
    expect(verbs.nearest('你好')).toEqual([]);
    expect(verbs.nearest('x'.repeat(500))).toEqual([]);
  });
});
