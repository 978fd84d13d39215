// W10 Usage report 利用情况反馈 (T18, S24, G(二)6, Z20): whoever holds a grant on conditional data reports, as its usage
// agreement says, how the data is used — T18's list: the main scenarios, users served and business model (一), the
// number of calls, the fields mainly used and the algorithms (二), the economic and social benefits (三), and the
// security measures taken (四). The schedule is the agreement's (profile data: `W10.report_every_months`, and once at
// the grant's end, `domain/duties/usage-report-duty.ts`): when a report falls due the platform opens this case for the
// holder, on a clock like any task. The holder files it (`report C-0007 scenarios=… calls=… …`); the provider, who
// granted the data (数据开放主体), receives it. A report not filed in time goes first to the provider's data officers,
// then to the authority's supervisors (the profile's step ladder), as any overdue task climbs.
//
// T18 also lets the provider and the authority spot-check how a grant is used (可以对数据利用情况进行抽查):
// `spotcheck G-0001 ask="…"` asks the holder for the same account, on its own clock, and the holder answers with
// `report`. On a breach (S34: 违反…开放协议约定的…采取限制或者关闭其数据获取权限等措施) the provider or the authority
// ends the grant from a W10 case still open on it (`suspend <case> basis="…" reason="…"`): the access ends today, the
// holder is told why.
import { fail, type DomainError, type Params } from '../errors.ts';
import { PLATFORM_USER_ID, type LocalDate } from '../model.ts';
import { defineForm, field, MAX_LENGTH, optional } from '../forms/form.ts';
import { notifyAgency, notifyUser } from './notify.ts';
import { startClock } from './policy-values.ts';
import { defineWorkflow } from './define-workflow.ts';
import type { ActionDefinition, Assignment, CaseSnapshot, TransitionContext, TransitionResult, TransitionTable, WorkflowEvent } from './workflow.ts';
import { blankToNull } from './raw-values.ts';

/**
 * What the platform opens a report with, from the grant (nobody types it): the grant, its holder and last day, and the
 * day the report fell due — the grant's last day for the final one. A spot check (`spotcheck G-0001`) names the grant
 * as its target and says what it asks for (`ask`).
 */
export const w10Form = defineForm('w10', {
  ask: optional(field.text()),
  grant: optional(field.text(MAX_LENGTH.short)),
  holder: optional(field.text(MAX_LENGTH.short)),
  expiresOn: optional(field.date()),
  period: optional(field.date()),
  final: field.flag(),
});

export type W10Input = NonNullable<(typeof w10Form)['_values']>;

/** T18 (一)–(四): what a usage report says. */
export const usageForm = defineForm('usage', {
  scenarios: field.text(),
  // T18(二) 数据调用的次数: a period without a call is reported as 0.
  calls: field.count(1_000_000_000, 0),
  fields: field.text(),
  algorithms: field.text(),
  benefits: field.text(),
  security: field.text(),
});

export type UsageInput = NonNullable<(typeof usageForm)['_values']>;

/** S34: a grant ended on a breach, with the basis (the agreement's term or the law) and the facts. */
export const suspendForm = defineForm('suspend', { basis: field.text(), reason: field.text() });

type SuspendEvent = { type: 'suspend'; basis: string; reason: string };

/** The event is its own: only the grant holder (the case's applicant) sends it, while W9's `report` is the provider's. */
type UsageReportEvent = { type: 'usage_report'; report: UsageInput };
export type W10Event = WorkflowEvent | UsageReportEvent | SuspendEvent;

/** The holder files the report (T18 及时反馈数据利用情况). */
export const USAGE_REPORT: ActionDefinition<UsageInput, UsageReportEvent> = {
  verb: 'report',
  event: 'usage_report',
  form: usageForm,
  rest: null,
  toEvent: (v) => ({ type: 'usage_report', report: v }),
  button: 'primary',
};

/** The provider or the authority ends the grant on a breach (S34 限制或者关闭其数据获取权限). */
export const SUSPEND: ActionDefinition<{ basis: string; reason: string }, SuspendEvent> = {
  verb: 'suspend',
  event: 'suspend',
  form: suspendForm,
  rest: 'reason',
  toEvent: (v) => ({ type: 'suspend', basis: v.basis, reason: v.reason }),
  button: 'danger',
};

export const W10_STATES = ['report_due', 'spot_check', 'reported', 'suspended'] as const;

export const W10_ACTIONS = { open: 'W10.open', spotCheck: 'W10.spot_check', report: 'W10.report', suspend: 'W10.suspend' } as const;

export const W10_MESSAGES = {
  /** To the holder: report on the use of {datasetCode} under grant {grantId} by {dueOn}. */
  due: 'notify.w10.due',
  /** To the holder: a spot check of grant {grantId}, what it asks ({ask}), by {dueOn}. */
  spot_check: 'notify.w10.spot_check',
  /** To the provider's data officers: the holder's report, in full. */
  reported: 'notify.w10.reported',
  /** To the holder: the grant has ended on a breach, with the basis and the facts. */
  suspended: 'notify.w10.suspended',
} as const;

export interface W10Data {
  dataset: { id: string; code: string; name: string; providerAgencyId: string };
  grant: { id: string; holderId: string; expiresOn: LocalDate };
  /** The day the report fell due (the grant's last day for the final one); a spot check's day. */
  period: LocalDate;
  final: boolean;
  /** A spot check's request, and who asked (the case's applicant); null for a scheduled report. */
  ask: string | null;
  /** S34: the grant ended on a breach; null while it stands. */
  suspension: { basis: string; reason: string } | null;
  /** What the holder reported; null until filed. */
  report: UsageInput | null;
  reportedOn: LocalDate | null;
}

/** The holder owes it, at the provider that granted the data: reminders reach the holder, escalations the provider. */
const holder = (data: W10Data): Assignment => ({ agencyId: data.dataset.providerAgencyId, role: 'applicant', userId: data.grant.holderId });

function caseParams(data: W10Data): Params {
  return {
    datasetCode: data.dataset.code,
    datasetName: data.dataset.name,
    grantId: data.grant.id,
    expiresOn: data.grant.expiresOn,
    period: data.period,
    finalLabel: data.final ? 'common.usageReport.final' : 'common.usageReport.periodic',
  };
}

/** T18 数据开放主体、公共数据开放主管部门等: the provider's data officers and the authority's staff. */
const overseer = (ctx: TransitionContext, providerAgencyId: string) =>
  ctx.actor.roles.includes('reviewer') && (ctx.actor.agencyId === providerAgencyId || ctx.actor.agencyId === ctx.authority.id);

/**
 * The platform opens the scheduled reports; the provider's data officers and the authority's staff spot-check a grant
 * (T18), named as the start's target, while it is in force.
 */
function eligible(ctx: TransitionContext): DomainError | null {
  if (!ctx.dataset) return fail('NOT_FOUND', {});
  if (ctx.actor.id === PLATFORM_USER_ID) return null;
  if (!ctx.grant) return fail('NOT_FOUND', {});
  if (!overseer(ctx, ctx.dataset.providerAgencyId)) return fail('FORBIDDEN_ROLE', { role: 'reviewer' });
  if (ctx.grant.expiresOn < ctx.today) return fail('GRANT_ENDED', { grantId: ctx.grant.id, expiresOn: ctx.grant.expiresOn });
  // T18 checks the use of opened data under its agreement; data shared between government bodies has none (Z17).
  if (ctx.grant.kind !== 'open') return fail('GRANT_SHARED', { grantId: ctx.grant.id });
  return null;
}

function spotCheck(input: W10Input, ctx: TransitionContext): TransitionResult<W10Data> {
  const ds = ctx.dataset!;
  const grant = ctx.grant!;
  const ask = blankToNull(input.ask);
  if (!ask) return fail('INVALID_INPUT', { field: 'ask' }, 'ask');
  const data: W10Data = {
    dataset: { id: ds.id, code: ds.code, name: ds.name, providerAgencyId: ds.providerAgencyId },
    grant: { id: grant.id, holderId: grant.userId, expiresOn: grant.expiresOn },
    period: ctx.today,
    final: false,
    ask,
    suspension: null,
    report: null,
    reportedOn: null,
  };
  const assignee = holder(data);
  const deadline = startClock(ctx, 'W10.spot_check');
  return {
    ok: true,
    state: 'spot_check',
    data,
    assignee,
    deadline,
    effects: [notifyUser(data.grant.holderId, W10_MESSAGES.spot_check, { ...caseParams(data), ask, dueOn: deadline.dueOn })],
    action: W10_ACTIONS.spotCheck,
    detail: { datasetId: ds.id, grantId: grant.id, ask },
  };
}

function start(input: W10Input, ctx: TransitionContext): TransitionResult<W10Data> {
  const refusal = eligible(ctx);
  if (refusal) return refusal;
  if (ctx.actor.id !== PLATFORM_USER_ID) return spotCheck(input, ctx);
  const ds = ctx.dataset!;
  // The duty fills these from the grant (domain/duties/usage-report-duty.ts).
  if (!input.grant || !input.holder || !input.expiresOn || !input.period) return fail('INVALID_INPUT', { field: 'grant' }, 'grant');
  const data: W10Data = {
    dataset: { id: ds.id, code: ds.code, name: ds.name, providerAgencyId: ds.providerAgencyId },
    grant: { id: input.grant, holderId: input.holder, expiresOn: input.expiresOn },
    period: input.period,
    final: input.final === true,
    ask: null,
    suspension: null,
    report: null,
    reportedOn: null,
  };
  const assignee = holder(data);
  const deadline = startClock(ctx, 'W10.report_due');
  return {
    ok: true,
    state: 'report_due',
    data,
    assignee,
    deadline,
    effects: [notifyUser(data.grant.holderId, W10_MESSAGES.due, { ...caseParams(data), dueOn: deadline.dueOn })],
    action: W10_ACTIONS.open,
    detail: { datasetId: ds.id, grantId: data.grant.id, period: data.period, ...(data.final ? { final: 'yes' } : {}) },
  };
}

/** Filed: the provider receives it (and the authority, when its staff asked for it in a spot check). */
const reportStep = {
      run(s: CaseSnapshot<W10Data>, event: UsageReportEvent, ctx: TransitionContext): TransitionResult<W10Data> {
        const report = event.report;
        const told = { caseId: s.id, ...caseParams(s.data), ...report, calls: report.calls };
        return {
          ok: true,
          state: 'reported',
          data: { ...s.data, report, reportedOn: ctx.today },
          assignee: null,
          deadline: null,
          // The provider granted the data and receives its report (T18 反馈; 数据开放主体…可以…抽查).
          effects: [notifyAgency({ agencyId: s.data.dataset.providerAgencyId, role: 'reviewer' }, W10_MESSAGES.reported, told)],
          action: W10_ACTIONS.report,
          // Named apart from the catalog's data items (`fields`) and W1's security review (`security`) in the history.
          detail: {
            usageScenarios: report.scenarios,
            calls: report.calls,
            fieldsUsed: report.fields,
            algorithms: report.algorithms,
            benefits: report.benefits,
            securityMeasures: report.security,
          },
        };
      },
};

/**
 * S34: the provider's data officers or the authority's staff end the grant on a breach, whatever the case's step; the
 * holder owes nothing more on it and is told the basis and the facts.
 */
const suspendStep = {
  // A grant already ended (its term over, or suspended from another of its cases) has nothing left to end.
  refuse: (_s: CaseSnapshot<W10Data>, ctx: TransitionContext): DomainError | null =>
    ctx.grant && ctx.grant.expiresOn < ctx.today ? fail('GRANT_ENDED', { grantId: ctx.grant.id, expiresOn: ctx.grant.expiresOn }) : null,
  by: (s: CaseSnapshot<W10Data>, ctx: TransitionContext): Assignment =>
    ctx.actor.agencyId === ctx.authority.id ? { agencyId: ctx.authority.id, role: 'reviewer' } : { agencyId: s.data.dataset.providerAgencyId, role: 'reviewer' },
  run(s: CaseSnapshot<W10Data>, event: SuspendEvent): TransitionResult<W10Data> {
    const basis = event.basis.trim();
    const reason = event.reason.trim();
    if (basis === '') return fail('LEGAL_BASIS_REQUIRED', undefined, 'basis');
    if (reason === '') return fail('INVALID_INPUT', { field: 'reason' }, 'reason');
    return {
      ok: true,
      state: 'suspended',
      data: { ...s.data, suspension: { basis, reason } },
      assignee: null,
      deadline: null,
      effects: [
        notifyUser(s.data.grant.holderId, W10_MESSAGES.suspended, { caseId: s.id, ...caseParams(s.data), basis, reason }),
        { type: 'endGrant', grantId: s.data.grant.id, reason },
      ],
      action: W10_ACTIONS.suspend,
      detail: { grantId: s.data.grant.id, legalBasis: basis, reason },
    };
  },
};

const table: TransitionTable<W10Data, W10Event> = {
  // A breach found while a report is owed, or in what a spot check brings to light, ends the grant from that case; a
  // report already filed that shows one is followed by a spot check, which asks for the evidence.
  report_due: { usage_report: reportStep, suspend: suspendStep },
  spot_check: { usage_report: reportStep, suspend: suspendStep },
};

export const w10UsageReport = defineWorkflow({
  id: 'W10',
  form: w10Form,
  // The platform opens the scheduled reports when they fall due (application/duties/duty-opener.ts); staff start a spot check.
  starts: [{ verb: 'spotcheck', target: 'grant', rest: 'ask' }],
  actions: [USAGE_REPORT, SUSPEND],
  states: W10_STATES,
  terminalStates: ['reported', 'suspended'],
  clocks: ['report_due', 'spot_check'],
  messages: Object.values(W10_MESSAGES),
  auditActions: Object.values(W10_ACTIONS),
  history: ['grantId', 'period', 'final', 'ask', 'usageScenarios', 'calls', 'fieldsUsed', 'algorithms', 'benefits', 'securityMeasures', 'legalBasis', 'reason'],
  grantOf: (data: W10Data) => data.grant.id,
  table,
  eligible,
  start,
});
