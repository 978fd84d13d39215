// W10 Usage report 利用情况反馈 (T18, S24, G(二)6, Z20): whoever holds a grant on conditional data reports, as its usage
// agreement says, how the data is used — T18's list: the main scenarios, users served and business model (一), the
// number of calls, the fields mainly used and the algorithms (二), the economic and social benefits (三), and the
// security measures taken (四). The schedule is the agreement's (profile data: `W10.report_every_months`, and once at
// the grant's end, `domain/duties/usage-report-duty.ts`): when a report falls due the platform opens this case for the
// holder, on a clock like any task. The holder files it (`report C-0007 scenarios=… calls=… …`); the provider, who
// granted the data (数据开放主体), receives it. A report not filed in time goes first to the provider's data officers,
// then to the authority's supervisors (the profile's step ladder), as any overdue task climbs.
import { fail, type DomainError, type Params } from '../errors.ts';
import { PLATFORM_USER_ID, type LocalDate } from '../model.ts';
import { defineForm, field, MAX_LENGTH } from '../forms/form.ts';
import { notifyAgency, notifyUser } from './notify.ts';
import { startClock } from './policy-values.ts';
import { defineWorkflow } from './define-workflow.ts';
import type { ActionDefinition, Assignment, TransitionContext, TransitionResult, TransitionTable, WorkflowEvent } from './workflow.ts';

/**
 * What the platform opens it with, from the grant (nobody types it): the grant, its holder and last day, and the day
 * the report fell due — the grant's last day for the final one.
 */
export const w10Form = defineForm('w10', {
  grant: field.text(MAX_LENGTH.short),
  holder: field.text(MAX_LENGTH.short),
  expiresOn: field.date(),
  period: field.date(),
  final: field.flag(),
});

export type W10Input = NonNullable<(typeof w10Form)['_values']>;

/** T18 (一)–(四): what a usage report says. */
export const usageForm = defineForm('usage', {
  scenarios: field.text(),
  calls: field.count(1_000_000_000),
  fields: field.text(),
  algorithms: field.text(),
  benefits: field.text(),
  security: field.text(),
});

export type UsageInput = NonNullable<(typeof usageForm)['_values']>;

/** The event is its own: only the grant holder (the case's applicant) sends it, while W9's `report` is the provider's. */
type UsageReportEvent = { type: 'usage_report'; report: UsageInput };
export type W10Event = WorkflowEvent | UsageReportEvent;

/** The holder files the report (T18 及时反馈数据利用情况). */
export const USAGE_REPORT: ActionDefinition<UsageInput, UsageReportEvent> = {
  verb: 'report',
  event: 'usage_report',
  form: usageForm,
  rest: null,
  toEvent: (v) => ({ type: 'usage_report', report: v }),
  button: 'primary',
};

export const W10_STATES = ['report_due', 'reported'] as const;

export const W10_ACTIONS = { open: 'W10.open', report: 'W10.report' } as const;

export const W10_MESSAGES = {
  /** To the holder: report on the use of {datasetCode} under grant {grantId} by {dueOn}. */
  due: 'notify.w10.due',
  /** To the provider's data officers: the holder's report, in full. */
  reported: 'notify.w10.reported',
} as const;

export interface W10Data {
  dataset: { id: string; code: string; name: string; providerAgencyId: string };
  grant: { id: string; holderId: string; expiresOn: LocalDate };
  /** The day the report fell due; the grant's last day for the final one. */
  period: LocalDate;
  final: boolean;
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

/** Only the platform opens it, from a grant whose report fell due; nobody starts one by hand. */
function eligible(ctx: TransitionContext): DomainError | null {
  if (!ctx.dataset) return fail('NOT_FOUND', {});
  if (ctx.actor.id !== PLATFORM_USER_ID) return fail('FORBIDDEN_ROLE', { role: 'operator' });
  return null;
}

function start(input: W10Input, ctx: TransitionContext): TransitionResult<W10Data> {
  const refusal = eligible(ctx);
  if (refusal) return refusal;
  const ds = ctx.dataset!;
  const data: W10Data = {
    dataset: { id: ds.id, code: ds.code, name: ds.name, providerAgencyId: ds.providerAgencyId },
    grant: { id: input.grant, holderId: input.holder, expiresOn: input.expiresOn },
    period: input.period,
    final: input.final === true,
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

const table: TransitionTable<W10Data, W10Event> = {
  report_due: {
    usage_report: {
      run(s, event, ctx) {
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
    },
  },
};

export const w10UsageReport = defineWorkflow({
  id: 'W10',
  form: w10Form,
  // No verb starts it: the platform opens it when a grant's report falls due (application/duties/duty-opener.ts).
  starts: [],
  actions: [USAGE_REPORT],
  states: W10_STATES,
  terminalStates: ['reported'],
  clocks: ['report_due'],
  messages: Object.values(W10_MESSAGES),
  auditActions: Object.values(W10_ACTIONS),
  history: ['grantId', 'period', 'final', 'usageScenarios', 'calls', 'fieldsUsed', 'algorithms', 'benefits', 'securityMeasures'],
  table,
  eligible,
  start,
});
