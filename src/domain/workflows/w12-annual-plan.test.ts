import { describe, expect, it } from 'vitest';
import { describeTransitionTable } from '../../../test/support/describe-transition-table.ts';
import { AUTHORITY, PEOPLE, PLATFORM, PROVIDER, ctxFor, expectOk, snapshotOf, targetAgency } from '../../../test/support/workflow-fixtures.ts';
import { ANNUAL_PLAN_DUTY } from '../duties/annual-plan-duty.ts';
import { PROFILES } from '../policy/profiles.ts';
import { W12_STATES, w12AnnualPlan as w12, type W12Data, type W12Event, type W12State } from './w12-annual-plan.ts';

const PLAN: W12Event = { type: 'plan', items: ['公交站点候车时长', ' ', '共享单车停放点位'], scenarios: '通勤出行', measures: '6月底前开放；按月更新' };
const asked = (today = '2026-03-02') => snapshotOf('W12', w12.start({ year: '2026' }, ctxFor(PLATFORM, { dataset: null, agency: targetAgency(), today })), PLATFORM.id, null);
const cityPlan = () => snapshotOf('W12', w12.start({ year: '2026' }, ctxFor(PLATFORM, { dataset: null, agency: { ...AUTHORITY, publishedCodes: [] } })), PLATFORM.id, null);
const filed = () => snapshotOf('W12', w12.transition(asked(), PLAN, ctxFor(PEOPLE.providerReviewer)), PLATFORM.id, null, asked());

describeTransitionTable<W12Data, W12State, 'plan'>(w12, {
  states: W12_STATES,
  allowed: {
    filing: { plan: { by: 'providerReviewer', to: 'review', action: 'W12.file' } },
    review: {
      approve: { by: 'authorityReviewer', to: 'approved', action: 'W12.approve' },
      return: { by: 'authorityReviewer', to: 'filing', action: 'W12.return' },
    },
    approved: {},
    aggregation: { approve: { by: 'authorityReviewer', to: 'published', action: 'W12.publish' } },
    published: {},
  },
  inState: (state) => (state === 'filing' ? asked() : state === 'review' ? filed() : state === 'aggregation' ? cityPlan() : { ...filed(), state }),
  events: { plan: PLAN },
  ctx: { dataset: null },
});

describe('W12 annual open plan (T7, S13, G(一)2)', () => {
  it('asks a provider for its plan by the profile’s filing date, a calendar date and not a count of working days', () => {
    const t = expectOk(w12.start({ year: '2026' }, ctxFor(PLATFORM, { dataset: null, agency: targetAgency(), today: '2026-03-02' })));
    expect(t).toMatchObject({ state: 'filing', assignee: { agencyId: PROVIDER, role: 'reviewer' } });
    // 2026-03-02 to 2026-04-30: the date itself, with the weekdays between for the reminders.
    expect(t.deadline).toEqual({ startedOn: '2026-03-02', workingDays: 43, dueOn: '2026-04-30', provisional: false, profileDate: 'W12.filing_due' });
    expect(t.effects).toEqual([{ type: 'notify', to: { kind: 'agency', agencyId: PROVIDER, role: 'reviewer' }, message: 'notify.w12.call', params: { year: 2026, agencyName: '市交通运输局', dueOn: '2026-04-30' } }]);
  });

  it('asks the authority for the city’s plan by 31 May (T7 原则上5月底前), in every city', () => {
    for (const profile of Object.values(PROFILES)) {
      const t = expectOk(w12.start({ year: '2027' }, ctxFor(PLATFORM, { profile, dataset: null, agency: { ...AUTHORITY, publishedCodes: [] } })));
      expect(t, profile.id).toMatchObject({ state: 'aggregation', assignee: { agencyId: AUTHORITY.id }, deadline: { dueOn: '2027-05-31', profileDate: 'W12.publish_by' } });
      expect(profile.dates['W12.publish_by']).toEqual({ monthDay: '05-31', source: expect.stringMatching(/^T7/) });
    }
  });

  it('reads its dates from the profile: a city with other dates gets them', () => {
    const base = PROFILES.taian!;
    const profile = { ...base, dates: { ...base.dates, 'W12.filing_due': { monthDay: '04-15', source: '市通知' } } };
    expect(expectOk(w12.start({ year: '2026' }, ctxFor(PLATFORM, { profile, dataset: null, agency: targetAgency() }))).deadline?.dueOn).toBe('2026-04-15');
  });

  it('is opened by the platform only, for an agency', () => {
    expect(w12.start({ year: '2026' }, ctxFor(PEOPLE.providerReviewer, { dataset: null, agency: targetAgency() }))).toMatchObject({ ok: false, error: 'PLAN_BY_PLATFORM' });
    expect(w12.start({ year: '2026' }, ctxFor(PLATFORM, { dataset: null }))).toMatchObject({ ok: false, error: 'AGENCY_UNKNOWN' });
    expect(w12.start({ year: 'next' }, ctxFor(PLATFORM, { dataset: null, agency: targetAgency() }))).toMatchObject({ ok: false, error: 'INVALID_INPUT', field: 'year' });
  });

  it('a plan names its datasets, scenarios and measures (S13, G(一)2); the authority reviews it within the profile’s days', () => {
    const s = asked();
    const provider = ctxFor(PEOPLE.providerReviewer);
    expect(w12.transition(s, { ...PLAN, items: [' '] } as W12Event, provider)).toMatchObject({ ok: false, error: 'INVALID_INPUT', field: 'items' });
    expect(w12.transition(s, { ...PLAN, measures: ' ' } as W12Event, provider)).toMatchObject({ ok: false, error: 'INVALID_INPUT', field: 'measures' });
    expect(w12.transition(s, PLAN, ctxFor(PEOPLE.otherProviderReviewer))).toMatchObject({ ok: false, error: 'NOT_YOUR_TASK' });
    const t = expectOk(w12.transition(s, PLAN, provider));
    expect(t).toMatchObject({ state: 'review', assignee: { agencyId: AUTHORITY.id }, deadline: { workingDays: 5, dueOn: '2026-03-09' } });
    expect(t.data.plan).toEqual({ items: ['公交站点候车时长', '共享单车停放点位'], scenarios: '通勤出行', measures: '6月底前开放；按月更新', filedOn: '2026-03-02' });
  });

  it('a return goes back to the provider by the filing date, or within the review’s days once it has passed', () => {
    const bureau = (today: string) => ctxFor(PEOPLE.authorityReviewer, { today });
    const early = expectOk(w12.transition(filed(), { type: 'return', reasons: ['缺少时间节点'] }, bureau('2026-03-10')));
    expect(early).toMatchObject({ state: 'filing', assignee: { agencyId: PROVIDER }, deadline: { dueOn: '2026-04-30', profileDate: 'W12.filing_due' }, data: { reasons: ['缺少时间节点'] } });
    const late = expectOk(w12.transition(filed(), { type: 'return', reasons: ['缺少时间节点'] }, bureau('2026-05-04')));
    expect(late.deadline).toMatchObject({ startedOn: '2026-05-04', workingDays: 5, dueOn: '2026-05-11' });
    expect(late.deadline?.profileDate).toBeUndefined();
  });
});

describe('W12’s duty', () => {
  const agencies = [
    { id: 'bdb', name: '市大数据局', kind: 'authority' as const, level: 'city' as const },
    { id: 'transport', name: '市交通运输局', kind: 'provider' as const, level: 'city' as const },
    { id: 'ecology', name: '市生态环境局', kind: 'provider' as const, level: 'city' as const },
  ];
  const due = (today: string) => ANNUAL_PLAN_DUTY.due({ datasets: [], grants: [], agencies, timeZone: 'Asia/Shanghai', today, profile: PROFILES.taian! });

  it('from the call date to the city plan’s date, one case a year for each provider and the authority', () => {
    expect(due('2027-02-28')).toEqual([]);
    expect(due('2027-03-01').map((d) => [d.key, d.agencyId, d.datasetId, d.opensOn, d.input])).toEqual([
      ['W12:transport:2027', 'transport', null, '2027-03-01', { year: '2027' }],
      ['W12:ecology:2027', 'ecology', null, '2027-03-01', { year: '2027' }],
      ['W12:bdb:2027', 'bdb', null, '2027-03-01', { year: '2027' }],
    ]);
    expect(due('2027-05-31')).toHaveLength(3);
    expect(due('2027-06-01')).toEqual([]);
  });
});
