import { describe, expect, it } from 'vitest';
import { describeTransitionTable } from '../../../test/support/describe-transition-table.ts';
import { AUTHORITY, PEOPLE, PROVIDER, ctxFor, dataset, expectOk, snapshotOf, step, weekdayClock, type PersonName } from '../../../test/support/workflow-fixtures.ts';
import type { WorkflowEvent } from './workflow.ts';
import { PROFILES } from '../policy/profiles.ts';
import { W8_STATES, w8RightsComplaint as w8, type W8Data, type W8Event, type W8State } from './w8-rights-complaint.ts';
import type { DomainErrorCode } from '../errors.ts';

const provider = ctxFor(PEOPLE.providerReviewer);
const delisted = ctxFor(PEOPLE.providerReviewer, { dataset: dataset({ status: 'delisted' }) });
const WITHDRAW = { type: 'withdraw', reason: '经核实含可识别个人的出行记录' } as const;
const REOPEN = { type: 'reopen', treatment: '已对站点客流做聚合处理' } as const;
const KEEP = { type: 'keep', reason: '数据已脱敏，不能识别个人' } as const;
const as = (e: W8Event) => e as WorkflowEvent;

// An unverified person, as S38 lets anyone complain.
const unverified = { ...PEOPLE.otherApplicant, verified: false };
const filed = () => snapshotOf('W8', w8.start({ kind: 'privacy', text: '站点客流明细可识别到我的出行' }, ctxFor(unverified)), unverified.id, 'DS-0001');
const withdrawn = () => step(w8, filed(), as(WITHDRAW), provider);

describeTransitionTable<W8Data, W8State, 'withdraw' | 'reopen' | 'keep'>(w8, {
  states: W8_STATES,
  allowed: {
    verification: {
      withdraw: { by: 'providerReviewer', to: 'withdrawn', action: 'W8.withdraw' },
      reopen: { by: 'providerReviewer', to: 'reopened', action: 'W8.reopen' },
      keep: { by: 'providerReviewer', to: 'kept', action: 'W8.keep' },
    },
    withdrawn: { reopen: { by: 'providerReviewer', to: 'reopened', action: 'W8.republish' } },
    reopened: {},
    kept: {},
  },
  inState: (state) => (state === 'verification' ? filed() : state === 'withdrawn' ? withdrawn() : { ...withdrawn(), state }),
  events: { withdraw: WITHDRAW, reopen: REOPEN, keep: KEEP },
});

describe('W8 rights complaint (S38)', () => {
  it('anyone complains, verified or not; the provider verifies at once and the complainant is told when it answers', () => {
    const { clock, calls } = weekdayClock();
    const t = expectOk(w8.start({ kind: 'trade-secret', text: ' 含本公司未公开的运营数据 ' }, ctxFor(unverified, { clock })));
    expect(t).toMatchObject({ state: 'verification', assignee: { agencyId: PROVIDER, role: 'reviewer' }, deadline: { workingDays: 1, dueOn: '2026-03-03' } });
    expect(calls).toEqual([{ startedOn: '2026-03-02', workingDays: 1 }]);
    expect(t.data).toMatchObject({ kind: 'trade-secret', text: '含本公司未公开的运营数据', withdrawn: false });
    const told = { datasetCode: 'DS-0001', datasetName: '公交线路', kindLabel: 'forms.w8.kind.options.trade-secret', dueOn: '2026-03-03' };
    expect(t.effects).toEqual([
      { type: 'notify', to: { kind: 'user', userId: unverified.id }, message: 'notify.w8.submitted', params: told },
      { type: 'notify', to: { kind: 'agency', agencyId: PROVIDER, role: 'reviewer' }, message: 'notify.w8.assigned', params: { ...told, text: '含本公司未公开的运营数据' } },
    ]);
    expect(t.detail).toEqual({ datasetId: 'DS-0001', kind: 'trade-secret' });
    expect(w8.facts!(t.data)).toEqual({ kind: 'trade-secret', text: '含本公司未公开的运营数据' });
  });

  it('every city verifies in 1 working day (S38 立即核实), with a ladder that climbs a working day apart', () => {
    for (const profile of Object.values(PROFILES)) {
      const { clock, calls } = weekdayClock();
      w8.start({ kind: 'privacy', text: 'x' }, ctxFor(PEOPLE.applicant, { profile, clock }));
      expect(calls.map((c) => c.workingDays), profile.id).toEqual([1]);
      expect(profile.reminders.stepEscalation?.['W8.verification']).toEqual({
        escalation: [
          { to: 'agency_supervisor', afterWorkingDays: 1 },
          { to: 'authority_supervisor', afterWorkingDays: 1 },
        ],
        source: expect.stringMatching(/^S38/),
      });
    }
  });

  it('complaints are on open data, with the facts', () => {
    expect(w8.start({ kind: 'privacy', text: '  ' }, ctxFor(unverified))).toMatchObject({ ok: false, error: 'INVALID_INPUT', field: 'text' });
    for (const status of ['pending', 'delisted'] as const)
      expect(w8.start({ kind: 'privacy', text: 'x' }, ctxFor(unverified, { dataset: dataset({ status }) }))).toMatchObject({ ok: false, error: 'DATASET_NOT_PUBLISHED' });
    expect(w8.start({ kind: 'privacy', text: 'x' }, ctxFor(unverified, { dataset: null }))).toMatchObject({ ok: false, error: 'DATASET_NOT_PUBLISHED' });
  });

  it('withdraw takes the data off the catalog as W4 does, tells the complainant and alerts the authority to the remedy (立即补救)', () => {
    const s = filed();
    expect(w8.transition(s, as({ type: 'withdraw', reason: ' ' }), provider)).toMatchObject({ ok: false, error: 'REASONS_REQUIRED', field: 'reason' });
    const t = expectOk(w8.transition(s, as(WITHDRAW), provider));
    expect(t).toMatchObject({ state: 'withdrawn', assignee: null, deadline: null, detail: { reason: WITHDRAW.reason } });
    expect(t.data).toMatchObject({ reason: WITHDRAW.reason, withdrawn: true });
    const told = { caseId: s.id, datasetCode: 'DS-0001', datasetName: '公交线路', kindLabel: 'forms.w8.kind.options.privacy', reason: WITHDRAW.reason };
    expect(t.effects).toEqual([
      { type: 'notify', to: { kind: 'datasetAudience', datasetId: 'DS-0001' }, message: 'notify.w8.audience_withdrawn', params: told },
      { type: 'closeCases', datasetId: 'DS-0001', workflows: ['W5', 'W4', 'W2', 'W2R', 'W3', 'W13'], reason: WITHDRAW.reason },
      { type: 'delistDataset', datasetId: 'DS-0001' },
      { type: 'notify', to: { kind: 'user', userId: unverified.id }, message: 'notify.w8.withdrawn', params: told },
      { type: 'notify', to: { kind: 'agency', agencyId: AUTHORITY.id, role: 'reviewer' }, message: 'notify.w8.remediate', params: { ...told, text: '站点客流明细可识别到我的出行' } },
    ]);
    // Taken down meanwhile (a W4 delisting): the withdrawal is recorded, the remedy still called for, nothing delisted twice.
    const already = expectOk(w8.transition(s, as(WITHDRAW), delisted));
    expect(already.effects.map((e) => (e.type === 'notify' ? e.message : e.type))).toEqual(['notify.w8.withdrawn', 'notify.w8.remediate']);
    expect(already.data.withdrawn).toBe(false);
  });

  it('reopen after a withdrawal publishes the treated data again and tells its audience and the complainant', () => {
    const s = withdrawn();
    expect(w8.transition(s, as({ type: 'reopen', treatment: '' }), delisted)).toMatchObject({ ok: false, error: 'INVALID_INPUT', field: 'treatment' });
    const t = expectOk(w8.transition(s, as(REOPEN), delisted));
    expect(t).toMatchObject({ state: 'reopened', assignee: null, detail: { treatment: REOPEN.treatment, republished: 'yes' } });
    expect(t.effects).toEqual([
      expect.objectContaining({ to: { kind: 'user', userId: unverified.id }, message: 'notify.w8.republished', params: expect.objectContaining({ treatment: REOPEN.treatment }) }),
      { type: 'publishDataset', datasetId: 'DS-0001' },
      expect.objectContaining({ to: { kind: 'datasetAudience', datasetId: 'DS-0001' }, message: 'notify.w8.audience_republished' }),
    ]);
    // Published again meanwhile by someone else: nothing to put back.
    expect(expectOk(w8.transition(s, as(REOPEN), provider)).effects.map((e) => e.type)).toEqual(['notify']);
  });

  it('reopen at verification records the treatment and the data stays open; keep says why; both only while it is open', () => {
    const s = filed();
    const treated = expectOk(w8.transition(s, as(REOPEN), provider));
    expect(treated).toMatchObject({ state: 'reopened', data: { treatment: REOPEN.treatment }, detail: { treatment: REOPEN.treatment } });
    expect(treated.effects).toEqual([expect.objectContaining({ to: { kind: 'user', userId: unverified.id }, message: 'notify.w8.reopened' })]);
    const kept = expectOk(w8.transition(s, as(KEEP), provider));
    expect(kept).toMatchObject({ state: 'kept', data: { reason: KEEP.reason }, detail: { reason: KEEP.reason } });
    expect(kept.effects).toEqual([expect.objectContaining({ to: { kind: 'user', userId: unverified.id }, message: 'notify.w8.kept', params: expect.objectContaining({ reason: KEEP.reason }) })]);
    expect(w8.transition(s, as({ type: 'keep', reason: ' ' }), provider)).toMatchObject({ ok: false, error: 'REASONS_REQUIRED', field: 'reason' });
    for (const e of [REOPEN, KEEP]) expect(w8.transition(s, as(e), delisted)).toMatchObject({ ok: false, error: 'DATASET_NOT_PUBLISHED' });
  });

  // Every person the fixtures know: who may complain, and who may decide a complaint.
  const people = Object.keys(PEOPLE) as PersonName[];
  const deciding: Record<PersonName, 'ok' | DomainErrorCode> = {
    providerReviewer: 'ok',
    providerColleague: 'ok',
    otherProviderReviewer: 'NOT_YOUR_TASK',
    authorityReviewer: 'NOT_YOUR_TASK',
    applicant: 'FORBIDDEN_ROLE',
    otherApplicant: 'FORBIDDEN_ROLE',
    authoritySupervisor: 'FORBIDDEN_ROLE',
    providerSupervisor: 'FORBIDDEN_ROLE',
    operator: 'FORBIDDEN_ROLE',
  };

  it.each(people)('complain by %s: anyone', (person) => {
    const ctx = ctxFor({ ...PEOPLE[person], verified: false });
    expect(w8.eligible!(ctx)).toBeNull();
    expect(expectOk(w8.start({ kind: 'other', text: 'x' }, ctx)).state).toBe('verification');
  });

  const decisions = people.flatMap((person) => [
    { verb: 'withdraw', person, from: filed, event: as(WITHDRAW), ctx: ctxFor(PEOPLE[person]), to: 'withdrawn' },
    { verb: 'reopen', person, from: filed, event: as(REOPEN), ctx: ctxFor(PEOPLE[person]), to: 'reopened' },
    { verb: 'keep', person, from: filed, event: as(KEEP), ctx: ctxFor(PEOPLE[person]), to: 'kept' },
    { verb: 'reopen (withdrawn)', person, from: withdrawn, event: as(REOPEN), ctx: ctxFor(PEOPLE[person], { dataset: dataset({ status: 'delisted' }) }), to: 'reopened' },
  ]);
  it.each(decisions)('$verb by $person', ({ person, from, event, ctx, to }) => {
    const want = deciding[person];
    const r = w8.transition(from(), event, ctx);
    if (want === 'ok') expect(expectOk(r).state).toBe(to);
    else expect(r).toMatchObject({ ok: false, error: want });
  });
});
