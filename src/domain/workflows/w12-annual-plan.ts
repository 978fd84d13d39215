// W12 Annual open plan 年度开放计划 (T7, S13, G(一)2). Each year on the profile's call date the platform asks every
// provider of the city for its open plan (a duty): the datasets it will open this year, the scenarios it serves and the
// measures it takes (T7 明确本年度计划新增开放的数据; S13 开放数据清单、重点场景、促进措施; G(一)2 工作任务、开放数据集、保障
// 措施), filed by the profile's filing date. The authority reviews each plan (T7 汇总审核) and returns one that falls
// short, every reason at once; and it publishes the city's plan, the plans it approved, by the profile's publication
// date (T7 原则上在每年5月底前…统一发布; G(一)2 向社会公布). These are calendar dates, not working days: the deadline is
// the date itself (`profileDate`), reminded ahead of it and escalated when it passes. A provider that never files is named in
// the city's plan as not filed; it does not hold the city's plan back.
import { fail, type DomainError, type Params } from '../errors.ts';
import { defineForm, field, MAX_LENGTH } from '../forms/form.ts';
import { PLATFORM_USER_ID, type LocalDate } from '../model.ts';
import { formatReasons, noteDetail, returnGrounds } from './grounds.ts';
import { notifyAgency } from './notify.ts';
import { clockDays, profileDate, startClock } from './policy-values.ts';
import { APPROVE, RETURN } from './common-actions.ts';
import { defineWorkflow } from './define-workflow.ts';
import { itemsOf, textOf } from './raw-values.ts';
import type { WorkflowEvent } from './events.ts';
import type { ActionDefinition, Assignment, Deadline, TransitionContext, TransitionResult, TransitionTable } from './workflow.ts';

/** What the platform's duty opens a case with: the plan's year. */
export const w12Form = defineForm('w12', { year: field.text(MAX_LENGTH.short) });
export type W12Input = NonNullable<(typeof w12Form)['_values']>;

/** A provider's plan: the datasets it will open (one per item), the scenarios, the measures. */
export const w12PlanForm = defineForm('w12plan', { items: field.list(), scenarios: field.text(), measures: field.text() });

type PlanEvent = { type: 'plan'; items: string[]; scenarios: string; measures: string };
export type W12Event = WorkflowEvent | PlanEvent;

const PLAN: ActionDefinition<{ items: string[]; scenarios: string; measures: string }, W12Event> = {
  verb: 'plan',
  event: 'plan',
  form: w12PlanForm,
  rest: null,
  toEvent: (v) => ({ type: 'plan', items: v.items, scenarios: v.scenarios, measures: v.measures }),
  byAgency: true,
};

export const W12_STATES = ['filing', 'review', 'approved', 'aggregation', 'published'] as const;
export type W12State = (typeof W12_STATES)[number];

export const W12_ACTIONS = {
  open: 'W12.open',
  file: 'W12.file',
  approve: 'W12.approve',
  return: 'W12.return',
  publish: 'W12.publish',
} as const;

export const W12_MESSAGES = {
  /** To the provider's data officers: file this year's plan by {dueOn}. */
  call: 'notify.w12.call',
  /** To the authority's reviewers: aggregate the plans and publish the city's by {dueOn}. */
  call_city: 'notify.w12.call_city',
  /** To the authority's reviewers: a provider filed its plan, to review by {dueOn}. */
  filed: 'notify.w12.filed',
  /** To the provider's data officers: the plan is approved; it goes into the city's. */
  approved: 'notify.w12.approved',
  /** To the provider's data officers: returned, every reason at once, to file again by {dueOn}. */
  returned: 'notify.w12.returned',
  /** To the authority's reviewers and supervisors: the city's plan is published. */
  published: 'notify.w12.published',
} as const;

export interface W12Plan {
  items: string[];
  scenarios: string;
  measures: string;
  filedOn: LocalDate;
}

export interface W12Data {
  year: number;
  /** The provider whose plan this is, or the authority for the city's plan. */
  agency: { id: string; name: string; kind: 'authority' | 'provider' };
  plan: W12Plan | null;
  /** The reasons of the latest return (一次性告知); empty when not returned. */
  reasons: string[];
  /** The city's plan: the day it was published. */
  publishedOn: LocalDate | null;
}

const filer = (data: W12Data): Assignment => ({ agencyId: data.agency.id, role: 'reviewer' });
const authorityReview = (ctx: TransitionContext): Assignment => ({ agencyId: ctx.authority.id, role: 'reviewer' });

function caseParams(data: W12Data): Params {
  return { year: data.year, agencyName: data.agency.name };
}

/** The date `key` of the plan's year: its own deadline, a calendar date. */
function dateDeadline(ctx: TransitionContext, key: string, year: number): Deadline {
  return ctx.until(ctx.today, profileDate(ctx.profile, key, year), key);
}

/** Only the platform opens plans, for an agency named as the start's target: one a year each (the duty's key). */
function eligible(ctx: TransitionContext): DomainError | null {
  if (ctx.actor.id !== PLATFORM_USER_ID) return fail('PLAN_BY_PLATFORM');
  if (!ctx.agency) return fail('AGENCY_UNKNOWN', { agency: '—' });
  return null;
}

function start(input: W12Input, ctx: TransitionContext): TransitionResult<W12Data> {
  const refusal = eligible(ctx);
  if (refusal) return refusal;
  const year = Number(input.year);
  if (!/^\d{4}$/.test(input.year.trim())) return fail('INVALID_INPUT', { field: 'year' }, 'year');
  const agency = ctx.agency!;
  const data: W12Data = { year, agency: { id: agency.id, name: agency.name, kind: agency.kind }, plan: null, reasons: [], publishedOn: null };
  const city = agency.kind === 'authority';
  const deadline = dateDeadline(ctx, city ? 'W12.publish_by' : 'W12.filing_due', year);
  const assignee = city ? authorityReview(ctx) : filer(data);
  return {
    ok: true,
    state: city ? 'aggregation' : 'filing',
    data,
    assignee,
    deadline,
    effects: [notifyAgency(assignee, city ? W12_MESSAGES.call_city : W12_MESSAGES.call, { ...caseParams(data), dueOn: deadline.dueOn })],
    action: W12_ACTIONS.open,
    detail: { agencyId: agency.id, year },
  };
}

const table: TransitionTable<W12Data, W12Event> = {
  filing: {
    plan: {
      run(s, event, ctx): TransitionResult<W12Data> {
        const items = itemsOf(event.items);
        if (items.length === 0) return fail('INVALID_INPUT', { field: 'items' }, 'items');
        const scenarios = textOf(event.scenarios);
        if (scenarios === '') return fail('INVALID_INPUT', { field: 'scenarios' }, 'scenarios');
        const measures = textOf(event.measures);
        if (measures === '') return fail('INVALID_INPUT', { field: 'measures' }, 'measures');
        const assignee = authorityReview(ctx);
        const deadline = startClock(ctx, 'W12.review');
        const plan: W12Plan = { items, scenarios, measures, filedOn: ctx.today };
        return {
          ok: true,
          state: 'review',
          data: { ...s.data, plan, reasons: [] },
          assignee,
          deadline,
          effects: [notifyAgency(assignee, W12_MESSAGES.filed, { caseId: s.id, ...caseParams(s.data), items: formatReasons(items), count: items.length, scenarios, measures, dueOn: deadline.dueOn })],
          action: W12_ACTIONS.file,
          detail: { count: items.length, items: items.join('；') },
        };
      },
    },
  },
  review: {
    approve: {
      run(s, event): TransitionResult<W12Data> {
        const note = noteDetail(event.note);
        return {
          ok: true,
          state: 'approved',
          data: s.data,
          assignee: null,
          deadline: null,
          effects: [notifyAgency(filer(s.data), W12_MESSAGES.approved, { caseId: s.id, ...caseParams(s.data), note: note.note ?? '' })],
          action: W12_ACTIONS.approve,
          detail: note,
        };
      },
    },
    return: {
      run(s, event, ctx) {
        const grounds = returnGrounds(event);
        if (!grounds.ok) return grounds;
        // Back to the provider: by the filing date while it is still ahead, else within the review's days.
        const filingDue = profileDate(ctx.profile, 'W12.filing_due', s.data.year);
        const deadline = ctx.today < filingDue ? dateDeadline(ctx, 'W12.filing_due', s.data.year) : ctx.clock(ctx.today, clockDays(ctx.profile, 'W12.review'));
        const told = { caseId: s.id, ...caseParams(s.data), reasons: grounds.text, count: grounds.reasons.length, dueOn: deadline.dueOn };
        return {
          ok: true,
          state: 'filing',
          data: { ...s.data, reasons: grounds.reasons },
          assignee: filer(s.data),
          deadline,
          effects: [notifyAgency(filer(s.data), W12_MESSAGES.returned, told)],
          action: W12_ACTIONS.return,
          detail: { reasons: grounds.text, count: grounds.reasons.length },
        };
      },
    },
  },
  aggregation: {
    // T7 统一发布: the city's plan is the plans approved by now; `plans <year>` shows it.
    approve: {
      run(s, event, ctx) {
        const told = { caseId: s.id, ...caseParams(s.data), publishedOn: ctx.today };
        return {
          ok: true,
          state: 'published',
          data: { ...s.data, publishedOn: ctx.today },
          assignee: null,
          deadline: null,
          effects: [notifyAgency(authorityReview(ctx), W12_MESSAGES.published, told), notifyAgency({ agencyId: ctx.authority.id, role: 'supervisor' }, W12_MESSAGES.published, told)],
          action: W12_ACTIONS.publish,
          detail: { year: s.data.year, ...noteDetail(event.note) },
        };
      },
    },
  },
};

export const w12AnnualPlan = defineWorkflow({
  id: 'W12',
  form: w12Form,
  starts: [],
  actions: [PLAN, APPROVE, RETURN],
  states: W12_STATES,
  terminalStates: ['approved', 'published'],
  clocks: ['review'],
  messages: Object.values(W12_MESSAGES),
  auditActions: Object.values(W12_ACTIONS),
  history: ['count', 'items', 'reasons', 'note'],
  subject: (data: W12Data) => `${data.agency.name} ${data.year}`,
  table,
  eligible,
  start,
});
