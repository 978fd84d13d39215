// The words people type, in every language at once (locales/<lang>/vocabulary.json): a verb's aliases (`通过` for
// approve), yes and no, on and off, the word between two dates. Input, not replies: a person writing Chinese may
// type `approve`, so every language's words are understood for everyone. A new language is a folder.
import { LOCALES, type Locale } from '../../domain/model.ts';
import type { Translator } from '../../i18n/translator.ts';

/** Word lists every language may give; `verbs.<verb>`, `flags.<field>` and `flags.<field>.<option>` are looked up by name. */
export type WordList = 'yes' | 'no' | 'on' | 'off' | 'end' | 'range';

export interface Vocabulary {
  /** Every word for the verb in every language, the English verb itself first. */
  verbWords(verb: string): string[];
  /** The words that switch a start form's flag field on (`now`, `立即`), the field's name itself included. */
  flagWords(field: string): ReadonlySet<string>;
  /**
   * The words that choose one option of a start form's choice field when typed after the target (`建议`,
   * `suggestion`): only the vocabulary's, so an option's code opening a sentence stays part of it.
   */
  optionWords(field: string, option: string): ReadonlySet<string>;
  has(list: WordList, word: string): boolean;
  /** The language a word names (`中文`, `zh-cn`, `en`), or null. */
  language(word: string): Locale | null;
}

export function createVocabulary(translator: Translator): Vocabulary {
  const words = (key: string): string[] =>
    LOCALES.flatMap((l) => (translator.has(l, `vocabulary.${key}`) ? translator.t(l, `vocabulary.${key}`).split('\n') : []))
      .map((w) => w.trim().toLowerCase())
      .filter((w) => w !== '');
  const cache = new Map<string, ReadonlySet<string>>();
  const set = (key: string): ReadonlySet<string> => {
    let s = cache.get(key);
    if (!s) cache.set(key, (s = new Set(words(key))));
    return s;
  };
  return {
    verbWords: (verb) => [verb, ...words(`verbs.${verb}`).filter((w) => w !== verb)],
    flagWords: (field) => new Set([field.toLowerCase(), ...set(`flags.${field}`)]),
    optionWords: (field, option) => set(`flags.${field}.${option}`),
    has: (list, word) => set(list).has(word.trim().toLowerCase()),
    language(word) {
      const w = word.trim().toLowerCase();
      return LOCALES.find((l) => l.toLowerCase() === w || set(`languages.${l}`).has(w)) ?? null;
    },
  };
}
