// What a terminal adds to the console chat: the line read with editing, a history kept between runs in the data
// folder, and Tab completion of what people type most — verbs, case ids, dataset codes and user names.
import { appendFileSync, chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { AsyncCompleter } from 'node:readline';
import { maskPersonalData } from '../../domain/privacy/mask-personal-data.ts';

/** Lines recalled with ↑ from earlier runs; the file is cut back to this many when it has grown to twice as many. */
export const HISTORY_SIZE = 500;

/**
 * The history file: read at start (newest first, as readline wants it) and written one line at a time as they are
 * typed, so a crash loses nothing typed before it. A personal number is masked before it is written (Z29): the file
 * is recall, not a record. An unreadable or unwritable file costs the history, never the chat.
 */
export function openHistory(file: string | null, log: (line: string) => void) {
  let broken = file === null;
  const complain = (e: unknown) => {
    if (broken) return;
    broken = true;
    log(`[kaifang] console history ${file}: ${e instanceof Error ? e.message : String(e)}; going on without it`);
  };
  function load(): string[] {
    if (file === null || !existsSync(file)) return [];
    try {
      const lines = readFileSync(file, 'utf8').split('\n').filter((l) => l.trim() !== '');
      if (lines.length > 2 * HISTORY_SIZE) writeFileSync(file, `${lines.slice(-HISTORY_SIZE).join('\n')}\n`, { mode: 0o600 });
      return lines.slice(-HISTORY_SIZE).reverse();
    } catch (e) {
      complain(e);
      return [];
    }
  }
  return {
    lines: load(),
    add(line: string): void {
      if (broken || file === null || line.trim() === '') return;
      try {
        mkdirSync(dirname(file), { recursive: true });
        const fresh = !existsSync(file);
        appendFileSync(file, `${maskPersonalData(line.replace(/[\r\n]+/g, ' '))}\n`, { mode: 0o600 });
        if (fresh) chmodSync(file, 0o600);
      } catch (e) {
        complain(e);
      }
    },
  };
}

export interface CompletionSource {
  /** The command words: every verb, and the console's own (`as`, `exit`, `clear`). */
  verbs(): readonly string[];
  caseIds(): Promise<readonly string[]>;
  datasetCodes(): Promise<readonly string[]>;
  userIds(): Promise<readonly string[]>;
}

/**
 * Tab completes the word under the cursor: the first word from the command words, the word after `as` from the
 * people, a `C-…` from the case ids, a `DS-…` from the dataset codes, and any other word from all three. Only what
 * exists is offered; a word that matches nothing is left as typed.
 */
export function createCompleter(source: CompletionSource): AsyncCompleter {
  async function candidates(line: string): Promise<[string[], string]> {
    const words = line.split(/\s+/);
    const word = words.at(-1) ?? '';
    const lower = word.toLowerCase();
    const match = (all: readonly string[]) => [...new Set(all.filter((w) => w.toLowerCase().startsWith(lower)))].sort();
    if (words.length === 1) return [match(source.verbs()).map((w) => `${w} `), word];
    if (words.length === 2 && /^(as|切换)$/i.test(words[0]!)) return [match(await source.userIds()), word];
    if (/^c-?\d*$/i.test(word) && word !== '') return [match(await source.caseIds()), word];
    if (/^ds-?\d*$/i.test(word) && word !== '') return [match(await source.datasetCodes()), word];
    if (word === '' || word.includes('=')) return [[], word];
    const [cases, codes, people] = await Promise.all([source.caseIds(), source.datasetCodes(), source.userIds()]);
    return [match([...people, ...cases, ...codes]), word];
  }
  return (line, callback) => {
    candidates(line).then(
      (found) => callback(null, found),
      () => callback(null, [[], line]),
    );
  };
}
