// W11 Inter-agency sharing 共享申请 (Z13–Z17, B20–B22): staff of one government body apply for another body's dataset
// for a stated duty and scenario, committing to use it for that duty only and never pass it on (Z17). The path follows
// the dataset's sharing attribute (共享属性, Z13), each clock from the city's profile:
// - unconditional (无条件共享): the authority's formal review, 1 wd; its result goes to the provider and the data is taken
//   (Z14 para 1 审核结果自动同步至提供数据的机构…直接获取): access granted with the review.
// - conditional (有条件共享): the authority's formal review, 1 wd → the provider's review, 2 wd, which grants access
//   (Z14 para 2 提供数据使用授权) or refuses it.
// - not shared (不予共享; Z14 para 3 对尚未实现共享的公共数据…认为应当共享的): a data demand — the authority's formal
//   review, 5 wd → the provider's study and answer (需求论证并反馈), 10 wd.
// - held at a higher level (a national or provincial body's data, Z15): the authority checks it within 1 wd and refers
//   it upward (提报至上一级大数据工作主管部门); the case waits, on no one, until the authority records the answer.
// A formal review that finds the application incomplete returns it with every reason at once, for the applicant to
// resubmit. A provider that refuses gives every reason at once with its legal basis (Z16 依据相关法律、法规一次性告知具体
// 理由). An applicant who finds the reasons insufficient asks for coordination (`dispute`, 申请协调): the authority
// coordinates the bodies on a clock of its own and decides by the outcome (Z16 组织…协商，根据协商结果确定审核意见).
// Access is a sharing grant bound to the stated duty (Z17), for the profile's sharing period.
import { fail, KaifangError, type DomainError, type Params } from '../errors.ts';
import { defineForm, field, MAX_LENGTH } from '../forms/form.ts';
import { addMonths } from '../calendar/local-date.ts';
import type { AgencyLevel, LocalDate, ShareAttribute } from '../model.ts';
import type { Effect } from '../effects/effect.ts';
import { formatReasons, noteDetail, rejectGrounds, returnForCorrection, returnGrounds } from './grounds.ts';
import { notifyAgency, notifyUser } from './notify.ts';
import { limitOf, startClock } from './policy-values.ts';
import { parseMerged, textOf } from './raw-values.ts';
import { APPROVE, RESUBMIT, RETURN } from './common-actions.ts';
import { defineWorkflow } from './define-workflow.ts';
import type { WorkflowEvent } from './events.ts';
import type { ActionDefinition, Assignment, CaseSnapshot, TransitionContext, TransitionResult, TransitionTable } from './workflow.ts';

/** Z17: the duty the data serves (履行法定职责、提供公共服务), the scenario (应用场景), and the commitment. */
export const w11Form = defineForm('w11', {
  duty: field.text(MAX_LENGTH.title),
  scenario: field.text(),
  // Z17: 承诺其真实性、合规性、安全性; the data for this duty only, never passed to a third party.
  commit: field.confirm(),
});
export type W11Input = NonNullable<(typeof w11Form)['_values']>;

/** Z16: 依据相关法律、法规一次性告知具体理由 — every reason at once, and the law they rest on. */
export const w11RejectForm = defineForm('w11reject', { reasons: field.list(), basis: field.text() });
/** Z16: the applicant holds the reasons insufficient (理由不充分) and says why. */
export const w11DisputeForm = defineForm('w11dispute', { reason: field.text() });

type RejectEvent = { type: 'reject'; reasons: string[]; legalBasis: string };
type DisputeEvent = { type: 'dispute'; reason: string };
export type W11Event = Exclude<WorkflowEvent, { type: 'reject' }> | RejectEvent | DisputeEvent;

const REJECT_W11: ActionDefinition<{ reasons: string[]; basis: string }, W11Event> = {
  verb: 'reject',
  event: 'reject',
  form: w11RejectForm,
  rest: 'reasons',
  toEvent: (v) => ({ type: 'reject', reasons: v.reasons, legalBasis: v.basis }),
  button: 'danger',
};

const DISPUTE: ActionDefinition<{ reason: string }, W11Event> = {
  verb: 'dispute',
  event: 'dispute',
  form: w11DisputeForm,
  rest: 'reason',
  toEvent: (v) => ({ type: 'dispute', reason: v.reason }),
  button: 'plain',
};

/** The path an application takes: the dataset's sharing attribute, or `upper` for data held at a higher level (Z15). */
export type W11Path = ShareAttribute | 'upper';

export const W11_STATES = [
  'formal_review',
  'demand_review',
  'referral_review',
  'referred',
  'provider_review',
  'demand_study',
  'returned',
  'refused',
  'coordination',
  'granted',
  'rejected',
] as const;
export type W11State = (typeof W11_STATES)[number];
/** The authority's first step on each path. */
type W11FirstReview = 'formal_review' | 'demand_review' | 'referral_review';

export const W11_ACTIONS = {
  submit: 'W11.submit',
  approve_formal: 'W11.approve_formal',
  refer: 'W11.refer',
  return: 'W11.return',
  resubmit: 'W11.resubmit',
  approve_provider: 'W11.approve_provider',
  reject_provider: 'W11.reject_provider',
  upper_granted: 'W11.upper_granted',
  upper_refused: 'W11.upper_refused',
  dispute: 'W11.dispute',
  coordinated_granted: 'W11.coordinated_granted',
  coordinated_refused: 'W11.coordinated_refused',
} as const;

export const W11_MESSAGES = {
  /** To the applicant: received, on the path of the dataset's sharing attribute, the authority's review due by {dueOn}. */
  submitted: 'notify.w11.submitted',
  /** To the applicant: received; data held at a higher level, the authority checks it by {dueOn} and refers it (Z15). */
  submitted_upper: 'notify.w11.submitted_upper',
  /** To the reviewers of the step just assigned (the authority, the provider). */
  assigned: 'notify.w11.assigned',
  /** To the authority: an application for data held at a higher level, to check by {dueOn} and refer upward (Z15). */
  assigned_referral: 'notify.w11.assigned_referral',
  /** To the applicant: the formal review passed, the provider answers by {dueOn}. */
  forwarded: 'notify.w11.forwarded',
  /** To the applicant: checked and referred to the higher-level authority (Z15). */
  referred: 'notify.w11.referred',
  /** To the applicant: access granted for the duty, until {expiresOn}. */
  granted: 'notify.w11.granted',
  /** To the provider: its data is shared with the applicant's agency for the duty (Z14 审核结果同步至提供数据的机构). */
  shared: 'notify.w11.shared',
  /** To the applicant: returned by the formal review, every reason at once. */
  returned: 'notify.w11.returned',
  /** To the applicant: refused, every reason at once, with the basis; they may ask for coordination. */
  refused: 'notify.w11.refused',
  /** To the applicant: the higher level refused it (Z15). */
  upper_refused: 'notify.w11.upper_refused',
  /** To the applicant: resubmitted, back with the review that returned it. */
  resubmitted: 'notify.w11.resubmitted',
  /** To the authority: coordination asked for, with the applicant's reason; to decide by {dueOn} (Z16). */
  dispute: 'notify.w11.dispute',
  /** To the applicant and the provider: the coordination upheld the refusal (Z16). */
  upheld: 'notify.w11.upheld',
} as const;

export interface W11Data {
  application: W11Input;
  dataset: { id: string; code: string; name: string; providerAgencyId: string; sharing: ShareAttribute; level: AgencyLevel };
  /** The body asking for the data: the applicant's agency (Z17 本单位). */
  applicantAgencyId: string;
  path: W11Path;
  /** The review that returned the case; the resubmission goes back to it. */
  returnedFrom: W11FirstReview | null;
  /** The reasons of the latest return (一次性告知); empty when not returned. */
  reasons: string[];
  /** Z16: the refusal's reasons, all at once, and its basis; `by` the provider or the higher level. */
  refusal: { by: 'provider' | 'upper'; reasons: string[]; legalBasis: string; on: LocalDate } | null;
  /** Z16: why the applicant holds the refusal's reasons insufficient; null unless coordination was asked for. */
  dispute: { reason: string; on: LocalDate } | null;
  /** The sharing grant's reference and last day, once access is granted. */
  grant: { ref: string; expiresOn: LocalDate } | null;
  /** 1 on the first submission, +1 per resubmission. */
  submissions: number;
}

/** The profile's limit that holds the months a sharing grant runs (no article sets them). */
export const SHARE_PERIOD = 'W11.share_months';

const authorityReview = (ctx: TransitionContext): Assignment => ({ agencyId: ctx.authority.id, role: 'reviewer' });
const providerReview = (data: W11Data): Assignment => ({ agencyId: data.dataset.providerAgencyId, role: 'reviewer' });

/** Where each path starts: the authority's formal review, its review of a data demand, or its check before referral. */
const FIRST: Readonly<Record<W11Path, W11FirstReview>> = {
  unconditional: 'formal_review',
  conditional: 'formal_review',
  none: 'demand_review',
  upper: 'referral_review',
};

/** What the authority's reviewers are told of a first review: a higher level's data is checked to be referred (Z15). */
const assignedMessage = (review: W11FirstReview) => (review === 'referral_review' ? W11_MESSAGES.assigned_referral : W11_MESSAGES.assigned);

function caseParams(data: W11Data): Params {
  return {
    datasetCode: data.dataset.code,
    datasetName: data.dataset.name,
    duty: data.application.duty,
    sharingLabel: `forms.w1.sharing.options.${data.dataset.sharing}`,
  };
}

/**
 * Z17 公共管理和服务机构申请共享数据: a government body's staff (a reviewer of an agency) applies for another body's
 * data on the catalog; a second application while a sharing grant on the data still runs is refused.
 */
function eligible(ctx: TransitionContext): DomainError | null {
  const { actor } = ctx;
  if (!actor.roles.includes('reviewer') || actor.agencyId === null) return fail('FORBIDDEN_ROLE', { role: 'reviewer' });
  const ds = ctx.dataset;
  if (!ds || ds.status !== 'published') return fail('DATASET_NOT_PUBLISHED', ds ? { datasetCode: ds.code } : {});
  if (ds.providerAgencyId === actor.agencyId) return fail('SHARE_OWN_DATA', { datasetCode: ds.code });
  const held = ctx.activeGrants.find((g) => g.datasetId === ds.id && g.kind === 'share');
  if (held) return fail('ALREADY_SHARED', { datasetCode: ds.code, grantId: held.id, expiresOn: held.expiresOn });
  return null;
}

/** The application's own rules, at submission and at every resubmission. */
function applicationRefusal(application: W11Input): DomainError | null {
  // Z17: the commitment is part of the application.
  if (application.commit !== true) return fail('SHARE_COMMITMENT_REQUIRED', undefined, 'commit');
  return null;
}

function pathOf(sharing: ShareAttribute, level: AgencyLevel): W11Path {
  return level === 'city' ? sharing : 'upper';
}

function start(input: W11Input, ctx: TransitionContext): TransitionResult<W11Data> {
  const refusal = eligible(ctx) ?? applicationRefusal(input);
  if (refusal) return refusal;
  const ds = ctx.dataset!;
  const level = ctx.provider?.level ?? 'city';
  const path = pathOf(ds.sharing, level);
  const data: W11Data = {
    application: { ...input },
    dataset: { id: ds.id, code: ds.code, name: ds.name, providerAgencyId: ds.providerAgencyId, sharing: ds.sharing, level },
    applicantAgencyId: ctx.actor.agencyId!,
    path,
    returnedFrom: null,
    reasons: [],
    refusal: null,
    dispute: null,
    grant: null,
    submissions: 1,
  };
  const review = FIRST[path];
  const assignee = authorityReview(ctx);
  const deadline = startClock(ctx, `W11.${review}`);
  const told = { ...caseParams(data), dueOn: deadline.dueOn };
  return {
    ok: true,
    state: review,
    data,
    assignee,
    deadline,
    effects: [
      notifyUser(ctx.actor.id, path === 'upper' ? W11_MESSAGES.submitted_upper : W11_MESSAGES.submitted, told),
      notifyAgency(assignee, assignedMessage(review), told),
    ],
    action: W11_ACTIONS.submit,
    detail: { datasetId: ds.id, path, to: review },
  };
}

/** Access for the stated duty (Z17), for the profile's sharing period; the provider told its data is shared (Z14). */
function granted(s: CaseSnapshot<W11Data>, ctx: TransitionContext, action: string, detail: Params = {}): TransitionResult<W11Data> {
  const expiresOn = addMonths(ctx.today, limitOf(ctx.profile, SHARE_PERIOD));
  const grant = { ref: `SH-${s.id}`, expiresOn };
  const told = { caseId: s.id, ...caseParams(s.data), expiresOn, agreementRef: grant.ref };
  return {
    ok: true,
    state: 'granted',
    data: { ...s.data, reasons: [], grant },
    assignee: null,
    deadline: null,
    effects: [
      { type: 'grantAccess', datasetId: s.data.dataset.id, userId: s.applicantId, expiresOn, agreementRef: grant.ref, kind: 'share', duty: s.data.application.duty },
      notifyUser(s.applicantId, W11_MESSAGES.granted, told),
      notifyAgency(providerReview(s.data), W11_MESSAGES.shared, told),
    ],
    action,
    detail: { agreementRef: grant.ref, expiresOn, ...detail },
  };
}

/** Z16 一次性告知具体理由: every reason at once (as a return lists them), and the law they rest on. */
function refusalGrounds(event: RejectEvent): { reasons: string[]; text: string; legalBasis: string } | DomainError {
  const listed = returnGrounds({ type: 'return', reasons: event.reasons });
  if (!listed.ok) return listed;
  const based = rejectGrounds({ type: 'reject', legalBasis: event.legalBasis });
  if (!based.ok) return based;
  return { reasons: listed.reasons, text: listed.text, legalBasis: based.legalBasis };
}

/** The formal review passed: on to the provider (conditional data, a data demand), or access at once (unconditional). */
function passFormal(review: 'formal_review' | 'demand_review') {
  return (s: CaseSnapshot<W11Data>, event: { type: 'approve'; note?: string }, ctx: TransitionContext): TransitionResult<W11Data> => {
    if (s.data.path === 'unconditional') return granted(s, ctx, W11_ACTIONS.approve_formal, noteDetail(event.note));
    const next = review === 'formal_review' ? 'provider_review' : 'demand_study';
    const assignee = providerReview(s.data);
    const deadline = startClock(ctx, `W11.${next}`);
    const told = { caseId: s.id, ...caseParams(s.data), dueOn: deadline.dueOn };
    return {
      ok: true,
      state: next,
      data: { ...s.data, reasons: [] },
      assignee,
      deadline,
      effects: [notifyUser(s.applicantId, W11_MESSAGES.forwarded, told), notifyAgency(assignee, W11_MESSAGES.assigned, told)],
      action: W11_ACTIONS.approve_formal,
      detail: { to: next, ...noteDetail(event.note) },
    };
  };
}

function returned(review: W11FirstReview) {
  return (s: CaseSnapshot<W11Data>, event: { type: 'return'; reasons: string[] }): TransitionResult<W11Data> => {
    const grounds = returnGrounds(event);
    if (!grounds.ok) return grounds;
    return returnForCorrection(s, grounds, { message: W11_MESSAGES.returned, action: W11_ACTIONS.return, params: caseParams(s.data), data: { returnedFrom: review } });
  };
}

/**
 * A refusal with every reason and its basis (Z16). `refused`: the provider's, which the applicant may dispute;
 * `rejected`: one that ends the case — the higher level's (Z15), or the one the coordination upheld.
 */
function refusedWith(opts: { state: 'refused' | 'rejected'; by: 'provider' | 'upper'; message: string; action: string; tellProvider?: boolean }) {
  return (s: CaseSnapshot<W11Data>, event: RejectEvent, ctx: TransitionContext): TransitionResult<W11Data> => {
    const grounds = refusalGrounds(event);
    if ('error' in grounds) return grounds;
    const told = { caseId: s.id, ...caseParams(s.data), reasons: grounds.text, count: grounds.reasons.length, legalBasis: grounds.legalBasis };
    const effects: Effect[] = [notifyUser(s.applicantId, opts.message, told)];
    if (opts.tellProvider) effects.push(notifyAgency(providerReview(s.data), opts.message, told));
    return {
      ok: true,
      state: opts.state,
      data: { ...s.data, refusal: { by: opts.by, reasons: grounds.reasons, legalBasis: grounds.legalBasis, on: ctx.today } },
      assignee: null,
      deadline: null,
      effects,
      action: opts.action,
      detail: { reasons: grounds.text, count: grounds.reasons.length, legalBasis: grounds.legalBasis },
    };
  };
}

const providerRefused = refusedWith({ state: 'refused', by: 'provider', message: W11_MESSAGES.refused, action: W11_ACTIONS.reject_provider });

const table: TransitionTable<W11Data, W11Event> = {
  formal_review: {
    approve: { run: passFormal('formal_review') },
    return: { run: returned('formal_review') },
  },
  demand_review: {
    approve: { run: passFormal('demand_review') },
    return: { run: returned('demand_review') },
  },
  referral_review: {
    // Z15: checked within 1 wd and referred upward; the answer comes back outside the city, on no city clock.
    approve: {
      run(s, event, ctx) {
        const told = { caseId: s.id, ...caseParams(s.data) };
        return {
          ok: true,
          state: 'referred',
          data: { ...s.data, reasons: [] },
          assignee: null,
          deadline: null,
          effects: [notifyUser(s.applicantId, W11_MESSAGES.referred, told)],
          action: W11_ACTIONS.refer,
          detail: { referredOn: ctx.today, ...noteDetail(event.note) },
        };
      },
    },
    return: { run: returned('referral_review') },
  },
  referred: {
    // The higher level's answer, recorded by the authority that referred it: access, or its refusal and reasons.
    approve: {
      by: (_s, ctx) => authorityReview(ctx),
      run: (s, event, ctx) => granted(s, ctx, W11_ACTIONS.upper_granted, noteDetail(event.note)),
    },
    reject: {
      by: (_s, ctx) => authorityReview(ctx),
      run: refusedWith({ state: 'rejected', by: 'upper', message: W11_MESSAGES.upper_refused, action: W11_ACTIONS.upper_refused }),
    },
  },
  provider_review: {
    approve: { run: (s, event, ctx) => granted(s, ctx, W11_ACTIONS.approve_provider, noteDetail(event.note)) },
    reject: { run: providerRefused },
  },
  demand_study: {
    approve: { run: (s, event, ctx) => granted(s, ctx, W11_ACTIONS.approve_provider, noteDetail(event.note)) },
    reject: { run: providerRefused },
  },
  returned: {
    resubmit: {
      run(s, event, ctx) {
        const parsed = parseMerged(w11Form, s.data.application, event.input);
        if (!parsed.ok) {
          if (parsed.issues.some((i) => i.field === 'commit')) return fail('SHARE_COMMITMENT_REQUIRED', undefined, 'commit');
          return fail('INVALID_INPUT', { field: parsed.issues.map((i) => i.field).join(', ') });
        }
        const application = parsed.value;
        const invalid = applicationRefusal(application);
        if (invalid) return invalid;
        const review = s.data.returnedFrom;
        if (review === null) throw new KaifangError('CASE_INCONSISTENT', `W11 case ${s.id} is returned but does not say which review returned it.`);
        const assignee = authorityReview(ctx);
        const deadline = startClock(ctx, `W11.${review}`);
        const data: W11Data = { ...s.data, application, returnedFrom: null, reasons: [], submissions: s.data.submissions + 1 };
        const told = { caseId: s.id, ...caseParams(data), dueOn: deadline.dueOn };
        return {
          ok: true,
          state: review,
          data,
          assignee,
          deadline,
          effects: [
            notifyUser(s.applicantId, W11_MESSAGES.resubmitted, told),
            notifyAgency(assignee, assignedMessage(review), told),
          ],
          action: W11_ACTIONS.resubmit,
          detail: { submission: data.submissions, to: review },
        };
      },
    },
  },
  refused: {
    // Z16 理由不充分的: the applicant asks the authority to coordinate; it decides by the outcome, on its own clock.
    dispute: {
      run(s, event, ctx) {
        const reason = textOf(event.reason);
        if (reason === '') return fail('INVALID_INPUT', { field: 'reason' }, 'reason');
        const assignee = authorityReview(ctx);
        const deadline = startClock(ctx, 'W11.coordination');
        const refusal = s.data.refusal;
        const told = {
          caseId: s.id,
          ...caseParams(s.data),
          reason,
          reasons: formatReasons(refusal?.reasons ?? []),
          legalBasis: refusal?.legalBasis ?? '',
          dueOn: deadline.dueOn,
        };
        return {
          ok: true,
          state: 'coordination',
          data: { ...s.data, dispute: { reason, on: ctx.today } },
          assignee,
          deadline,
          effects: [notifyAgency(assignee, W11_MESSAGES.dispute, told), notifyAgency(providerReview(s.data), W11_MESSAGES.dispute, told)],
          action: W11_ACTIONS.dispute,
          detail: { reason },
        };
      },
    },
  },
  coordination: {
    // The coordination found for sharing: access granted, the provider told.
    approve: { run: (s, event, ctx) => granted(s, ctx, W11_ACTIONS.coordinated_granted, noteDetail(event.note)) },
    // The refusal upheld, with the coordination's reasons and basis; the case ends.
    reject: { run: refusedWith({ state: 'rejected', by: 'provider', message: W11_MESSAGES.upheld, action: W11_ACTIONS.coordinated_refused, tellProvider: true }) },
  },
};

export const w11Sharing = defineWorkflow({
  id: 'W11',
  form: w11Form,
  starts: [{ verb: 'share', target: 'dataset', rest: null }],
  actions: [APPROVE, RETURN, REJECT_W11, DISPUTE, RESUBMIT],
  states: W11_STATES,
  terminalStates: ['granted', 'rejected'],
  clocks: ['formal_review', 'demand_review', 'referral_review', 'provider_review', 'demand_study', 'coordination'],
  messages: Object.values(W11_MESSAGES),
  auditActions: Object.values(W11_ACTIONS),
  history: ['reasons', 'legalBasis', 'reason', 'expiresOn', 'note'],
  facts: (data: W11Data) => ({ duty: data.application.duty, scenario: data.application.scenario }),
  table,
  eligible,
  start,
});
