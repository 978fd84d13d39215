import { describe, expect, it } from 'vitest';
import { describeTransitionTable } from '../../../test/support/describe-transition-table.ts';
import { AUTHORITY, PEOPLE, PROVIDER, ctxFor, dataset, expectOk, snapshotOf, weekdayClock } from '../../../test/support/workflow-fixtures.ts';
import { PROFILES } from '../policy/profiles.ts';
import { W2S_STATES, w2sSharingChange as w2s, type W2SData, type W2SInput } from './w2s-sharing-change.ts';

const officer = ctxFor(PEOPLE.providerReviewer);
const bureau = ctxFor(PEOPLE.authorityReviewer);
const CONDITIONAL: W2SInput = { to: 'conditional', share_conditions: '仅限交通规划部门', share_basis: '《个人信息保护法》第三十四条', reason: null };
const filed = (input: W2SInput = CONDITIONAL, ctx = officer) => snapshotOf('W2S', w2s.start(input, ctx), PEOPLE.providerReviewer.id, 'DS-0001');

describeTransitionTable<W2SData, (typeof W2S_STATES)[number]>(w2s, {
  states: W2S_STATES,
  allowed: {
    authority_review: {
      approve: { by: 'authorityReviewer', to: 'changed', action: 'W2S.approve' },
      reject: { by: 'authorityReviewer', to: 'refused', action: 'W2S.refuse' },
    },
    changed: {},
    refused: {},
  },
  inState: (state) => (state === 'authority_review' ? filed() : { ...filed(), state }),
});

describe('W2S sharing-attribute change (Z13, B20–B22)', () => {
  it('the provider applies, the authority reviews it within the profile’s days, in every city', () => {
    for (const profile of Object.values(PROFILES)) {
      const { clock, calls } = weekdayClock();
      const t = expectOk(w2s.start(CONDITIONAL, ctxFor(PEOPLE.providerReviewer, { profile, clock })));
      expect(t).toMatchObject({ state: 'authority_review', assignee: { agencyId: AUTHORITY.id, role: 'reviewer' } });
      expect(calls.map((c) => c.workingDays), profile.id).toEqual([profile.clocks['W2S.review']]);
    }
    expect(PROFILES.taian!.clocks['W2S.review']).toBe(2);
  });

  it('each attribute carries what it needs: conditions and basis, a basis, or the reason it may go to all (Z13, B20, B21)', () => {
    expect(w2s.start({ ...CONDITIONAL, share_conditions: ' ' }, officer)).toMatchObject({ ok: false, error: 'SHARING_CONDITIONS_REQUIRED', field: 'share_conditions' });
    expect(w2s.start({ ...CONDITIONAL, share_basis: null }, officer)).toMatchObject({ ok: false, error: 'SHARING_BASIS_REQUIRED', field: 'share_basis' });
    expect(w2s.start({ to: 'none', share_conditions: null, share_basis: null, reason: null }, officer)).toMatchObject({ ok: false, error: 'SHARING_BASIS_REQUIRED' });
    const shared = ctxFor(PEOPLE.providerReviewer, { dataset: dataset({ sharing: 'none', sharingBasis: '《环境保护法》第五十七条' }) });
    expect(w2s.start({ to: 'unconditional', share_conditions: null, share_basis: null, reason: null }, shared)).toMatchObject({ ok: false, error: 'SHARING_REASON_REQUIRED', field: 'reason' });
    const t = expectOk(w2s.start({ to: 'unconditional', share_conditions: '忽略', share_basis: '忽略', reason: '已脱敏，具备无条件共享属性' }, shared));
    expect(t.data.change).toEqual({ sharing: 'unconditional', sharingConditions: null, sharingBasis: null });
    // The fixture's DS-0001 is shared unconditionally already.
    expect(w2s.start({ to: 'unconditional', share_conditions: null, share_basis: null, reason: 'x' }, officer)).toMatchObject({ ok: false, error: 'SHARING_UNCHANGED' });
    // New conditions on conditional data are a change too.
    const conditional = ctxFor(PEOPLE.providerReviewer, { dataset: dataset({ sharing: 'conditional', sharingConditions: '旧条件', sharingBasis: CONDITIONAL.share_basis }) });
    expect(w2s.start(CONDITIONAL, conditional)).toMatchObject({ ok: true });
    expect(w2s.start({ ...CONDITIONAL, share_conditions: '旧条件' }, conditional)).toMatchObject({ ok: false, error: 'SHARING_UNCHANGED' });
  });

  it('only the provider’s data officer, on its published data', () => {
    expect(w2s.start(CONDITIONAL, ctxFor(PEOPLE.otherProviderReviewer))).toMatchObject({ ok: false, error: 'FORBIDDEN_ROLE' });
    expect(w2s.start(CONDITIONAL, ctxFor(PEOPLE.applicant))).toMatchObject({ ok: false, error: 'FORBIDDEN_ROLE' });
    expect(w2s.start(CONDITIONAL, ctxFor(PEOPLE.providerReviewer, { dataset: dataset({ status: 'delisted' }) }))).toMatchObject({ ok: false, error: 'DATASET_NOT_PUBLISHED' });
  });

  it('approved, the entry takes the new sharing fields and the rest of it stays', () => {
    const t = expectOk(w2s.transition(filed(), { type: 'approve' }, bureau));
    expect(t).toMatchObject({ state: 'changed', detail: { from: 'unconditional', to: 'conditional' } });
    const update = t.effects.find((e) => e.type === 'updateDataset');
    expect(update).toMatchObject({ datasetId: 'DS-0001', entry: { name: '公交线路', attribute: 'conditional', conditions: '限科研用途', sharing: 'conditional', sharingConditions: CONDITIONAL.share_conditions, sharingBasis: CONDITIONAL.share_basis } });
    expect(t.effects.some((e) => e.type === 'endGrants')).toBe(false);
    expect(t.effects.at(-1)).toMatchObject({ type: 'notify', to: { kind: 'agency', agencyId: PROVIDER, role: 'reviewer' }, message: 'notify.w2s.changed' });
  });

  it('no longer shared, the sharing grants on the data end and their holders are told first (B20)', () => {
    const s = filed({ to: 'none', share_conditions: null, share_basis: '《数据安全法》第三十八条', reason: null });
    const t = expectOk(w2s.transition(s, { type: 'approve' }, bureau));
    expect(t.effects.map((e) => e.type)).toEqual(['notify', 'endGrants', 'updateDataset', 'notify']);
    expect(t.effects[0]).toMatchObject({ to: { kind: 'datasetAudience', datasetId: 'DS-0001', applicationsOf: ['W11'], grantKind: 'share' }, message: 'notify.w2s.audience_unshared' });
    expect(t.effects[1]).toEqual({ type: 'endGrants', datasetId: 'DS-0001', kind: 'share', reason: '《数据安全法》第三十八条' });
  });

  it('refused with its legal basis, the attribute stays', () => {
    const t = expectOk(w2s.transition(filed(), { type: 'reject', legalBasis: '《个人信息保护法》', reason: '条件过宽' }, bureau));
    expect(t).toMatchObject({ state: 'refused', data: { rejection: { legalBasis: '《个人信息保护法》', reason: '条件过宽' } } });
    expect(t.effects.some((e) => e.type === 'updateDataset')).toBe(false);
  });
});
