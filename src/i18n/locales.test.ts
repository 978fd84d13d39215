// Every user-facing string lives in locales/: both languages must say the same things.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadDictionaries } from './load-locales.ts';

const dictionaries = loadDictionaries();
const SRC = join(import.meta.dirname, '..');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return name === 'generated' ? [] : sourceFiles(path);
    return name.endsWith('.ts') && !name.endsWith('.test.ts') ? [path] : [];
  });
}

const slots = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

describe('locales', () => {
  // The vocabulary is what people type: each language has the words it has (English verbs need no alias).
  const replies = (keys: string[]) => keys.filter((k) => !k.startsWith('vocabulary.')).sort();

  it('zh-CN and en have the same keys', () => {
    const zh = replies(Object.keys(dictionaries['zh-CN']));
    const en = replies(Object.keys(dictionaries.en));
    expect(zh.filter((k) => !en.includes(k))).toEqual([]);
    expect(en.filter((k) => !zh.includes(k))).toEqual([]);
  });

  it('each message has the same slots in both languages', () => {
    const differing = Object.keys(dictionaries['zh-CN']).filter(
      (k) => dictionaries.en[k] !== undefined && slots(dictionaries['zh-CN'][k]!).join() !== slots(dictionaries.en[k]!).join(),
    );
    expect(differing).toEqual([]);
  });

  it('every literal key the code asks for exists', () => {
    const missing: string[] = [];
    let checked = 0;
    for (const file of sourceFiles(SRC)) {
      // Comments may show example keys; only code counts.
      const text = readFileSync(file, 'utf8').replace(/^\s*(\/\/|\*|\/\*\*).*$/gm, '');
      for (const m of text.matchAll(/\bt\(\s*(?:[\w.]+,\s*)?'([a-zA-Z]+\.[\w.]+)'/g)) {
        const key = m[1]!;
        checked++;
        if (dictionaries['zh-CN'][key] === undefined) missing.push(`${relative(SRC, file)}: ${key}`);
      }
    }
    expect(missing).toEqual([]);
    expect(checked).toBeGreaterThan(30);
  });
});
