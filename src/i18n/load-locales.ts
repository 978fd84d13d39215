import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, basename, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { LOCALES, type Locale } from '../domain/model.ts';
import { KaifangError } from '../domain/errors.ts';
import { createTranslator, flatten, type Dictionary, type Translator } from './translator.ts';

export const LOCALES_DIR = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'locales');

/**
 * Reads <dir>/<lang>/*.json; each file's name is its namespace. Further folders (a workflow's strings kept with it,
 * e.g. a test's fixture) add their keys; a folder without a language is skipped.
 */
export function loadDictionaries(dir: string = LOCALES_DIR, more: readonly string[] = []): Record<Locale, Dictionary> {
  const result = {} as Record<Locale, Dictionary>;
  for (const locale of LOCALES) {
    const out: Record<string, string> = {};
    for (const base of [dir, ...more]) readFolder(join(base, locale), out, base !== dir);
    result[locale] = out;
  }
  return result;
}

function readFolder(folder: string, out: Record<string, string>, optional: boolean): void {
  if (optional && !existsSync(folder)) return;
  for (const file of readdirSync(folder).filter((f) => f.endsWith('.json')).sort()) {
    let json: unknown;
    try {
      json = JSON.parse(readFileSync(join(folder, file), 'utf8'));
    } catch (cause) {
      throw new KaifangError('LOCALE_INVALID', `${folder}/${file} is not valid JSON`, { cause });
    }
    // A namespace in two folders: both files' keys, the later folder's winning.
    flatten(basename(file, '.json'), json, out);
  }
}

export function loadTranslator(dir?: string, more: readonly string[] = []): Translator {
  return createTranslator(loadDictionaries(dir, more));
}
