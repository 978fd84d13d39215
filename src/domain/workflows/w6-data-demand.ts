// W6 Unlisted data demand 数据需求 (T16, Z19, S23, G(二)5): a user asks for data the catalog does not have — a real-name
// verified one in Tai'an and Suzhou (T16, S23: the platform's 利用主体), anyone in Tengzhou and Guangzhou (Z19 公民、
// 法人和其他组织, G(二)5 自然人、法人和非法人组织): the profile's `demandRequester`.
// The city's profile says which steps it has and how their days count:
// - Tai'an (T16): the authority's formal review 5 wd → the provider's feasibility study (需求论证) 10 wd → the data opened
//   within 20 wd of the provider's answer; Tengzhou (Z19): 10 + 15 wd, the opening as Tai'an's.
// - Suzhou (S23): no formal review; the provider answers within 10 wd of receipt (自收到申请之日起); the opening as Tai'an's.
// - Guangzhou (G(二)5): no formal review; counted from receipt, the reasons within 5 wd if the data cannot be opened, the
//   data itself within 20 wd if it can: the provider decides within 5 wd of receipt, and the opening's 20 wd count from
//   receipt too (`countsFrom: 'receipt'`), so they cover the answer: no separate clock starts with the opening.
//
// Who provides: the requester may name the agency (`agency=`). Where the authority reviews first (T16, Z19 转至提供数据的
// 公共管理和服务机构) it names the provider with its approval when the demand named none (`approve C-0001
// agency=transport`). Where it does not (S23, G(二)5 give the demand straight to 数据开放主体), a demand naming no agency
// goes to the authority to route (`routing`, no clock of its own: it spends the provider's days from receipt, since
// S23 and G(二)5 count them from receipt whoever holds the demand).
//
// The reviewers decide with `approve` and `reject`, a refusal giving every reason at once (T16 告知理由, G(二)5 反馈不开放
// 理由). The provider's agreement opens the `opening` step: the provider publishes the data as a W1 catalog entry filed
// for the demand (`submit … demand=C-0001`); when that entry is published, the demand is met (`fulfilDemand`, carried
// out by the application) and the requester and everyone following it are told the dataset's code.
//
// Demands are public (`visibility: 'public'`): anyone may list them (`requests`), see one (`status`) and follow it
// (`follow C-0001`, recorded in the audit log by the application, not a transition: it changes nothing of the case).
import { fail, KaifangError, type DomainError, type Params } from '../errors.ts';
import { defineForm, field, MAX_LENGTH, optional } from '../forms/form.ts';
import type { LocalDate } from '../model.ts';
import type { Effect } from '../effects/effect.ts';
import { formatReasons } from './grounds.ts';
import { notifyAgency, notifyUser } from './notify.ts';
import { profileStep, startClock } from './policy-values.ts';
import { defineWorkflow } from './define-workflow.ts';
import type { WorkflowEvent } from './events.ts';
import type { ActionDefinition, Assignment, CaseSnapshot, Deadline, Transition, TransitionContext, TransitionResult, TransitionTable } from './workflow.ts';

/** T16 在线提交申请材料: what data, what for, and (optionally) which agency holds it. */
export const w6Form = defineForm('w6', {
  title: field.text(MAX_LENGTH.title),
  description: field.text(),
  purpose: field.text(),
  agency: optional(field.text(MAX_LENGTH.short)),
});
export type W6Input = NonNullable<(typeof w6Form)['_values']>;

/** The authority names the provider when it passes a demand that named none; the provider's agreement takes a note. */
export const w6ApproveForm = defineForm('w6approve', { note: optional(field.text()), agency: optional(field.text(MAX_LENGTH.short)) });
/** T16 告知理由, G(二)5 反馈不开放理由: every reason at once. */
export const w6RejectForm = defineForm('w6reject', { reasons: field.list() });

type ApproveEvent = { type: 'approve'; note?: string };
type RejectEvent = { type: 'reject'; reasons: string[] };
export type W6Event = Exclude<WorkflowEvent, { type: 'approve' } | { type: 'reject' }> | ApproveEvent | RejectEvent;

const APPROVE_W6: ActionDefinition<{ note: string | null; agency: string | null }, W6Event> = {
  verb: 'approve',
  event: 'approve',
  form: w6ApproveForm,
  rest: 'note',
  toEvent: (v) => (v.note ? { type: 'approve', note: v.note } : { type: 'approve' }),
  button: 'primary',
  agencyField: 'agency',
};

const REJECT_W6: ActionDefinition<{ reasons: string[] }, W6Event> = {
  verb: 'reject',
  event: 'reject',
  form: w6RejectForm,
  rest: 'reasons',
  toEvent: (v) => ({ type: 'reject', reasons: v.reasons }),
  button: 'danger',
};

export const W6_STATES = ['formal_review', 'routing', 'feasibility', 'opening', 'published', 'rejected'] as const;
export type W6State = (typeof W6_STATES)[number];
/** The steps whose reviewer may refuse the demand. */
type W6Refusing = 'formal_review' | 'feasibility' | 'opening';

export const W6_ACTIONS = {
  submit: 'W6.submit',
  approve_formal: 'W6.approve_formal',
  route: 'W6.route',
  agree: 'W6.agree',
  reject_formal: 'W6.reject_formal',
  reject_provider: 'W6.reject_provider',
  published: 'W6.published',
} as const;

export const W6_MESSAGES = {
  /** To the requester: received, the next answer due by {dueOn}. */
  submitted: 'notify.w6.submitted',
  /** To the reviewers of the step just assigned (the authority's review or routing, the provider's study). */
  assigned: 'notify.w6.assigned',
  /** To the requester: passed on to {agencyName}, who answers by {dueOn}. */
  forwarded: 'notify.w6.forwarded',
  /** To the requester and followers: the provider will open the data by {dueOn}. */
  agreed: 'notify.w6.agreed',
  /** To the provider: open the data through a catalog entry filed for the demand, by {dueOn}. */
  opening: 'notify.w6.opening',
  /** To the requester and followers: refused, with every reason. */
  rejected: 'notify.w6.rejected',
  /** To the requester and followers: the data is open as {datasetCode}. */
  published: 'notify.w6.published',
} as const;

export interface W6Data {
  demand: { title: string; description: string; purpose: string };
  /** The agency that holds the data: named by the requester or by the authority; null until then. */
  provider: { agencyId: string; name: string } | null;
  /** The day the platform received the demand: S23 and G(二)5 count from it. */
  receivedOn: LocalDate;
  rejection: { at: W6Refusing; reasons: string[] } | null;
  /** The dataset that met the demand, and the W1 case that published it. */
  published: { datasetId: string; datasetCode: string; datasetName: string; byCase: string } | null;
}

/**
 * Who may file a demand is the city's rule (`demandRequester`): a real-name verified user (T16, S23: the platform's
 * 利用主体), or anyone (Z19 公民、法人和其他组织, G(二)5 自然人、法人和非法人组织).
 */
function eligible(ctx: TransitionContext): DomainError | null {
  if (ctx.profile.demandRequester.rule === 'verified' && !ctx.actor.verified) return fail('DEMAND_NOT_VERIFIED');
  return null;
}

const authority = (ctx: TransitionContext): Assignment => ({ agencyId: ctx.authority.id, role: 'reviewer' });
const provider = (s: { data: W6Data; id?: string }): Assignment => {
  if (!s.data.provider) throw new KaifangError('CASE_INCONSISTENT', `W6 case ${s.id ?? ''} has no provider.`);
  return { agencyId: s.data.provider.agencyId, role: 'reviewer' };
};

/** The step's clock: from today, or from the day of receipt where the city counts from it (S23, G(二)5). */
function clockOf(ctx: TransitionContext, data: W6Data, state: 'formal_review' | 'feasibility' | 'opening'): Deadline {
  const fromReceipt = profileStep(ctx.profile, 'W6', state)?.countsFrom === 'receipt';
  return startClock(ctx, `W6.${state}`, fromReceipt ? data.receivedOn : ctx.today);
}

function caseParams(data: W6Data): Params {
  return { title: data.demand.title, agencyName: data.provider?.name ?? '' };
}

/** The requester and everyone following the demand. */
function toEveryone(s: CaseSnapshot<W6Data>, message: string, params: Params): Effect[] {
  return [notifyUser(s.applicantId, message, params), { type: 'notify', to: { kind: 'followers', caseId: s.id }, message, params }];
}

function providerOf(ctx: TransitionContext): W6Data['provider'] {
  return ctx.agency ? { agencyId: ctx.agency.id, name: ctx.agency.name } : null;
}

function start(input: W6Input, ctx: TransitionContext): TransitionResult<W6Data> {
  const refusal = eligible(ctx);
  if (refusal) return refusal;
  const demand = { title: input.title.trim(), description: input.description.trim(), purpose: input.purpose.trim() };
  for (const [name, value] of Object.entries(demand)) if (value === '') return fail('INVALID_INPUT', undefined, name);
  // The application finds the agency `agency=` names (agencyField); one it does not know is refused before this.
  if (input.agency && !ctx.agency) return fail('AGENCY_UNKNOWN', { agency: input.agency }, 'agency');
  const data: W6Data = { demand, provider: providerOf(ctx), receivedOn: ctx.today, rejection: null, published: null };
  // T16, Z19: the authority's formal review first. S23, G(二)5: straight to the provider, or to the authority to route.
  const state: W6State = profileStep(ctx.profile, 'W6', 'formal_review') ? 'formal_review' : data.provider ? 'feasibility' : 'routing';
  const assignee = state === 'feasibility' ? provider({ data }) : authority(ctx);
  // Routing has no clock of its own: the provider's days from receipt are running.
  const deadline = clockOf(ctx, data, state === 'routing' ? 'feasibility' : state);
  return {
    ok: true,
    state,
    data,
    assignee,
    deadline,
    effects: [
      notifyUser(ctx.actor.id, W6_MESSAGES.submitted, { ...caseParams(data), dueOn: deadline.dueOn }),
      notifyAgency(assignee, W6_MESSAGES.assigned, { ...caseParams(data), description: demand.description, purpose: demand.purpose, dueOn: deadline.dueOn }),
    ],
    action: W6_ACTIONS.submit,
    detail: { demandTitle: demand.title, ...(data.provider ? { agency: data.provider.agencyId } : {}), to: state },
  };
}

/** The authority passes the demand to the provider (T16 转至公共数据开放主体, Z19), naming it when the demand named none. */
function forward(action: string) {
  return (s: CaseSnapshot<W6Data>, event: ApproveEvent, ctx: TransitionContext): TransitionResult<W6Data> => {
    const named = providerOf(ctx) ?? s.data.provider;
    if (!named) return fail('AGENCY_REQUIRED', undefined, 'agency');
    if (named.agencyId === ctx.authority.id) return fail('AGENCY_IS_AUTHORITY', undefined, 'agency');
    const data: W6Data = { ...s.data, provider: named };
    const assignee = provider({ data, id: s.id });
    const deadline = clockOf(ctx, data, 'feasibility');
    const note = event.note?.trim();
    const params = { caseId: s.id, ...caseParams(data), dueOn: deadline.dueOn };
    return {
      ok: true,
      state: 'feasibility',
      data,
      assignee,
      deadline,
      effects: [
        notifyUser(s.applicantId, W6_MESSAGES.forwarded, params),
        notifyAgency(assignee, W6_MESSAGES.assigned, { ...params, description: data.demand.description, purpose: data.demand.purpose }),
      ],
      action,
      detail: { agency: named.agencyId, ...(note ? { note } : {}) },
    };
  };
}

function refused(at: W6Refusing, action: string) {
  return (s: CaseSnapshot<W6Data>, event: RejectEvent): TransitionResult<W6Data> => {
    const reasons = (Array.isArray(event.reasons) ? event.reasons : []).map((r) => (typeof r === 'string' ? r.trim() : '')).filter((r) => r !== '');
    // T16 未通过形式审核的…告知理由; 不可以开放的，应当告知理由; G(二)5 反馈不开放理由: every reason, at once.
    if (reasons.length === 0) return fail('REFUSAL_REASONS_REQUIRED', undefined, 'reasons');
    const text = formatReasons(reasons);
    return {
      ok: true,
      state: 'rejected',
      data: { ...s.data, rejection: { at, reasons } },
      assignee: null,
      deadline: null,
      effects: toEveryone(s, W6_MESSAGES.rejected, { caseId: s.id, ...caseParams(s.data), reasons: text }),
      action,
      detail: { reasons: text },
    };
  };
}

/** A provider who types `agency=` is not the one to route the demand: said, rather than ignored. */
function noRouting(ctx: TransitionContext): DomainError | null {
  return ctx.agency ? fail('AGENCY_BY_AUTHORITY', undefined, 'agency') : null;
}

const table: TransitionTable<W6Data, W6Event> = {
  formal_review: {
    approve: { run: forward(W6_ACTIONS.approve_formal) },
    reject: { run: refused('formal_review', W6_ACTIONS.reject_formal) },
  },
  routing: {
    approve: { run: forward(W6_ACTIONS.route) },
  },
  feasibility: {
    approve: {
      run(s, event, ctx) {
        const wrong = noRouting(ctx);
        if (wrong) return wrong;
        // T16 经论证可以开放的，应当在反馈后20个工作日内开放; G(二)5: within 20 wd of receipt.
        const deadline = clockOf(ctx, s.data, 'opening');
        const assignee = provider(s);
        const note = event.note?.trim() ?? '';
        const params = { caseId: s.id, ...caseParams(s.data), dueOn: deadline.dueOn, note };
        return {
          ok: true,
          state: 'opening',
          data: s.data,
          assignee,
          deadline,
          effects: [...toEveryone(s, W6_MESSAGES.agreed, params), notifyAgency(assignee, W6_MESSAGES.opening, params)],
          action: W6_ACTIONS.agree,
          detail: (note ? { note } : {}) as Params,
        };
      },
    },
    reject: { run: refused('feasibility', W6_ACTIONS.reject_provider) },
  },
  opening: {
    // The data is opened by publishing it (W1, `submit … demand=C-0001`): an approval here would open nothing.
    approve: {
      refuse: (s) => fail('DEMAND_OPENS_BY_PUBLICATION', { caseId: s.id }),
      run: (s) => fail('DEMAND_OPENS_BY_PUBLICATION', { caseId: s.id }),
    },
    // Found after all that it cannot be opened: refused with the reasons.
    reject: { run: refused('opening', W6_ACTIONS.reject_provider) },
  },
};

/**
 * May the provider's officer file a W1 entry for this demand (`submit … demand=C-0001`)? Only a W6 demand waiting to be
 * opened, by the agency that agreed to open it.
 */
export function demandRefusal(linked: CaseSnapshot | null | undefined, typed: string, agencyId: string | null): DomainError | null {
  if (!linked || linked.workflow !== 'W6') return fail('DEMAND_UNKNOWN', { caseId: typed }, 'demand');
  if (linked.state !== 'opening') return fail('DEMAND_NOT_OPENING', { caseId: linked.id }, 'demand');
  if (linked.assignee?.agencyId !== agencyId) return fail('NOT_YOUR_TASK', { caseId: linked.id }, 'demand');
  return null;
}

/**
 * The demand met: the dataset a W1 entry filed for it is published (T16 开放). Decided by the platform, not by a person:
 * the application carries it out with the publication (`fulfilDemand`), so no table row takes it.
 */
export function demandPublished(s: CaseSnapshot<W6Data>, dataset: { id: string; code: string; name: string }, byCase: string): Transition<W6Data> {
  const published = { datasetId: dataset.id, datasetCode: dataset.code, datasetName: dataset.name, byCase };
  return {
    ok: true,
    state: 'published',
    data: { ...s.data, published },
    assignee: null,
    deadline: null,
    effects: toEveryone(s, W6_MESSAGES.published, { caseId: s.id, ...caseParams(s.data), datasetCode: dataset.code, datasetName: dataset.name }),
    action: W6_ACTIONS.published,
    detail: { datasetId: dataset.id, datasetCode: dataset.code, by: byCase },
  };
}

export const w6DataDemand = defineWorkflow({
  id: 'W6',
  form: w6Form,
  starts: [{ verb: 'request', target: 'none', rest: null, agencyField: 'agency' }],
  actions: [APPROVE_W6, REJECT_W6],
  states: W6_STATES,
  terminalStates: ['published', 'rejected'],
  clocks: ['formal_review', 'feasibility', 'opening'],
  // S23, G(二)5: no formal review by the authority.
  optionalSteps: ['formal_review'],
  visibility: 'public',
  messages: Object.values(W6_MESSAGES),
  auditActions: Object.values(W6_ACTIONS),
  history: ['demandTitle', 'agency', 'reasons', 'datasetCode', 'note'],
  // What anyone reading the public demand sees of it: what is asked, what for, and who holds the data once named.
  facts: (data: W6Data) => ({
    description: data.demand.description,
    purpose: data.demand.purpose,
    ...(data.provider ? { agency: data.provider.name } : {}),
  }),
  subject: (data: W6Data) => data.demand.title,
  table,
  eligible,
  start,
});
