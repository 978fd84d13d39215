// A form shown whole (a Slack modal) comes pre-filled with what the person already typed with the command. What goes
// to the platform is masked like every other outbound text (Z29, Z31): `/kaifang return C-0001 reasons="请致电
// 13812345678"` opens a modal that reads `请致电 138****5678`. The values as typed stay here, in memory, under a
// reference the form carries (never the values themselves: the platform keeps what the form carries). A field sent back
// exactly as it was shown gets its value as typed again, so what is filed is what was typed. A field that still holds
// a masked number otherwise (edited around it, or this process forgot the values: a restart, or too long ago) is sent
// back to be typed again: stars are not a number, and must not be filed as one.
import { randomUUID } from 'node:crypto';
import { hasMaskedNumber, maskPersonalData } from '../../domain/privacy/mask-personal-data.ts';

/** A modal left open longer than this has its values as typed forgotten. */
export const PREFILL_KEPT_MS = 24 * 60 * 60 * 1000;
/** At most this many forms' values are kept; the oldest is forgotten first. */
export const PREFILL_MAX_FORMS = 1_000;

export interface ShownValues {
  /** What the form shows: every value masked. */
  values: Record<string, string>;
  /** The reference to carry in the form, or null when masking changed nothing (nothing to give back). */
  ref: string | null;
}

export interface RestoredValues {
  /** The values to submit: those sent back as shown are the values as typed. */
  values: Record<string, string>;
  /** Fields that still hold a masked number: to be typed again. */
  retype: string[];
}

export interface FormPrefill {
  show(values: Readonly<Record<string, string>>): ShownValues;
  restore(ref: string | null, submitted: Readonly<Record<string, string>>): RestoredValues;
  /** The form was submitted and dealt with: its values as typed are not needed any more. */
  forget(ref: string | null): void;
}

export function createFormPrefill(options: { now: () => Date; keptMs?: number; maxForms?: number }): FormPrefill {
  const keptMs = options.keptMs ?? PREFILL_KEPT_MS;
  const maxForms = options.maxForms ?? PREFILL_MAX_FORMS;
  // Insertion order is age order: the oldest entries come first.
  const kept = new Map<string, { at: number; typed: Record<string, string> }>();

  function prune(now: number): void {
    for (const [ref, entry] of kept) {
      if (now - entry.at < keptMs && kept.size <= maxForms) break;
      kept.delete(ref);
    }
  }

  return {
    show(values) {
      const shown: Record<string, string> = {};
      const typed: Record<string, string> = {};
      for (const [name, value] of Object.entries(values)) {
        shown[name] = maskPersonalData(value);
        if (shown[name] !== value) typed[name] = value;
      }
      if (Object.keys(typed).length === 0) return { values: shown, ref: null };
      const now = options.now().getTime();
      const ref = randomUUID();
      kept.set(ref, { at: now, typed });
      prune(now);
      return { values: shown, ref };
    },

    restore(ref, submitted) {
      const entry = ref === null ? undefined : kept.get(ref);
      const fresh = entry !== undefined && options.now().getTime() - entry.at < keptMs;
      const values: Record<string, string> = {};
      const retype: string[] = [];
      for (const [name, value] of Object.entries(submitted)) {
        const typed = fresh ? entry.typed[name] : undefined;
        if (typed !== undefined && value === maskPersonalData(typed)) values[name] = typed;
        else {
          values[name] = value;
          if (hasMaskedNumber(value)) retype.push(name);
        }
      }
      return { values, retype };
    },

    forget(ref) {
      if (ref !== null) kept.delete(ref);
    },
  };
}
