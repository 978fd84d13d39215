// Which chat verbs fill a form, what they act on, and what the filled form becomes. Every chat adapter reads this
// table: the console asks the fields one by one, Slack will render them as a modal.
import { approveForm, extendForm, rejectForm, returnForm } from '../../domain/forms/decision-forms.ts';
import type { FormDefinition } from '../../domain/forms/form.ts';
import { getWorkflow } from '../../domain/workflows/registry.ts';
import type { WorkflowEvent, WorkflowId } from '../../domain/workflows/workflow.ts';
import type { Verb } from './verbs.ts';

export type Target = 'none' | 'dataset' | 'case';

export interface FormVerb {
  target: Target;
  form: FormDefinition<any>;
  /** The field that free text after the target fills, e.g. `object DS-0001 <text>`. */
  rest: string | null;
  /** For the starting verbs: which workflow. */
  workflow?: WorkflowId;
  /** For decisions: the event the completed form becomes. */
  toEvent?: (v: any) => WorkflowEvent;
  /** A harmless event to ask the state machine "may this person do this now?" before asking for the fields. */
  probe?: WorkflowEvent;
}

export const FORM_VERBS: Partial<Record<Verb, FormVerb>> = {
  submit: { target: 'none', form: getWorkflow('W1').form, rest: null, workflow: 'W1' },
  apply: { target: 'dataset', form: getWorkflow('W5').form, rest: null, workflow: 'W5' },
  object: { target: 'dataset', form: getWorkflow('W7').form, rest: 'text', workflow: 'W7' },
  approve: {
    target: 'case',
    form: approveForm,
    rest: 'note',
    toEvent: (v: { note: string | null }) => (v.note ? { type: 'approve', note: v.note } : { type: 'approve' }),
    probe: { type: 'approve' },
  },
  return: {
    target: 'case',
    form: returnForm,
    rest: 'reasons',
    toEvent: (v: { reasons: string[] }) => ({ type: 'return', reasons: v.reasons }),
    probe: { type: 'return', reasons: ['-'] },
  },
  reject: {
    target: 'case',
    form: rejectForm,
    rest: 'basis',
    toEvent: (v: { basis: string; reason: string | null }) =>
      v.reason ? { type: 'reject', legalBasis: v.basis, reason: v.reason } : { type: 'reject', legalBasis: v.basis },
    probe: { type: 'reject', legalBasis: '-' },
  },
  extend: {
    target: 'case',
    form: extendForm,
    rest: 'reason',
    toEvent: (v: { days: number; reason: string }) => ({ type: 'extend', workingDays: v.days, reason: v.reason }),
    probe: { type: 'extend', workingDays: 1, reason: '-' },
  },
};

export const DATASET_CODE = /^DS-\d+$/i;
export const CASE_ID = /^C-\d+$/i;
