import { describe, expect, it } from 'vitest';
import { describeTransitionTable } from '../../../test/support/describe-transition-table.ts';
import { PEOPLE, PLATFORM, PROVIDER, TODAY, ctxFor, dataset, expectOk, snapshotOf, weekdayClock } from '../../../test/support/workflow-fixtures.ts';
import type { OpenAttribute } from '../model.ts';
import { PROFILES } from '../policy/profiles.ts';
import { W2R_STATES, w2rReassessment as w2r, type W2RData } from './w2r-reassessment.ts';

type W2RState = (typeof W2R_STATES)[number];

const KEEP = { type: 'keep', reason: '仍含车辆实时位置，需限定用途' } as const;
// Conditional data last re-assessed on 1 March 2025: a year later it is due again (the profile's 12 months).
const due = (attribute: OpenAttribute = 'conditional', attributeAssessedOn = '2025-03-01') =>
  dataset({ attribute, conditions: attribute === 'conditional' ? '限科研用途' : null, attributeAssessedOn });
const opened = () => snapshotOf('W2R', w2r.start({}, ctxFor(PLATFORM, { dataset: due() })), PLATFORM.id, 'DS-0001');

describeTransitionTable<W2RData, W2RState, 'keep'>(w2r, {
  states: W2R_STATES,
  allowed: {
    reassessment_due: { keep: { by: 'providerReviewer', to: 'kept', action: 'W2R.keep' } },
    kept: {},
  },
  inState: (state) => (state === 'reassessment_due' ? opened() : { ...opened(), state }),
  ctx: { dataset: due() },
  events: { keep: KEEP },
});

describe('W2R re-assessment of the open attribute (S8, G(一)5)', () => {
  it('the platform opens it for the provider a year after the attribute was set, with 15 working days and S8’s hint', () => {
    const { clock, calls } = weekdayClock();
    const t = expectOk(w2r.start({}, ctxFor(PLATFORM, { clock, dataset: due() })));
    expect(t).toMatchObject({ state: 'reassessment_due', assignee: { agencyId: PROVIDER, role: 'reviewer' }, deadline: { workingDays: 15 }, action: 'W2R.open' });
    expect(calls).toEqual([{ startedOn: TODAY, workingDays: 15 }]);
    expect(t.data).toEqual({
      dataset: { id: 'DS-0001', code: 'DS-0001', name: '公交线路', providerAgencyId: PROVIDER },
      attribute: 'conditional',
      assessedOn: '2025-03-01',
      dueOn: '2026-03-01',
      reason: null,
    });
    expect(t.effects).toEqual([
      {
        type: 'notify',
        to: { kind: 'agency', agencyId: PROVIDER, role: 'reviewer' },
        message: 'notify.w2r.due',
        params: expect.objectContaining({ attributeLabel: 'common.attribute.conditional', assessedOn: '2025-03-01', months: 12, hintLabel: 'common.reassessmentHint.conditional' }),
      },
    ]);
    expect(t.detail).toEqual({ datasetId: 'DS-0001', attribute: 'conditional', assessedOn: '2025-03-01', reassessmentDueOn: '2026-03-01' });
  });

  it('closed data gets the hint that desensitised data or the right-holder’s consent may open it (T8 ¶2, S8 ¶2)', () => {
    const t = expectOk(w2r.start({}, ctxFor(PLATFORM, { dataset: due('closed') })));
    expect(t.effects[0]).toMatchObject({ params: { attributeLabel: 'common.attribute.closed', hintLabel: 'common.reassessmentHint.closed' } });
  });

  it('every city has the step and the period, each with its source named', () => {
    for (const profile of Object.values(PROFILES)) {
      const { clock, calls } = weekdayClock();
      expectOk(w2r.start({}, ctxFor(PLATFORM, { profile, clock, dataset: due() })));
      expect(calls.map((c) => c.workingDays), profile.id).toEqual([15]);
      expect(profile.steps.W2R?.[0]?.source, profile.id).toMatch(/S8|G\(一\)5/);
      expect(profile.limits['W2R.period_months'], profile.id).toEqual({ value: 12, source: expect.stringMatching(/^S8, G\(一\)5 \(no article sets a period/) });
    }
  });

  it('nobody but the platform opens one, and only on published conditional or closed data whose period is up', () => {
    expect(w2r.start({}, ctxFor(PEOPLE.providerReviewer, { dataset: due() }))).toMatchObject({ ok: false, error: 'FORBIDDEN_ROLE' });
    expect(w2r.start({}, ctxFor(PEOPLE.authorityReviewer, { dataset: due() }))).toMatchObject({ ok: false, error: 'FORBIDDEN_ROLE' });
    expect(w2r.start({}, ctxFor(PLATFORM, { dataset: dataset({ status: 'delisted', attributeAssessedOn: '2025-03-01' }) }))).toMatchObject({ ok: false, error: 'DATASET_NOT_PUBLISHED' });
    // S8, G(一)5 speak of conditional and closed data: open data has nothing left to open.
    expect(w2r.start({}, ctxFor(PLATFORM, { dataset: due('unconditional') }))).toMatchObject({ ok: false, error: 'NOT_OPEN' });
    // Re-assessed on 3 March 2025: not due before 3 March 2026.
    expect(w2r.start({}, ctxFor(PLATFORM, { dataset: due('conditional', '2025-03-03') }))).toMatchObject({ ok: false, error: 'NOT_OPEN' });
    expect(w2r.start({}, ctxFor(PLATFORM, { dataset: dataset({ attributeAssessedOn: null }) }))).toMatchObject({ ok: false, error: 'NOT_OPEN' });
  });

  it('the provider keeps the attribute with a note; the next re-assessment counts from today', () => {
    const t = expectOk(w2r.transition(opened(), KEEP, ctxFor(PEOPLE.providerColleague, { dataset: due() })));
    expect(t).toMatchObject({ state: 'kept', assignee: null, deadline: null, data: { reason: KEEP.reason }, detail: { attribute: 'conditional', reason: KEEP.reason } });
    expect(t.effects).toEqual([{ type: 'recordAssessment', datasetId: 'DS-0001', on: TODAY }]);
  });

  it('refuses a keep without a finding, on data no longer on the catalog or whose attribute changed, and from anyone outside the provider', () => {
    expect(w2r.transition(opened(), { type: 'keep', reason: '  ' }, ctxFor(PEOPLE.providerReviewer, { dataset: due() }))).toMatchObject({ ok: false, error: 'INVALID_INPUT', field: 'reason' });
    expect(w2r.transition(opened(), KEEP, ctxFor(PEOPLE.providerReviewer, { dataset: dataset({ status: 'delisted' }) }))).toMatchObject({ ok: false, error: 'DATASET_NOT_PUBLISHED' });
    expect(w2r.transition(opened(), KEEP, ctxFor(PEOPLE.providerReviewer, { dataset: due('closed') }))).toMatchObject({ ok: false, error: 'NOT_OPEN' });
    for (const who of ['otherProviderReviewer', 'authorityReviewer', 'applicant', 'providerSupervisor'] as const)
      expect(w2r.transition(opened(), KEEP, ctxFor(PEOPLE[who], { dataset: due() })), who).toMatchObject({ ok: false });
  });
});
