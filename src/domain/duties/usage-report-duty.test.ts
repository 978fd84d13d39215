import { describe, expect, it } from 'vitest';
import type { Grant } from '../model.ts';
import { PROFILES } from '../policy/profiles.ts';
import { USAGE_REPORT_DUTY, reportDue } from './usage-report-duty.ts';

const TZ = 'Asia/Shanghai';
const profile = PROFILES.taian!;
// Made at 10:00 on 15 January 2026 in Shanghai (02:00 UTC), in force to 31 December 2026.
const grant = (overrides: Partial<Grant> = {}): Grant => ({
  id: 'G-0001',
  caseId: 'C-0001',
  datasetId: 'DS-0002',
  userId: 'alice',
  expiresOn: '2026-12-31',
  agreementRef: 'AGR-C-0001',
  grantedAt: new Date('2026-01-15T02:00:00Z'),
  kind: 'open',
  duty: null,
  ...overrides,
});

describe('when a usage report falls due (T18, Z20: the agreement’s schedule)', () => {
  it.each([
    ['2026-04-14', null],
    ['2026-04-15', { dueOn: '2026-04-15', final: false }],
    ['2026-07-14', { dueOn: '2026-04-15', final: false }],
    ['2026-07-15', { dueOn: '2026-07-15', final: false }],
    ['2026-12-30', { dueOn: '2026-10-15', final: false }],
    // The grant's last day: its final report; nothing after.
    ['2026-12-31', { dueOn: '2026-12-31', final: true }],
    ['2027-06-01', { dueOn: '2026-12-31', final: true }],
  ])('every 3 months from the grant and at its end: on %s, %j', (today, want) => {
    expect(reportDue(grant(), '2026-01-15', 3, today)).toEqual(want);
  });

  it('a period that would fall on or after the grant’s end is its final report instead', () => {
    expect(reportDue(grant({ expiresOn: '2026-04-15' }), '2026-01-15', 3, '2026-04-15')).toEqual({ dueOn: '2026-04-15', final: true });
    expect(reportDue(grant({ expiresOn: '2026-04-15' }), '2026-01-15', 3, '2026-04-14')).toBeNull();
  });

  it('lists the latest report of each grant for its holder, keyed by grant and due day, with what the case opens with', () => {
    const grants = [grant(), grant({ id: 'G-0002', userId: 'erin', grantedAt: new Date('2026-03-01T02:00:00Z'), expiresOn: '2026-05-31' })];
    expect(USAGE_REPORT_DUTY.due({ datasets: [], agencies: [], grants, timeZone: TZ, today: '2026-06-01', profile })).toEqual([
      {
        key: 'W10:G-0001:2026-04-15',
        workflow: 'W10',
        datasetId: 'DS-0002',
        opensOn: '2026-04-15',
        applicantId: 'alice',
        input: { grant: 'G-0001', holder: 'alice', expiresOn: '2026-12-31', period: '2026-04-15', final: 'no' },
      },
      {
        key: 'W10:G-0002:2026-05-31',
        workflow: 'W10',
        datasetId: 'DS-0002',
        opensOn: '2026-05-31',
        applicantId: 'erin',
        input: { grant: 'G-0002', holder: 'erin', expiresOn: '2026-05-31', period: '2026-05-31', final: 'yes' },
      },
    ]);
  });

  it('asks nothing of a sharing grant: T18 binds those the data is opened to, not a government body (Z17)', () => {
    const shared = grant({ id: 'G-0003', kind: 'share', duty: '社会救助核查', agreementRef: 'SH-C-0003' });
    expect(USAGE_REPORT_DUTY.due({ datasets: [], agencies: [], grants: [shared, grant()], timeZone: TZ, today: '2026-06-01', profile }).map((d) => d.key)).toEqual(['W10:G-0001:2026-04-15']);
    expect(USAGE_REPORT_DUTY.due({ datasets: [], agencies: [], grants: [shared], timeZone: TZ, today: '2027-01-01', profile })).toEqual([]);
  });

  it('counts from the day the grant was made in the platform’s time zone', () => {
    // 20:00 UTC on 14 January is already 15 January in Shanghai.
    const late = grant({ grantedAt: new Date('2026-01-14T20:00:00Z') });
    expect(USAGE_REPORT_DUTY.due({ datasets: [], agencies: [], grants: [late], timeZone: TZ, today: '2026-04-15', profile }).map((d) => d.key)).toEqual(['W10:G-0001:2026-04-15']);
  });
});
