// W12's duty (T7, S13, G(一)2): from the profile's call date until the city's plan is due, every provider of the city
// owes this year's open plan and the authority the city's plan, one case each a year. Opened late (the platform was not
// running on the call date), they still open, on their own dates; after the city's plan was due, that year's no more.
import { profileDate } from '../workflows/policy-values.ts';
import type { DueDuty, DutyDefinition } from './duty-definition.ts';

export const ANNUAL_PLAN_DUTY: DutyDefinition = {
  id: 'W12',
  workflow: 'W12',
  due({ agencies, today, profile }): DueDuty[] {
    const year = Number(today.slice(0, 4));
    const callOn = profileDate(profile, 'W12.call_on', year);
    if (today < callOn || today > profileDate(profile, 'W12.publish_by', year)) return [];
    // The providers first, the authority's city plan last; each in id order.
    const bodies = [...agencies.filter((a) => a.kind === 'provider'), ...agencies.filter((a) => a.kind === 'authority')];
    return bodies.map((a) => ({
      key: `W12:${a.id}:${year}`,
      workflow: 'W12',
      datasetId: null,
      agencyId: a.id,
      opensOn: callOn,
      input: { year: String(year) },
    }));
  },
};
