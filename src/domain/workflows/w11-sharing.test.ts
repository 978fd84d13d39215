import { describe, expect, it } from 'vitest';
import { describeTransitionTable } from '../../../test/support/describe-transition-table.ts';
import { AUTHORITY, OTHER_PROVIDER, PEOPLE, PROVIDER, ctxFor, dataset, expectOk, snapshotOf, step, targetAgency, weekdayClock } from '../../../test/support/workflow-fixtures.ts';
import type { Dataset, Grant } from '../model.ts';
import { PROFILES } from '../policy/profiles.ts';
import { W11_STATES, w11Sharing as w11, type W11Data, type W11Event, type W11State } from './w11-sharing.ts';

const INPUT = { duty: '核对社会救助对象的出行记录', scenario: '民政局社会救助核查系统', commit: true as const };
const REFUSE: W11Event = { type: 'reject', reasons: ['刷卡明细可识别个人出行轨迹', '核查场景无需站点明细'], legalBasis: '《中华人民共和国个人信息保护法》第三十四条' };
const REASONS = ['刷卡明细可识别个人出行轨迹', '核查场景无需站点明细'];
const BASIS = '《中华人民共和国个人信息保护法》第三十四条';
const DISPUTE = { type: 'dispute', reason: '数据按线路和时段汇总，不含个人信息' } as const;
const RESUBMIT = { type: 'resubmit', input: { scenario: '民政局社会救助对象核查，仅核对线路' } } as const;
const as = (e: W11Event): W11Event => e;

const applicant = PEOPLE.otherProviderReviewer;
const UNCONDITIONAL = dataset({ sharing: 'unconditional' });
const CONDITIONAL = dataset({ sharing: 'conditional', sharingConditions: '仅限规划部门', sharingBasis: '《个人信息保护法》' });
const NOT_SHARED = dataset({ sharing: 'none', sharingBasis: '《个人信息保护法》' });
const PROVINCIAL = targetAgency({ name: '省交通运输厅', level: 'province' });

const sharer = (ds: Dataset = CONDITIONAL, extra: Parameters<typeof ctxFor>[1] = {}) => ctxFor(applicant, { dataset: ds, ...extra });
const bureau = ctxFor(PEOPLE.authorityReviewer);
const provider = ctxFor(PEOPLE.providerReviewer);
const filed = (ds: Dataset = CONDITIONAL, extra: Parameters<typeof ctxFor>[1] = {}) => snapshotOf('W11', w11.start(INPUT, sharer(ds, extra)), applicant.id, ds.id);

const inProviderReview = () => step(w11, filed(), as({ type: 'approve' }), bureau);
const refused = () => step(w11, inProviderReview(), as(REFUSE), provider);
const referred = () => step(w11, filed(UNCONDITIONAL, { provider: PROVINCIAL }), as({ type: 'approve' }), bureau);

function inState(state: W11State) {
  switch (state) {
    case 'formal_review':
      return filed();
    case 'demand_review':
      return filed(NOT_SHARED);
    case 'referral_review':
      return filed(UNCONDITIONAL, { provider: PROVINCIAL });
    case 'referred':
      return referred();
    case 'provider_review':
      return inProviderReview();
    case 'demand_study':
      return step(w11, filed(NOT_SHARED), as({ type: 'approve' }), bureau);
    case 'returned':
      return step(w11, filed(), as({ type: 'return', reasons: ['履行职责不明确'] }), bureau);
    case 'refused':
      return refused();
    case 'coordination':
      return step(w11, refused(), as(DISPUTE), ctxFor(applicant));
    default:
      return { ...refused(), state };
  }
}

describeTransitionTable<W11Data, W11State, 'dispute' | 'reject' | 'resubmit'>(w11, {
  states: W11_STATES,
  allowed: {
    formal_review: {
      approve: { by: 'authorityReviewer', to: 'provider_review', action: 'W11.approve_formal' },
      return: { by: 'authorityReviewer', to: 'returned', action: 'W11.return' },
    },
    demand_review: {
      approve: { by: 'authorityReviewer', to: 'demand_study', action: 'W11.approve_formal' },
      return: { by: 'authorityReviewer', to: 'returned', action: 'W11.return' },
    },
    referral_review: {
      approve: { by: 'authorityReviewer', to: 'referred', action: 'W11.refer' },
      return: { by: 'authorityReviewer', to: 'returned', action: 'W11.return' },
    },
    referred: {
      approve: { by: 'authorityReviewer', to: 'granted', action: 'W11.upper_granted' },
      reject: { by: 'authorityReviewer', to: 'rejected', action: 'W11.upper_refused' },
    },
    provider_review: {
      approve: { by: 'providerReviewer', to: 'granted', action: 'W11.approve_provider' },
      reject: { by: 'providerReviewer', to: 'refused', action: 'W11.reject_provider' },
    },
    demand_study: {
      approve: { by: 'providerReviewer', to: 'granted', action: 'W11.approve_provider' },
      reject: { by: 'providerReviewer', to: 'refused', action: 'W11.reject_provider' },
    },
    returned: { resubmit: { by: 'otherProviderReviewer', to: 'formal_review', action: 'W11.resubmit' } },
    refused: { dispute: { by: 'otherProviderReviewer', to: 'coordination', action: 'W11.dispute' } },
    coordination: {
      approve: { by: 'authorityReviewer', to: 'granted', action: 'W11.coordinated_granted' },
      reject: { by: 'authorityReviewer', to: 'rejected', action: 'W11.coordinated_refused' },
    },
    granted: {},
    rejected: {},
  },
  inState,
  events: { reject: REFUSE, dispute: DISPUTE, resubmit: RESUBMIT },
});

/** Every step's working days on a path, from the application to access, in the city's profile. */
function clocksOnPath(ds: Dataset, profile = PROFILES.taian!, upper = false): number[] {
  const { clock, calls } = weekdayClock();
  const opts = { profile, clock, ...(upper ? { provider: PROVINCIAL } : {}) };
  let s = snapshotOf('W11', w11.start(INPUT, ctxFor(applicant, { dataset: ds, ...opts })), applicant.id, ds.id);
  s = step(w11, s, as({ type: 'approve' }), ctxFor(PEOPLE.authorityReviewer, opts));
  if (s.state !== 'granted' && s.state !== 'referred') s = step(w11, s, as({ type: 'approve' }), ctxFor(PEOPLE.providerReviewer, opts));
  return calls.map((c) => c.workingDays);
}

describe('W11 inter-agency sharing (Z13–Z17)', () => {
  it('takes the path of the sharing attribute, each clock from the profile of every city (Z14, Z15)', () => {
    for (const profile of Object.values(PROFILES)) {
      expect(clocksOnPath(UNCONDITIONAL, profile), profile.id).toEqual([profile.clocks['W11.formal_review']]);
      expect(clocksOnPath(CONDITIONAL, profile), profile.id).toEqual([profile.clocks['W11.formal_review'], profile.clocks['W11.provider_review']]);
      expect(clocksOnPath(NOT_SHARED, profile), profile.id).toEqual([profile.clocks['W11.demand_review'], profile.clocks['W11.demand_study']]);
      expect(clocksOnPath(CONDITIONAL, profile, true), profile.id).toEqual([profile.clocks['W11.referral_review']]);
      // Z14, Z15: 1, 2, 5, 10 and 1 working days in every city.
      expect([1, 2, 5, 10, 1]).toEqual([
        profile.clocks['W11.formal_review'],
        profile.clocks['W11.provider_review'],
        profile.clocks['W11.demand_review'],
        profile.clocks['W11.demand_study'],
        profile.clocks['W11.referral_review'],
      ]);
    }
  });

  it('reads the clocks from the profile, not from the code: a city with other days gets them', () => {
    const base = PROFILES.taian!;
    const other = { ...base, clocks: { ...base.clocks, 'W11.formal_review': 3, 'W11.provider_review': 4 } };
    expect(clocksOnPath(CONDITIONAL, other)).toEqual([3, 4]);
  });

  it('unconditional data: the authority passes it in 1 wd, access is granted for the duty and the provider told (Z14 para 1)', () => {
    const { clock } = weekdayClock();
    const start = expectOk(w11.start(INPUT, sharer(UNCONDITIONAL, { clock })));
    expect(start).toMatchObject({ state: 'formal_review', assignee: { agencyId: AUTHORITY.id, role: 'reviewer' }, deadline: { workingDays: 1, dueOn: '2026-03-03' } });
    expect(start.data).toMatchObject({ path: 'unconditional', applicantAgencyId: OTHER_PROVIDER, dataset: { sharing: 'unconditional', level: 'city' } });
    expect(start.effects.map((e) => e.type === 'notify' && e.message)).toEqual(['notify.w11.submitted', 'notify.w11.assigned']);
    const s = snapshotOf('W11', start, applicant.id, 'DS-0001');
    const t = expectOk(w11.transition(s, as({ type: 'approve' }), bureau));
    expect(t).toMatchObject({ state: 'granted', assignee: null, deadline: null, action: 'W11.approve_formal' });
    // Z14 sets no period: the profile's twelve months.
    expect(t.data.grant).toEqual({ ref: `SH-${s.id}`, expiresOn: '2027-03-02' });
    expect(t.effects[0]).toEqual({ type: 'grantAccess', datasetId: 'DS-0001', userId: applicant.id, expiresOn: '2027-03-02', agreementRef: `SH-${s.id}`, kind: 'share', duty: INPUT.duty });
    expect(t.effects.slice(1)).toMatchObject([
      { type: 'notify', to: { kind: 'user', userId: applicant.id }, message: 'notify.w11.granted', params: { duty: INPUT.duty, expiresOn: '2027-03-02' } },
      { type: 'notify', to: { kind: 'agency', agencyId: PROVIDER, role: 'reviewer' }, message: 'notify.w11.shared' },
    ]);
  });

  it('conditional data: the provider grants it within 2 wd of the formal review (Z14 para 2)', () => {
    const s = inProviderReview();
    expect(s).toMatchObject({ state: 'provider_review', assignee: { agencyId: PROVIDER, role: 'reviewer' }, deadline: { workingDays: 2, startedOn: '2026-03-02', dueOn: '2026-03-04' } });
    expect(expectOk(w11.transition(s, as({ type: 'approve', note: '限线路汇总数据' }), provider))).toMatchObject({ state: 'granted', detail: { note: '限线路汇总数据' } });
    // The authority's formal review is not the provider's to pass, nor the provider's review the authority's.
    expect(w11.transition(filed(), as({ type: 'approve' }), provider)).toMatchObject({ ok: false, error: 'NOT_YOUR_TASK' });
    expect(w11.transition(s, as({ type: 'approve' }), bureau)).toMatchObject({ ok: false, error: 'NOT_YOUR_TASK' });
  });

  it('data not shared: a data demand, the authority 5 wd and the provider 10 wd to study it and answer (Z14 para 3)', () => {
    const s = filed(NOT_SHARED);
    expect(s).toMatchObject({ state: 'demand_review', deadline: { workingDays: 5, dueOn: '2026-03-09' }, data: { path: 'none' } });
    const study = step(w11, s, as({ type: 'approve' }), bureau);
    expect(study).toMatchObject({ state: 'demand_study', assignee: { agencyId: PROVIDER }, deadline: { workingDays: 10, dueOn: '2026-03-16' } });
  });

  it('data held at a higher level: checked in 1 wd and referred upward; the authority records the answer (Z15)', () => {
    const s = filed(CONDITIONAL, { provider: PROVINCIAL });
    expect(s).toMatchObject({ state: 'referral_review', assignee: { agencyId: AUTHORITY.id }, deadline: { workingDays: 1 }, data: { path: 'upper', dataset: { level: 'province' } } });
    const r = referred();
    expect(r).toMatchObject({ state: 'referred', assignee: null, deadline: null });
    // Nobody owes it in the city, but only the authority records what came back.
    expect(w11.transition(r, as({ type: 'approve' }), provider)).toMatchObject({ ok: false, error: 'NOT_YOUR_TASK' });
    expect(expectOk(w11.transition(r, as({ type: 'approve' }), bureau))).toMatchObject({ state: 'granted', action: 'W11.upper_granted' });
    const no = expectOk(w11.transition(r, as(REFUSE), bureau));
    expect(no).toMatchObject({ state: 'rejected', action: 'W11.upper_refused', data: { refusal: { by: 'upper', reasons: REASONS } } });
  });

  it('a refusal gives every reason at once with its legal basis (Z16), and the applicant may ask for coordination', () => {
    const s = inProviderReview();
    expect(w11.transition(s, as({ type: 'reject', reasons: [' ', ''], legalBasis: BASIS }), provider)).toMatchObject({ ok: false, error: 'REASONS_REQUIRED', field: 'reasons' });
    expect(w11.transition(s, as({ type: 'reject', reasons: REASONS, legalBasis: ' ' }), provider)).toMatchObject({ ok: false, error: 'LEGAL_BASIS_REQUIRED', field: 'basis' });
    const t = expectOk(w11.transition(s, as(REFUSE), provider));
    expect(t).toMatchObject({ state: 'refused', assignee: null, deadline: null, data: { refusal: { by: 'provider', reasons: REASONS, legalBasis: BASIS } } });
    expect(t.effects).toEqual([
      {
        type: 'notify',
        to: { kind: 'user', userId: applicant.id },
        message: 'notify.w11.refused',
        params: expect.objectContaining({ reasons: '1. 刷卡明细可识别个人出行轨迹\n2. 核查场景无需站点明细', count: 2, legalBasis: BASIS }),
      },
    ]);
    const r = snapshotOf('W11', t, applicant.id, 'DS-0001', s);
    // Only the applicant asks for coordination, with a reason.
    expect(w11.transition(r, as(DISPUTE), provider)).toMatchObject({ ok: false, error: 'NOT_YOURS' });
    expect(w11.transition(r, as({ type: 'dispute', reason: ' ' }), ctxFor(applicant))).toMatchObject({ ok: false, error: 'INVALID_INPUT', field: 'reason' });
    const { clock } = weekdayClock();
    const c = expectOk(w11.transition(r, as(DISPUTE), ctxFor(applicant, { clock })));
    expect(c).toMatchObject({ state: 'coordination', assignee: { agencyId: AUTHORITY.id, role: 'reviewer' }, deadline: { workingDays: 5, dueOn: '2026-03-09' }, data: { dispute: { reason: DISPUTE.reason } } });
    // The authority and the provider both hear of it, with the refusal's reasons and the applicant's.
    expect(c.effects.map((e) => e.type === 'notify' && [e.to, e.message])).toEqual([
      [{ kind: 'agency', agencyId: AUTHORITY.id, role: 'reviewer' }, 'notify.w11.dispute'],
      [{ kind: 'agency', agencyId: PROVIDER, role: 'reviewer' }, 'notify.w11.dispute'],
    ]);
    const coordinating = snapshotOf('W11', c, applicant.id, 'DS-0001', r);
    expect(expectOk(w11.transition(coordinating, as({ type: 'approve' }), bureau))).toMatchObject({ state: 'granted', action: 'W11.coordinated_granted' });
    const upheld = expectOk(w11.transition(coordinating, as({ type: 'reject', reasons: ['协商后提供单位坚持原理由'], legalBasis: BASIS }), bureau));
    expect(upheld).toMatchObject({ state: 'rejected', action: 'W11.coordinated_refused' });
    expect(upheld.effects.map((e) => e.type === 'notify' && e.message)).toEqual(['notify.w11.upheld', 'notify.w11.upheld']);
  });

  it('a return lists every reason; the resubmission goes back to the review that returned it, on a new clock', () => {
    const r = step(w11, filed(NOT_SHARED), as({ type: 'return', reasons: ['履行职责不明确', ' '] }), bureau);
    expect(r).toMatchObject({ state: 'returned', assignee: null, deadline: null, data: { reasons: ['履行职责不明确'], returnedFrom: 'demand_review' } });
    expect(w11.transition(r, as({ type: 'resubmit', input: { commit: 'no' } }), ctxFor(applicant))).toMatchObject({ ok: false, error: 'SHARE_COMMITMENT_REQUIRED' });
    const again = expectOk(w11.transition(r, as({ type: 'resubmit', input: { duty: '社会救助对象认定' } }), ctxFor(applicant, { today: '2026-03-04' })));
    expect(again).toMatchObject({ state: 'demand_review', deadline: { startedOn: '2026-03-04', workingDays: 5 }, data: { application: { duty: '社会救助对象认定' }, submissions: 2 } });
  });

  it('is for another agency’s published data, by an agency’s staff, with the commitment (Z17); not twice at once', () => {
    expect(w11.start(INPUT, ctxFor(PEOPLE.applicant, { dataset: CONDITIONAL }))).toMatchObject({ ok: false, error: 'FORBIDDEN_ROLE' });
    expect(w11.start(INPUT, ctxFor(PEOPLE.providerReviewer, { dataset: CONDITIONAL }))).toMatchObject({ ok: false, error: 'SHARE_OWN_DATA' });
    expect(w11.start(INPUT, sharer(dataset({ status: 'delisted' })))).toMatchObject({ ok: false, error: 'DATASET_NOT_PUBLISHED' });
    expect(w11.start(INPUT, sharer(null as unknown as Dataset, { dataset: null }))).toMatchObject({ ok: false, error: 'DATASET_NOT_PUBLISHED' });
    expect(w11.start({ ...INPUT, commit: false as unknown as true }, sharer())).toMatchObject({ ok: false, error: 'SHARE_COMMITMENT_REQUIRED', field: 'commit' });
    const grant = (kind: Grant['kind']): Grant => ({ id: 'G-0001', caseId: 'C-0001', datasetId: 'DS-0001', userId: applicant.id, expiresOn: '2026-12-31', agreementRef: 'SH-C-0001', grantedAt: new Date(0), kind, duty: kind === 'share' ? 'x' : null });
    expect(w11.start(INPUT, sharer(CONDITIONAL, { activeGrants: [grant('share')] }))).toMatchObject({ ok: false, error: 'ALREADY_SHARED', params: { grantId: 'G-0001', expiresOn: '2026-12-31' } });
    // A grant of the open data to the same person is another thing: it does not stand for sharing.
    expect(w11.start(INPUT, sharer(CONDITIONAL, { activeGrants: [grant('open')] }))).toMatchObject({ ok: true });
    // Closed to the public is no bar to sharing: the two attributes are apart (Z13).
    expect(w11.start(INPUT, sharer(dataset({ attribute: 'closed', conditions: null, sharing: 'unconditional' })))).toMatchObject({ ok: true, state: 'formal_review' });
  });

  it('shows the duty and the scenario in status', () => {
    expect(w11.facts!(filed().data)).toEqual({ duty: INPUT.duty, scenario: INPUT.scenario });
  });
});
