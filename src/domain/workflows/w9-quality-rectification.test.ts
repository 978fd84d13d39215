import { describe, expect, it } from 'vitest';
import { describeTransitionTable } from '../../../test/support/describe-transition-table.ts';
import { AUTHORITY, EVENTS, PEOPLE, PROVIDER, ctxFor, dataset, expectOk, snapshotOf, step, weekdayClock, type PersonName } from '../../../test/support/workflow-fixtures.ts';
import type { WorkflowEvent } from './workflow.ts';
import { PROFILES } from '../policy/profiles.ts';
import { W9_STATES, w9QualityRectification as w9, type W9Data, type W9Event } from './w9-quality-rectification.ts';
import type { DomainErrorCode } from '../errors.ts';

type W9State = (typeof W9_STATES)[number];

const bureau = ctxFor(PEOPLE.authorityReviewer);
const provider = ctxFor(PEOPLE.providerReviewer);
const REPORT = { type: 'report', done: '已更正坐标，补充更新时间字段' } as const;
const opened = (delist: boolean | null = null) =>
  snapshotOf('W9', w9.start({ problems: ['坐标有误', '缺少更新时间'], delist }, bureau), PEOPLE.authorityReviewer.id, 'DS-0001');
const reported = (delist: boolean | null = null) => step(w9, opened(delist), REPORT, provider);

describeTransitionTable<W9Data, W9State, 'report'>(w9, {
  states: W9_STATES,
  allowed: {
    rectification: { report: { by: 'providerReviewer', to: 'report_review', action: 'W9.report' } },
    report_review: {
      approve: { by: 'authorityReviewer', to: 'rectified', action: 'W9.close' },
      return: { by: 'authorityReviewer', to: 'rectification', action: 'W9.return' },
    },
    rectified: {},
  },
  // Each waiting state as the workflow leaves it: the provider owes the rectification, the authority the review.
  inState: (state) => (state === 'rectification' ? opened() : { ...reported(), state }),
  events: { report: REPORT },
});

describe('W9 quality rectification (S16, T10, T12, B45)', () => {
  it('the authority opens it with every problem at once; the provider verifies and corrects within S16’s 10 working days', () => {
    const { clock, calls } = weekdayClock();
    const t = expectOk(w9.start({ problems: [' 坐标有误 ', '', '缺少更新时间'], delist: null }, ctxFor(PEOPLE.authorityReviewer, { clock })));
    expect(t).toMatchObject({ state: 'rectification', assignee: { agencyId: PROVIDER, role: 'reviewer' }, deadline: { workingDays: 10, dueOn: '2026-03-16' } });
    expect(calls).toEqual([{ startedOn: '2026-03-02', workingDays: 10 }]);
    expect(t.data).toMatchObject({ problems: ['坐标有误', '缺少更新时间'], delisted: false, reports: [] });
    expect(t.effects).toEqual([
      {
        type: 'notify',
        to: { kind: 'agency', agencyId: PROVIDER, role: 'reviewer' },
        message: 'notify.w9.assigned',
        params: { datasetCode: 'DS-0001', datasetName: '公交线路', problems: '1. 坐标有误\n2. 缺少更新时间', count: 2, dueOn: '2026-03-16' },
      },
    ]);
    expect(t.detail).toEqual({ datasetId: 'DS-0001', problems: '1. 坐标有误\n2. 缺少更新时间' });
  });

  it('every city gives the provider 10 working days and the authority 2 to review the report', () => {
    for (const profile of Object.values(PROFILES)) {
      const { clock, calls } = weekdayClock();
      const s = snapshotOf('W9', w9.start({ problems: ['x'], delist: null }, ctxFor(PEOPLE.authorityReviewer, { profile, clock })), 'u-bureau', 'DS-0001');
      w9.transition(s, REPORT, ctxFor(PEOPLE.providerReviewer, { profile, clock }));
      expect(calls.map((c) => c.workingDays), profile.id).toEqual([10, 2]);
    }
  });

  it('with delist=yes the data leaves the catalog at once, as W4 delists it, and its audience is told why', () => {
    const t = expectOk(w9.start({ problems: ['坐标有误'], delist: true }, bureau));
    expect(t.data.delisted).toBe(true);
    expect(t.detail).toMatchObject({ delist: 'yes' });
    expect(t.effects).toEqual([
      expect.objectContaining({ type: 'notify', to: { kind: 'agency', agencyId: PROVIDER, role: 'reviewer' }, message: 'notify.w9.assigned_delisted' }),
      { type: 'notify', to: { kind: 'datasetAudience', datasetId: 'DS-0001' }, message: 'notify.w9.audience_delisted', params: { datasetCode: 'DS-0001', datasetName: '公交线路' } },
      { type: 'closeCases', datasetId: 'DS-0001', workflows: ['W5', 'W4', 'W2', 'W2R', 'W3', 'W13'], reason: '1. 坐标有误' },
      { type: 'delistDataset', datasetId: 'DS-0001' },
    ]);
  });

  it('the provider’s report goes to the authority’s reviewers on its own clock; a report says what was done', () => {
    const s = opened();
    expect(w9.transition(s, { type: 'report', done: '  ' } as W9Event as WorkflowEvent, provider)).toMatchObject({ ok: false, error: 'INVALID_INPUT', field: 'done' });
    const t = expectOk(w9.transition(s, REPORT as W9Event as WorkflowEvent, provider));
    expect(t).toMatchObject({ state: 'report_review', assignee: { agencyId: AUTHORITY.id, role: 'reviewer' }, deadline: { workingDays: 2 }, detail: { done: REPORT.done } });
    expect(t.data.reports).toEqual([REPORT.done]);
    expect(t.effects).toEqual([
      expect.objectContaining({ to: { kind: 'agency', agencyId: AUTHORITY.id, role: 'reviewer' }, message: 'notify.w9.reported', params: expect.objectContaining({ caseId: s.id, done: REPORT.done }) }),
    ]);
  });

  it('a return sends it back to the provider with every reason at once and a new 10-day clock from today', () => {
    const { clock, calls } = weekdayClock();
    const s = reported();
    const t = expectOk(w9.transition(s, EVENTS.return, ctxFor(PEOPLE.authorityReviewer, { clock, today: '2026-03-09' })));
    expect(t).toMatchObject({ state: 'rectification', assignee: { agencyId: PROVIDER, role: 'reviewer' }, deadline: { startedOn: '2026-03-09', workingDays: 10 } });
    expect(calls).toEqual([{ startedOn: '2026-03-09', workingDays: 10 }]);
    expect(t.data.reasons).toEqual(['缺少数据字典', '更新频率与实际不符']);
    expect(t.effects).toEqual([expect.objectContaining({ message: 'notify.w9.returned', params: expect.objectContaining({ count: 2, reasons: '1. 缺少数据字典\n2. 更新频率与实际不符' }) })]);
    expect(w9.transition(s, { type: 'return', reasons: [' '] }, bureau)).toMatchObject({ ok: false, error: 'REASONS_REQUIRED' });
    // Reported again, the new report joins the first.
    const again = step(w9, snapshotOf('W9', t, s.applicantId, s.datasetId, s), { type: 'report', done: '已补充数据字典' } as W9Event as WorkflowEvent, provider);
    expect((again.data as W9Data).reports).toEqual([REPORT.done, '已补充数据字典']);
  });

  it('closing leaves data that was not delisted as it is', () => {
    const t = expectOk(w9.transition(reported(), EVENTS.approve, bureau));
    expect(t.effects.map((e) => e.type)).toEqual(['notify']);
    expect(t.effects[0]).toMatchObject({ message: 'notify.w9.closed' });
  });

  it('closing publishes again the data this task delisted (T10 整改完成后重新发布), and tells its audience', () => {
    const t = expectOk(w9.transition(reported(true), EVENTS.approve, ctxFor(PEOPLE.authorityReviewer, { dataset: dataset({ status: 'delisted' }) })));
    expect(t.effects).toEqual([
      expect.objectContaining({ to: { kind: 'agency', agencyId: PROVIDER, role: 'reviewer' }, message: 'notify.w9.closed_republished' }),
      { type: 'publishDataset', datasetId: 'DS-0001' },
      expect.objectContaining({ to: { kind: 'datasetAudience', datasetId: 'DS-0001' }, message: 'notify.w9.audience_republished' }),
    ]);
    // Published again meanwhile by someone else: nothing to put back.
    expect(expectOk(w9.transition(reported(true), EVENTS.approve, bureau)).effects.map((e) => e.type)).toEqual(['notify']);
  });

  // Every person the fixtures know, for each thing done to a rectification: who may, and why the others may not.
  const opening: Record<PersonName, 'ok' | DomainErrorCode> = {
    authorityReviewer: 'ok',
    providerReviewer: 'FORBIDDEN_ROLE',
    providerColleague: 'FORBIDDEN_ROLE',
    otherProviderReviewer: 'FORBIDDEN_ROLE',
    applicant: 'FORBIDDEN_ROLE',
    otherApplicant: 'FORBIDDEN_ROLE',
    authoritySupervisor: 'FORBIDDEN_ROLE',
    providerSupervisor: 'FORBIDDEN_ROLE',
    operator: 'FORBIDDEN_ROLE',
  };
  const reporting: Record<PersonName, 'ok' | DomainErrorCode> = {
    providerReviewer: 'ok',
    providerColleague: 'ok',
    authorityReviewer: 'NOT_YOUR_TASK',
    otherProviderReviewer: 'NOT_YOUR_TASK',
    applicant: 'FORBIDDEN_ROLE',
    otherApplicant: 'FORBIDDEN_ROLE',
    authoritySupervisor: 'FORBIDDEN_ROLE',
    providerSupervisor: 'FORBIDDEN_ROLE',
    operator: 'FORBIDDEN_ROLE',
  };
  const reviewing: Record<PersonName, 'ok' | DomainErrorCode> = {
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
  const people = Object.keys(PEOPLE) as PersonName[];

  it.each(people)('rectify by %s', (person) => {
    const want = opening[person];
    const ctx = ctxFor(PEOPLE[person]);
    const r = w9.start({ problems: ['x'], delist: null }, ctx);
    if (want === 'ok') expect(expectOk(r).state).toBe('rectification');
    else {
      expect(w9.eligible!(ctx)).toMatchObject({ ok: false, error: want });
      expect(r).toMatchObject({ ok: false, error: want });
    }
  });

  const decisions = people.flatMap((person) => [
    { verb: 'report', person, from: opened, event: REPORT as W9Event as WorkflowEvent, want: reporting[person], to: 'report_review' },
    { verb: 'approve', person, from: reported, event: EVENTS.approve as WorkflowEvent, want: reviewing[person], to: 'rectified' },
    { verb: 'return', person, from: reported, event: EVENTS.return as WorkflowEvent, want: reviewing[person], to: 'rectification' },
  ]);
  it.each(decisions)('$verb by $person → $want', ({ person, from, event, want, to }) => {
    const r = w9.transition(from(), event, ctxFor(PEOPLE[person]));
    if (want === 'ok') expect(expectOk(r).state).toBe(to);
    else expect(r).toMatchObject({ ok: false, error: want });
  });

  it('needs a problem, and open data to take down', () => {
    expect(w9.start({ problems: [' '], delist: null }, bureau)).toMatchObject({ ok: false, error: 'INVALID_INPUT', field: 'problems' });
    const delisted = ctxFor(PEOPLE.authorityReviewer, { dataset: dataset({ status: 'delisted' }) });
    // Data already off the catalog is rectified where it is; it cannot be taken down again.
    expect(expectOk(w9.start({ problems: ['x'], delist: null }, delisted)).effects.map((e) => e.type)).toEqual(['notify']);
    expect(w9.start({ problems: ['x'], delist: true }, delisted)).toMatchObject({ ok: false, error: 'DATASET_NOT_PUBLISHED', field: 'delist' });
    expect(w9.start({ problems: ['x'], delist: null }, ctxFor(PEOPLE.authorityReviewer, { dataset: dataset({ status: 'pending' }) }))).toMatchObject({
      ok: false,
      error: 'DATASET_NOT_PUBLISHED',
    });
    expect(w9.start({ problems: ['x'], delist: null }, ctxFor(PEOPLE.authorityReviewer, { dataset: null }))).toMatchObject({ ok: false, error: 'DATASET_NOT_PUBLISHED' });
  });
});
