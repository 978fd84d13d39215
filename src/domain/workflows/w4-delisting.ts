// W4 Delisting 下架 (T10): a provider may not take a published dataset down at will. When it should no longer be open
// (确因政策调整等情形不宜再开放), the provider's data officer applies with the reason, and only the city authority's
// approval delists it; every user who applied for or holds the data is told at the same time (同步通知申请该开放数据的
// 用户). The authority may also delist at once, on its own authority, when it finds quality problems (依职权先行下架);
// the provider rectifies and the data is published again (W9).
import { fail, type DomainError, type Params } from '../errors.ts';
import { defineForm, field } from '../forms/form.ts';
import type { Effect } from '../effects/effect.ts';
import { refusedToFiler } from './grounds.ts';
import { notifyAgency, notifyUser } from './notify.ts';
import { startClock } from './policy-values.ts';
import { APPROVE, REJECT } from './common-actions.ts';
import { defineWorkflow } from './define-workflow.ts';
import type { Assignment, TransitionContext, TransitionResult, TransitionTable } from './workflow.ts';

/** T10: why it should no longer be open; `now`: the authority delists at once for quality problems. */
export const w4Form = defineForm('w4', {
  reason: field.text(),
  now: field.flag(),
});

export type W4Input = NonNullable<(typeof w4Form)['_values']>;

export const W4_STATES = ['authority_review', 'delisted', 'refused'] as const;

export const W4_ACTIONS = {
  submit: 'W4.submit',
  delist_now: 'W4.delist_now',
  approve: 'W4.approve',
  refuse: 'W4.refuse',
} as const;

export const W4_MESSAGES = {
  /** To the provider's officer: the application is with the authority, due {dueOn}. */
  submitted: 'notify.w4.submitted',
  /** To the authority's reviewers: a delisting to decide. */
  assigned: 'notify.w4.assigned',
  /** To the provider's officer: approved, the dataset is off the catalog. */
  approved: 'notify.w4.approved',
  /** To the provider's officer: refused, with the basis; the dataset stays open. */
  refused: 'notify.w4.refused',
  /** To the provider's reviewers: the authority delisted their dataset at once for quality problems. */
  delisted_now: 'notify.w4.delisted_now',
  /** T10 同步通知: to every grant holder and pending applicant of the dataset. */
  audience: 'notify.w4.audience',
} as const;

export interface W4Data {
  dataset: { id: string; code: string; name: string; providerAgencyId: string };
  reason: string;
  /** True when the authority delisted on its own authority (T10 先行下架). */
  immediate: boolean;
  rejection: { legalBasis: string; reason: string | null } | null;
}

const authorityReview = (ctx: TransitionContext): Assignment => ({ agencyId: ctx.authority.id, role: 'reviewer' });
const isAuthorityStaff = (ctx: TransitionContext) => ctx.actor.roles.includes('reviewer') && ctx.actor.agencyId === ctx.authority.id;

function params(data: W4Data): Params {
  return { datasetCode: data.dataset.code, datasetName: data.dataset.name, reason: data.reason };
}

/** T10: only published data is delisted, by its provider's data officer or by the authority. */
function eligible(ctx: TransitionContext): DomainError | null {
  const ds = ctx.dataset;
  if (!ds || ds.status !== 'published') return fail('DATASET_NOT_PUBLISHED', ds ? { datasetCode: ds.code } : {});
  const officer = ctx.actor.roles.includes('reviewer') && ctx.actor.agencyId === ds.providerAgencyId;
  if (!officer && !isAuthorityStaff(ctx)) return fail('FORBIDDEN_ROLE', { role: 'reviewer' });
  return null;
}

/**
 * Off the catalog, and everyone who applied for or holds the data told with `message`; their pending applications end
 * (T10), and so does any other delisting, attribute change or re-assessment (W2, W2R) or catalog change (W3) still waiting on the same
 * dataset: there is nothing left for it to act on. W9 delists the same way when the authority takes data down for rectification (T10 先行下架).
 */
export function delistingEffects(datasetId: string, reason: string, message: string, told: Params): Effect[] {
  return [
    { type: 'notify', to: { kind: 'datasetAudience', datasetId }, message, params: told },
    // W13, W2R: data off the catalog owes no update (T12 speaks of open data) and no re-assessment; its publication
    // again starts both counts anew.
    { type: 'closeCases', datasetId, workflows: ['W5', 'W4', 'W2', 'W2R', 'W3', 'W13'], reason },
    { type: 'delistDataset', datasetId },
  ];
}

function delisting(data: W4Data, caseId: string | null): Effect[] {
  return delistingEffects(data.dataset.id, data.reason, W4_MESSAGES.audience, caseId ? { caseId, ...params(data) } : params(data));
}

function start(input: W4Input, ctx: TransitionContext): TransitionResult<W4Data> {
  const refusal = eligible(ctx);
  if (refusal) return refusal;
  const ds = ctx.dataset!;
  const reason = input.reason.trim();
  if (reason === '') return fail('REASONS_REQUIRED', undefined, 'reason');
  const data: W4Data = {
    dataset: { id: ds.id, code: ds.code, name: ds.name, providerAgencyId: ds.providerAgencyId },
    reason,
    immediate: input.now === true,
    rejection: null,
  };
  if (data.immediate) {
    // T10: 依职权先行下架 — the authority's own power, for quality problems; the provider may not use it.
    if (!isAuthorityStaff(ctx)) return fail('FORBIDDEN_ROLE', { role: 'reviewer' });
    return {
      ok: true,
      state: 'delisted',
      data,
      assignee: null,
      deadline: null,
      effects: [...delisting(data, null), notifyAgency({ agencyId: ds.providerAgencyId, role: 'reviewer' }, W4_MESSAGES.delisted_now, params(data))],
      action: W4_ACTIONS.delist_now,
      detail: { datasetId: ds.id, reason },
    };
  }
  // T10: the provider applies (由公共数据开放主体提交申请); the authority's own staff delist with `now` instead.
  if (ctx.actor.agencyId !== ds.providerAgencyId) return fail('FORBIDDEN_ROLE', { role: 'reviewer' });
  const assignee = authorityReview(ctx);
  const deadline = startClock(ctx, 'W4.review');
  return {
    ok: true,
    state: 'authority_review',
    data,
    assignee,
    deadline,
    effects: [
      notifyUser(ctx.actor.id, W4_MESSAGES.submitted, { ...params(data), dueOn: deadline.dueOn }),
      notifyAgency(assignee, W4_MESSAGES.assigned, { ...params(data), dueOn: deadline.dueOn }),
    ],
    action: W4_ACTIONS.submit,
    detail: { datasetId: ds.id, reason },
  };
}

const table: TransitionTable<W4Data> = {
  authority_review: {
    approve: {
      run(s, event): TransitionResult<W4Data> {
        const note = event.note?.trim();
        // T10: 经市公共数据主管部门审核通过后方可下架，同步通知申请该开放数据的用户.
        return {
          ok: true,
          state: 'delisted',
          data: s.data,
          assignee: null,
          deadline: null,
          effects: [...delisting(s.data, s.id), notifyUser(s.applicantId, W4_MESSAGES.approved, { caseId: s.id, ...params(s.data) })],
          action: W4_ACTIONS.approve,
          detail: note ? { note } : ({} as Params),
        };
      },
    },
    reject: refusedToFiler(W4_MESSAGES.refused, W4_ACTIONS.refuse, params),
  },
};

export const w4Delisting = defineWorkflow({
  id: 'W4',
  form: w4Form,
  starts: [{ verb: 'delist', target: 'dataset', rest: 'reason', flags: ['now'] }],
  actions: [APPROVE, REJECT],
  states: W4_STATES,
  terminalStates: ['delisted', 'refused'],
  clocks: ['review'],
  messages: Object.values(W4_MESSAGES),
  auditActions: Object.values(W4_ACTIONS),
  history: ['reason', 'legalBasis', 'note'],
  table,
  eligible,
  start,
});
