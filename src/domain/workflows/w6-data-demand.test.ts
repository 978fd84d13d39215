import { describe, expect, it } from 'vitest';
import type { DomainErrorCode } from '../errors.ts';
import { PROFILES } from '../policy/profiles.ts';
import { AUTHORITY, PEOPLE, PROVIDER, TODAY, ctxFor, expectOk, snapshotOf, step, targetAgency, weekdayClock, type PersonName } from '../../../test/support/workflow-fixtures.ts';
import { describeTransitionTable, type Expected } from '../../../test/support/describe-transition-table.ts';
import { demandPublished, demandRefusal, W6_ACTIONS, W6_MESSAGES, W6_STATES, w6DataDemand as w6, type W6Data, type W6Event, type W6Input, type W6State } from './w6-data-demand.ts';
import type { CaseSnapshot, EventType, TransitionContext } from './workflow.ts';

const requester = PEOPLE.applicant;
const INPUT: W6Input = { title: '共享单车停放点位', description: '全市共享单车停放点位及容量', purpose: '慢行交通规划', agency: null };
const NAMED = { ...INPUT, agency: PROVIDER };
const transport = targetAgency();

/** W6's refusal carries every reason, not a legal basis. */
const REJECT: W6Event = { type: 'reject', reasons: ['涉及个人信息', '  ', '数据尚未汇聚'] };
const OWN = { reject: REJECT };

type Options = Parameters<typeof ctxFor>[1];
const ctx = (who: PersonName, options: Options = {}): TransitionContext => ctxFor(PEOPLE[who], { dataset: null, ...options });

function started(input: W6Input = INPUT, options: Options = {}): CaseSnapshot<W6Data> {
  return snapshotOf('W6', w6.start(input, ctx('applicant', { ...(input.agency ? { agency: transport } : {}), ...options })), requester.id, null);
}

const approve: W6Event = { type: 'approve', note: '同意' };
/** The authority's approval naming the provider (`approve C-0001 agency=transport`). */
const forwarded = (s: CaseSnapshot<W6Data>, options: Options = {}) => step(w6, s, approve, ctx('authorityReviewer', { agency: transport, ...options }));

function inState(state: W6State): CaseSnapshot<W6Data> {
  const s = started();
  switch (state) {
    case 'formal_review':
      return s;
    case 'routing':
      return started(INPUT, { profile: PROFILES.suzhou! });
    case 'feasibility':
      return forwarded(s);
    case 'opening':
      return step(w6, forwarded(s), approve, ctx('providerReviewer'));
    case 'published':
      return snapshotOf('W6', demandPublished(inState('opening'), { id: 'DS-0009', code: 'DS-0009', name: '共享单车停放点位' }, 'C-0099'), requester.id, null, inState('opening'));
    case 'rejected':
      return step(w6, s, OWN.reject, ctx('authorityReviewer'));
  }
}

const ALLOWED: Record<W6State, Partial<Record<EventType, Expected<W6State>>>> = {
  // Without agency= the demand names no provider: the authority must name one (T16 转至公共数据开放主体).
  formal_review: {
    approve: { by: 'authorityReviewer', error: 'AGENCY_REQUIRED' },
    reject: { by: 'authorityReviewer', to: 'rejected', action: W6_ACTIONS.reject_formal },
  },
  routing: { approve: { by: 'authorityReviewer', error: 'AGENCY_REQUIRED' } },
  feasibility: {
    approve: { by: 'providerReviewer', to: 'opening', action: W6_ACTIONS.agree },
    reject: { by: 'providerReviewer', to: 'rejected', action: W6_ACTIONS.reject_provider },
  },
  // Opened by publishing the data (W1 `submit … demand=`), not by an approval; still refusable.
  opening: {
    approve: { by: 'providerReviewer', error: 'DEMAND_OPENS_BY_PUBLICATION' },
    reject: { by: 'providerReviewer', to: 'rejected', action: W6_ACTIONS.reject_provider },
  },
  published: {},
  rejected: {},
};

describeTransitionTable<W6Data, W6State, 'reject'>(w6, { states: W6_STATES, allowed: ALLOWED, inState, ctx: { dataset: null }, events: OWN });

describe('W6 roles', () => {
  const staff = (owner: PersonName): Record<PersonName, 'ok' | DomainErrorCode> => ({
    providerReviewer: 'NOT_YOUR_TASK',
    providerColleague: 'NOT_YOUR_TASK',
    authorityReviewer: 'NOT_YOUR_TASK',
    otherProviderReviewer: 'NOT_YOUR_TASK',
    applicant: 'FORBIDDEN_ROLE',
    otherApplicant: 'FORBIDDEN_ROLE',
    authoritySupervisor: 'FORBIDDEN_ROLE',
    providerSupervisor: 'FORBIDDEN_ROLE',
    operator: 'FORBIDDEN_ROLE',
    [owner]: 'ok',
    ...(owner === 'providerReviewer' ? { providerColleague: 'ok' } : {}),
  });
  const rows = [
    ...(['approve', 'reject'] as const).flatMap((event) => Object.entries(staff('authorityReviewer')).map(([who, expected]) => ({ state: 'formal_review' as const, event, who, expected }))),
    ...(['approve', 'reject'] as const).flatMap((event) => Object.entries(staff('providerReviewer')).map(([who, expected]) => ({ state: 'feasibility' as const, event, who, expected }))),
    ...Object.entries(staff('providerReviewer')).map(([who, expected]) => ({ state: 'opening' as const, event: 'reject' as const, who, expected })),
  ];
  it.each(rows)('$state: $event by $who → $expected', ({ state, event, who, expected }) => {
    const e: W6Event = event === 'reject' ? OWN.reject : approve;
    const r = w6.transition(inState(state), e, ctx(who as PersonName, { agency: state === 'formal_review' ? transport : null }));
    if (expected === 'ok') expect(r.ok).toBe(true);
    else expect(r).toMatchObject({ ok: false, error: expected });
  });
});

describe('W6 data demand', () => {
  it("only a verified user files a demand in Tai'an and Suzhou (T16, S23), anyone in Tengzhou and Guangzhou (Z19, G(二)5)", () => {
    const erin = { ...PEOPLE.otherApplicant, verified: false };
    expect(w6.eligible!(ctxFor(erin, { dataset: null }))).toMatchObject({ error: 'DEMAND_NOT_VERIFIED' });
    expect(w6.start(INPUT, ctxFor(erin, { dataset: null }))).toMatchObject({ ok: false, error: 'DEMAND_NOT_VERIFIED' });
    expect(w6.eligible!(ctxFor(erin, { dataset: null, profile: PROFILES.suzhou! }))).toMatchObject({ error: 'DEMAND_NOT_VERIFIED' });
    expect(w6.eligible!(ctx('applicant'))).toBeNull();
    for (const city of ['tengzhou', 'guangzhou'])
      expect(w6.start(INPUT, ctxFor(erin, { dataset: null, profile: PROFILES[city]! }))).toMatchObject({ ok: true, state: city === 'tengzhou' ? 'formal_review' : 'routing' });
  });

  it("Tai'an: formal review 5 wd, the provider's study 10 wd, the data opened within 20 wd of its answer (T16)", () => {
    const { clock, calls } = weekdayClock();
    const s = started(INPUT, { clock });
    expect(s).toMatchObject({ state: 'formal_review', assignee: { agencyId: AUTHORITY.id, role: 'reviewer' }, deadline: { startedOn: TODAY, workingDays: 5, dueOn: '2026-03-09' } });
    const f = forwarded(s, { today: '2026-03-05', clock });
    expect(f).toMatchObject({ state: 'feasibility', assignee: { agencyId: PROVIDER, role: 'reviewer' }, deadline: { startedOn: '2026-03-05', workingDays: 10 } });
    expect(f.data.provider).toEqual({ agencyId: PROVIDER, name: '市交通运输局' });
    const o = step(w6, f, approve, ctx('providerReviewer', { today: '2026-03-12', clock }));
    expect(o).toMatchObject({ state: 'opening', assignee: { agencyId: PROVIDER }, deadline: { startedOn: '2026-03-12', workingDays: 20 } });
    expect(calls.map((c) => c.workingDays)).toEqual([5, 10, 20]);
  });

  it('Tengzhou: 10 + 15 wd (Z19), the opening as Tai\'an\'s', () => {
    const tz = { profile: PROFILES.tengzhou! };
    const s = started(NAMED, tz);
    expect(s.deadline?.workingDays).toBe(10);
    // The demand named its provider: the formal review passes it on without agency=.
    const f = step(w6, s, approve, ctx('authorityReviewer', tz));
    expect(f.deadline?.workingDays).toBe(15);
    expect(step(w6, f, approve, ctx('providerReviewer', tz)).deadline?.workingDays).toBe(20);
  });

  it('Suzhou: no formal review; the provider answers within 10 wd of receipt (S23), routed by the authority when no agency is named', () => {
    const sz = { profile: PROFILES.suzhou! };
    const direct = started(NAMED, sz);
    expect(direct).toMatchObject({ state: 'feasibility', assignee: { agencyId: PROVIDER }, deadline: { startedOn: TODAY, workingDays: 10, dueOn: '2026-03-16' } });
    const routed = started(INPUT, sz);
    // Routing spends the provider's days from receipt: the same due day whoever holds the demand.
    expect(routed).toMatchObject({ state: 'routing', assignee: { agencyId: AUTHORITY.id }, deadline: { startedOn: TODAY, workingDays: 10, dueOn: '2026-03-16' } });
    const f = forwarded(routed, { ...sz, today: '2026-03-04' });
    expect(f).toMatchObject({ state: 'feasibility', assignee: { agencyId: PROVIDER }, deadline: { startedOn: TODAY, workingDays: 10, dueOn: '2026-03-16' } });
    expect(step(w6, f, approve, ctx('providerReviewer', { ...sz, today: '2026-03-10' })).deadline).toMatchObject({ startedOn: '2026-03-10', workingDays: 20 });
  });

  it('Guangzhou: from receipt, a refusal due within 5 wd and the data within 20 wd (G(二)5)', () => {
    const gz = { profile: PROFILES.guangzhou! };
    const s = started(NAMED, gz);
    expect(s).toMatchObject({ state: 'feasibility', deadline: { startedOn: TODAY, workingDays: 5, dueOn: '2026-03-09' } });
    // Agreed on the fourth day: the 20 wd still count from receipt, covering the answer too.
    const o = step(w6, s, approve, ctx('providerReviewer', { ...gz, today: '2026-03-05' }));
    expect(o).toMatchObject({ state: 'opening', deadline: { startedOn: TODAY, workingDays: 20, dueOn: '2026-03-30' } });
  });

  it('the authority names a provider, never itself; the provider cannot reroute', () => {
    const s = started();
    expect(w6.transition(s, approve, ctx('authorityReviewer', { agency: targetAgency({ id: AUTHORITY.id, kind: 'authority' }) }))).toMatchObject({ error: 'AGENCY_IS_AUTHORITY', field: 'agency' });
    const f = forwarded(s);
    expect(w6.transition(f, approve, ctx('providerReviewer', { agency: targetAgency({ id: 'ag-health' }) }))).toMatchObject({ error: 'AGENCY_BY_AUTHORITY', field: 'agency' });
    expect(w6.start({ ...INPUT, agency: 'nobody' }, ctx('applicant'))).toMatchObject({ error: 'AGENCY_UNKNOWN', field: 'agency' });
  });

  it('a refusal gives every reason at once, to the requester and the followers', () => {
    const t = expectOk(w6.transition(forwarded(started()), OWN.reject, ctx('providerReviewer')));
    expect(t.data.rejection).toEqual({ at: 'feasibility', reasons: ['涉及个人信息', '数据尚未汇聚'] });
    expect(t.effects).toEqual([
      { type: 'notify', to: { kind: 'user', userId: requester.id }, message: W6_MESSAGES.rejected, params: expect.objectContaining({ reasons: '1. 涉及个人信息\n2. 数据尚未汇聚' }) },
      { type: 'notify', to: { kind: 'followers', caseId: expect.any(String) }, message: W6_MESSAGES.rejected, params: expect.objectContaining({ reasons: '1. 涉及个人信息\n2. 数据尚未汇聚' }) },
    ]);
    expect(w6.transition(forwarded(started()), { type: 'reject', reasons: [' '] }, ctx('providerReviewer'))).toMatchObject({ error: 'REFUSAL_REASONS_REQUIRED', field: 'reasons' });
  });

  it('a W1 entry may be filed for a demand only while it waits to be opened, by its provider', () => {
    const opening = inState('opening');
    expect(demandRefusal(opening, opening.id, PROVIDER)).toBeNull();
    expect(demandRefusal(opening, opening.id, 'ag-health')).toMatchObject({ error: 'NOT_YOUR_TASK' });
    expect(demandRefusal(inState('feasibility'), 'C-0001', PROVIDER)).toMatchObject({ error: 'DEMAND_NOT_OPENING' });
    expect(demandRefusal(null, 'C-0404', PROVIDER)).toMatchObject({ error: 'DEMAND_UNKNOWN', field: 'demand' });
    expect(demandRefusal({ ...opening, workflow: 'W7' }, opening.id, PROVIDER)).toMatchObject({ error: 'DEMAND_UNKNOWN' });
  });

  it('published: the requester and the followers are told the dataset code', () => {
    const t = demandPublished(inState('opening'), { id: 'DS-0009', code: 'DS-0009', name: '共享单车停放点位' }, 'C-0099');
    expect(t).toMatchObject({ state: 'published', assignee: null, deadline: null, action: W6_ACTIONS.published, detail: { datasetCode: 'DS-0009', by: 'C-0099' } });
    expect(t.effects.map((e) => (e.type === 'notify' ? [e.to.kind, e.message, e.params.datasetCode] : null))).toEqual([
      ['user', W6_MESSAGES.published, 'DS-0009'],
      ['followers', W6_MESSAGES.published, 'DS-0009'],
    ]);
  });

  it('is public, and shows its title where a dataset would be', () => {
    expect(w6.visibility).toBe('public');
    expect(w6.subject!(started().data)).toBe(INPUT.title);
  });
});
