import { describe, expect, it } from 'vitest';
import { describeTransitionTable } from '../../../test/support/describe-transition-table.ts';
import { PEOPLE, PLATFORM, PROVIDER, TODAY, ctxFor, expectOk, snapshotOf, weekdayClock } from '../../../test/support/workflow-fixtures.ts';
import type { Grant } from '../model.ts';
import { PROFILES } from '../policy/profiles.ts';
import { parseForm } from '../forms/form.ts';
import { usageForm, W10_STATES, w10UsageReport as w10, type W10Data, type W10Input } from './w10-usage-report.ts';

type W10State = (typeof W10_STATES)[number];

const HOLDER = PEOPLE.applicant;
const OPENING: W10Input = { ask: null, grant: 'G-0001', holder: HOLDER.id, expiresOn: '2026-12-31', period: '2026-03-01', final: false };
const USAGE = { scenarios: '公交客流分析，服务规划部门', calls: 1200, fields: '线路名称、刷卡时间', algorithms: '客流预测模型', benefits: '优化 3 条线路', security: '脱敏存储，专人管理' };
const REPORT = { type: 'usage_report', report: USAGE } as const;
// The platform opened it for the holder: they are the case's applicant.
const opened = (input: W10Input = OPENING) => snapshotOf('W10', w10.start(input, ctxFor(PLATFORM)), HOLDER.id, 'DS-0001');

const SUSPEND = { type: 'suspend', basis: '《公共数据开放利用协议》第五条', reason: '将数据转提供给第三方' } as const;
const GRANT: Grant = { id: 'G-0001', caseId: 'C-0001', datasetId: 'DS-0001', userId: HOLDER.id, expiresOn: '2026-12-31', agreementRef: 'AG-C-0001', grantedAt: new Date('2026-01-05T02:00:00Z'), kind: 'open', duty: null };
const spotChecked = () => snapshotOf('W10', w10.start({ ...OPENING, ask: '近三个月调用记录' }, ctxFor(PEOPLE.providerReviewer, { grant: GRANT })), PEOPLE.providerReviewer.id, 'DS-0001');

describeTransitionTable<W10Data, W10State, 'usage_report' | 'suspend'>(w10, {
  states: W10_STATES,
  allowed: {
    report_due: { usage_report: { by: 'applicant', to: 'reported', action: 'W10.report' }, suspend: { by: 'providerReviewer', to: 'suspended', action: 'W10.suspend' } },
    spot_check: { usage_report: { by: 'applicant', to: 'reported', action: 'W10.report' }, suspend: { by: 'authorityReviewer', to: 'suspended', action: 'W10.suspend' } },
    reported: {},
    suspended: {},
  },
  inState: (state) => (state === 'report_due' ? opened() : state === 'spot_check' ? spotChecked() : { ...opened(), state }),
  events: { usage_report: REPORT, suspend: SUSPEND },
});

describe('W10 usage report (T18, S24, G(二)6, Z20)', () => {
  it('the platform opens it for the grant holder, at the provider, with 10 working days (no article sets days)', () => {
    const { clock, calls } = weekdayClock();
    const t = expectOk(w10.start(OPENING, ctxFor(PLATFORM, { clock })));
    expect(t).toMatchObject({ state: 'report_due', assignee: { agencyId: PROVIDER, role: 'applicant', userId: HOLDER.id }, deadline: { workingDays: 10 }, action: 'W10.open' });
    expect(calls).toEqual([{ startedOn: TODAY, workingDays: 10 }]);
    expect(t.data).toEqual({
      dataset: { id: 'DS-0001', code: 'DS-0001', name: '公交线路', providerAgencyId: PROVIDER },
      grant: { id: 'G-0001', holderId: HOLDER.id, expiresOn: '2026-12-31' },
      period: '2026-03-01',
      final: false,
      ask: null,
      suspension: null,
      report: null,
      reportedOn: null,
    });
    expect(t.effects).toEqual([
      {
        type: 'notify',
        to: { kind: 'user', userId: HOLDER.id },
        message: 'notify.w10.due',
        params: expect.objectContaining({ grantId: 'G-0001', expiresOn: '2026-12-31', period: '2026-03-01', finalLabel: 'common.usageReport.periodic' }),
      },
    ]);
    expect(t.detail).toEqual({ datasetId: 'DS-0001', grantId: 'G-0001', period: '2026-03-01' });
    // The report at the grant's end says it is the last.
    const last = expectOk(w10.start({ ...OPENING, period: '2026-12-31', final: true }, ctxFor(PLATFORM)));
    expect(last.effects[0]).toMatchObject({ params: { finalLabel: 'common.usageReport.final' } });
    expect(last.detail).toMatchObject({ final: 'yes' });
  });

  it('every city has the step, with its source, and the schedule with its source', () => {
    for (const profile of Object.values(PROFILES)) {
      const { clock, calls } = weekdayClock();
      expectOk(w10.start(OPENING, ctxFor(PLATFORM, { profile, clock })));
      expect(calls.map((c) => c.workingDays), profile.id).toEqual([10]);
      expect(profile.steps.W10?.[0]).toMatchObject({ actor: 'holder', kind: 'usage_report' });
      expect(profile.limits['W10.report_every_months']?.value, profile.id).toBe(3);
      // Late, it goes to the provider's officers first, then the authority's supervisors.
      expect(profile.reminders.stepEscalation?.['W10.report_due']?.escalation.map((r) => r.to)).toEqual(['agency_officer', 'authority_supervisor']);
    }
  });

  it('nobody but the platform opens a scheduled report; a spot check needs a grant', () => {
    for (const who of ['applicant', 'providerReviewer', 'authorityReviewer', 'operator'] as const)
      expect(w10.start(OPENING, ctxFor(PEOPLE[who])), who).toMatchObject({ ok: false, error: 'NOT_FOUND' });
    // The platform's own needs the grant's data from the duty.
    expect(w10.start({ ...OPENING, grant: null }, ctxFor(PLATFORM))).toMatchObject({ ok: false, error: 'INVALID_INPUT' });
  });

  it('the provider’s officers and the authority’s staff spot-check a grant in force (T18 抽查); the holder owes the account', () => {
    const { clock, calls } = weekdayClock();
    const t = expectOk(w10.start({ ...OPENING, ask: '近三个月调用记录' }, ctxFor(PEOPLE.providerReviewer, { grant: GRANT, clock })));
    expect(t).toMatchObject({ state: 'spot_check', assignee: { agencyId: PROVIDER, role: 'applicant', userId: HOLDER.id }, deadline: { workingDays: 10 }, action: 'W10.spot_check' });
    expect(calls).toEqual([{ startedOn: TODAY, workingDays: 10 }]);
    expect(t.data).toMatchObject({ grant: { id: 'G-0001', holderId: HOLDER.id, expiresOn: '2026-12-31' }, period: TODAY, ask: '近三个月调用记录' });
    expect(t.effects).toEqual([{ type: 'notify', to: { kind: 'user', userId: HOLDER.id }, message: 'notify.w10.spot_check', params: expect.objectContaining({ ask: '近三个月调用记录', grantId: 'G-0001' }) }]);
    expectOk(w10.start({ ...OPENING, ask: 'x' }, ctxFor(PEOPLE.authorityReviewer, { grant: GRANT })));
    // Nobody else; not without saying what to show; not on a grant that has ended.
    for (const who of ['otherProviderReviewer', 'applicant', 'providerSupervisor'] as const)
      expect(w10.start({ ...OPENING, ask: 'x' }, ctxFor(PEOPLE[who], { grant: GRANT })), who).toMatchObject({ ok: false, error: 'FORBIDDEN_ROLE' });
    expect(w10.start({ ...OPENING, ask: ' ' }, ctxFor(PEOPLE.providerReviewer, { grant: GRANT }))).toMatchObject({ ok: false, error: 'INVALID_INPUT', field: 'ask' });
    expect(w10.start({ ...OPENING, ask: 'x' }, ctxFor(PEOPLE.providerReviewer, { grant: { ...GRANT, expiresOn: '2026-03-01' } }))).toMatchObject({ ok: false, error: 'GRANT_ENDED' });
    // Data shared with a government body (W11) owes no usage report: there is nothing to spot-check.
    expect(w10.start({ ...OPENING, ask: 'x' }, ctxFor(PEOPLE.providerReviewer, { grant: { ...GRANT, kind: 'share', duty: '社会救助核查' } }))).toMatchObject({ ok: false, error: 'GRANT_SHARED' });
  });

  it('on a breach the provider or the authority ends the grant (S34), with the basis and the facts; the holder is told', () => {
    const t = expectOk(w10.transition(spotChecked(), SUSPEND, ctxFor(PEOPLE.providerColleague)));
    expect(t).toMatchObject({ state: 'suspended', assignee: null, deadline: null, data: { suspension: { basis: SUSPEND.basis, reason: SUSPEND.reason } } });
    expect(t.effects).toEqual([
      { type: 'notify', to: { kind: 'user', userId: HOLDER.id }, message: 'notify.w10.suspended', params: expect.objectContaining({ basis: SUSPEND.basis, reason: SUSPEND.reason }) },
      { type: 'endGrant', grantId: 'G-0001', reason: SUSPEND.reason },
    ]);
    expect(t.detail).toEqual({ grantId: 'G-0001', legalBasis: SUSPEND.basis, reason: SUSPEND.reason });
    expect(w10.transition(spotChecked(), { ...SUSPEND, basis: ' ' }, ctxFor(PEOPLE.providerReviewer))).toMatchObject({ ok: false, error: 'LEGAL_BASIS_REQUIRED' });
    // A grant already ended (its term, or another of its cases) has nothing left to end.
    expect(w10.transition(spotChecked(), SUSPEND, ctxFor(PEOPLE.providerReviewer, { grant: { ...GRANT, expiresOn: '2026-03-01' } }))).toMatchObject({ ok: false, error: 'GRANT_ENDED' });
    // The holder, another agency, a supervisor: not theirs to end.
    for (const who of ['applicant', 'otherProviderReviewer', 'providerSupervisor'] as const) expect(w10.transition(spotChecked(), SUSPEND, ctxFor(PEOPLE[who])), who).toMatchObject({ ok: false });
  });

  it('the holder files it, with T18’s contents; the provider that granted the data receives it', () => {
    const t = expectOk(w10.transition(opened(), REPORT, ctxFor(HOLDER)));
    expect(t).toMatchObject({ state: 'reported', assignee: null, deadline: null, data: { report: USAGE, reportedOn: TODAY } });
    expect(t.effects).toEqual([
      { type: 'notify', to: { kind: 'agency', agencyId: PROVIDER, role: 'reviewer' }, message: 'notify.w10.reported', params: expect.objectContaining({ grantId: 'G-0001', scenarios: USAGE.scenarios, calls: 1200 }) },
    ]);
    expect(t.detail).toEqual({ usageScenarios: USAGE.scenarios, calls: 1200, fieldsUsed: USAGE.fields, algorithms: USAGE.algorithms, benefits: USAGE.benefits, securityMeasures: USAGE.security });
  });

  it('a period without a call is reported as 0 calls; a negative or fractional count is refused', () => {
    const raw = { scenarios: 's', fields: 'f', algorithms: 'a', benefits: 'b', security: 'x' };
    expect(parseForm(usageForm, { ...raw, calls: '0' })).toMatchObject({ ok: true, value: { calls: 0 } });
    for (const calls of ['-1', '1.5', '十'])
      expect(parseForm(usageForm, { ...raw, calls }), calls).toMatchObject({ ok: false, issues: [expect.objectContaining({ field: 'calls' })] });
    const t = expectOk(w10.transition(opened(), { type: 'usage_report', report: { ...USAGE, calls: 0 } }, ctxFor(HOLDER)));
    expect(t.detail).toMatchObject({ calls: 0 });
  });

  it('nobody else files the holder’s report: another applicant, the provider, the authority', () => {
    for (const who of ['otherApplicant', 'providerReviewer', 'authorityReviewer', 'providerSupervisor'] as const)
      expect(w10.transition(opened(), REPORT, ctxFor(PEOPLE[who])), who).toMatchObject({ ok: false, error: 'NOT_YOURS' });
  });
});
