import { describe, expect, it } from 'vitest';
import { describeTransitionTable } from '../../../test/support/describe-transition-table.ts';
import { PEOPLE, PLATFORM, PROVIDER, ctxFor, dataset, expectOk, snapshotOf, step, weekdayClock } from '../../../test/support/workflow-fixtures.ts';
import { PROFILES } from '../policy/profiles.ts';
import { W13_STATES, w13DataFreshness as w13, type W13Data } from './w13-data-freshness.ts';

type W13State = (typeof W13_STATES)[number];

const UPDATED = { type: 'updated', on: null } as const;
const opened = () => snapshotOf('W13', w13.start({ on: null }, ctxFor(PLATFORM)), PLATFORM.id, 'DS-0001');

describeTransitionTable<W13Data, W13State, 'updated'>(w13, {
  states: W13_STATES,
  allowed: {
    update_due: { updated: { by: 'providerReviewer', to: 'updated', action: 'W13.updated' } },
    updated: {},
  },
  inState: (state) => (state === 'update_due' ? opened() : { ...opened(), state }),
  events: { updated: UPDATED },
});

describe('W13 data freshness (T12, S16)', () => {
  it('the platform opens it for the provider, with 5 working days (no article sets days) and the data of the due update', () => {
    const { clock, calls } = weekdayClock();
    // Monthly data last updated on 1 February: due on 1 March, opened on 2 March.
    const t = expectOk(w13.start({ on: null }, ctxFor(PLATFORM, { clock, dataset: dataset({ lastUpdatedOn: '2026-02-01' }) })));
    expect(t).toMatchObject({ state: 'update_due', assignee: { agencyId: PROVIDER, role: 'reviewer' }, deadline: { workingDays: 5, dueOn: '2026-03-09' } });
    expect(calls).toEqual([{ startedOn: '2026-03-02', workingDays: 5 }]);
    expect(t.data).toEqual({
      dataset: { id: 'DS-0001', code: 'DS-0001', name: '公交线路', providerAgencyId: PROVIDER },
      frequency: 'monthly',
      lastUpdatedOn: '2026-02-01',
      dueOn: '2026-03-01',
      updatedOn: null,
    });
    expect(t.effects).toEqual([
      {
        type: 'notify',
        to: { kind: 'agency', agencyId: PROVIDER, role: 'reviewer' },
        message: 'notify.w13.due',
        params: { datasetCode: 'DS-0001', datasetName: '公交线路', lastUpdatedOn: '2026-02-01', frequencyLabel: 'forms.w1.frequency.options.monthly', dueOn: '2026-03-09' },
      },
    ]);
    expect(t.detail).toEqual({ datasetId: 'DS-0001', lastUpdatedOn: '2026-02-01', updateDueOn: '2026-03-01' });
  });

  it('every city has the step, with its source named', () => {
    for (const profile of Object.values(PROFILES)) {
      const { clock, calls } = weekdayClock();
      expectOk(w13.start({ on: null }, ctxFor(PLATFORM, { profile, clock })));
      expect(calls.map((c) => c.workingDays), profile.id).toEqual([5]);
      expect(profile.steps.W13?.[0]?.clockSource, profile.id).toMatch(/sets no days/);
    }
  });

  it('nobody but the platform opens one for an update due, and only on published data with one due', () => {
    expect(w13.start({ on: null }, ctxFor(PEOPLE.operator))).toMatchObject({ ok: false, error: 'FORBIDDEN_ROLE' });
    expect(w13.start({ on: null }, ctxFor(PLATFORM, { dataset: dataset({ status: 'delisted' }) }))).toMatchObject({ ok: false, error: 'DATASET_NOT_PUBLISHED' });
    expect(w13.start({ on: null }, ctxFor(PLATFORM, { dataset: dataset({ updateFrequency: 'archived' }) }))).toMatchObject({ ok: false, error: 'NOT_OPEN' });
  });

  it('the provider records the update, today by default or on a day given; it becomes the dataset’s last update', () => {
    const today = expectOk(w13.transition(opened(), UPDATED, ctxFor(PEOPLE.providerReviewer)));
    expect(today).toMatchObject({ state: 'updated', assignee: null, deadline: null, data: { updatedOn: '2026-03-02' }, detail: { updatedOn: '2026-03-02' } });
    expect(today.effects).toEqual([{ type: 'recordUpdate', datasetId: 'DS-0001', on: '2026-03-02' }]);
    const onDay = { type: 'updated', on: '2026-02-20' } as const;
    const given = step(w13, opened(), onDay, ctxFor(PEOPLE.providerColleague));
    expect(given.data.updatedOn).toBe('2026-02-20');
  });

  it('the provider’s officer records an update nobody asked for yet: the case opens done, the next counts from it', () => {
    const t = expectOk(w13.start({ on: '2026-02-20' }, ctxFor(PEOPLE.providerReviewer, { dataset: dataset({ lastUpdatedOn: '2026-02-01' }) })));
    expect(t).toMatchObject({ state: 'updated', assignee: null, deadline: null, action: 'W13.updated' });
    expect(t.data).toEqual({
      dataset: { id: 'DS-0001', code: 'DS-0001', name: '公交线路', providerAgencyId: PROVIDER },
      frequency: 'monthly',
      lastUpdatedOn: '2026-02-01',
      dueOn: '2026-03-01',
      updatedOn: '2026-02-20',
    });
    expect(t.effects).toEqual([{ type: 'recordUpdate', datasetId: 'DS-0001', on: '2026-02-20' }]);
    expect(t.detail).toEqual({ datasetId: 'DS-0001', lastUpdatedOn: '2026-02-01', updatedOn: '2026-02-20' });
    // Today when no day is given; archived data, which owes none, may still record one.
    expect(expectOk(w13.start({ on: null }, ctxFor(PEOPLE.providerColleague, { dataset: dataset({ updateFrequency: 'archived' }) }))).data.updatedOn).toBe('2026-03-02');
    // The update already recorded, typed again, is no new one.
    expect(w13.start({ on: '2026-02-01' }, ctxFor(PEOPLE.providerReviewer, { dataset: dataset({ lastUpdatedOn: '2026-02-01' }) }))).toMatchObject({ ok: false, error: 'UPDATE_ALREADY_RECORDED' });
    // The same days are refused as on a case; nobody outside the provider records one.
    expect(w13.start({ on: '2026-03-03' }, ctxFor(PEOPLE.providerReviewer))).toMatchObject({ ok: false, error: 'UPDATE_DATE_OUT_OF_RANGE', field: 'on' });
    expect(w13.start({ on: '2025-12-31' }, ctxFor(PEOPLE.providerReviewer))).toMatchObject({ ok: false, error: 'UPDATE_DATE_OUT_OF_RANGE', field: 'on' });
    for (const who of ['otherProviderReviewer', 'authorityReviewer', 'providerSupervisor', 'applicant'] as const)
      expect(w13.start({ on: null }, ctxFor(PEOPLE[who])), who).toMatchObject({ ok: false, error: 'FORBIDDEN_ROLE' });
    expect(w13.start({ on: null }, ctxFor(PEOPLE.providerReviewer, { dataset: dataset({ status: 'delisted' }) }))).toMatchObject({ ok: false, error: 'DATASET_NOT_PUBLISHED' });
  });

  it('refuses a day to come, one before the last update, and anyone outside the provider', () => {
    expect(w13.transition(opened(), { type: 'updated', on: '2026-03-03' }, ctxFor(PEOPLE.providerReviewer))).toMatchObject({ ok: false, error: 'UPDATE_DATE_OUT_OF_RANGE', field: 'on' });
    expect(w13.transition(opened(), { type: 'updated', on: '2025-12-31' }, ctxFor(PEOPLE.providerReviewer))).toMatchObject({ ok: false, error: 'UPDATE_DATE_OUT_OF_RANGE', field: 'on' });
    expect(w13.transition(opened(), UPDATED, ctxFor(PEOPLE.otherProviderReviewer))).toMatchObject({ ok: false });
    expect(w13.transition(opened(), UPDATED, ctxFor(PEOPLE.authorityReviewer))).toMatchObject({ ok: false });
  });
});
