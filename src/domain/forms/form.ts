// A workflow declares its inputs once: each field's kind gives both its zod schema and how a chat
// asks for it; labels and hints live in locales under `forms.<formId>.<field>.label|hint`.
import { z } from 'zod';

export type FieldKind = 'text' | 'date' | 'choice' | 'multi' | 'list' | 'confirm' | 'count' | 'flag';

interface FieldBase<T> {
  kind: FieldKind;
  /** The longest value accepted, in characters (what is typed, before it is parsed). */
  maxLength: number;
  options?: readonly string[];
  optional: boolean;
  /** Asked (and required) only when this holds for the values given so far. */
  askIf?: (raw: Readonly<Record<string, string>>) => boolean;
  schema: z.ZodType<T>;
}

export type Field<T = unknown> = FieldBase<T>;

/** Longest values by kind: a free text, a title or name, a list, and anything short (a date, a choice, a number). */
export const MAX_LENGTH = { text: 5_000, title: 200, list: 5_000, short: 200 } as const;

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;
const LIST_SEPARATORS = /[,，、;；\n]/;

function validDate(s: string): boolean {
  if (!ISO_DATE.test(s)) return false;
  const d = new Date(`${s}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s;
}

/** The items of a list as people type them: separated by commas, 、, semicolons or new lines, in either width. */
export function splitList(s: string): string[] {
  return s
    .split(LIST_SEPARATORS)
    .map((x) => x.trim())
    .filter((x) => x.length > 0);
}

/** The form's own yes; the words people type for it, in every language, are the chat's (locales/<lang>/vocabulary.json). */
const YES = new Set(['yes', 'true']);

export const field = {
  /** Free text; `max` characters at most (a title or a name: MAX_LENGTH.title). */
  text: (max: number = MAX_LENGTH.text): Field<string> => ({ kind: 'text', maxLength: max, optional: false, schema: z.string().trim().min(1) }),
  date: (): Field<string> => ({
    kind: 'date',
    maxLength: MAX_LENGTH.short,
    optional: false,
    schema: z.string().trim().refine(validDate, { message: 'date' }),
  }),
  choice: <const O extends readonly [string, ...string[]]>(options: O): Field<O[number]> => ({
    kind: 'choice',
    maxLength: MAX_LENGTH.short,
    options,
    optional: false,
    schema: z
      .string()
      .trim()
      .transform((s) => options.find((o) => o.toLowerCase() === s.toLowerCase()) ?? s)
      .pipe(z.enum(options)),
  }),
  multi: <const O extends readonly [string, ...string[]]>(options: O): Field<O[number][]> => ({
    kind: 'multi',
    maxLength: MAX_LENGTH.list,
    options,
    optional: false,
    schema: z
      .string()
      .transform((s) => splitList(s).map((x) => options.find((o) => o.toLowerCase() === x.toLowerCase()) ?? x))
      .pipe(z.array(z.enum(options)).min(1)),
  }),
  list: (): Field<string[]> => ({
    kind: 'list',
    maxLength: MAX_LENGTH.list,
    optional: false,
    schema: z.string().transform(splitList).pipe(z.array(z.string()).min(1)),
  }),
  /** A whole number of days or items, `min` (1 unless given: 0 for a tally that may be none) to `max`. */
  count: (max: number, min = 1): Field<number> => ({
    kind: 'count',
    maxLength: MAX_LENGTH.short,
    optional: false,
    schema: z
      .string()
      .trim()
      .regex(/^\d+$/)
      .transform(Number)
      .pipe(z.number().int().min(min).max(max)),
  }),
  /** A statement the person must affirm, e.g. S20's commitment to truthfulness, compliance and security. */
  confirm: (): Field<true> => ({
    kind: 'confirm',
    maxLength: MAX_LENGTH.short,
    optional: false,
    schema: z
      .string()
      .trim()
      .transform((s) => YES.has(s.toLowerCase()))
      .pipe(z.literal(true)),
  }),
  /** A switch that is off unless given (`delist DS-0002 now`): never asked. */
  flag: (): Field<boolean | null> => ({
    kind: 'flag',
    maxLength: MAX_LENGTH.short,
    optional: true,
    schema: z
      .string()
      .trim()
      .refine((s) => YES.has(s.toLowerCase()) || ['no', 'false'].includes(s.toLowerCase()), { message: 'flag' })
      .transform((s) => YES.has(s.toLowerCase())),
  }),
};

/** Marks a field optional, or asked only under a condition (then required when asked). */
export function optional<T>(f: Field<T>): Field<T | null> {
  return { ...f, optional: true } as Field<T | null>;
}
export function askIf<T>(f: Field<T>, when: (raw: Readonly<Record<string, string>>) => boolean): Field<T | null> {
  return { ...f, askIf: when } as Field<T | null>;
}

type Fields = Record<string, Field<any>>;
export type FormValues<F extends Fields> = { [K in keyof F]: F[K] extends Field<infer T> ? T : never };

export interface FormDefinition<T = Record<string, unknown>> {
  id: string;
  fields: Readonly<Record<string, Field<any>>>;
  /** Field names in the order they are asked. */
  order: readonly string[];
  /** Only for type inference. */
  readonly _values?: T;
}

export function defineForm<F extends Fields>(id: string, fields: F): FormDefinition<FormValues<F>> {
  return { id, fields, order: Object.keys(fields) };
}

export type FieldIssue = { field: string; code: 'missing' | 'invalid' | 'tooLong'; kind: FieldKind; options?: readonly string[]; max?: number };

function tooLong(name: string, f: Field<any>, given: string): FieldIssue | null {
  return given.length > f.maxLength ? { field: name, code: 'tooLong', kind: f.kind, max: f.maxLength } : null;
}
export type FormParse<T> = { ok: true; value: T } | { ok: false; issues: FieldIssue[] };

function isAsked(f: Field<any>, raw: Readonly<Record<string, string>>): boolean {
  return f.askIf ? f.askIf(raw) : true;
}

/** The fields still to ask for, in order: required, asked under the current values, and not given. */
export function missingFields(form: FormDefinition<any>, raw: Readonly<Record<string, string>>): string[] {
  return form.order.filter((name) => {
    const f = form.fields[name]!;
    return !f.optional && isAsked(f, raw) && (raw[name] === undefined || raw[name]!.trim() === '');
  });
}

/** Validates raw chat input (strings) against the form; unknown keys are ignored. */
export function parseForm<T>(form: FormDefinition<T>, raw: Readonly<Record<string, string>>): FormParse<T> {
  const issues: FieldIssue[] = [];
  const value: Record<string, unknown> = {};
  for (const name of form.order) {
    const f = form.fields[name]!;
    const given = raw[name];
    const options = f.options ? { options: f.options } : {};
    if (!isAsked(f, raw)) {
      value[name] = null;
      continue;
    }
    if (given === undefined || given.trim() === '') {
      if (f.optional) value[name] = null;
      else issues.push({ field: name, code: 'missing', kind: f.kind, ...options });
      continue;
    }
    const long = tooLong(name, f, given);
    if (long) {
      issues.push(long);
      continue;
    }
    const r = f.schema.safeParse(given);
    if (r.success) value[name] = r.data;
    else issues.push({ field: name, code: 'invalid', kind: f.kind, ...options });
  }
  return issues.length ? { ok: false, issues } : { ok: true, value: value as T };
}

/** Validates one field alone (used when a chat asks the fields one at a time). */
export function checkField(form: FormDefinition<any>, name: string, given: string): FieldIssue | null {
  const f = form.fields[name];
  if (!f) return null;
  const options = f.options ? { options: f.options } : {};
  if (given.trim() === '') return f.optional ? null : { field: name, code: 'missing', kind: f.kind, ...options };
  const long = tooLong(name, f, given);
  if (long) return long;
  return f.schema.safeParse(given).success ? null : { field: name, code: 'invalid', kind: f.kind, ...options };
}
