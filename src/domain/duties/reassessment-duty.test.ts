import { describe, expect, it } from 'vitest';
import { dataset } from '../../../test/support/workflow-fixtures.ts';
import type { OpenAttribute } from '../model.ts';
import { PROFILES } from '../policy/profiles.ts';
import { REASSESSMENT_DUTY, reassessmentDue } from './reassessment-duty.ts';

const profile = PROFILES.taian!;
const ds = (code: string, attribute: OpenAttribute, attributeAssessedOn: string | null) =>
  dataset({ id: code, code, attribute, conditions: attribute === 'conditional' ? 'c' : null, attributeAssessedOn });

describe('when a re-assessment falls due (S8, G(一)5)', () => {
  it('the profile’s months after the attribute was last set or re-assessed, for conditional and closed data only', () => {
    expect(reassessmentDue(ds('DS-0001', 'conditional', '2026-01-31'), 12)).toBe('2027-01-31');
    expect(reassessmentDue(ds('DS-0001', 'closed', '2026-01-31'), 12)).toBe('2027-01-31');
    // A city that re-assesses every six months (KAIFANG_PROFILE_FILE: W2R.period_months 6 …); February has no 31st.
    expect(reassessmentDue(ds('DS-0001', 'closed', '2026-08-31'), 6)).toBe('2027-02-28');
    expect(reassessmentDue(ds('DS-0001', 'unconditional', '2026-01-31'), 12)).toBeNull();
    expect(reassessmentDue(ds('DS-0001', 'conditional', null), 12)).toBeNull();
    expect(reassessmentDue({ ...ds('DS-0001', 'conditional', '2026-01-31'), status: 'delisted' }, 12)).toBeNull();
  });

  const catalog = [ds('DS-0001', 'conditional', '2025-03-01'), ds('DS-0002', 'unconditional', '2025-01-01'), ds('DS-0003', 'closed', '2025-02-15'), ds('DS-0004', 'closed', '2025-03-02')];

  it.each([
    ['2026-02-14', []],
    ['2026-02-15', ['W2R:DS-0003:2026-02-15']],
    ['2026-03-01', ['W2R:DS-0001:2026-03-01', 'W2R:DS-0003:2026-02-15']],
    ['2026-03-02', ['W2R:DS-0001:2026-03-01', 'W2R:DS-0003:2026-02-15', 'W2R:DS-0004:2026-03-02']],
  ])('on %s lists %j', (today, keys) => {
    expect(REASSESSMENT_DUTY.due({ datasets: catalog, today, profile, grants: [], agencies: [], timeZone: 'Asia/Shanghai' }).map((d) => d.key)).toEqual(keys);
  });

  it('a re-assessment kept (or an attribute change) moves the day and with it the key', () => {
    const [first] = REASSESSMENT_DUTY.due({ datasets: [ds('DS-0001', 'conditional', '2025-03-01')], today: '2026-03-10', profile, grants: [], agencies: [], timeZone: 'Asia/Shanghai' });
    expect(first).toEqual({ key: 'W2R:DS-0001:2026-03-01', workflow: 'W2R', datasetId: 'DS-0001', opensOn: '2026-03-01' });
    expect(REASSESSMENT_DUTY.due({ datasets: [ds('DS-0001', 'conditional', '2026-03-05')], today: '2026-03-10', profile, grants: [], agencies: [], timeZone: 'Asia/Shanghai' })).toEqual([]);
    expect(REASSESSMENT_DUTY.due({ datasets: [ds('DS-0001', 'conditional', '2026-03-05')], today: '2027-03-05', profile, grants: [], agencies: [], timeZone: 'Asia/Shanghai' })[0]!.key).toBe('W2R:DS-0001:2027-03-05');
  });
});
