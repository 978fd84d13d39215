import { readdirSync, readFileSync } from 'node:fs';
import { join, basename, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { LOCALES, type Locale } from '../domain/model.ts';
import { KaifangError } from '../domain/errors.ts';
import { createTranslator, flatten, type Dictionary, type Translator } from './translator.ts';

export const LOCALES_DIR = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'locales');

/** Reads locales/<lang>/*.json; each file's name is its namespace. */
export function loadDictionaries(dir: string = LOCALES_DIR): Record<Locale, Dictionary> {
  const result = {} as Record<Locale, Dictionary>;
  for (const locale of LOCALES) {
    const out: Record<string, string> = {};
    const folder = join(dir, locale);
    for (const file of readdirSync(folder).filter((f) => f.endsWith('.json')).sort()) {
      let json: unknown;
      try {
        json = JSON.parse(readFileSync(join(folder, file), 'utf8'));
      } catch (cause) {
        throw new KaifangError('LOCALE_INVALID', `locales/${locale}/${file} is not valid JSON`, { cause });
      }
      flatten(basename(file, '.json'), json, out);
    }
    result[locale] = out;
  }
  return result;
}

export function loadTranslator(dir?: string): Translator {
  return createTranslator(loadDictionaries(dir));
}
