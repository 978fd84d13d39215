// W5 Conditional data application 有条件开放数据申请 (T14-15, Z19, S20-21, G(二)3): a user applies → the authority's
// formal review (Tai'an, Tengzhou), acceptance (Suzhou) or no such step (Guangzhou), as the city's profile says → the
// provider's review, which may narrow the use and the period (S20) → the usage agreement offered to the applicant, who
// accepts it in chat → access granted until the end of the usage period and the authority informed (T15(三)); or
// returned (一次性告知) / refused with reasons and the legal basis (S20 理由和依据).
import { fail, KaifangError, type DomainError, type Params } from '../errors.ts';
import { defineForm, field, MAX_LENGTH, optional } from '../forms/form.ts';
import type { LocalDate } from '../model.ts';
import { noteDetail, rejectDetail, rejectGrounds, returnForCorrection, returnGrounds } from './grounds.ts';
import { notifyAgency, notifyUser, WHY_APPLICANT_STEP } from './notify.ts';
import { limitOf, profileStep, startClock } from './policy-values.ts';
import { addDays, addYears } from '../calendar/local-date.ts';
import { parseMerged } from './raw-values.ts';
import { RESUBMIT, RETURN } from './common-actions.ts';
import { defineWorkflow } from './define-workflow.ts';
import type { WorkflowEvent } from './events.ts';
import type { ActionDefinition, Assignment, CaseSnapshot, TransitionContext, TransitionResult, TransitionTable } from './workflow.ts';

/** S20: title, reason, type (dataset or API), usage period, result form, scenario, and the commitment. */
export const w5Form = defineForm('w5', {
  title: field.text(MAX_LENGTH.title),
  reason: field.text(),
  type: field.choice(['dataset', 'api']),
  /** The last day of use (使用期限, S20): the grant expires at its end. */
  period: field.date(),
  /** 成果形式 (S20). */
  result: field.text(),
  /** 应用场景 (S20). */
  scenario: field.text(),
  // S20: 承诺应用场景的真实性、合规性、安全性.
  commit: field.confirm(),
  // T14(三): the applicant meets the open conditions the provider published for the dataset (Z19 应公布开放条件).
  meets: field.confirm(),
});

/**
 * The provider's approval (S20): 同意开放的，应当明确公共数据的用途和使用范围 — it may narrow the use to a scope and end
 * the period earlier than asked; the note goes to the applicant.
 */
export const w5ApproveForm = defineForm('w5approve', {
  note: optional(field.text()),
  scope: optional(field.text()),
  until: optional(field.date()),
});

/** S20: 不同意开放的，应当说明理由，并提供相应的法律、法规、规章依据 — both, always. */
export const w5RejectForm = defineForm('w5reject', { basis: field.text(), reason: field.text() });

/** The shared events, W5's approval carrying what the provider narrowed. */
export type W5Event = Exclude<WorkflowEvent, { type: 'approve' }> | { type: 'approve'; note?: string; scope?: string; until?: string };

const APPROVE_W5: ActionDefinition<{ note: string | null; scope: string | null; until: string | null }, W5Event> = {
  verb: 'approve',
  event: 'approve',
  form: w5ApproveForm,
  rest: 'note',
  toEvent: (v) => ({
    type: 'approve',
    ...(v.note ? { note: v.note } : {}),
    ...(v.scope ? { scope: v.scope } : {}),
    ...(v.until ? { until: v.until } : {}),
  }),
  button: 'primary',
};

const REJECT_W5: ActionDefinition<{ basis: string; reason: string }, W5Event> = {
  verb: 'reject',
  event: 'reject',
  form: w5RejectForm,
  rest: 'basis',
  toEvent: (v) => ({ type: 'reject', legalBasis: v.basis, reason: v.reason }),
  button: 'danger',
};

/** T15(三), S21: the applicant accepts the usage agreement offered; only then is access granted. */
export const acceptForm = defineForm('accept', {});
const ACCEPT: ActionDefinition<Record<string, never>, W5Event> = {
  verb: 'accept',
  event: 'accept',
  form: acceptForm,
  rest: null,
  toEvent: () => ({ type: 'accept' }),
  button: 'primary',
};

export type W5Input = NonNullable<(typeof w5Form)['_values']>;

export const W5_STATES = ['formal_review', 'provider_review', 'returned', 'awaiting_acceptance', 'approved', 'rejected'] as const;
export type W5State = (typeof W5_STATES)[number];
export type W5Review = 'formal_review' | 'provider_review';

export const W5_ACTIONS = {
  submit: 'W5.submit',
  approve_formal: 'W5.approve_formal',
  approve_provider: 'W5.approve_provider',
  return_formal: 'W5.return_formal',
  return_provider: 'W5.return_provider',
  reject_formal: 'W5.reject_formal',
  reject_provider: 'W5.reject_provider',
  resubmit: 'W5.resubmit',
  accept: 'W5.accept',
} as const;

export const W5_MESSAGES = {
  /** To the applicant: received, formal review (or acceptance) due by {dueOn}. */
  submitted: 'notify.w5.submitted',
  /** To the applicant where the city has no authority step (G(二)3): received, the provider answers by {dueOn}. */
  submitted_provider: 'notify.w5.submitted_provider',
  /** To the reviewers of the step just assigned (the authority, then the provider). */
  assigned: 'notify.w5.assigned',
  /** To the applicant: formal review passed, the provider answers by {dueOn}. */
  formal_approved: 'notify.w5.formal_approved',
  /** To the applicant (S20): accepted (受理) and handed over to the provider, who answers by {dueOn}. */
  accepted: 'notify.w5.accepted',
  /** To the applicant: the provider agreed; the agreement's terms, to accept in chat. */
  offered: 'notify.w5.offered',
  /** To the applicant: the agreement is concluded, access until {expiresOn} under {agreementRef}. */
  approved: 'notify.w5.approved',
  /** To the authority: the provider granted access (T15(三): 告知本级公共数据开放主管部门). */
  granted: 'notify.w5.granted',
  returned: 'notify.w5.returned',
  rejected: 'notify.w5.rejected',
  resubmitted: 'notify.w5.resubmitted',
} as const;

/**
 * The usage agreement (公共数据开放利用协议, T15(三), S21, G(二)3), as the platform records it: offered when the provider
 * agrees, concluded when the applicant accepts it. Its standing clauses (usage reports, security, no transfer to third
 * parties, credit commitment, liability, disputes) are the same for every agreement and are shown with the offer.
 */
export interface W5Agreement {
  ref: string;
  offeredOn: LocalDate;
  /** The day the applicant accepted it; null while it waits for them. */
  acceptedOn: LocalDate | null;
  terms: {
    /** S20: the applicant affirmed the truthfulness, compliance and security of the scenario. */
    commitment: true;
    /** S21: purpose (用途) and scope of use (使用范围): the provider's scope when it narrowed the use, else the scenario. */
    purpose: string;
    scope: string;
    scenario: string;
    type: W5Input['type'];
    result: string;
    /** Access ends with this day: the period asked for, or the provider's earlier end. */
    expiresOn: LocalDate;
  };
}

export interface W5Data {
  application: W5Input;
  dataset: { id: string; code: string; name: string; providerAgencyId: string };
  /** The review that returned the case; the resubmission goes back to it. */
  returnedFrom: W5Review | null;
  /** The reasons of the latest return (一次性告知); empty when not returned. */
  reasons: string[];
  agreement: W5Agreement | null;
  rejection: { at: W5Review; legalBasis: string; reason: string | null } | null;
  /** 1 on the first submission, +1 per resubmission. */
  submissions: number;
}

/** T14(一)(二): real-name verified, on no dishonesty list. */
function applicantRefusal(ctx: TransitionContext): DomainError | null {
  const { actor } = ctx;
  if (!actor.roles.includes('applicant')) return fail('FORBIDDEN_ROLE', { role: 'applicant' });
  if (!actor.verified) return fail('NOT_VERIFIED');
  if (actor.dishonest) return fail('DISHONEST');
  return null;
}

/** T14(三), T15: only published conditional data is applied for; unconditional data is simply downloaded (T13). */
function eligible(ctx: TransitionContext): DomainError | null {
  const refusal = applicantRefusal(ctx);
  if (refusal) return refusal;
  const ds = ctx.dataset;
  if (!ds || ds.status !== 'published') return fail('DATASET_NOT_PUBLISHED', ds ? { datasetCode: ds.code } : {});
  // Closed data (不予开放, W2) is given to nobody, by application or otherwise.
  if (ds.attribute === 'closed') return fail('DATASET_CLOSED', { datasetCode: ds.code });
  if (ds.attribute !== 'conditional') return fail('DATASET_NOT_CONDITIONAL', { datasetCode: ds.code });
  // A grant still in force already gives the access asked for (T15): no second agreement for the same data, except a
  // renewal in the grant's last days, so that the use need not stop while the new application is reviewed.
  const window = limitOf(ctx.profile, 'W5.renewal_window_days');
  const held = ctx.activeGrants.filter((g) => g.datasetId === ds.id && g.kind === 'open').sort((a, b) => (a.expiresOn < b.expiresOn ? 1 : -1))[0];
  if (held && addDays(ctx.today, window) < held.expiresOn)
    return fail('ALREADY_GRANTED', { datasetCode: ds.code, expiresOn: held.expiresOn, renewFrom: addDays(held.expiresOn, -window), days: window });
  return null;
}

/** The application's own rules, at submission and again at every resubmission. */
function applicationRefusal(application: W5Input, ctx: TransitionContext): DomainError | null {
  // A usage period (使用期限, S20) that has already ended grants nothing.
  if (!(application.period > ctx.today)) return fail('PERIOD_IN_PAST', { period: application.period, today: ctx.today }, 'period');
  const years = limitOf(ctx.profile, 'W5.max_period_years');
  const latest = addYears(ctx.today, years);
  if (application.period > latest) return fail('PERIOD_TOO_LONG', { period: application.period, latest, years }, 'period');
  // S20: the commitment is part of the application.
  if (application.commit !== true) return fail('COMMITMENT_REQUIRED', undefined, 'commit');
  // T14(三): the applicant affirms they meet the dataset's published open conditions.
  if (application.meets !== true) return fail('CONDITIONS_NOT_MET', undefined, 'meets');
  return null;
}

const authorityReview = (ctx: TransitionContext): Assignment => ({ agencyId: ctx.authority.id, role: 'reviewer' });
const providerReview = (data: W5Data): Assignment => ({ agencyId: data.dataset.providerAgencyId, role: 'reviewer' });

function reviewer(review: W5Review, data: W5Data, ctx: TransitionContext): Assignment {
  return review === 'formal_review' ? authorityReview(ctx) : providerReview(data);
}

/** The city's first step: the authority's (formal review or acceptance) when its profile has one, else the provider's (G(二)3). */
function firstReview(ctx: TransitionContext): W5Review {
  return profileStep(ctx.profile, 'W5', 'formal_review') ? 'formal_review' : 'provider_review';
}

function datasetParams(data: W5Data): Params {
  return { datasetCode: data.dataset.code, datasetName: data.dataset.name, title: data.application.title };
}

function start(input: W5Input, ctx: TransitionContext): TransitionResult<W5Data> {
  const refusal = eligible(ctx) ?? applicationRefusal(input, ctx);
  if (refusal) return refusal;
  const ds = ctx.dataset!;
  const data: W5Data = {
    application: { ...input },
    dataset: { id: ds.id, code: ds.code, name: ds.name, providerAgencyId: ds.providerAgencyId },
    returnedFrom: null,
    reasons: [],
    agreement: null,
    rejection: null,
    submissions: 1,
  };
  // T15(二), Z19: the authority's formal review within 5 wd; S20: its acceptance; G(二)3: straight to the provider, 20 wd.
  const review = firstReview(ctx);
  const assignee = reviewer(review, data, ctx);
  const deadline = startClock(ctx, `W5.${review}`);
  const told = review === 'formal_review' ? W5_MESSAGES.submitted : W5_MESSAGES.submitted_provider;
  return {
    ok: true,
    state: review,
    data,
    assignee,
    deadline,
    effects: [
      notifyUser(ctx.actor.id, told, { ...datasetParams(data), dueOn: deadline.dueOn }),
      notifyAgency(assignee, W5_MESSAGES.assigned, { ...datasetParams(data), dueOn: deadline.dueOn }),
    ],
    action: W5_ACTIONS.submit,
    detail: { datasetId: ds.id, type: input.type, period: input.period, to: review },
  };
}

function returned(review: W5Review, action: string) {
  return (s: CaseSnapshot<W5Data>, event: { type: 'return'; reasons: string[] }): TransitionResult<W5Data> => {
    const grounds = returnGrounds(event);
    if (!grounds.ok) return grounds;
    // T15(二), S20: the reasons told all at once; the clock stops until the applicant resubmits.
    return returnForCorrection(s, grounds, {
      message: W5_MESSAGES.returned,
      action,
      params: datasetParams(s.data),
      data: { returnedFrom: review },
    });
  };
}

function rejected(review: W5Review, action: string) {
  return (s: CaseSnapshot<W5Data>, event: { type: 'reject'; legalBasis: string; reason?: string }): TransitionResult<W5Data> => {
    const grounds = rejectGrounds(event);
    if (!grounds.ok) return grounds;
    // S20: 应当说明理由，并提供相应的法律、法规、规章依据 — the reasons and the legal basis, both (T15(二), Z19, G(二)3).
    if (grounds.reason === null) return fail('REFUSAL_REASON_REQUIRED', undefined, 'reason');
    return {
      ok: true,
      state: 'rejected',
      data: { ...s.data, rejection: { at: review, legalBasis: grounds.legalBasis, reason: grounds.reason } },
      assignee: null,
      deadline: null,
      effects: [
        notifyUser(s.applicantId, W5_MESSAGES.rejected, {
          caseId: s.id,
          ...datasetParams(s.data),
          legalBasis: grounds.legalBasis,
          reason: grounds.reason,
        }),
      ],
      action,
      detail: rejectDetail(grounds),
    };
  };
}

const table: TransitionTable<W5Data, W5Event> = {
  formal_review: {
    approve: {
      run(s, event, ctx) {
        // Narrowing the use and the period is the provider's (S20), not the authority's formal review.
        if (event.scope || event.until) return fail('NARROWING_BY_PROVIDER', undefined, event.scope ? 'scope' : 'until');
        const assignee = providerReview(s.data);
        // T15(二): the provider reviews within 10 wd; S20: the authority accepted it (受理) and hands it over.
        const deadline = startClock(ctx, 'W5.provider_review');
        const told = profileStep(ctx.profile, 'W5', 'formal_review')?.kind === 'acceptance' ? W5_MESSAGES.accepted : W5_MESSAGES.formal_approved;
        return {
          ok: true,
          state: 'provider_review',
          data: { ...s.data, reasons: [] },
          assignee,
          deadline,
          effects: [
            notifyUser(s.applicantId, told, { caseId: s.id, ...datasetParams(s.data), dueOn: deadline.dueOn }),
            notifyAgency(assignee, W5_MESSAGES.assigned, { caseId: s.id, ...datasetParams(s.data), dueOn: deadline.dueOn }),
          ],
          action: W5_ACTIONS.approve_formal,
          detail: noteDetail(event.note),
        };
      },
    },
    return: { run: returned('formal_review', W5_ACTIONS.return_formal) },
    reject: { run: rejected('formal_review', W5_ACTIONS.reject_formal) },
  },
  provider_review: {
    approve: {
      run(s, event, ctx) {
        const { application } = s.data;
        // S20: the provider states the use and its scope, and may end the period earlier than asked; never later.
        const until = event.until?.trim() || application.period;
        if (until > application.period) return fail('PERIOD_NOT_NARROWER', { until, period: application.period }, 'until');
        if (!(until > ctx.today)) return fail('PERIOD_IN_PAST', { period: until, today: ctx.today }, 'until');
        const scope = event.scope?.trim() || application.scenario;
        // T15(三), S21: the agreement is offered to the applicant; access waits for their acceptance.
        const agreement: W5Agreement = {
          ref: `AG-${s.id}`,
          offeredOn: ctx.today,
          acceptedOn: null,
          terms: {
            commitment: true,
            purpose: application.reason,
            scope,
            scenario: application.scenario,
            type: application.type,
            result: application.result,
            expiresOn: until,
          },
        };
        const note = event.note?.trim() ?? '';
        const narrowed = scope !== application.scenario || until !== application.period;
        return {
          ok: true,
          state: 'awaiting_acceptance',
          data: { ...s.data, reasons: [], agreement },
          assignee: null,
          deadline: null,
          effects: [
            notifyUser(s.applicantId, W5_MESSAGES.offered, {
              caseId: s.id,
              ...datasetParams(s.data),
              agreementRef: agreement.ref,
              purpose: agreement.terms.purpose,
              scope,
              expiresOn: until,
              note,
              why: WHY_APPLICANT_STEP,
            }),
          ],
          action: W5_ACTIONS.approve_provider,
          // `offered`, not `agreementRef`: an audit entry with an agreementRef and no grant id is an older grant (the
          // audit replay matches those to their grants); this one grants nothing yet.
          detail: {
            offered: agreement.ref,
            expiresOn: until,
            ...(narrowed ? { scope } : {}),
            ...noteDetail(event.note),
          },
        };
      },
    },
    return: { run: returned('provider_review', W5_ACTIONS.return_provider) },
    reject: { run: rejected('provider_review', W5_ACTIONS.reject_provider) },
  },
  awaiting_acceptance: {
    accept: {
      run(s, _event, ctx) {
        // T14 holds when the agreement is concluded too: a user put on a dishonesty list meanwhile is not granted access.
        const refusal = applicantRefusal(ctx);
        if (refusal) return refusal;
        const offered = s.data.agreement;
        if (!offered) throw new KaifangError('CASE_INCONSISTENT', `W5 case ${s.id} awaits acceptance without an agreement.`);
        const expiresOn = offered.terms.expiresOn;
        if (!(expiresOn > ctx.today)) return fail('PERIOD_IN_PAST', { period: expiresOn, today: ctx.today });
        const agreement: W5Agreement = { ...offered, acceptedOn: ctx.today };
        const grant = { caseId: s.id, ...datasetParams(s.data), expiresOn, agreementRef: agreement.ref };
        // T15(三): the agreement concluded, the provider opens access and tells the authority.
        return {
          ok: true,
          state: 'approved',
          data: { ...s.data, agreement },
          assignee: null,
          deadline: null,
          effects: [
            { type: 'grantAccess', datasetId: s.data.dataset.id, userId: s.applicantId, expiresOn, agreementRef: agreement.ref, kind: 'open', duty: null },
            notifyUser(s.applicantId, W5_MESSAGES.approved, grant),
            notifyAgency(authorityReview(ctx), W5_MESSAGES.granted, grant),
            notifyAgency(providerReview(s.data), W5_MESSAGES.granted, grant),
          ],
          action: W5_ACTIONS.accept,
          detail: { agreementRef: agreement.ref, expiresOn },
        };
      },
    },
  },
  returned: {
    resubmit: {
      run(s, event, ctx) {
        // T14 holds at every submission: a user put on a dishonesty list meanwhile may not go on.
        const refusal = applicantRefusal(ctx);
        if (refusal) return refusal;
        const parsed = parseMerged(w5Form, s.data.application, event.input);
        if (!parsed.ok) {
          if (parsed.issues.some((i) => i.field === 'commit')) return fail('COMMITMENT_REQUIRED', undefined, 'commit');
          return fail('INVALID_INPUT', { field: parsed.issues.map((i) => i.field).join(', ') });
        }
        const application = parsed.value;
        const invalid = applicationRefusal(application, ctx);
        if (invalid) return invalid;
        const review = s.data.returnedFrom;
        if (review === null)
          throw new KaifangError('CASE_INCONSISTENT', `W5 case ${s.id} is returned but does not say which review returned it.`);
        const assignee = reviewer(review, s.data, ctx);
        // The correction goes back to the review that asked for it, on a new clock.
        const deadline = startClock(ctx, review === 'formal_review' ? 'W5.formal_review' : 'W5.provider_review');
        const data: W5Data = { ...s.data, application, returnedFrom: null, reasons: [], submissions: s.data.submissions + 1 };
        return {
          ok: true,
          state: review,
          data,
          assignee,
          deadline,
          effects: [
            notifyUser(s.applicantId, W5_MESSAGES.resubmitted, { caseId: s.id, ...datasetParams(data), dueOn: deadline.dueOn }),
            notifyAgency(assignee, W5_MESSAGES.assigned, { caseId: s.id, ...datasetParams(data), dueOn: deadline.dueOn }),
          ],
          action: W5_ACTIONS.resubmit,
          detail: { submission: data.submissions, to: review },
        };
      },
    },
  },
};

export const w5ConditionalApplication = defineWorkflow({
  id: 'W5',
  form: w5Form,
  starts: [{ verb: 'apply', target: 'dataset', rest: null, showsConditions: true }],
  actions: [APPROVE_W5, RETURN, REJECT_W5, ACCEPT, RESUBMIT],
  states: W5_STATES,
  terminalStates: ['approved', 'rejected'],
  clocks: ['formal_review', 'provider_review'],
  // G(二)3: Guangzhou's procedure has no step by the authority.
  optionalSteps: ['formal_review'],
  // The applicant accepts the agreement: reminded, with no statutory clock.
  awaitingApplicant: ['awaiting_acceptance'],
  messages: Object.values(W5_MESSAGES),
  auditActions: Object.values(W5_ACTIONS),
  history: ['reasons', 'legalBasis', 'reason', 'scope', 'expiresOn', 'note'],
  table,
  eligible,
  start,
});
