// The actions most workflows share: a reviewer approves, returns for correction or refuses; a provider asks for more
// time; whoever filed the case corrects and resubmits it. A workflow lists the ones it has; who may take each in which
// state is its transition table's.
import { approveForm, extendForm, rejectForm, returnForm } from '../forms/decision-forms.ts';
import type { ActionDefinition } from './workflow.ts';
import type { EventOf } from './transition-table.ts';

export const APPROVE: ActionDefinition<{ note: string | null }, EventOf<'approve'>> = {
  verb: 'approve',
  event: 'approve',
  form: approveForm,
  rest: 'note',
  toEvent: (v) => (v.note ? { type: 'approve', note: v.note } : { type: 'approve' }),
  button: 'primary',
};

/** 一次性告知 (T9(二), S20): every reason at once. */
export const RETURN: ActionDefinition<{ reasons: string[] }, EventOf<'return'>> = {
  verb: 'return',
  event: 'return',
  form: returnForm,
  rest: 'reasons',
  toEvent: (v) => ({ type: 'return', reasons: v.reasons }),
  button: 'plain',
};

/** T15(二), S20: a refusal cites its legal basis. */
export const REJECT: ActionDefinition<{ basis: string; reason: string | null }, EventOf<'reject'>> = {
  verb: 'reject',
  event: 'reject',
  form: rejectForm,
  rest: 'basis',
  toEvent: (v) => (v.reason ? { type: 'reject', legalBasis: v.basis, reason: v.reason } : { type: 'reject', legalBasis: v.basis }),
  button: 'danger',
};

/** S10: more working days, after consulting the applicant and with the authority's approval. */
export const EXTEND: ActionDefinition<{ days: number; reason: string; consulted: true; agreed: string }, EventOf<'extend'>> = {
  verb: 'extend',
  event: 'extend',
  form: extendForm,
  rest: 'reason',
  toEvent: (v) => ({ type: 'extend', workingDays: v.days, reason: v.reason, consulted: v.consulted, agreed: v.agreed }),
};

/** The fields given replace the old values; the workflow validates the whole again. */
export const RESUBMIT: ActionDefinition<Record<string, string>, EventOf<'resubmit'>> = {
  verb: 'resubmit',
  event: 'resubmit',
  form: null,
  rest: null,
  toEvent: (v) => ({ type: 'resubmit', input: v }),
};
