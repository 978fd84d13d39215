// How a form speaks: field labels and hints from locales (forms.<form>.<field>.label|hint), "question 3 of 7",
// and which typed keys name which field (`title=…` and `标题=…` alike).
import { missingFields, type FieldIssue, type FormDefinition } from '../../domain/forms/form.ts';
import { LOCALES } from '../../domain/model.ts';
import type { Translate, Translator } from '../../i18n/translator.ts';

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

  const fieldLabel = (t: Translate, form: FormDefinition<any>, name: string) => t(`forms.${form.id}.${name}.label`);

  const issueText = (t: Translate, form: FormDefinition<any>, issue: FieldIssue): string =>
    issue.code === 'tooLong'
      ? t('commands.fieldTooLong', { label: fieldLabel(t, form, issue.field), max: issue.max ?? form.fields[issue.field]!.maxLength })
      : t(issue.code === 'missing' ? 'commands.fieldMissing' : 'commands.fieldInvalid', {
          label: fieldLabel(t, form, issue.field),
          hint: hintOf(t, form, issue.field),
        });

  const hintOf = (t: Translate, form: FormDefinition<any>, name: string): string => {
    const f = form.fields[name]!;
    const hint = t(`forms.${form.id}.${name}.hint`);
    return f.options ? `${hint} ${t('commands.options', { options: f.options.join(' / ') })}` : hint;
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

  return { fieldByKey, fieldLabel, issueText, hintOf, position, ask };
}

export type FormText = ReturnType<typeof createFormText>;
