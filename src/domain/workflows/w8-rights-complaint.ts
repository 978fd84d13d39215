// W8 Rights complaint 权益投诉 (S38 权益保护): anyone — a natural person, a legal person or another organisation, not
// only a verified user (S38: 自然人、法人和非法人组织) — who believes open data infringes their privacy, trade secrets or
// other lawful rights tells the provider, with the facts (告知数据开放主体，并提交相关材料). The provider verifies at once
// (立即核实): the profile's `W8.verification` clock, the shortest the working-day clock keeps (1 working day: the clock
// counts whole working days after the day of receipt), with a fast ladder (`reminders.stepEscalation['W8.verification']`).
// By what it finds it takes one of S38's measures (根据核实的不同情况分别采取):
// - `withdraw` 撤回数据: the data leaves the catalog at once, as a W4 delisting takes it (`delistingEffects`: grant holders
//   and pending applicants told, pending cases closed), and the authority's reviewers are alerted to see the remedy
//   taken at once (发现数据泄露的，应当立即采取补救措施);
// - `reopen` 依法处理后开放数据: the data is treated as the law requires (desensitised, the field removed…) and open in its
//   treated form. At verification the data has stayed open: the treatment is recorded and it stays open. After a
//   withdrawal it is the way back: the treated data is published again (W9's pattern), its audience told;
// - `keep` 继续开放数据: nothing infringes; the data stays open, and the complainant is told why.
// The complainant is told the outcome every time. A complaint is seen only by the complainant, the provider's staff and
// the authority's staff (and the platform's operators, who see every case for the audit, S9): the default of `canSee`.
import { fail, type DomainError, type Params } from '../errors.ts';
import { defineForm, field } from '../forms/form.ts';
import type { Effect } from '../effects/effect.ts';
import { notifyAgency, notifyUser } from './notify.ts';
import { startClock } from './policy-values.ts';
import { delistingEffects } from './w4-delisting.ts';
import { defineWorkflow } from './define-workflow.ts';
import type { ActionDefinition, Assignment, CaseSnapshot, TransitionContext, TransitionResult, TransitionTable, WorkflowEvent } from './workflow.ts';
import { textOf } from './raw-values.ts';

/** S38 个人隐私、商业秘密等合法权益: what the complainant says is infringed. */
export const W8_KINDS = ['privacy', 'trade-secret', 'other'] as const;
export type W8Kind = (typeof W8_KINDS)[number];

/**
 * S38 提交相关材料: the right infringed and the facts. `complain DS-0001 隐私 <text>` picks the kind by its word
 * (vocabulary `flags.kind.<kind>`), or `kind=privacy`.
 */
export const w8Form = defineForm('w8', {
  kind: field.choice(W8_KINDS),
  text: field.text(),
});

export type W8Input = NonNullable<(typeof w8Form)['_values']>;

/** 撤回数据: why the data is withdrawn — what the verification found. */
export const withdrawForm = defineForm('withdraw', { reason: field.text() });
/** 依法处理后开放数据: how the data was treated before it is (or stays) open. */
export const reopenForm = defineForm('reopen', { treatment: field.text() });
/** 继续开放数据: why nothing infringes; a form of its own, not W2R's `keep` (the same verb on another workflow). */
export const keepOpenForm = defineForm('keepopen', { reason: field.text() });

type WithdrawEvent = { type: 'withdraw'; reason: string };
type ReopenEvent = { type: 'reopen'; treatment: string };
type KeepEvent = { type: 'keep'; reason: string };
export type W8Event = WorkflowEvent | WithdrawEvent | ReopenEvent | KeepEvent;

export const WITHDRAW: ActionDefinition<{ reason: string }, WithdrawEvent> = {
  verb: 'withdraw',
  event: 'withdraw',
  form: withdrawForm,
  rest: 'reason',
  toEvent: (v) => ({ type: 'withdraw', reason: v.reason }),
  button: 'danger',
};

export const REOPEN: ActionDefinition<{ treatment: string }, ReopenEvent> = {
  verb: 'reopen',
  event: 'reopen',
  form: reopenForm,
  rest: 'treatment',
  toEvent: (v) => ({ type: 'reopen', treatment: v.treatment }),
  button: 'primary',
};

/** The verb W2R's keep has too: actions are per workflow, so a W8 case's `keep` is this one. */
export const KEEP_OPEN: ActionDefinition<{ reason: string }, KeepEvent> = {
  verb: 'keep',
  event: 'keep',
  form: keepOpenForm,
  rest: 'reason',
  toEvent: (v) => ({ type: 'keep', reason: v.reason }),
  button: 'plain',
};

export const W8_STATES = ['verification', 'withdrawn', 'reopened', 'kept'] as const;
export type W8State = (typeof W8_STATES)[number];

export const W8_ACTIONS = {
  submit: 'W8.submit',
  withdraw: 'W8.withdraw',
  reopen: 'W8.reopen',
  republish: 'W8.republish',
  keep: 'W8.keep',
} as const;

export const W8_MESSAGES = {
  /** To the complainant: received, verified at once, answered by {dueOn}. */
  submitted: 'notify.w8.submitted',
  /** To the provider's reviewers: a complaint to verify at once (S38 立即核实), by {dueOn}. */
  assigned: 'notify.w8.assigned',
  /** To the complainant: the data was withdrawn. */
  withdrawn: 'notify.w8.withdrawn',
  /** To the authority's reviewers: withdrawn after a complaint; see the remedy taken at once (S38 立即补救). */
  remediate: 'notify.w8.remediate',
  /** To every grant holder and pending applicant: the data was withdrawn after a rights complaint. */
  audience_withdrawn: 'notify.w8.audience_withdrawn',
  /** To the complainant: the data was treated and stays open. */
  reopened: 'notify.w8.reopened',
  /** To the complainant: the withdrawn data was treated and is open again. */
  republished: 'notify.w8.republished',
  /** To every grant holder and pending applicant: open again after treatment. */
  audience_republished: 'notify.w8.audience_republished',
  /** To the complainant: nothing infringes, the data stays open, and why. */
  kept: 'notify.w8.kept',
} as const;

export interface W8Data {
  dataset: { id: string; code: string; name: string; providerAgencyId: string };
  /** The right the complainant says is infringed. */
  kind: W8Kind;
  /** S38 相关材料: the facts as the complainant gave them. */
  text: string;
  /** Why the data was withdrawn or kept; null until decided so. */
  reason: string | null;
  /** How the data was treated before it was (or stayed) open; null unless reopened. */
  treatment: string | null;
  /** True when this complaint took the data off the catalog: reopening it publishes the data again. */
  withdrawn: boolean;
}

const provider = (data: W8Data): Assignment => ({ agencyId: data.dataset.providerAgencyId, role: 'reviewer' });
const authorityReview = (ctx: TransitionContext): Assignment => ({ agencyId: ctx.authority.id, role: 'reviewer' });

function caseParams(data: W8Data): Params {
  return { datasetCode: data.dataset.code, datasetName: data.dataset.name, kindLabel: `forms.w8.kind.options.${data.kind}` };
}

/** S38 公共数据开放与利用: complaints concern open data. Anyone may complain: no role, no verification asked. */
function eligible(ctx: TransitionContext): DomainError | null {
  const ds = ctx.dataset;
  if (!ds || ds.status !== 'published') return fail('DATASET_NOT_PUBLISHED', ds ? { datasetCode: ds.code } : {});
  return null;
}

/** Kept or treated while open: only while the data is still open (taken down meanwhile, the provider withdraws). */
const stillOpen = (s: CaseSnapshot<W8Data>, ctx: TransitionContext) =>
  ctx.dataset?.status === 'published' ? null : fail('DATASET_NOT_PUBLISHED', { datasetCode: s.data.dataset.code });

function start(input: W8Input, ctx: TransitionContext): TransitionResult<W8Data> {
  const refusal = eligible(ctx);
  if (refusal) return refusal;
  const ds = ctx.dataset!;
  const text = input.text.trim();
  if (text === '') return fail('INVALID_INPUT', undefined, 'text');
  const data: W8Data = {
    dataset: { id: ds.id, code: ds.code, name: ds.name, providerAgencyId: ds.providerAgencyId },
    kind: input.kind,
    text,
    reason: null,
    treatment: null,
    withdrawn: false,
  };
  const assignee = provider(data);
  // S38 立即核实: at once — the profile's W8.verification, escalated fast.
  const deadline = startClock(ctx, 'W8.verification');
  return {
    ok: true,
    state: 'verification',
    data,
    assignee,
    deadline,
    effects: [
      notifyUser(ctx.actor.id, W8_MESSAGES.submitted, { ...caseParams(data), dueOn: deadline.dueOn }),
      notifyAgency(assignee, W8_MESSAGES.assigned, { ...caseParams(data), text, dueOn: deadline.dueOn }),
    ],
    action: W8_ACTIONS.submit,
    detail: { datasetId: ds.id, kind: data.kind },
  };
}

/** 撤回数据: off the catalog at once as W4 takes it, the complainant told, the authority alerted to the remedy (立即补救). */
function withdraw(s: CaseSnapshot<W8Data>, given: string, ctx: TransitionContext): TransitionResult<W8Data> {
  const reason = textOf(given);
  if (reason === '') return fail('REASONS_REQUIRED', undefined, 'reason');
  const told = { caseId: s.id, ...caseParams(s.data), reason };
  // Taken down meanwhile (a W4 delisting): the withdrawal is recorded and the remedy still called for.
  const open = ctx.dataset?.status === 'published';
  const effects: Effect[] = [
    ...(open ? delistingEffects(s.data.dataset.id, reason, W8_MESSAGES.audience_withdrawn, told) : []),
    notifyUser(s.applicantId, W8_MESSAGES.withdrawn, told),
    notifyAgency(authorityReview(ctx), W8_MESSAGES.remediate, { ...told, text: s.data.text }),
  ];
  return {
    ok: true,
    state: 'withdrawn',
    data: { ...s.data, reason, withdrawn: open },
    // Nothing waits on anyone: the data stays withdrawn unless its provider treats it and opens it again.
    assignee: null,
    deadline: null,
    effects,
    action: W8_ACTIONS.withdraw,
    detail: { reason },
  };
}

const table: TransitionTable<W8Data, W8Event> = {
  verification: {
    withdraw: { run: (s, event, ctx) => withdraw(s, event.reason, ctx) },
    reopen: {
      refuse: stillOpen,
      run(s, event) {
        const treatment = textOf(event.treatment);
        if (treatment === '') return fail('INVALID_INPUT', undefined, 'treatment');
        // 依法处理后开放数据, the data never taken down: treated, it stays open.
        return {
          ok: true,
          state: 'reopened',
          data: { ...s.data, treatment },
          assignee: null,
          deadline: null,
          effects: [notifyUser(s.applicantId, W8_MESSAGES.reopened, { caseId: s.id, ...caseParams(s.data), treatment })],
          action: W8_ACTIONS.reopen,
          detail: { treatment },
        };
      },
    },
    keep: {
      refuse: stillOpen,
      run(s, event) {
        const reason = textOf(event.reason);
        if (reason === '') return fail('REASONS_REQUIRED', undefined, 'reason');
        return {
          ok: true,
          state: 'kept',
          data: { ...s.data, reason },
          assignee: null,
          deadline: null,
          effects: [notifyUser(s.applicantId, W8_MESSAGES.kept, { caseId: s.id, ...caseParams(s.data), reason })],
          action: W8_ACTIONS.keep,
          detail: { reason },
        };
      },
    },
  },
  withdrawn: {
    reopen: {
      // Nobody owes it (the case waits on no one), but only the provider's reviewers open their data again.
      by: (s) => provider(s.data),
      run(s, event, ctx) {
        const treatment = textOf(event.treatment);
        if (treatment === '') return fail('INVALID_INPUT', undefined, 'treatment');
        // Published again meanwhile by someone else, or not withdrawn by this case: nothing to put back.
        const republish = s.data.withdrawn && ctx.dataset?.status === 'delisted';
        const told = { caseId: s.id, ...caseParams(s.data), treatment };
        const effects: Effect[] = [notifyUser(s.applicantId, W8_MESSAGES.republished, told)];
        if (republish)
          effects.push(
            { type: 'publishDataset', datasetId: s.data.dataset.id },
            { type: 'notify', to: { kind: 'datasetAudience', datasetId: s.data.dataset.id }, message: W8_MESSAGES.audience_republished, params: told },
          );
        return {
          ok: true,
          state: 'reopened',
          data: { ...s.data, treatment },
          assignee: null,
          deadline: null,
          effects,
          action: W8_ACTIONS.republish,
          detail: { treatment, ...(republish ? { republished: 'yes' } : {}) },
        };
      },
    },
  },
};

export const w8RightsComplaint = defineWorkflow({
  id: 'W8',
  form: w8Form,
  starts: [{ verb: 'complain', target: 'dataset', rest: 'text', flags: ['kind'] }],
  actions: [WITHDRAW, REOPEN, KEEP_OPEN],
  states: W8_STATES,
  terminalStates: ['reopened', 'kept'],
  clocks: ['verification'],
  messages: Object.values(W8_MESSAGES),
  auditActions: Object.values(W8_ACTIONS),
  history: ['kind', 'reason', 'treatment', 'republished'],
  facts: (data: W8Data) => ({ kind: data.kind, text: data.text }),
  table,
  eligible,
  start,
});
