// How a form speaks: field labels and hints from locales (forms.<form>.<field>.label|hint), "question 3 of 7",
// which typed keys name which field (`title=…` and `标题=…` alike), and which typed words name which choice
// (forms.<form>.<field>.options.<value>: `接口`, `API` and `api` alike). The domain knows only the codes.
import { missingFields, splitList, type FieldIssue, type FormDefinition } from '../../domain/forms/form.ts';
import { LOCALES } from '../../domain/model.ts';
import type { Translate, Translator } from '../../i18n/translator.ts';

/** A choice's label in the reader's language; a value without one (a format code such as `CSV`) shows as itself. */
export function optionLabel(t: Translate, form: FormDefinition<any>, name: string, value: string): string {
  const key = `forms.${form.id}.${name}.options.${value}`;
  const label = t(key);
  return label === key ? value : label;
}

/** A value as its reader reads it: a choice by its label, a multiple choice by its labels in their language's list. */
export function valueText(t: Translate, form: FormDefinition<any>, name: string, value: unknown): string {
  const f = form.fields[name];
  if (f?.kind === 'choice') return optionLabel(t, form, name, String(value));
  if (f?.kind === 'multi') {
    const items = Array.isArray(value) ? value.map(String) : splitList(String(value));
    return items.map((v) => optionLabel(t, form, name, v)).join(t('commands.listSeparator'));
  }
  return String(value);
}

export function createFormText(translator: Translator) {
  /** Field names and their labels in every language, so `标题=…` and `title=…` both work. */
  const fieldByKey = (form: FormDefinition<any>): Map<string, string> => {
    const m = new Map<string, string>();
    for (const name of form.order) {
      m.set(name.toLowerCase(), name);
      for (const l of LOCALES) m.set(translator.t(l, `forms.${form.id}.${name}.label`).toLowerCase(), name);
    }
    return m;
  };

  /** A choice field's codes and their labels in every language, each naming its code. */
  const codes = new Map<string, ReadonlyMap<string, string>>();
  const codeByWord = (form: FormDefinition<any>, name: string): ReadonlyMap<string, string> => {
    const cacheKey = `${form.id}.${name}`;
    let m = codes.get(cacheKey);
    if (!m) {
      const words = new Map<string, string>();
      for (const code of form.fields[name]?.options ?? []) {
        words.set(code.toLowerCase(), code);
        for (const l of LOCALES) {
          const key = `forms.${form.id}.${name}.options.${code}`;
          if (translator.has(l, key)) words.set(translator.t(l, key).trim().toLowerCase(), code);
        }
      }
      codes.set(cacheKey, (m = words));
    }
    return m;
  };

  /**
   * What was typed for a choice, as its code: a label in any language or the code itself (`每日`, `Daily`, `daily` →
   * `daily`); each item of a multiple choice likewise. Anything else is left as typed, for the form to refuse.
   */
  const choiceCode = (form: FormDefinition<any>, name: string, typed: string): string => {
    const kind = form.fields[name]?.kind;
    if (kind !== 'choice' && kind !== 'multi') return typed;
    const words = codeByWord(form, name);
    const one = (word: string) => words.get(word.trim().toLowerCase()) ?? word.trim();
    if (kind === 'choice') return typed.trim() === '' ? typed : one(typed);
    const items = splitList(typed);
    return items.length === 0 ? typed : items.map(one).join(', ');
  };

  const fieldLabel = (t: Translate, form: FormDefinition<any>, name: string) => t(`forms.${form.id}.${name}.label`);

  const issueText = (t: Translate, form: FormDefinition<any>, issue: FieldIssue): string =>
    issue.code === 'tooLong'
      ? t('commands.fieldTooLong', { label: fieldLabel(t, form, issue.field), max: issue.max ?? form.fields[issue.field]!.maxLength })
      : t(issue.code === 'missing' ? 'commands.fieldMissing' : 'commands.fieldInvalid', {
          label: fieldLabel(t, form, issue.field),
          hint: hintOf(t, form, issue.field),
        });

  /** The field's hint, and for a choice its options as the reader's language names them. */
  const hintOf = (t: Translate, form: FormDefinition<any>, name: string): string => {
    const f = form.fields[name]!;
    const hint = t(`forms.${form.id}.${name}.hint`);
    if (!f.options) return hint;
    return `${hint} ${t('commands.options', { options: f.options.map((o) => optionLabel(t, form, name, o)).join(' / ') })}`;
  };

  /** "question 3 of 7": where the next missing field stands among the fields this form asks, given the values so far. */
  const position = (form: FormDefinition<any>, values: Record<string, string>) => {
    const asked = form.order.filter((n) => {
      const f = form.fields[n]!;
      return !f.optional && (f.askIf ? f.askIf(values) : true);
    });
    const next = missingFields(form, values)[0];
    return { index: next ? asked.indexOf(next) + 1 : asked.length, total: asked.length };
  };

  const ask = (t: Translate, form: FormDefinition<any>, name: string, position: { index: number; total: number }): string =>
    t('commands.ask', { label: fieldLabel(t, form, name), hint: hintOf(t, form, name), ...position });

  return { fieldByKey, choiceCode, fieldLabel, issueText, hintOf, position, ask };
}

export type FormText = ReturnType<typeof createFormText>;
