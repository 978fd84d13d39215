// Resubmission merges the correction into the previous values and validates the whole again with the form, so a
// correction cannot slip past the rules the first submission had to meet.
import type { FormDefinition, FormParse } from '../forms/form.ts';
import { parseForm } from '../forms/form.ts';

/** A typed text, trimmed; null when nothing (or only spaces) was typed, or no text at all. */
export function blankToNull(s: string | null | undefined): string | null {
  return typeof s === 'string' && s.trim() !== '' ? s.trim() : null;
}

/** A text field's value trimmed; '' when it is no text (an event sent without it). */
export function textOf(value: unknown): string {
  return typeof value === 'string' ? value.trim() : '';
}

/** A list field's items, each trimmed, the empty ones dropped; [] when it is no list. */
export function itemsOf(value: unknown): string[] {
  return (Array.isArray(value) ? value : []).map(textOf).filter((item) => item !== '');
}

/** A value as a chat would type it: lists one per line (the form's list separators include newlines). */
export function toRaw(value: unknown): string | undefined {
  if (value === undefined || value === null) return undefined;
  if (Array.isArray(value)) return value.map((v) => String(v)).join('\n');
  if (value === true) return 'yes';
  if (value === false) return 'no';
  return String(value);
}

function rawOf(values: Readonly<Record<string, unknown>>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(values)) {
    const raw = toRaw(v);
    if (raw !== undefined) out[k] = raw;
  }
  return out;
}

/** Validates `previous` overlaid with the fields given in `input` (blank fields keep the previous value). */
export function parseMerged<T>(form: FormDefinition<T>, previous: Readonly<Record<string, unknown>>, input: Readonly<Record<string, unknown>>): FormParse<T> {
  const merged = rawOf(previous);
  for (const [k, raw] of Object.entries(rawOf(input))) if (raw.trim() !== '') merged[k] = raw;
  return parseForm(form, merged);
}
