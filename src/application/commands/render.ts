// Turns cases, datasets and deadlines into the lines people read, in their language.
import type { DomainError, Params } from '../../domain/errors.ts';
import type { FormDefinition } from '../../domain/forms/form.ts';
import type { Dataset, LocalDate } from '../../domain/model.ts';
import type { Deadline } from '../../domain/workflows/workflow.ts';
import { CLOSED_STATE } from '../../domain/workflows/closed-state.ts';
import type { Translate } from '../../i18n/translator.ts';
import { maskPersonalData } from '../../domain/privacy/mask-personal-data.ts';
import type { CaseRecord } from '../ports/cases.ts';

export function formatInstant(at: Date, timeZone: string): string {
  const parts = new Intl.DateTimeFormat('en-CA', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).formatToParts(at);
  const get = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
  return `${get('year')}-${get('month')}-${get('day')} ${get('hour')}:${get('minute')}`;
}

/** `2026-11-30`, with the provisional mark when no official holiday notice covers the period yet. */
export function dueText(t: Translate, deadline: Pick<Deadline, 'dueOn' | 'provisional'>): string {
  return deadline.provisional ? `${deadline.dueOn}${t('common.provisionalMark')}` : deadline.dueOn;
}

/**
 * A deadline as people act on it: the due day itself counts (民法典第二百零三条: the period ends at 24:00 of its last
 * day), so it reads `2026-11-30（含当日）前` / `by 2026-11-30 (inclusive)`; a provisional date keeps its mark.
 */
export function dueByText(t: Translate, deadline: Pick<Deadline, 'dueOn' | 'provisional'>): string {
  return t('common.dueBy', { date: dueText(t, deadline) });
}

export function stateName(t: Translate, workflow: string, state: string): string {
  return state === CLOSED_STATE ? t('common.closedState') : t(`states.${workflow}.${state}`);
}

export function workflowName(t: Translate, workflow: string): string {
  return t(`common.workflow.${workflow}`);
}

/** One line per case: id · workflow · state · dataset (or, for a case without one, its workflow's subject) · due (overdue marked). */
export function caseLine(
  t: Translate,
  c: CaseRecord,
  opts: { dataset?: Dataset | null; subject?: string | null; today: LocalDate; overdueDays?: number },
): string {
  const parts = [c.id, workflowName(t, c.workflow), stateName(t, c.workflow, c.state)];
  if (opts.dataset) parts.push(`${opts.dataset.code} ${opts.dataset.name}`);
  else if (opts.subject) parts.push(opts.subject);
  if (c.deadline) {
    const overdue = c.deadline.dueOn < opts.today;
    parts.push(
      overdue
        ? t('common.dueOverdue', { dueBy: dueByText(t, c.deadline), days: opts.overdueDays ?? 0 })
        : t('common.due', { dueBy: dueByText(t, c.deadline) }),
    );
  }
  return parts.join(' · ');
}

/** One catalog entry: code · name · attribute · provider · data type (S14) · formats · update frequency. */
export function datasetLine(t: Translate, d: Dataset, agencyName: string): string {
  return [
    d.code,
    d.name,
    t(`common.attribute.${d.attribute}`),
    agencyName,
    t(`common.dataType.${d.dataType}`),
    d.formats.join('/'),
    t(`common.frequency.${d.updateFrequency}`),
  ].join(' · ');
}

/**
 * A queued message rendered in its recipient's language, personal numbers masked (Z29, Z31); a provisional deadline
 * carries its explanation. A param named `…Label` holds a locale key (a workflow's choice, e.g.
 * `forms.w7.kind.options.suggestion`), shown as its text in the reader's language.
 */
export function renderNotification(t: Translate, message: string, params: Params): string {
  const p: Params = { ...params };
  for (const [name, value] of Object.entries(p)) if (name.endsWith('Label') && typeof value === 'string') p[name] = t(value);
  if (typeof p.workflow === 'string' && typeof p.state === 'string') p.stepName = stateName(t, p.workflow, p.state);
  if (typeof p.dueOn === 'string') {
    const deadline = { dueOn: p.dueOn, provisional: p.provisional === 1 };
    p.due = dueText(t, deadline);
    p.dueBy = dueByText(t, deadline);
  }
  const lines = [t(message, p)];
  // Why this person is receiving it: the task's owner, a delegate, a supervisor.
  if (typeof p.why === 'string') lines.push(t(p.why, p));
  if (p.provisional === 1) lines.push(t('common.provisionalNote'));
  return maskPersonalData(lines.join('\n'));
}

/**
 * A refusal in the reader's language; a state in its params is shown by its name, and the fields it names (`field`:
 * one id or several, `formats, frequency`) by their labels in `form`, the form just filled: never by their ids.
 */
export function errorText(t: Translate, e: DomainError, form?: FormDefinition<any>): string {
  const params: Params = { ...(e.params ?? {}) };
  if (typeof params.state === 'string' && typeof params.workflow === 'string') params.stateName = stateName(t, params.workflow, params.state);
  if (params.field !== undefined) params.field = fieldsText(t, String(params.field), e.field, form);
  return t(`errors.${e.error}`, params);
}

function fieldsText(t: Translate, ids: string, named: string | undefined, form: FormDefinition<any> | undefined): string {
  const labelOf = (id: string) => (form && Object.hasOwn(form.fields, id) ? t(`forms.${form.id}.${id}.label`) : null);
  const labels = ids.split(',').map((id) => labelOf(id.trim()));
  if (labels.length > 0 && labels.every((l) => l !== null)) return labels.join(t('commands.listSeparator'));
  // An id that is not the form's (an event's own, such as W7's `workingDays`): the form field the refusal is about.
  return (named !== undefined ? labelOf(named) : null) ?? t('commands.someFields');
}
