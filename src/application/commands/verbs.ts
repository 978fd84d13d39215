// The command words: the platform's own verbs, then every verb the registered workflows declare (starting verbs and
// actions), each with its aliases from the vocabulary. One table, shared by every chat.
import { KaifangError } from '../../domain/errors.ts';
import type { WorkflowRegistry } from '../../domain/workflows/registry.ts';
import type { Vocabulary } from './vocabulary.ts';

/** The platform's verbs, in the order help lists them around the workflows' own. */
const READ_VERBS = ['help', 'datasets', 'dataset', 'results', 'plans'] as const;
const CASE_VERBS = ['status', 'mine', 'queue', 'requests', 'follow'] as const;
const PEOPLE_VERBS = ['nudge', 'reassign', 'overdue', 'stale', 'stats', 'delegate', 'digest', 'why', 'lang', 'cancel'] as const;

/** The platform's verbs that change nothing: typed while a form waits, they are answered and the form keeps waiting. */
export const READ_ONLY_VERBS: ReadonlySet<string> = new Set(['help', 'datasets', 'dataset', 'results', 'plans', 'mine', 'queue', 'requests', 'status', 'why', 'overdue', 'stale', 'stats']);

export type CoreVerb = (typeof READ_VERBS)[number] | (typeof CASE_VERBS)[number] | (typeof PEOPLE_VERBS)[number];
export const CORE_VERBS: readonly CoreVerb[] = [...READ_VERBS, ...CASE_VERBS, ...PEOPLE_VERBS];

export interface VerbTable {
  /** Every verb in help order. */
  readonly verbs: readonly string[];
  /** `Approve`, `/approve` and `通过` all name the same verb. */
  resolve(word: string): string | null;
  /**
   * The command words nearest to one that names no verb (`aprove` → `approve`, `appr` → `approve`), at most three,
   * nearest first, one word per verb: only ever offered, never run.
   */
  nearest(word: string): string[];
}

export function createVerbTable(workflows: WorkflowRegistry, vocabulary: Vocabulary): VerbTable {
  const starting = workflows.workflows.flatMap((w) => w.starts.map((s) => s.verb));
  // The actions most workflows share first, in the order people meet them; then any a workflow has of its own.
  const verbs = [...READ_VERBS, ...starting, ...CASE_VERBS, ...workflows.actionVerbs, ...PEOPLE_VERBS];
  const byWord = new Map<string, string>();
  for (const verb of verbs) {
    if (byWord.get(verb) !== undefined && byWord.get(verb) !== verb)
      throw new KaifangError('REGISTRY_INVALID', `"${verb}" is already a word for "${byWord.get(verb)}".`);
    for (const word of vocabulary.verbWords(verb)) {
      // A form waiting for a yes or a no takes the answer, never a command: `不同意` (reject) is neither `同意` nor a no.
      if (vocabulary.has('yes', word) || vocabulary.has('no', word))
        throw new KaifangError('REGISTRY_INVALID', `The word "${word}" for "${verb}" is also a yes or no answer.`);
      const taken = byWord.get(word);
      if (taken !== undefined && taken !== verb) throw new KaifangError('REGISTRY_INVALID', `The word "${word}" names both "${taken}" and "${verb}".`);
      byWord.set(word, verb);
    }
  }
  const clean = (word: string) => word.replace(/^\//, '').toLowerCase();
  return {
    verbs,
    resolve: (word) => byWord.get(clean(word)) ?? null,
    nearest(typed) {
      const word = clean(typed);
      if (word === '' || word.length > MAX_SUGGESTED_LENGTH) return [];
      const best = new Map<string, { word: string; distance: number; order: number }>();
      for (const [candidate, verb] of byWord) {
        const distance = closeness(word, candidate);
        if (distance === null) continue;
        const known = best.get(verb);
        if (!known || distance < known.distance) best.set(verb, { word: candidate, distance, order: verbs.indexOf(verb) });
      }
      return [...best.values()]
        .sort((a, b) => a.distance - b.distance || a.order - b.order)
        .slice(0, 3)
        .map((b) => b.word);
    },
  };
}

/** Longer than any command word by far: a sentence typed by mistake is not compared word by word. */
const MAX_SUGGESTED_LENGTH = 24;

/**
 * How near a typed word is to a command word, or null when too far to suggest: the start of the word (`appr`, three
 * letters at least) counts as nearest; otherwise the edits between them (a letter missing, extra, wrong or two letters
 * swapped), one allowed in a short word and two from five letters on.
 */
function closeness(typed: string, word: string): number | null {
  if (typed.length >= 3 && word.startsWith(typed)) return 0.5;
  const allowed = [...word].length >= 5 ? 2 : 1;
  const d = editDistance([...typed], [...word]);
  return d <= allowed ? d : null;
}

/** Edits between two words (optimal string alignment: insert, delete, substitute, swap two neighbours). */
function editDistance(a: readonly string[], b: readonly string[]): number {
  if (Math.abs(a.length - b.length) > 2) return Infinity;
  const d: number[][] = Array.from({ length: a.length + 1 }, (_, i) => Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
  for (let i = 1; i <= a.length; i++)
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let v = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) v = Math.min(v, d[i - 2]![j - 2]! + 1);
      d[i]![j] = v;
    }
  return d[a.length]![b.length]!;
}
