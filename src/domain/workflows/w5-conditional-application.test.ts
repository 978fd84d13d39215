import { describe, expect, it } from 'vitest';
import type { DomainErrorCode } from '../errors.ts';
import { parseForm } from '../forms/form.ts';
import { PROFILES } from '../policy/profiles.ts';
import {
  AUTHORITY,
  EVENTS,
  PEOPLE,
  PROVIDER,
  TODAY,
  ctxFor,
  dataset,
  expectOk,
  snapshotOf,
  step,
  weekdayClock,
  type PersonName,
} from '../../../test/support/workflow-fixtures.ts';
import { describeTransitionTable, type Expected } from '../../../test/support/describe-transition-table.ts';
import {
  W5_ACTIONS,
  W5_MESSAGES,
  W5_STATES,
  w5ConditionalApplication as w5,
  w5Form,
  type W5Data,
  type W5Input,
  type W5State,
} from './w5-conditional-application.ts';
import type { CaseSnapshot, EventType } from './workflow.ts';

const INPUT: W5Input = {
  title: '城市交通流量分析',
  reason: '研究早晚高峰公交运力',
  type: 'dataset',
  period: '2026-12-31',
  result: '研究报告',
  scenario: '高校交通规划研究',
  commit: true, meets: true,
};

const applicant = PEOPLE.applicant;
const DS = dataset();

function started(): CaseSnapshot<W5Data> {
  return snapshotOf('W5', w5.start(INPUT, ctxFor(applicant)), applicant.id, DS.id);
}

const bureau = ctxFor(PEOPLE.authorityReviewer);
const provider = ctxFor(PEOPLE.providerReviewer);

function inState(state: W5State | 'returned_by_provider'): CaseSnapshot<W5Data> {
  const s = started();
  switch (state) {
    case 'formal_review':
      return s;
    case 'provider_review':
      return step(w5, s, EVENTS.approve, bureau);
    case 'returned':
      return step(w5, s, EVENTS.return, bureau);
    case 'returned_by_provider':
      return step(w5, inState('provider_review'), EVENTS.return, provider);
    case 'awaiting_acceptance':
      return step(w5, inState('provider_review'), EVENTS.approve, provider);
    case 'approved':
      return step(w5, inState('awaiting_acceptance'), EVENTS.accept, ctxFor(applicant));
    case 'rejected':
      return step(w5, s, EVENTS.reject, bureau);
  }
}

const ALLOWED: Record<W5State, Partial<Record<EventType, Expected<W5State>>>> = {
  formal_review: {
    approve: { by: 'authorityReviewer', to: 'provider_review', action: W5_ACTIONS.approve_formal },
    return: { by: 'authorityReviewer', to: 'returned', action: W5_ACTIONS.return_formal },
    reject: { by: 'authorityReviewer', to: 'rejected', action: W5_ACTIONS.reject_formal },
  },
  provider_review: {
    approve: { by: 'providerReviewer', to: 'awaiting_acceptance', action: W5_ACTIONS.approve_provider },
    return: { by: 'providerReviewer', to: 'returned', action: W5_ACTIONS.return_provider },
    reject: { by: 'providerReviewer', to: 'rejected', action: W5_ACTIONS.reject_provider },
  },
  returned: { resubmit: { by: 'applicant', to: 'formal_review', action: W5_ACTIONS.resubmit } },
  awaiting_acceptance: { accept: { by: 'applicant', to: 'approved', action: W5_ACTIONS.accept } },
  approved: {},
  rejected: {},
};

describeTransitionTable(w5, { states: W5_STATES, allowed: ALLOWED, inState });

it('a return at the provider review goes back to the provider review', () => {
  const t = expectOk(w5.transition(inState('returned_by_provider'), EVENTS.resubmit, ctxFor(applicant)));
  expect(t.state).toBe('provider_review');
  expect(t.assignee).toEqual({ agencyId: PROVIDER, role: 'reviewer' });
});

describe('W5 roles', () => {
  const atFormal: Record<PersonName, 'ok' | DomainErrorCode> = {
    authorityReviewer: 'ok',
    providerReviewer: 'NOT_YOUR_TASK',
    providerColleague: 'NOT_YOUR_TASK',
    otherProviderReviewer: 'NOT_YOUR_TASK',
    applicant: 'FORBIDDEN_ROLE',
    otherApplicant: 'FORBIDDEN_ROLE',
    authoritySupervisor: 'FORBIDDEN_ROLE',
    providerSupervisor: 'FORBIDDEN_ROLE',
    operator: 'FORBIDDEN_ROLE',
  };
  const atProvider: Record<PersonName, 'ok' | DomainErrorCode> = {
    ...atFormal,
    authorityReviewer: 'NOT_YOUR_TASK',
    providerReviewer: 'ok',
    providerColleague: 'ok',
  };
  const rows = (['formal_review', 'provider_review'] as const).flatMap((state) =>
    (['approve', 'return', 'reject'] as const).flatMap((event) =>
      Object.entries(state === 'formal_review' ? atFormal : atProvider).map(([who, expected]) => ({ state, event, who: who as PersonName, expected })),
    ),
  );
  it.each(rows)('$state: $event by $who → $expected', ({ state, event, who, expected }) => {
    const r = w5.transition(inState(state), EVENTS[event], ctxFor(PEOPLE[who]));
    if (expected === 'ok') expect(r.ok).toBe(true);
    else expect(r).toMatchObject({ ok: false, error: expected });
  });

  it.each((Object.keys(PEOPLE) as PersonName[]).filter((w) => w !== 'applicant'))('returned: resubmit by %s → NOT_YOURS', (who) => {
    expect(w5.transition(inState('returned'), EVENTS.resubmit, ctxFor(PEOPLE[who]))).toMatchObject({ ok: false, error: 'NOT_YOURS' });
  });

  it.each((Object.keys(PEOPLE) as PersonName[]).filter((w) => w !== 'applicant'))('awaiting acceptance: accept by %s → NOT_YOURS', (who) => {
    expect(w5.transition(inState('awaiting_acceptance'), EVENTS.accept, ctxFor(PEOPLE[who]))).toMatchObject({ ok: false, error: 'NOT_YOURS' });
  });
});

describe('W5 eligibility at start (T14, S20)', () => {
  const refusals: Array<{ name: string; who: PersonName | 'unverified' | 'dishonest'; ds?: ReturnType<typeof dataset> | null; input?: Partial<W5Input>; error: DomainErrorCode }> = [
    { name: 'a reviewer', who: 'providerReviewer', error: 'FORBIDDEN_ROLE' },
    { name: 'an operator', who: 'operator', error: 'FORBIDDEN_ROLE' },
    { name: 'a supervisor', who: 'authoritySupervisor', error: 'FORBIDDEN_ROLE' },
    { name: 'an unverified applicant', who: 'unverified', error: 'NOT_VERIFIED' },
    { name: 'a dishonest applicant', who: 'dishonest', error: 'DISHONEST' },
    { name: 'no dataset', who: 'applicant', ds: null, error: 'DATASET_NOT_PUBLISHED' },
    { name: 'a pending dataset', who: 'applicant', ds: dataset({ status: 'pending' }), error: 'DATASET_NOT_PUBLISHED' },
    { name: 'a delisted dataset', who: 'applicant', ds: dataset({ status: 'delisted' }), error: 'DATASET_NOT_PUBLISHED' },
    { name: 'unconditional data', who: 'applicant', ds: dataset({ attribute: 'unconditional', conditions: null }), error: 'DATASET_NOT_CONDITIONAL' },
    { name: 'closed data (W2 不予开放)', who: 'applicant', ds: dataset({ attribute: 'closed', conditions: null }), error: 'DATASET_CLOSED' },
    { name: 'a period ending today', who: 'applicant', input: { period: TODAY }, error: 'PERIOD_IN_PAST' },
    { name: 'a period in the past', who: 'applicant', input: { period: '2025-12-31' }, error: 'PERIOD_IN_PAST' },
  ];
  const actorOf = (who: (typeof refusals)[number]['who']) =>
    who === 'unverified' ? { ...applicant, verified: false } : who === 'dishonest' ? { ...applicant, dishonest: true } : PEOPLE[who];

  it.each(refusals)('refuses $name with $error', ({ who, ds, input, error }) => {
    const ctx = ctxFor(actorOf(who), ds === undefined ? {} : { dataset: ds });
    expect(w5.start({ ...INPUT, ...input }, ctx)).toMatchObject({ ok: false, error });
    if (!input) expect(w5.eligible!(ctx)).toMatchObject({ ok: false, error });
  });

  it('an eligible applicant passes eligible() and start', () => {
    expect(w5.eligible!(ctxFor(applicant))).toBeNull();
    expect(w5.start(INPUT, ctxFor(applicant)).ok).toBe(true);
  });

  it('refuses a second application while a grant on the same dataset is in force (T15)', () => {
    const ds = dataset();
    const grant = { id: 'G-0001', caseId: 'C-0001', datasetId: ds.id, userId: applicant.id, expiresOn: '2026-12-31', agreementRef: 'AG-C-0001', grantedAt: new Date(0), kind: 'open' as const, duty: null };
    const ctx = ctxFor(applicant, { dataset: ds, activeGrants: [grant] });
    expect(w5.eligible!(ctx)).toMatchObject({ ok: false, error: 'ALREADY_GRANTED', params: { expiresOn: '2026-12-31' } });
    expect(w5.start(INPUT, ctx)).toMatchObject({ ok: false, error: 'ALREADY_GRANTED' });
    // A grant on another dataset is no obstacle.
    expect(w5.eligible!(ctxFor(applicant, { dataset: ds, activeGrants: [{ ...grant, datasetId: 'DS-9999' }] }))).toBeNull();
  });

  it('takes a renewal in the last 30 days of a grant, not before', () => {
    const ds = dataset();
    const grant = { id: 'G-0001', caseId: 'C-0001', datasetId: ds.id, userId: applicant.id, expiresOn: '2026-04-30', agreementRef: 'AG-C-0001', grantedAt: new Date(0), kind: 'open' as const, duty: null };
    const on = (today: string) => ctxFor(applicant, { dataset: ds, activeGrants: [grant], today });
    // 2026-03-31 + 30 days = 2026-04-30: the first day a renewal is taken.
    expect(w5.eligible!(on('2026-03-30'))).toMatchObject({ ok: false, error: 'ALREADY_GRANTED', params: { renewFrom: '2026-03-31', days: 30 } });
    expect(w5.eligible!(on('2026-03-31'))).toBeNull();
    expect(w5.start({ ...INPUT, period: '2027-04-30' }, on('2026-04-15')).ok).toBe(true);
  });

  it('refuses an application without the T14(三) confirmation that the applicant meets the conditions', () => {
    expect(w5.start({ ...INPUT, meets: false as unknown as true }, ctxFor(applicant))).toMatchObject({ ok: false, error: 'CONDITIONS_NOT_MET', field: 'meets' });
  });

  it('the form refuses an application without the S20 commitment', () => {
    const raw = { title: 't', reason: 'r', type: 'API', period: '2026-12-31', result: 'x', scenario: 's' };
    expect(parseForm(w5Form, { ...raw, commit: 'no', meets: 'yes' })).toMatchObject({ ok: false, issues: [{ field: 'commit', code: 'invalid' }] });
    // The form's own yes; a chat turns the words people type (是, 同意…) into it (vocabulary).
    expect(parseForm(w5Form, { ...raw, commit: 'yes', meets: 'yes' })).toEqual({ ok: true, value: { ...raw, type: 'api', commit: true, meets: true } });
  });
});

describe('W5 steps and clocks per profile (T15, Z19, S20, G(二)3)', () => {
  const expected: Record<string, { first: 'formal_review' | 'provider_review'; days: number[]; told: string }> = {
    taian: { first: 'formal_review', days: [5, 10], told: W5_MESSAGES.formal_approved },
    tengzhou: { first: 'formal_review', days: [5, 10], told: W5_MESSAGES.formal_approved },
    // S20: the authority's acceptance (受理) hands the application over: the applicant is told it was accepted.
    suzhou: { first: 'formal_review', days: [5, 10], told: W5_MESSAGES.accepted },
    // G(二)3: no step by the authority; the provider answers within 20 wd of receipt.
    guangzhou: { first: 'provider_review', days: [20], told: '' },
  };
  it.each(Object.entries(expected))('%s', (id, { first, days, told }) => {
    const profile = PROFILES[id]!;
    const { clock, calls } = weekdayClock();
    const t = expectOk(w5.start(INPUT, ctxFor(applicant, { profile, clock })));
    expect(t.state).toBe(first);
    const s = snapshotOf('W5', t, applicant.id, DS.id);
    if (first === 'provider_review') {
      expect(t.assignee).toEqual({ agencyId: PROVIDER, role: 'reviewer' });
      expect(t.effects[0]).toMatchObject({ message: W5_MESSAGES.submitted_provider, params: { dueOn: '2026-03-30' } });
      expect(calls).toEqual([{ startedOn: TODAY, workingDays: 20 }]);
      return;
    }
    const p = expectOk(w5.transition(s, EVENTS.approve, ctxFor(PEOPLE.authorityReviewer, { profile, clock, today: '2026-03-04' })));
    expect(p.effects[0]).toMatchObject({ message: told });
    expect(calls).toEqual([
      { startedOn: TODAY, workingDays: days[0] },
      { startedOn: '2026-03-04', workingDays: days[1] },
    ]);
    expect(s.deadline?.dueOn).toBe('2026-03-09');
    expect(p.deadline?.dueOn).toBe('2026-03-18');
  });
});

describe('W5 steps', () => {
  it('start: formal review by the authority, the applicant and the authority told', () => {
    const t = expectOk(w5.start(INPUT, ctxFor(applicant)));
    expect(t).toMatchObject({ state: 'formal_review', assignee: { agencyId: AUTHORITY.id, role: 'reviewer' }, action: 'W5.submit' });
    expect(t.data).toEqual({
      application: INPUT,
      dataset: { id: DS.id, code: DS.code, name: DS.name, providerAgencyId: PROVIDER },
      returnedFrom: null,
      reasons: [],
      agreement: null,
      rejection: null,
      submissions: 1,
    });
    const params = { datasetCode: DS.code, datasetName: DS.name, title: INPUT.title, dueOn: '2026-03-09' };
    expect(t.effects).toEqual([
      { type: 'notify', to: { kind: 'user', userId: applicant.id }, message: W5_MESSAGES.submitted, params },
      { type: 'notify', to: { kind: 'agency', agencyId: AUTHORITY.id, role: 'reviewer' }, message: W5_MESSAGES.assigned, params },
    ]);
  });

  it('formal approval assigns the provider and tells the applicant when to expect an answer', () => {
    const s = inState('formal_review');
    const t = expectOk(w5.transition(s, EVENTS.approve, bureau));
    expect(t.assignee).toEqual({ agencyId: PROVIDER, role: 'reviewer' });
    expect(t.effects).toEqual([
      expect.objectContaining({ to: { kind: 'user', userId: applicant.id }, message: W5_MESSAGES.formal_approved, params: expect.objectContaining({ caseId: s.id, dueOn: '2026-03-16' }) }),
      expect.objectContaining({ to: { kind: 'agency', agencyId: PROVIDER, role: 'reviewer' }, message: W5_MESSAGES.assigned, params: expect.objectContaining({ caseId: s.id, dueOn: '2026-03-16' }) }),
    ]);
  });

  it('provider approval offers the agreement to the applicant; nothing is granted yet (T15(三), S21)', () => {
    const s = inState('provider_review');
    const t = expectOk(w5.transition(s, { type: 'approve' }, ctxFor(PEOPLE.providerReviewer, { today: '2026-03-10' })));
    const ref = `AG-${s.id}`;
    expect(t).toMatchObject({ state: 'awaiting_acceptance', assignee: null, deadline: null });
    expect(t.data.agreement).toEqual({
      ref,
      offeredOn: '2026-03-10',
      acceptedOn: null,
      terms: { commitment: true, purpose: INPUT.reason, scope: INPUT.scenario, scenario: INPUT.scenario, type: 'dataset', result: INPUT.result, expiresOn: '2026-12-31' },
    });
    expect(t.effects.map((e) => e.type)).toEqual(['notify']);
    expect(t.effects[0]).toMatchObject({
      to: { kind: 'user', userId: applicant.id },
      message: W5_MESSAGES.offered,
      params: { agreementRef: ref, scope: INPUT.scenario, expiresOn: '2026-12-31', why: 'notify.why.applicantStep' },
    });
    expect(t.detail).toEqual({ offered: ref, expiresOn: '2026-12-31' });
  });

  it('the provider may narrow the use and end the period earlier (S20), never later; the formal review may not', () => {
    const s = inState('provider_review');
    const narrowed = expectOk(w5.transition(s, { type: 'approve', scope: '仅限线网规划研究', until: '2026-09-30' }, provider));
    expect(narrowed.data.agreement?.terms).toMatchObject({ scope: '仅限线网规划研究', expiresOn: '2026-09-30' });
    expect(narrowed.detail).toMatchObject({ scope: '仅限线网规划研究', expiresOn: '2026-09-30' });
    expect(w5.transition(s, { type: 'approve', until: '2027-01-31' }, provider)).toMatchObject({ ok: false, error: 'PERIOD_NOT_NARROWER', field: 'until' });
    expect(w5.transition(inState('formal_review'), { type: 'approve', scope: 'x' }, bureau)).toMatchObject({ ok: false, error: 'NARROWING_BY_PROVIDER' });
  });

  it('the applicant accepting the agreement grants access until the end of the period and tells the authority (T15(三))', () => {
    const s = inState('awaiting_acceptance');
    const ref = `AG-${s.id}`;
    const t = expectOk(w5.transition(s, EVENTS.accept, ctxFor(applicant, { today: '2026-03-12' })));
    expect(t).toMatchObject({ state: 'approved', assignee: null, deadline: null, action: W5_ACTIONS.accept });
    expect(t.data.agreement).toMatchObject({ ref, acceptedOn: '2026-03-12' });
    const params = { caseId: s.id, datasetCode: DS.code, datasetName: DS.name, title: INPUT.title, expiresOn: '2026-12-31', agreementRef: ref };
    expect(t.effects).toEqual([
      { type: 'grantAccess', datasetId: DS.id, userId: applicant.id, expiresOn: '2026-12-31', agreementRef: ref, kind: 'open', duty: null },
      { type: 'notify', to: { kind: 'user', userId: applicant.id }, message: W5_MESSAGES.approved, params },
      // T15(三): 并告知本级公共数据开放主管部门.
      { type: 'notify', to: { kind: 'agency', agencyId: AUTHORITY.id, role: 'reviewer' }, message: W5_MESSAGES.granted, params },
      { type: 'notify', to: { kind: 'agency', agencyId: PROVIDER, role: 'reviewer' }, message: W5_MESSAGES.granted, params },
    ]);
    // Accepted after its period ended, it grants nothing; a user put on a dishonesty list meanwhile gets nothing.
    expect(w5.transition(s, EVENTS.accept, ctxFor(applicant, { today: '2026-12-31' }))).toMatchObject({ ok: false, error: 'PERIOD_IN_PAST' });
    expect(w5.transition(s, EVENTS.accept, ctxFor({ ...applicant, dishonest: true }))).toMatchObject({ ok: false, error: 'DISHONEST' });
  });

  it.each(['formal_review', 'provider_review'] as const)('%s: return lists every reason, stops the clock and remembers the review', (state) => {
    const ctx = state === 'formal_review' ? bureau : provider;
    const t = expectOk(w5.transition(inState(state), { type: 'return', reasons: ['场景描述不具体', '缺少单位证明'] }, ctx));
    expect(t).toMatchObject({ state: 'returned', assignee: null, deadline: null });
    expect(t.data).toMatchObject({ returnedFrom: state, reasons: ['场景描述不具体', '缺少单位证明'] });
    expect(t.effects[0]).toMatchObject({ message: W5_MESSAGES.returned, params: { reasons: '1. 场景描述不具体\n2. 缺少单位证明', count: 2 } });
  });

  it.each(['formal_review', 'provider_review'] as const)('%s: refusals need reasons and a legal basis (S20), returns a reason', (state) => {
    const ctx = state === 'formal_review' ? bureau : provider;
    expect(w5.transition(inState(state), { type: 'reject', legalBasis: ' ', reason: '超出授权范围' }, ctx)).toMatchObject({ ok: false, error: 'LEGAL_BASIS_REQUIRED' });
    expect(w5.transition(inState(state), { type: 'reject', legalBasis: '《个人信息保护法》第十三条' }, ctx)).toMatchObject({ ok: false, error: 'REFUSAL_REASON_REQUIRED', field: 'reason' });
    expect(w5.transition(inState(state), { type: 'reject', legalBasis: '《个人信息保护法》第十三条', reason: ' ' }, ctx)).toMatchObject({ ok: false, error: 'REFUSAL_REASON_REQUIRED' });
    expect(w5.transition(inState(state), { type: 'return', reasons: [] }, ctx)).toMatchObject({ ok: false, error: 'REASONS_REQUIRED' });
    const t = expectOk(w5.transition(inState(state), { type: 'reject', legalBasis: '《个人信息保护法》第十三条', reason: '超出授权范围' }, ctx));
    expect(t.data.rejection).toEqual({ at: state, legalBasis: '《个人信息保护法》第十三条', reason: '超出授权范围' });
    expect(t.effects).toEqual([
      expect.objectContaining({ to: { kind: 'user', userId: applicant.id }, message: W5_MESSAGES.rejected, params: expect.objectContaining({ legalBasis: '《个人信息保护法》第十三条', reason: '超出授权范围' }) }),
    ]);
  });
});

describe('W5 resubmission', () => {
  it('goes back to the review that returned it, on a new clock from today', () => {
    const { clock, calls } = weekdayClock();
    const s = inState('returned_by_provider');
    const t = expectOk(w5.transition(s, { type: 'resubmit', input: { scenario: '补正后的场景' } }, ctxFor(applicant, { clock, today: '2026-03-20' })));
    expect(calls).toEqual([{ startedOn: '2026-03-20', workingDays: 10 }]);
    expect(t.deadline).toMatchObject({ startedOn: '2026-03-20', dueOn: '2026-04-03' });
    expect(t.data).toMatchObject({ application: { ...INPUT, scenario: '补正后的场景' }, returnedFrom: null, reasons: [], submissions: 2 });
    expect(t.effects.map((e) => e.type === 'notify' && [e.to, e.message])).toEqual([
      [{ kind: 'user', userId: applicant.id }, W5_MESSAGES.resubmitted],
      [{ kind: 'agency', agencyId: PROVIDER, role: 'reviewer' }, W5_MESSAGES.assigned],
    ]);
  });

  it('a return from the formal review goes back to the authority', () => {
    const t = expectOk(w5.transition(inState('returned'), EVENTS.resubmit, ctxFor(applicant)));
    expect(t).toMatchObject({ state: 'formal_review', assignee: { agencyId: AUTHORITY.id, role: 'reviewer' }, deadline: { workingDays: 5 } });
  });

  it('checks the application and the applicant again', () => {
    const s = inState('returned');
    expect(w5.transition(s, { type: 'resubmit', input: { period: '2026-03-01' } }, ctxFor(applicant))).toMatchObject({ error: 'PERIOD_IN_PAST' });
    expect(w5.transition(s, { type: 'resubmit', input: { period: '2026-02-30' } }, ctxFor(applicant))).toMatchObject({ error: 'INVALID_INPUT', params: { field: 'period' } });
    expect(w5.transition(s, { type: 'resubmit', input: { commit: 'no' } }, ctxFor(applicant))).toMatchObject({ error: 'COMMITMENT_REQUIRED' });
    expect(w5.transition(s, EVENTS.resubmit, ctxFor({ ...applicant, dishonest: true }))).toMatchObject({ error: 'DISHONEST' });
  });
});
