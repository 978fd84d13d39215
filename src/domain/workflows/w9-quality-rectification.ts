// W9 Quality rectification 质量整改 (S16, T10, T12, B45): the authority checks the quality of open data (T12: at least
// once a year; S16: 定期开展开放数据质量稽查) and, for data that falls short, opens a rectification task naming every
// problem at once. The provider verifies and corrects it within 10 wd of receiving the task (S16: 收到整改任务后10个
// 工作日内核实、更正) and reports what was done; the authority reviews the report and closes the task, or returns it
// for more work on a new clock. The authority may take the data off the catalog at once (T10: 依职权先行下架) and it is
// published again when the rectification is done (待数据开放主体整改完成后重新发布). A provider late with it is
// reported upward (B45: 逾期未完成整改的…报告本级人民政府): the profile's W9 escalation goes to the authority's
// supervisors.
import { fail, type DomainError, type Params } from '../errors.ts';
import { defineForm, field } from '../forms/form.ts';
import type { Effect } from '../effects/effect.ts';
import { formatReasons, returnGrounds } from './grounds.ts';
import { notifyAgency } from './notify.ts';
import { startClock } from './policy-values.ts';
import { APPROVE, RETURN } from './common-actions.ts';
import { delistingEffects } from './w4-delisting.ts';
import { defineWorkflow } from './define-workflow.ts';
import type { ActionDefinition, Assignment, CaseSnapshot, TransitionContext, TransitionResult, TransitionTable, WorkflowEvent } from './workflow.ts';

/** S16: every problem found, all at once; `delist`: the authority takes the data down until it is rectified (T10). */
export const w9Form = defineForm('w9', {
  problems: field.list(),
  delist: field.flag(),
});

export type W9Input = NonNullable<(typeof w9Form)['_values']>;

/** S16 核实、更正: what the provider did about the problems, which the authority reviews. */
export const reportForm = defineForm('report', { done: field.text() });

type ReportEvent = { type: 'report'; done: string };
export type W9Event = WorkflowEvent | ReportEvent;

/** The provider reports what was verified and corrected (S16). */
export const REPORT: ActionDefinition<{ done: string }, ReportEvent> = {
  verb: 'report',
  event: 'report',
  form: reportForm,
  rest: 'done',
  toEvent: (v) => ({ type: 'report', done: v.done }),
  button: 'primary',
};

export const W9_STATES = ['rectification', 'report_review', 'rectified'] as const;

export const W9_ACTIONS = {
  open: 'W9.open',
  report: 'W9.report',
  close: 'W9.close',
  return: 'W9.return',
} as const;

export const W9_MESSAGES = {
  /** To the provider's reviewers: the problems to verify and correct by {dueOn}. */
  assigned: 'notify.w9.assigned',
  /** The same, when the authority also took the data off the catalog until it is rectified (T10 先行下架). */
  assigned_delisted: 'notify.w9.assigned_delisted',
  /** T10 同步通知: to every grant holder and pending applicant, when the data is taken down for rectification. */
  audience_delisted: 'notify.w9.audience_delisted',
  /** To the authority's reviewers: the provider's report to review by {dueOn}. */
  reported: 'notify.w9.reported',
  /** To the provider's reviewers: not yet rectified, every remaining point at once, a new clock. */
  returned: 'notify.w9.returned',
  /** To the provider's reviewers: the authority closed the task. */
  closed: 'notify.w9.closed',
  /** To the provider's reviewers: closed, and the data taken down for it is published again (T10 重新发布). */
  closed_republished: 'notify.w9.closed_republished',
  /** To every grant holder and pending applicant: the data is open again. */
  audience_republished: 'notify.w9.audience_republished',
} as const;

export interface W9Data {
  dataset: { id: string; code: string; name: string; providerAgencyId: string };
  /** S16: the problems the authority found, as it listed them. */
  problems: string[];
  /** True when this task took the data off the catalog (T10 先行下架): closing it publishes the data again. */
  delisted: boolean;
  /** What the provider reported each time, in order. */
  reports: string[];
  /** The reasons of the latest return (what is still to correct); empty when not returned. */
  reasons: string[];
}

const provider = (data: W9Data): Assignment => ({ agencyId: data.dataset.providerAgencyId, role: 'reviewer' });
const authorityReview = (ctx: TransitionContext): Assignment => ({ agencyId: ctx.authority.id, role: 'reviewer' });
const isAuthorityStaff = (ctx: TransitionContext) => ctx.actor.roles.includes('reviewer') && ctx.actor.agencyId === ctx.authority.id;

function caseParams(data: W9Data): Params {
  return { datasetCode: data.dataset.code, datasetName: data.dataset.name };
}

/** S16: the authority's staff open it, on data already open — or already taken down, to have it put right (T10). */
function eligible(ctx: TransitionContext): DomainError | null {
  const ds = ctx.dataset;
  if (!ds || ds.status === 'pending') return fail('DATASET_NOT_PUBLISHED', ds ? { datasetCode: ds.code } : {});
  if (!isAuthorityStaff(ctx)) return fail('FORBIDDEN_ROLE', { role: 'reviewer' });
  return null;
}

function start(input: W9Input, ctx: TransitionContext): TransitionResult<W9Data> {
  const refusal = eligible(ctx);
  if (refusal) return refusal;
  const ds = ctx.dataset!;
  const problems = (input.problems ?? []).map((p) => p.trim()).filter((p) => p !== '');
  if (problems.length === 0) return fail('INVALID_INPUT', undefined, 'problems');
  const delist = input.delist === true;
  // Only open data can be taken down; data already off the catalog is rectified where it is.
  if (delist && ds.status !== 'published') return fail('DATASET_NOT_PUBLISHED', { datasetCode: ds.code }, 'delist');
  const data: W9Data = {
    dataset: { id: ds.id, code: ds.code, name: ds.name, providerAgencyId: ds.providerAgencyId },
    problems,
    delisted: delist,
    reports: [],
    reasons: [],
  };
  const assignee = provider(data);
  // S16: 收到整改任务后10个工作日内核实、更正.
  const deadline = startClock(ctx, 'W9.rectification');
  const told = { ...caseParams(data), problems: formatReasons(problems), count: problems.length, dueOn: deadline.dueOn };
  const effects: Effect[] = [notifyAgency(assignee, delist ? W9_MESSAGES.assigned_delisted : W9_MESSAGES.assigned, told)];
  // T10: 依职权先行下架 — the same withdrawal as W4's, its audience told that it is for rectification.
  if (delist) effects.push(...delistingEffects(ds.id, formatReasons(problems), W9_MESSAGES.audience_delisted, caseParams(data)));
  return {
    ok: true,
    state: 'rectification',
    data,
    assignee,
    deadline,
    effects,
    action: W9_ACTIONS.open,
    detail: { datasetId: ds.id, problems: formatReasons(problems), ...(delist ? { delist: 'yes' } : {}) },
  };
}

/** The authority closes the task; data this task took down is published again (T10 整改完成后重新发布). */
function close(s: CaseSnapshot<W9Data>, note: string | undefined, ctx: TransitionContext): TransitionResult<W9Data> {
  const republish = s.data.delisted && ctx.dataset?.status === 'delisted';
  const told = { caseId: s.id, ...caseParams(s.data) };
  const effects: Effect[] = [notifyAgency(provider(s.data), republish ? W9_MESSAGES.closed_republished : W9_MESSAGES.closed, told)];
  if (republish)
    effects.push(
      { type: 'publishDataset', datasetId: s.data.dataset.id },
      { type: 'notify', to: { kind: 'datasetAudience', datasetId: s.data.dataset.id }, message: W9_MESSAGES.audience_republished, params: told },
    );
  const trimmed = note?.trim();
  return {
    ok: true,
    state: 'rectified',
    data: { ...s.data, reasons: [] },
    assignee: null,
    deadline: null,
    effects,
    action: W9_ACTIONS.close,
    detail: trimmed ? { note: trimmed } : {},
  };
}

const table: TransitionTable<W9Data, W9Event> = {
  rectification: {
    report: {
      run(s, event, ctx) {
        const done = typeof event.done === 'string' ? event.done.trim() : '';
        if (done === '') return fail('INVALID_INPUT', undefined, 'done');
        const assignee = authorityReview(ctx);
        const deadline = startClock(ctx, 'W9.report_review');
        return {
          ok: true,
          state: 'report_review',
          data: { ...s.data, reports: [...s.data.reports, done] },
          assignee,
          deadline,
          effects: [notifyAgency(assignee, W9_MESSAGES.reported, { caseId: s.id, ...caseParams(s.data), done, dueOn: deadline.dueOn })],
          action: W9_ACTIONS.report,
          detail: { done },
        };
      },
    },
  },
  report_review: {
    approve: { run: (s, event, ctx) => close(s, event.note, ctx) },
    return: {
      run(s, event, ctx) {
        const grounds = returnGrounds(event);
        if (!grounds.ok) return grounds;
        // Back to the provider with every remaining point at once, on a new S16 clock from today.
        const assignee = provider(s.data);
        const deadline = startClock(ctx, 'W9.rectification');
        const told = { reasons: grounds.text, count: grounds.reasons.length };
        return {
          ok: true,
          state: 'rectification',
          data: { ...s.data, reasons: grounds.reasons },
          assignee,
          deadline,
          effects: [notifyAgency(assignee, W9_MESSAGES.returned, { caseId: s.id, ...caseParams(s.data), ...told, dueOn: deadline.dueOn })],
          action: W9_ACTIONS.return,
          detail: told,
        };
      },
    },
  },
};

export const w9QualityRectification = defineWorkflow({
  id: 'W9',
  form: w9Form,
  starts: [{ verb: 'rectify', target: 'dataset', rest: 'problems', flags: ['delist'] }],
  // The provider's button while rectifying first; APPROVE and RETURN are the authority's on the report.
  actions: [REPORT, APPROVE, RETURN],
  states: W9_STATES,
  terminalStates: ['rectified'],
  clocks: ['rectification', 'report_review'],
  messages: Object.values(W9_MESSAGES),
  auditActions: Object.values(W9_ACTIONS),
  history: ['problems', 'delist', 'done', 'reasons', 'note'],
  table,
  eligible,
  start,
});
