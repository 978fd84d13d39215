import { describe, expect, it } from 'vitest';
import { describeTransitionTable } from '../../../test/support/describe-transition-table.ts';
import { AUTHORITY, PEOPLE, PROVIDER, TODAY, ctxFor, dataset, expectOk, snapshotOf, type CtxOptions } from '../../../test/support/workflow-fixtures.ts';
import type { Dataset, OpenAttribute } from '../model.ts';
import { PROFILES } from '../policy/profiles.ts';
import { W2_STATES, isDowngrade, w2AttributeChange as w2, type W2Input } from './w2-attribute-change.ts';

const input = (to: W2Input['to'], extra: Partial<W2Input> = {}): W2Input => ({ to, basis: null, reason: null, enabler: null, conditions: null, fair: null, ...extra });
const on = (attribute: OpenAttribute, extra: Partial<Dataset> = {}) => dataset({ attribute, conditions: attribute === 'conditional' ? '限科研用途' : null, ...extra });
const officer = (options: CtxOptions = {}) => ctxFor(PEOPLE.providerReviewer, options);
const bureau = (options: CtxOptions = {}) => ctxFor(PEOPLE.authorityReviewer, options);
const applied = (from: OpenAttribute = 'conditional', to: W2Input['to'] = 'closed', extra: Partial<W2Input> = { basis: '《数据安全法》第二十一条' }) =>
  snapshotOf('W2', w2.start(input(to, extra), officer({ dataset: on(from) })), PEOPLE.providerReviewer.id, 'DS-0001');

describeTransitionTable(w2, {
  states: W2_STATES,
  allowed: {
    authority_review: {
      approve: { by: 'authorityReviewer', to: 'changed', action: 'W2.approve' },
      reject: { by: 'authorityReviewer', to: 'refused', action: 'W2.refuse' },
    },
    changed: {},
    refused: {},
  },
  inState: (state) => ({ ...applied(), state }),
});

describe('W2 who may do what', () => {
  const s = applied();
  it.each([
    ['the provider’s own officer', 'providerReviewer'],
    ['a colleague at the provider', 'providerColleague'],
    ['another agency’s officer', 'otherProviderReviewer'],
    ['an applicant', 'applicant'],
    ['the authority’s supervisor', 'authoritySupervisor'],
  ] as const)('%s may not decide the review', (_who, person) => {
    expect(w2.transition(s, { type: 'approve' }, ctxFor(PEOPLE[person]))).toMatchObject({ ok: false });
    expect(w2.transition(s, { type: 'reject', legalBasis: 'x' }, ctxFor(PEOPLE[person]))).toMatchObject({ ok: false });
  });

  it.each([
    ['the authority’s reviewer', 'authorityReviewer', 'FORBIDDEN_ROLE'],
    ['another agency’s officer', 'otherProviderReviewer', 'FORBIDDEN_ROLE'],
    ['an applicant', 'applicant', 'FORBIDDEN_ROLE'],
    ['the provider’s supervisor', 'providerSupervisor', 'FORBIDDEN_ROLE'],
  ] as const)('%s may not start it (T8: 公共数据开放主体…提出申请)', (_who, person, error) => {
    expect(w2.start(input('closed', { basis: 'b' }), ctxFor(PEOPLE[person], { dataset: on('conditional') }))).toMatchObject({ ok: false, error });
    expect(w2.eligible!(ctxFor(PEOPLE[person], { dataset: on('conditional') }))).toMatchObject({ error });
  });

  it('the provider’s officers may start it, only on published data', () => {
    expect(w2.eligible!(officer({ dataset: on('conditional') }))).toBeNull();
    expect(w2.eligible!(ctxFor(PEOPLE.providerColleague, { dataset: on('conditional') }))).toBeNull();
    expect(w2.start(input('closed', { basis: 'b' }), officer({ dataset: on('conditional', { status: 'delisted' }) }))).toMatchObject({
      ok: false,
      error: 'DATASET_NOT_PUBLISHED',
    });
  });
});

describe('W2 start (T8, Z18, G(一)4–5)', () => {
  it('goes to the authority’s review on the profile’s clock', () => {
    const t = expectOk(w2.start(input('closed', { basis: 'b' }), officer({ dataset: on('conditional') })));
    expect(t).toMatchObject({ state: 'authority_review', assignee: { agencyId: AUTHORITY.id, role: 'reviewer' }, deadline: { workingDays: 2 }, action: 'W2.submit' });
    expect(t.data).toMatchObject({ from: 'conditional', to: 'closed', downgrade: true, basis: 'b', reason: null });
  });

  it('is the outcome of the attribute’s re-assessment (S8, G(一)5): the one still open ends, the next counts from today', () => {
    const t = expectOk(w2.start(input('closed', { reason: '涉及个人信息' }), officer({ dataset: on('conditional') })));
    expect(t.effects.filter((e) => e.type !== 'notify')).toEqual([
      { type: 'closeCases', datasetId: 'DS-0001', workflows: ['W2R'], reason: '涉及个人信息' },
      { type: 'recordAssessment', datasetId: 'DS-0001', on: TODAY },
    ]);
  });

  it('refuses a change to the attribute the data already has', () => {
    for (const a of ['unconditional', 'conditional'] as const)
      expect(w2.start(input(a, { basis: 'b', reason: 'r', enabler: 'other', conditions: 'c', fair: true }), officer({ dataset: on(a) }))).toMatchObject({
        ok: false,
        error: 'ATTRIBUTE_UNCHANGED',
        field: 'to',
      });
  });

  it('knows a downgrade from an upgrade', () => {
    expect([isDowngrade('unconditional', 'conditional'), isDowngrade('unconditional', 'closed'), isDowngrade('conditional', 'closed')]).toEqual([true, true, true]);
    expect([isDowngrade('closed', 'conditional'), isDowngrade('closed', 'unconditional'), isDowngrade('conditional', 'unconditional')]).toEqual([false, false, false]);
  });

  it('an upgrade names its reason (T8 ¶3) and what made the data openable (T8 ¶2, Z18)', () => {
    const closed = officer({ dataset: on('closed') });
    expect(w2.start(input('unconditional', { enabler: 'desensitised' }), closed)).toMatchObject({ ok: false, error: 'ATTRIBUTE_REASON_REQUIRED', field: 'reason' });
    expect(w2.start(input('unconditional', { reason: '已脱敏' }), closed)).toMatchObject({ ok: false, error: 'ENABLER_REQUIRED', field: 'enabler' });
    const t = expectOk(w2.start(input('unconditional', { reason: '已脱敏', enabler: 'desensitised' }), closed));
    expect(t.data).toMatchObject({ downgrade: false, enabler: 'desensitised' });
    // An upgrade is reviewed too: it waits on the authority like a downgrade.
    expect(t).toMatchObject({ state: 'authority_review', assignee: { agencyId: AUTHORITY.id } });
  });

  it('a change to conditional publishes its conditions, declared not discriminatory (Z19, T6)', () => {
    const open = officer({ dataset: on('unconditional') });
    expect(w2.start(input('conditional', { reason: 'r' }), open)).toMatchObject({ ok: false, error: 'CONDITIONS_REQUIRED', field: 'conditions' });
    expect(w2.start(input('conditional', { reason: 'r', conditions: '限科研' }), open)).toMatchObject({ ok: false, error: 'NON_DISCRIMINATION_REQUIRED', field: 'fair' });
    expect(expectOk(w2.start(input('conditional', { reason: 'r', conditions: ' 限科研 ', fair: true }), open)).data).toMatchObject({ conditions: '限科研' });
    // Closed data made conditional after the right-holder's consent needs its conditions too.
    expect(w2.start(input('conditional', { reason: 'r', enabler: 'consent' }), officer({ dataset: on('closed') }))).toMatchObject({ error: 'CONDITIONS_REQUIRED' });
  });
});

describe('each city’s downgrade rule, read from its profile', () => {
  // [city, rule, source, accepted with only a basis, with only a reason, with neither]
  const RULES = [
    ['taian', 'basis_or_reason', /^T8 未提供依据且无合理理由的，不予调整/, true, true, 'DOWNGRADE_GROUNDS_REQUIRED'],
    ['tengzhou', 'consent', /^Z18 未经市大数据工作主管部门同意/, true, true, null],
    ['suzhou', 'basis_or_reason', /^T8 \(S8 has no rule for a downgrade/, true, true, 'DOWNGRADE_GROUNDS_REQUIRED'],
    ['guangzhou', 'basis', /^G\(一\)5 明确的法律、法规依据或者国家、省有关政策依据/, true, 'DOWNGRADE_BASIS_REQUIRED', 'DOWNGRADE_BASIS_REQUIRED'],
  ] as const;

  it.each(RULES)('%s: %s', (city, rule, source, basisOnly, reasonOnly, neither) => {
    const profile = PROFILES[city]!;
    expect(profile.attributeDowngrade.rule).toBe(rule);
    expect(profile.attributeDowngrade.source).toMatch(source);
    const outcome = (extra: Partial<W2Input>, from: OpenAttribute, to: W2Input['to']) => {
      const r = w2.start(input(to, { conditions: 'c', fair: true, ...extra }), officer({ profile, dataset: on(from) }));
      return r.ok ? true : r.error;
    };
    for (const [from, to] of [['unconditional', 'conditional'], ['unconditional', 'closed'], ['conditional', 'closed']] as const) {
      expect(outcome({ basis: '《数据安全法》' }, from, to), `${from}→${to} basis`).toBe(basisOnly);
      expect(outcome({ reason: '涉及个人信息' }, from, to), `${from}→${to} reason`).toBe(reasonOnly);
      expect(outcome({}, from, to), `${from}→${to} neither`).toBe(neither ?? true);
    }
  });

  it('whatever the city, the authority reviews the downgrade (Z18: its consent decides)', () => {
    const t = expectOk(w2.start(input('closed'), officer({ profile: PROFILES.tengzhou!, dataset: on('unconditional') })));
    expect(t).toMatchObject({ state: 'authority_review', assignee: { agencyId: AUTHORITY.id, role: 'reviewer' } });
  });

  it('each city has the review step, 2 working days by the article that names it', () => {
    expect(Object.fromEntries(Object.values(PROFILES).map((p) => [p.id, [p.clocks['W2.review'], p.steps.W2![0]!.source]]))).toEqual({
      taian: [2, 'T8'],
      tengzhou: [2, 'Z18'],
      suzhou: [2, 'S8, T8 (S8 sets no procedure: the default’s)'],
      guangzhou: [2, 'G(一)5'],
    });
  });
});

describe('W2 decisions and their consequences', () => {
  const reviewed = (ds: Dataset) => bureau({ dataset: ds });

  it('to closed: the audience is told before the grants end, pending applications close, the attribute changes', () => {
    const t = expectOk(w2.transition(applied('conditional', 'closed', { reason: '涉及个人信息' }), { type: 'approve' }, reviewed(on('conditional'))));
    expect(t).toMatchObject({ state: 'changed', assignee: null, deadline: null, detail: { from: 'conditional', to: 'closed' } });
    expect(t.effects.map((e) => e.type)).toEqual(['notify', 'closeCases', 'endGrants', 'updateDataset', 'recordAssessment', 'notify']);
    expect(t.effects).toEqual([
      expect.objectContaining({ to: { kind: 'datasetAudience', datasetId: 'DS-0001', applicationsOf: ['W5'] }, message: 'notify.w2.audience_closed' }),
      { type: 'closeCases', datasetId: 'DS-0001', workflows: ['W5', 'W2', 'W2R', 'W13'], reason: '涉及个人信息' },
      { type: 'endGrants', datasetId: 'DS-0001', reason: '涉及个人信息' },
      { type: 'updateDataset', datasetId: 'DS-0001', entry: expect.objectContaining({ attribute: 'closed', conditions: null, name: '公交线路' }) },
      // The attribute is set anew: its next re-assessment (W2R) counts from today.
      { type: 'recordAssessment', datasetId: 'DS-0001', on: TODAY },
      expect.objectContaining({ to: { kind: 'agency', agencyId: PROVIDER, role: 'reviewer' }, message: 'notify.w2.changed' }),
    ]);
  });

  it('to unconditional: pending applications close with a notice that the data is open to all; grants are not ended', () => {
    const s = applied('conditional', 'unconditional', { reason: '经评估具备无条件开放条件', enabler: 'other' });
    const t = expectOk(w2.transition(s, { type: 'approve' }, reviewed(on('conditional'))));
    expect(t.effects.map((e) => e.type)).toEqual(['notify', 'closeCases', 'updateDataset', 'recordAssessment', 'notify']);
    expect(t.effects[0]).toMatchObject({ to: { kind: 'datasetAudience', applicationsOf: ['W5'] }, message: 'notify.w2.audience_open' });
    // Data open to all is re-assessed no more: a re-assessment still open ends.
    expect(t.effects[1]).toEqual({ type: 'closeCases', datasetId: 'DS-0001', workflows: ['W5', 'W2', 'W2R'], reason: '经评估具备无条件开放条件' });
    expect(t.effects[2]).toMatchObject({ entry: { attribute: 'unconditional', conditions: null } });
  });

  it('to conditional: nothing to close but other attribute changes; the conditions are published', () => {
    const s = applied('unconditional', 'conditional', { reason: 'r', conditions: '限规划用途', fair: true });
    const t = expectOk(w2.transition(s, { type: 'approve' }, reviewed(on('unconditional'))));
    expect(t.effects.map((e) => e.type)).toEqual(['closeCases', 'updateDataset', 'recordAssessment', 'notify']);
    expect(t.effects[0]).toEqual({ type: 'closeCases', datasetId: 'DS-0001', workflows: ['W2', 'W2R'], reason: 'r' });
    expect(t.effects[1]).toMatchObject({ entry: { attribute: 'conditional', conditions: '限规划用途' } });
  });

  it('closed data opened is open data from today: its updates (W13) count from it, as from a publication', () => {
    const s = applied('closed', 'conditional', { reason: '已脱敏', enabler: 'desensitised', conditions: '限科研用途', fair: true });
    const t = expectOk(w2.transition(s, { type: 'approve' }, reviewed(on('closed'))));
    expect(t.effects.filter((e) => e.type === 'recordAssessment' || e.type === 'recordUpdate')).toEqual([
      { type: 'recordAssessment', datasetId: 'DS-0001', on: TODAY },
      { type: 'recordUpdate', datasetId: 'DS-0001', on: TODAY },
    ]);
  });

  it('a refusal cites its basis; the attribute stays', () => {
    expect(w2.transition(applied(), { type: 'reject', legalBasis: ' ' }, bureau())).toMatchObject({ ok: false, error: 'LEGAL_BASIS_REQUIRED', field: 'basis' });
    const t = expectOk(w2.transition(applied(), { type: 'reject', legalBasis: 'T8', reason: '无合理理由' }, bureau()));
    expect(t).toMatchObject({ state: 'refused', data: { rejection: { legalBasis: 'T8', reason: '无合理理由' } }, detail: { legalBasis: 'T8', reason: '无合理理由' } });
    expect(t.effects.map((e) => e.type)).toEqual(['notify']);
  });

  it('a dataset delisted while the change waited is not changed', () => {
    expect(w2.transition(applied(), { type: 'approve' }, reviewed(on('conditional', { status: 'delisted' })))).toMatchObject({ ok: false, error: 'DATASET_NOT_PUBLISHED' });
  });
});
