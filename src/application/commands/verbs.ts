// The command words: the platform's own verbs, then every verb the registered workflows declare (starting verbs and
// actions), each with its aliases from the vocabulary. One table, shared by every chat.
import { KaifangError } from '../../domain/errors.ts';
import type { WorkflowRegistry } from '../../domain/workflows/registry.ts';
import type { Vocabulary } from './vocabulary.ts';

/** The platform's verbs, in the order help lists them around the workflows' own. */
const READ_VERBS = ['help', 'datasets', 'dataset'] as const;
const CASE_VERBS = ['status', 'mine', 'queue'] as const;
const PEOPLE_VERBS = ['nudge', 'reassign', 'overdue', 'delegate', 'digest', 'why', 'lang', 'cancel'] as const;

/** The platform's verbs that change nothing: typed while a form waits, they are answered and the form keeps waiting. */
export const READ_ONLY_VERBS: ReadonlySet<string> = new Set(['help', 'datasets', 'dataset', 'mine', 'queue', 'status', 'why', 'overdue']);

export type CoreVerb = (typeof READ_VERBS)[number] | (typeof CASE_VERBS)[number] | (typeof PEOPLE_VERBS)[number];
export const CORE_VERBS: readonly CoreVerb[] = [...READ_VERBS, ...CASE_VERBS, ...PEOPLE_VERBS];

export interface VerbTable {
  /** Every verb in help order. */
  readonly verbs: readonly string[];
  /** `Approve`, `/approve` and `通过` all name the same verb. */
  resolve(word: string): string | null;
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
  return {
    verbs,
    resolve: (word) => byWord.get(word.replace(/^\//, '').toLowerCase()) ?? null,
  };
}
