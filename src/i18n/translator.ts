// Every user-facing string lives in locales/<lang>/<namespace>.json; `t('ns.key', params)` fills `{name}` slots.
import type { Params } from '../domain/errors.ts';
import type { Locale } from '../domain/model.ts';

export type Dictionary = Readonly<Record<string, string>>;
export type Translate = (key: string, params?: Params) => string;

export interface Translator {
  t(locale: Locale, key: string, params?: Params): string;
  has(locale: Locale, key: string): boolean;
  for(locale: Locale): Translate;
  /**
   * The same dictionaries with the city's terms (the platform's name, the articles its refusals cite: the policy
   * profile's `terms`) filling every slot a message's own params leave open.
   */
  withTerms(terms: Readonly<Partial<Record<Locale, Params>>>): Translator;
}

const SLOT = /\{(\w+)\}/g;

export function createTranslator(
  dictionaries: Readonly<Record<Locale, Dictionary>>,
  fallback: Locale = 'zh-CN',
  terms: Readonly<Partial<Record<Locale, Params>>> = {},
): Translator {
  const lookup = (locale: Locale, key: string): string | undefined => dictionaries[locale]?.[key] ?? dictionaries[fallback]?.[key];
  const t = (locale: Locale, key: string, params?: Params): string => {
    const template = lookup(locale, key);
    // A missing key shows itself rather than an empty reply; the locale test keeps this from shipping.
    if (template === undefined) return key;
    const own = terms[locale] ?? terms[fallback];
    if (!params && !own) return template;
    return template.replace(SLOT, (whole, name: string) => {
      if (params && Object.hasOwn(params, name)) return String(params[name]);
      if (own && Object.hasOwn(own, name)) return String(own[name]);
      return whole;
    });
  };
  return {
    t,
    has: (locale, key) => dictionaries[locale]?.[key] !== undefined,
    for: (locale) => (key, params) => t(locale, key, params),
    withTerms: (more) => createTranslator(dictionaries, fallback, more),
  };
}

/** Flattens nested JSON into dotted keys under a namespace: {"a":{"b":"x"}} in ns "w5" → "w5.a.b". */
export function flatten(prefix: string, value: unknown, out: Record<string, string> = {}): Record<string, string> {
  if (typeof value === 'string') out[prefix] = value;
  else if (Array.isArray(value)) out[prefix] = value.join('\n');
  else if (value && typeof value === 'object')
    for (const [k, v] of Object.entries(value)) flatten(prefix ? `${prefix}.${k}` : k, v, out);
  return out;
}
