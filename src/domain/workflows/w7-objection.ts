// W7 Objection / error report 异议·纠错 (T17, Z20, S10, B33): a user reports an error or omission in published data,
// or suggests an improvement (T17, Z20, B33: 异议或者建议); the provider handles it within 5 wd (S10) and must tell the
// reporter what was done (处理并反馈). A complex case may be extended, after the provider has talked it through with the
// reporter (协商沟通) and with the authority's approval, 30 wd at most in all (S10: "原则上最多不超过30个工作日").
import { fail, KaifangError, type DomainError, type Params } from '../errors.ts';
import { defineForm, field, optional } from '../forms/form.ts';
import type { LocalDate } from '../model.ts';
import { rejectDetail, rejectGrounds, returnForCorrection, returnGrounds } from './grounds.ts';
import { notifyAgency, notifyUser } from './notify.ts';
import { clockDays, limitOf, startClock } from './policy-values.ts';
import { APPROVE, EXTEND, REJECT, RESUBMIT, RETURN } from './common-actions.ts';
import { defineWorkflow } from './define-workflow.ts';
import type {
  ActionDefinition,
  Assignment,
  CaseSnapshot,
  Deadline,
  Effect,
  TransitionContext,
  TransitionResult,
  TransitionTable,
  WorkflowEvent,
} from './workflow.ts';

/** T17 异议或者建议: an error, omission or infringement to put right, or a suggestion. */
export const W7_KINDS = ['error', 'suggestion'] as const;
export type W7Kind = (typeof W7_KINDS)[number];

/**
 * T17, S10: what is wrong, missing or infringing, or what is suggested. Without a kind it is an objection: `object
 * DS-0001 <text>`; a suggestion is `object DS-0001 建议 <text>` (a flag word, vocabulary `flags.kind.suggestion`) or
 * `kind=suggestion`.
 */
export const w7Form = defineForm('w7', {
  kind: optional(field.choice(W7_KINDS)),
  text: field.text(),
});

/** S10, Z20, B33 处理并反馈: what the provider did, told to the reporter. */
export const resolveForm = defineForm('resolve', { feedback: field.text() });
/** Not upheld (不予采纳): the basis, and the reason the reporter is told. */
export const dismissForm = defineForm('dismiss', { basis: field.text(), reason: field.text() });

type ResolveEvent = { type: 'resolve'; feedback: string };
type DismissEvent = { type: 'dismiss'; legalBasis: string; reason: string };
export type W7Event = WorkflowEvent | ResolveEvent | DismissEvent;

/** The provider handles the objection and tells the reporter what was done (S10, B33: 处理并反馈). */
export const RESOLVE: ActionDefinition<{ feedback: string }, ResolveEvent> = {
  verb: 'resolve',
  event: 'resolve',
  form: resolveForm,
  rest: 'feedback',
  toEvent: (v) => ({ type: 'resolve', feedback: v.feedback }),
  button: 'primary',
};

/** The provider does not uphold it (不予采纳), with the basis and the reason. */
export const DISMISS: ActionDefinition<{ basis: string; reason: string }, DismissEvent> = {
  verb: 'dismiss',
  event: 'dismiss',
  form: dismissForm,
  rest: 'reason',
  toEvent: (v) => ({ type: 'dismiss', legalBasis: v.basis, reason: v.reason }),
  button: 'danger',
};

export type W7Input = NonNullable<(typeof w7Form)['_values']>;

export const W7_STATES = ['handling', 'extension_pending', 'returned', 'resolved', 'dismissed'] as const;
export type W7State = (typeof W7_STATES)[number];

export const W7_ACTIONS = {
  submit: 'W7.submit',
  resolve: 'W7.resolve',
  dismiss: 'W7.dismiss',
  return: 'W7.return',
  resubmit: 'W7.resubmit',
  request_extension: 'W7.request_extension',
  approve_extension: 'W7.approve_extension',
  refuse_extension: 'W7.refuse_extension',
} as const;

export const W7_MESSAGES = {
  /** To the reporter: received, answer due by {dueOn}. */
  submitted: 'notify.w7.submitted',
  /** To the provider's reviewers: an objection to handle by {dueOn}. */
  assigned: 'notify.w7.assigned',
  /** To the reporter: the outcome, with the provider's feedback (S10, B33: 处理并反馈). */
  resolved: 'notify.w7.resolved',
  /** To the reporter: not upheld, with the basis. */
  dismissed: 'notify.w7.dismissed',
  /** To the reporter: more information needed, every question at once. */
  returned: 'notify.w7.returned',
  resubmitted: 'notify.w7.resubmitted',
  /** To the reporter: the provider asked the authority for more time. */
  extension_requested: 'notify.w7.extension_requested',
  /** To the authority's reviewers: an extension to approve (S10: 由市大数据主管部门审核同意). */
  extension_assigned: 'notify.w7.extension_assigned',
  /** To the reporter and the provider: extended to {dueOn}. */
  extension_approved: 'notify.w7.extension_approved',
  /** To the reporter and the provider: refused, still due {dueOn}. */
  extension_refused: 'notify.w7.extension_refused',
} as const;

export interface W7Extension {
  workingDays: number;
  reason: string;
  /** S10 经开放主体与利用主体协商沟通: the provider talked it through with the reporter (false only on extensions asked before this was recorded). */
  consulted: boolean;
  /** What they agreed; null only on extensions asked before it was recorded. */
  agreed: string | null;
  requestedOn: LocalDate;
  decision: 'pending' | 'approved' | 'refused';
  /** Why the authority refused it. */
  legalBasis: string | null;
}

export interface W7Data {
  /** An objection (error, omission, infringement) or a suggestion (T17). */
  kind: W7Kind;
  /** The objection as first filed. */
  text: string;
  /** What the reporter added after each return, in order. */
  supplements: string[];
  dataset: { id: string; code: string; name: string; providerAgencyId: string };
  /** The day the current handling clock started: extensions lengthen this clock, a resubmission starts a new one. */
  clockStartedOn: LocalDate;
  /** Working days of extension approved on the current clock. */
  extendedDays: number;
  /** Every extension asked for on this case, the pending one last. */
  extensions: W7Extension[];
  /** The reasons of the latest return (what more is needed); empty when not returned. */
  reasons: string[];
  /** The provider's feedback when resolved. */
  feedback: string | null;
  /** Set when dismissed: why the objection is not upheld (the reason is required; null only on older dismissals). */
  dismissal: { legalBasis: string; reason: string | null } | null;
}

/** T17, S10: objections concern data already open. Any user may object. */
function eligible(ctx: TransitionContext): DomainError | null {
  const ds = ctx.dataset;
  if (!ds || ds.status !== 'published') return fail('DATASET_NOT_PUBLISHED', ds ? { datasetCode: ds.code } : {});
  return null;
}

const provider = (data: W7Data): Assignment => ({ agencyId: data.dataset.providerAgencyId, role: 'reviewer' });
const authorityReview = (ctx: TransitionContext): Assignment => ({ agencyId: ctx.authority.id, role: 'reviewer' });

/** What every message names: the dataset, and whether this is an objection or a suggestion (by its label). */
function caseParams(data: W7Data): Params {
  return { datasetCode: data.dataset.code, datasetName: data.dataset.name, kindLabel: `forms.w7.kind.options.${data.kind}` };
}

function requireDeadline(s: CaseSnapshot<W7Data>): Deadline {
  if (!s.deadline) throw new KaifangError('CASE_INCONSISTENT', `W7 case ${s.id} is ${s.state} without a deadline.`);
  return s.deadline;
}

/** Replaces the pending extension (always the last one) with its decision. */
function decided(extensions: readonly W7Extension[], decision: 'approved' | 'refused', legalBasis: string | null): W7Extension[] {
  const last = extensions[extensions.length - 1];
  if (!last || last.decision !== 'pending') throw new KaifangError('CASE_INCONSISTENT', 'W7 extension_pending without a pending extension.');
  return [...extensions.slice(0, -1), { ...last, decision, legalBasis }];
}

/** S10, Z20, B33 处理并反馈: resolved only with what was done, which the reporter is told. */
function resolution(s: CaseSnapshot<W7Data>, given: string | undefined, field: string): TransitionResult<W7Data> {
  const feedback = typeof given === 'string' ? given.trim() : '';
  if (feedback === '') return fail('FEEDBACK_REQUIRED', undefined, field);
  return {
    ok: true,
    state: 'resolved',
    data: { ...s.data, feedback, reasons: [] },
    assignee: null,
    deadline: null,
    effects: [notifyUser(s.applicantId, W7_MESSAGES.resolved, { caseId: s.id, ...caseParams(s.data), feedback })],
    action: W7_ACTIONS.resolve,
    detail: { feedback },
  };
}

/** Not upheld (不予采纳): the basis, and a reason the reporter is told — both required. */
function dismissal(s: CaseSnapshot<W7Data>, legalBasis: string, reason: string | undefined): TransitionResult<W7Data> {
  const grounds = rejectGrounds({ type: 'reject', legalBasis, ...(reason !== undefined ? { reason } : {}) });
  if (!grounds.ok) return grounds;
  if (grounds.reason === null) return fail('DISMISSAL_REASON_REQUIRED', undefined, 'reason');
  return {
    ok: true,
    state: 'dismissed',
    data: { ...s.data, dismissal: { legalBasis: grounds.legalBasis, reason: grounds.reason } },
    assignee: null,
    deadline: null,
    effects: [notifyUser(s.applicantId, W7_MESSAGES.dismissed, { caseId: s.id, ...caseParams(s.data), legalBasis: grounds.legalBasis, reason: grounds.reason })],
    action: W7_ACTIONS.dismiss,
    detail: rejectDetail(grounds),
  };
}

function start(input: W7Input, ctx: TransitionContext): TransitionResult<W7Data> {
  const refusal = eligible(ctx);
  if (refusal) return refusal;
  const ds = ctx.dataset!;
  const text = input.text.trim();
  if (text === '') return fail('INVALID_INPUT', undefined, 'text');
  const data: W7Data = {
    kind: input.kind ?? 'error',
    text,
    supplements: [],
    dataset: { id: ds.id, code: ds.code, name: ds.name, providerAgencyId: ds.providerAgencyId },
    clockStartedOn: ctx.today,
    extendedDays: 0,
    extensions: [],
    reasons: [],
    feedback: null,
    dismissal: null,
  };
  const assignee = provider(data);
  // S10: handled within 5 wd.
  const deadline = startClock(ctx, 'W7.handling');
  return {
    ok: true,
    state: 'handling',
    data,
    assignee,
    deadline,
    effects: [
      notifyUser(ctx.actor.id, W7_MESSAGES.submitted, { ...caseParams(data), dueOn: deadline.dueOn }),
      notifyAgency(assignee, W7_MESSAGES.assigned, { ...caseParams(data), text, dueOn: deadline.dueOn }),
    ],
    action: W7_ACTIONS.submit,
    detail: { datasetId: ds.id, kind: data.kind },
  };
}

const table: TransitionTable<W7Data, W7Event> = {
  handling: {
    resolve: { run: (s, event) => resolution(s, event.feedback, 'feedback') },
    // Typed, `approve <case> <feedback>` resolves too; the feedback is as required. `resolve` has the button.
    approve: { button: false, run: (s, event) => resolution(s, event.note, 'note') },
    dismiss: { run: (s, event) => dismissal(s, event.legalBasis, event.reason) },
    // Typed, `reject <case> basis=… reason=…` dismisses too; `dismiss` has the button.
    reject: { button: false, run: (s, event) => dismissal(s, event.legalBasis, event.reason) },
    return: {
      run(s, event) {
        const grounds = returnGrounds(event);
        if (!grounds.ok) return grounds;
        // The provider asks the reporter for more, everything it needs at once, and the clock stops. S10 has no such
        // step: its 协商沟通 with the reporter comes before an extension in a complex case (`extend` below).
        return returnForCorrection(s, grounds, { message: W7_MESSAGES.returned, action: W7_ACTIONS.return, params: caseParams(s.data) });
      },
    },
    extend: {
      run(s, event, ctx) {
        const reason = typeof event.reason === 'string' ? event.reason.trim() : '';
        if (reason === '') return fail('REASONS_REQUIRED', undefined, 'reason');
        if (!Number.isInteger(event.workingDays) || event.workingDays < 1) return fail('INVALID_INPUT', undefined, 'days');
        // S10: extended only 经开放主体与利用主体协商沟通 — after the provider has talked it through with the reporter.
        if (event.consulted !== true) return fail('CONSULTATION_REQUIRED', undefined, 'consulted');
        const agreed = typeof event.agreed === 'string' ? event.agreed.trim() : '';
        if (agreed === '') return fail('CONSULTATION_REQUIRED', undefined, 'agreed');
        // S10: the handling time plus every extension stays within 30 wd.
        const max = limitOf(ctx.profile, 'W7.max_total');
        const used = clockDays(ctx.profile, 'W7.handling') + s.data.extendedDays;
        if (used + event.workingDays > max) return fail('EXTENSION_LIMIT', { max, remaining: Math.max(0, max - used) }, 'days');
        const deadline = requireDeadline(s);
        const authority = authorityReview(ctx);
        const extension: W7Extension = {
          workingDays: event.workingDays,
          reason,
          consulted: true,
          agreed,
          requestedOn: ctx.today,
          decision: 'pending',
          legalBasis: null,
        };
        const params = { caseId: s.id, ...caseParams(s.data), workingDays: event.workingDays, reason, agreed, dueOn: deadline.dueOn };
        // S10: extended only with the authority's approval (由市大数据主管部门审核同意); until it decides, the current
        // deadline stands.
        return {
          ok: true,
          state: 'extension_pending',
          data: { ...s.data, extensions: [...s.data.extensions, extension] },
          assignee: authority,
          deadline,
          effects: [
            notifyUser(s.applicantId, W7_MESSAGES.extension_requested, params),
            notifyAgency(authority, W7_MESSAGES.extension_assigned, params),
          ],
          action: W7_ACTIONS.request_extension,
          detail: { workingDays: event.workingDays, reason, consulted: 'yes', agreed },
        };
      },
    },
  },
  extension_pending: {
    approve: {
      run(s, event, ctx) {
        const pending = s.data.extensions[s.data.extensions.length - 1];
        if (!pending) throw new KaifangError('CASE_INCONSISTENT', `W7 case ${s.id} is extension_pending without an extension.`);
        const extendedDays = s.data.extendedDays + pending.workingDays;
        // The same clock, lengthened: N + extensions working days after the day it started.
        const deadline = ctx.clock(s.data.clockStartedOn, clockDays(ctx.profile, 'W7.handling') + extendedDays);
        const assignee = provider(s.data);
        // The reporter and the provider are told the new date.
        const params = { caseId: s.id, ...caseParams(s.data), workingDays: pending.workingDays, dueOn: deadline.dueOn };
        const effects: Effect[] = [
          notifyUser(s.applicantId, W7_MESSAGES.extension_approved, params),
          notifyAgency(assignee, W7_MESSAGES.extension_approved, params),
        ];
        const note = event.note?.trim();
        return {
          ok: true,
          state: 'handling',
          data: { ...s.data, extendedDays, extensions: decided(s.data.extensions, 'approved', null) },
          assignee,
          deadline,
          effects,
          action: W7_ACTIONS.approve_extension,
          detail: { workingDays: pending.workingDays, totalDays: clockDays(ctx.profile, 'W7.handling') + extendedDays, ...(note ? { note } : {}) },
        };
      },
    },
    reject: {
      run(s, event) {
        const grounds = rejectGrounds(event);
        if (!grounds.ok) return grounds;
        const deadline = requireDeadline(s);
        const assignee = provider(s.data);
        const params = { caseId: s.id, ...caseParams(s.data), legalBasis: grounds.legalBasis, dueOn: deadline.dueOn };
        return {
          ok: true,
          state: 'handling',
          data: { ...s.data, extensions: decided(s.data.extensions, 'refused', grounds.legalBasis) },
          assignee,
          deadline,
          effects: [
            notifyUser(s.applicantId, W7_MESSAGES.extension_refused, params),
            notifyAgency(assignee, W7_MESSAGES.extension_refused, params),
          ],
          action: W7_ACTIONS.refuse_extension,
          detail: rejectDetail(grounds),
        };
      },
    },
    // One pending extension at a time: the provider is told why rather than "invalid".
    extend: {
      by: (s) => provider(s.data),
      refuse: () => fail('EXTENSION_PENDING'),
      run: () => fail('EXTENSION_PENDING'),
    },
  },
  returned: {
    resubmit: {
      run(s, event, ctx) {
        const raw = event.input?.text;
        const supplement = typeof raw === 'string' ? raw.trim() : '';
        if (supplement === '') return fail('INVALID_INPUT', undefined, 'text');
        const assignee = provider(s.data);
        // A new clock: 5 wd from today, and S10's 30 wd apply to it afresh.
        const deadline = startClock(ctx, 'W7.handling');
        const data: W7Data = {
          ...s.data,
          supplements: [...s.data.supplements, supplement],
          clockStartedOn: ctx.today,
          extendedDays: 0,
          reasons: [],
        };
        return {
          ok: true,
          state: 'handling',
          data,
          assignee,
          deadline,
          effects: [
            notifyUser(s.applicantId, W7_MESSAGES.resubmitted, { caseId: s.id, ...caseParams(data), dueOn: deadline.dueOn }),
            notifyAgency(assignee, W7_MESSAGES.assigned, { caseId: s.id, ...caseParams(data), text: supplement, dueOn: deadline.dueOn }),
          ],
          action: W7_ACTIONS.resubmit,
          detail: { text: supplement },
        };
      },
    },
  },
};

export const w7Objection = defineWorkflow({
  id: 'W7',
  form: w7Form,
  starts: [{ verb: 'object', target: 'dataset', rest: 'text', flags: ['kind'] }],
  // The provider's buttons while handling come first; APPROVE and REJECT are the authority's on an extension.
  actions: [RESOLVE, RETURN, DISMISS, EXTEND, APPROVE, REJECT, RESUBMIT],
  states: W7_STATES,
  terminalStates: ['resolved', 'dismissed'],
  clocks: ['handling'],
  messages: Object.values(W7_MESSAGES),
  auditActions: Object.values(W7_ACTIONS),
  history: ['kind', 'text', 'reasons', 'legalBasis', 'reason', 'workingDays', 'consulted', 'agreed', 'feedback', 'note'],
  facts: (data: W7Data) => ({ kind: data.kind }),
  table,
  eligible,
  start,
});
