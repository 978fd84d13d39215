import { describe, expect, it } from 'vitest';
import { dataset } from '../../../test/support/workflow-fixtures.ts';
import type { UpdateFrequency } from '../model.ts';
import { PROFILES } from '../policy/profiles.ts';
import { FRESHNESS_DUTY, lateDatasets, nextUpdateDue } from './freshness-duty.ts';

const profile = PROFILES.taian!;
const ds = (updateFrequency: UpdateFrequency, lastUpdatedOn: string | null = '2026-01-31', code = 'DS-0001') =>
  dataset({ id: code, code, updateFrequency, lastUpdatedOn });

describe('when an update falls due (T12, S16)', () => {
  it.each([
    // Realtime and daily feeds: a week without an update (a case a day would drown the officer).
    ['realtime', '2026-02-07'],
    ['daily', '2026-02-07'],
    ['weekly', '2026-02-07'],
    // A month later; 31 January has no 31 February: the month's last day.
    ['monthly', '2026-02-28'],
    ['quarterly', '2026-04-30'],
    ['yearly', '2027-01-31'],
    // T12: 不定期 data is still updated at least once a year.
    ['irregular', '2027-01-31'],
    // T12: 归档或不再更新的数据 — never.
    ['archived', null],
  ] as const)('%s data last updated on 2026-01-31 is due on %s', (frequency, due) => {
    expect(nextUpdateDue(ds(frequency))).toBe(due);
  });

  it('is never due for data off the catalog or without a known update', () => {
    expect(nextUpdateDue(dataset({ status: 'pending', lastUpdatedOn: null }))).toBeNull();
    expect(nextUpdateDue(dataset({ status: 'delisted' }))).toBeNull();
    expect(nextUpdateDue(ds('monthly', null))).toBeNull();
    // 不予开放: listed, but not open data (T12 其他开放数据).
    expect(nextUpdateDue(dataset({ attribute: 'closed', updateFrequency: 'monthly' }))).toBeNull();
  });
});

describe('the W13 duty', () => {
  const catalog = [ds('monthly', '2026-01-31', 'DS-0001'), ds('daily', '2026-02-20', 'DS-0002'), ds('archived', '2020-01-01', 'DS-0003'), ds('yearly', '2025-03-01', 'DS-0004')];

  it.each([
    ['2026-02-26', []],
    ['2026-02-27', ['W13:DS-0002:2026-02-27']],
    ['2026-02-28', ['W13:DS-0001:2026-02-28', 'W13:DS-0002:2026-02-27']],
    ['2026-03-01', ['W13:DS-0001:2026-02-28', 'W13:DS-0002:2026-02-27', 'W13:DS-0004:2026-03-01']],
  ])('on %s lists %j', (today, keys) => {
    expect(FRESHNESS_DUTY.due({ datasets: catalog, today, profile, grants: [], agencies: [], timeZone: 'Asia/Shanghai' }).map((d) => d.key)).toEqual(keys);
  });

  it('names the workflow, the dataset and the day it fell due; the same day gives the same key, an update a new one', () => {
    const [due] = FRESHNESS_DUTY.due({ datasets: [ds('monthly')], today: '2026-03-15', profile, grants: [], agencies: [], timeZone: 'Asia/Shanghai' });
    expect(due).toEqual({ key: 'W13:DS-0001:2026-02-28', workflow: 'W13', datasetId: 'DS-0001', opensOn: '2026-02-28' });
    expect(FRESHNESS_DUTY.due({ datasets: [ds('monthly')], today: '2026-03-16', profile, grants: [], agencies: [], timeZone: 'Asia/Shanghai' })[0]!.key).toBe(due!.key);
    expect(FRESHNESS_DUTY.due({ datasets: [ds('monthly', '2026-03-10')], today: '2026-03-16', profile, grants: [], agencies: [], timeZone: 'Asia/Shanghai' })).toEqual([]);
  });

  it('lists late datasets longest late first', () => {
    expect(lateDatasets(catalog, '2026-03-05').map((l) => [l.dataset.code, l.daysLate])).toEqual([
      ['DS-0002', 6],
      ['DS-0001', 5],
      ['DS-0004', 4],
    ]);
  });
});
