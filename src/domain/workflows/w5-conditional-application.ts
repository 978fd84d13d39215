// W5 Conditional data application 有条件开放数据申请 (T14-15, Z19, S20-21, G(二)3): a user applies → the authority's
// formal review → the provider's review → approved: usage agreement recorded, access granted until the end of the
// usage period and the authority informed; or returned (一次性告知) / refused with a legal basis.
import { fail, KaifangError, type DomainError, type Params } from '../errors.ts';
import { defineForm, field, MAX_LENGTH } from '../forms/form.ts';
import type { LocalDate } from '../model.ts';
import { rejectDetail, rejectGrounds, returnForCorrection, returnGrounds } from './grounds.ts';
import { notifyAgency, notifyUser } from './notify.ts';
import { limitOf, startClock } from './policy-values.ts';
import { addYears } from '../calendar/local-date.ts';
import { parseMerged } from './raw-values.ts';
import { APPROVE, REJECT, RESUBMIT, RETURN } from './common-actions.ts';
import { defineWorkflow } from './define-workflow.ts';
import type { Assignment, CaseSnapshot, TransitionContext, TransitionResult, TransitionTable } from './workflow.ts';

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
});

export type W5Input = NonNullable<(typeof w5Form)['_values']>;

export const W5_STATES = ['formal_review', 'provider_review', 'returned', 'approved', 'rejected'] as const;
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
} as const;

export const W5_MESSAGES = {
  /** To the applicant: received, formal review due by {dueOn}. */
  submitted: 'notify.w5.submitted',
  /** To the reviewers of the step just assigned (the authority, then the provider). */
  assigned: 'notify.w5.assigned',
  /** To the applicant: formal review passed, the provider answers by {dueOn}. */
  formal_approved: 'notify.w5.formal_approved',
  /** To the applicant: approved, access until {expiresOn} under {agreementRef}. */
  approved: 'notify.w5.approved',
  /** To the authority: the provider granted access (T15(三): 告知本级公共数据开放主管部门). */
  granted: 'notify.w5.granted',
  returned: 'notify.w5.returned',
  rejected: 'notify.w5.rejected',
  resubmitted: 'notify.w5.resubmitted',
} as const;

/** The usage agreement (公共数据开放利用协议, T15(三), S21), as the platform records it. */
export interface W5Agreement {
  ref: string;
  signedOn: LocalDate;
  terms: {
    /** S20: the applicant affirmed the truthfulness, compliance and security of the scenario. */
    commitment: true;
    /** S21: purpose and scope of use. */
    purpose: string;
    scenario: string;
    type: W5Input['type'];
    result: string;
    /** Access ends with this day. */
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
  if (ds.attribute !== 'conditional') return fail('DATASET_NOT_CONDITIONAL', { datasetCode: ds.code });
  // A grant still in force already gives the access asked for (T15): no second agreement for the same data.
  const held = ctx.activeGrants.find((g) => g.datasetId === ds.id);
  if (held) return fail('ALREADY_GRANTED', { datasetCode: ds.code, expiresOn: held.expiresOn });
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
  return null;
}

const authorityReview = (ctx: TransitionContext): Assignment => ({ agencyId: ctx.authority.id, role: 'reviewer' });
const providerReview = (data: W5Data): Assignment => ({ agencyId: data.dataset.providerAgencyId, role: 'reviewer' });

function reviewer(review: W5Review, data: W5Data, ctx: TransitionContext): Assignment {
  return review === 'formal_review' ? authorityReview(ctx) : providerReview(data);
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
  const assignee = authorityReview(ctx);
  // T15(二), Z19: formal review within 5 wd (S20 "acceptance" and G: the default 5 as well).
  const deadline = startClock(ctx, 'W5.formal_review');
  return {
    ok: true,
    state: 'formal_review',
    data,
    assignee,
    deadline,
    effects: [
      notifyUser(ctx.actor.id, W5_MESSAGES.submitted, { ...datasetParams(data), dueOn: deadline.dueOn }),
      notifyAgency(assignee, W5_MESSAGES.assigned, { ...datasetParams(data), dueOn: deadline.dueOn }),
    ],
    action: W5_ACTIONS.submit,
    detail: { datasetId: ds.id, type: input.type, period: input.period },
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
    // T15(二), S20: a refusal states its legal basis (法律、法规、规章依据).
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
          reason: grounds.reason ?? '',
        }),
      ],
      action,
      detail: rejectDetail(grounds),
    };
  };
}

function noteDetail(note: string | undefined): Params {
  const n = note?.trim();
  return n ? { note: n } : {};
}

const table: TransitionTable<W5Data> = {
  formal_review: {
    approve: {
      run(s, event, ctx) {
        const assignee = providerReview(s.data);
        // T15(二): the provider reviews within 10 wd (G(二)3: 20).
        const deadline = startClock(ctx, 'W5.provider_review');
        return {
          ok: true,
          state: 'provider_review',
          data: { ...s.data, reasons: [] },
          assignee,
          deadline,
          effects: [
            notifyUser(s.applicantId, W5_MESSAGES.formal_approved, { caseId: s.id, ...datasetParams(s.data), dueOn: deadline.dueOn }),
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
        // T15(三), S21: the provider signs the usage agreement, opens access and tells the authority.
        const agreement: W5Agreement = {
          ref: `AG-${s.id}`,
          signedOn: ctx.today,
          terms: {
            commitment: true,
            purpose: application.reason,
            scenario: application.scenario,
            type: application.type,
            result: application.result,
            expiresOn: application.period,
          },
        };
        const grant = { caseId: s.id, ...datasetParams(s.data), expiresOn: application.period, agreementRef: agreement.ref };
        return {
          ok: true,
          state: 'approved',
          data: { ...s.data, reasons: [], agreement },
          assignee: null,
          deadline: null,
          effects: [
            {
              type: 'grantAccess',
              datasetId: s.data.dataset.id,
              userId: s.applicantId,
              expiresOn: application.period,
              agreementRef: agreement.ref,
            },
            notifyUser(s.applicantId, W5_MESSAGES.approved, grant),
            notifyAgency(authorityReview(ctx), W5_MESSAGES.granted, grant),
          ],
          action: W5_ACTIONS.approve_provider,
          detail: { agreementRef: agreement.ref, expiresOn: application.period, ...noteDetail(event.note) },
        };
      },
    },
    return: { run: returned('provider_review', W5_ACTIONS.return_provider) },
    reject: { run: rejected('provider_review', W5_ACTIONS.reject_provider) },
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
  starts: [{ verb: 'apply', target: 'dataset', rest: null }],
  actions: [APPROVE, RETURN, REJECT, RESUBMIT],
  states: W5_STATES,
  terminalStates: ['approved', 'rejected'],
  clocks: ['formal_review', 'provider_review'],
  messages: Object.values(W5_MESSAGES),
  auditActions: Object.values(W5_ACTIONS),
  history: ['reasons', 'legalBasis', 'reason', 'note'],
  table,
  eligible,
  start,
});
