import { describe, expect, it } from 'vitest';
import { describeTransitionTable } from '../../../test/support/describe-transition-table.ts';
import { AUTHORITY, OTHER_PROVIDER, PEOPLE, PROVIDER, TODAY, ctxFor, dataset, expectOk, snapshotOf, step, targetAgency, type CtxOptions } from '../../../test/support/workflow-fixtures.ts';
import { PROFILES } from '../policy/profiles.ts';
import { W3_STATES, w3CatalogChange as w3, type W3Data, type W3Event, type W3Input } from './w3-catalog-change.ts';
import type { CaseSnapshot } from './workflow.ts';

const input = (extra: Partial<W3Input> = {}): W3Input => ({
  trigger: '《公交运营管理条例》修订，须公布运营企业',
  on: '2026-02-23',
  name: null,
  summary: null,
  fields: null,
  formats: null,
  type: null,
  frequency: null,
  conditions: null,
  fair: null,
  delete: null,
  ...extra,
});
const officer = (options: CtxOptions = {}) => ctxFor(PEOPLE.providerReviewer, options);
const bureau = (options: CtxOptions = {}) => ctxFor(PEOPLE.authorityReviewer, options);
const NEW_FIELDS = ['线路名称', '起点站', '终点站', '运营企业'];
const FILE = { type: 'file', input: { fields: NEW_FIELDS } } as const;

/** The provider's officer files at once: with the authority. */
const filed = (extra: Partial<W3Input> = { fields: NEW_FIELDS }): CaseSnapshot<W3Data> =>
  snapshotOf('W3', w3.start(input(extra), officer()), PEOPLE.providerReviewer.id, 'DS-0001');
/** The authority recorded the trigger: the provider owes the filing. */
const triggered = (extra: Partial<W3Input> = {}): CaseSnapshot<W3Data> =>
  snapshotOf('W3', w3.start(input(extra), bureau()), PEOPLE.authorityReviewer.id, 'DS-0001');

describeTransitionTable<W3Data, (typeof W3_STATES)[number], 'file'>(w3, {
  states: W3_STATES,
  allowed: {
    awaiting_filing: { file: { by: 'providerReviewer', to: 'authority_review', action: 'W3.file' } },
    authority_review: {
      approve: { by: 'authorityReviewer', to: 'amended', action: 'W3.approve' },
      return: { by: 'authorityReviewer', to: 'awaiting_filing', action: 'W3.return' },
      reject: { by: 'authorityReviewer', to: 'refused', action: 'W3.refuse' },
    },
    amended: {},
    removed: {},
    refused: {},
  },
  inState: (state) => (state === 'awaiting_filing' ? triggered() : { ...filed(), state }),
  events: { file: FILE },
});

describe('W3 who may do what', () => {
  it.each([
    ['a colleague at the provider', 'providerColleague', true],
    ['another agency’s officer', 'otherProviderReviewer', false],
    ['an applicant', 'applicant', false],
    ['the authority’s reviewer', 'authorityReviewer', false],
    ['the provider’s supervisor', 'providerSupervisor', false],
  ] as const)('%s files on the trigger: %s', (_who, person, may) => {
    const r = w3.transition(triggered(), FILE, ctxFor(PEOPLE[person]));
    if (may) expect(expectOk(r).state).toBe('authority_review');
    else expect(r).toMatchObject({ ok: false });
  });

  it.each([
    ['the provider’s own officer', 'providerReviewer'],
    ['a colleague at the provider', 'providerColleague'],
    ['another agency’s officer', 'otherProviderReviewer'],
    ['an applicant', 'applicant'],
    ['the authority’s supervisor', 'authoritySupervisor'],
  ] as const)('%s may not decide the review (B12: the authority’s consent)', (_who, person) => {
    const decisions: W3Event[] = [{ type: 'approve' }, { type: 'reject', legalBasis: 'x' }, { type: 'return', reasons: ['x'] }];
    for (const event of decisions)
      expect(w3.transition(filed(), event, ctxFor(PEOPLE[person]))).toMatchObject({ ok: false });
  });

  it.each([
    ['another agency’s officer', 'otherProviderReviewer'],
    ['an applicant', 'applicant'],
    ['the provider’s supervisor', 'providerSupervisor'],
    ['the authority’s supervisor', 'authoritySupervisor'],
  ] as const)('%s may not start it', (_who, person) => {
    expect(w3.eligible!(ctxFor(PEOPLE[person]))).toMatchObject({ error: 'FORBIDDEN_ROLE' });
    expect(w3.start(input({ fields: NEW_FIELDS }), ctxFor(PEOPLE[person]))).toMatchObject({ ok: false, error: 'FORBIDDEN_ROLE' });
  });

  it('the provider’s officers and the authority’s staff may start it, only on published data', () => {
    expect(w3.eligible!(officer())).toBeNull();
    expect(w3.eligible!(bureau())).toBeNull();
    expect(w3.start(input({ fields: NEW_FIELDS }), officer({ dataset: dataset({ status: 'delisted' }) }))).toMatchObject({ ok: false, error: 'DATASET_NOT_PUBLISHED' });
    expect(w3.start(input(), bureau({ dataset: dataset({ status: 'pending' }) }))).toMatchObject({ ok: false, error: 'DATASET_NOT_PUBLISHED' });
  });
});

describe('W3 the provider files (Z10, B12: within 15 working days, reviewed in 2)', () => {
  it('goes to the authority’s review on the 2-day clock, the filing deadline 15 working days after the change', () => {
    const t = expectOk(w3.start(input({ fields: NEW_FIELDS }), officer()));
    expect(t).toMatchObject({ state: 'authority_review', assignee: { agencyId: AUTHORITY.id, role: 'reviewer' }, deadline: { workingDays: 2, startedOn: TODAY }, action: 'W3.submit' });
    // 2026-02-23 (Monday) + 15 weekdays = 2026-03-16.
    expect(t.data).toMatchObject({ openedBy: 'provider', on: '2026-02-23', fileBy: '2026-03-16', late: false, filedOn: TODAY, changes: { fields: NEW_FIELDS }, remove: false });
    expect(t.detail).toMatchObject({ trigger: input().trigger, on: '2026-02-23', changes: `fields=${NEW_FIELDS.join(', ')}` });
    expect(t.effects.map((e) => e.type === 'notify' && e.message)).toEqual(['notify.w3.submitted', 'notify.w3.assigned']);
  });

  it('a filing more than 15 working days after the change is taken, and the reviewer told it is late', () => {
    const t = expectOk(w3.start(input({ on: '2026-01-05', fields: NEW_FIELDS }), officer()));
    expect(t.state).toBe('authority_review');
    expect(t.data).toMatchObject({ late: true, fileBy: '2026-01-26' });
    expect(t.detail).toMatchObject({ late: '2026-01-26' });
    const assigned = t.effects.find((e) => e.type === 'notify' && e.message === 'notify.w3.assigned');
    expect(assigned).toMatchObject({ params: { lateLabel: 'common.catalogChange.late', fileBy: '2026-01-26' } });
  });

  it('refuses a date of change still to come', () => {
    expect(w3.start(input({ on: '2026-03-03', fields: NEW_FIELDS }), officer())).toMatchObject({ ok: false, error: 'CHANGE_DATE_IN_FUTURE', field: 'on' });
    expect(w3.start(input({ on: TODAY, fields: NEW_FIELDS }), officer())).toMatchObject({ ok: true });
  });

  it('needs a change: a value the entry already has changes nothing', () => {
    expect(w3.start(input(), officer())).toMatchObject({ ok: false, error: 'CATALOG_CHANGE_REQUIRED' });
    const same = dataset();
    expect(w3.start(input({ fields: [...same.fields], formats: [...same.formats], type: same.dataType }), officer())).toMatchObject({ ok: false, error: 'CATALOG_CHANGE_REQUIRED' });
    const t = expectOk(w3.start(input({ name: same.name, frequency: 'daily' }), officer()));
    expect(t.data.changes).toEqual({ updateFrequency: 'daily' });
  });

  it('a removal comes alone (B12 删减)', () => {
    expect(w3.start(input({ delete: true, name: '新名称' }), officer())).toMatchObject({ ok: false, error: 'CATALOG_DELETE_ALONE', field: 'delete' });
    expect(expectOk(w3.start(input({ delete: true }), officer())).data).toMatchObject({ remove: true, changes: {} });
  });

  it('new conditions only for conditional data, declared not discriminatory (T6)', () => {
    const open = officer({ dataset: dataset({ attribute: 'unconditional', conditions: null }) });
    expect(w3.start(input({ conditions: '限交通规划' }), open)).toMatchObject({ ok: false, error: 'CATALOG_CONDITIONS_NOT_CONDITIONAL', field: 'conditions' });
    expect(w3.start(input({ conditions: '限交通规划' }), officer())).toMatchObject({ ok: false, error: 'NON_DISCRIMINATION_REQUIRED', field: 'fair' });
    expect(expectOk(w3.start(input({ conditions: '限交通规划', fair: true }), officer())).data.changes).toEqual({ conditions: '限交通规划' });
  });
});

describe('W3 the authority records a trigger', () => {
  it('opens the provider’s duty on the 15-day clock from the date of the change', () => {
    const t = expectOk(w3.start(input(), bureau()));
    expect(t).toMatchObject({
      state: 'awaiting_filing',
      assignee: { agencyId: PROVIDER, role: 'reviewer' },
      deadline: { startedOn: '2026-02-23', workingDays: 15, dueOn: '2026-03-16' },
      action: 'W3.trigger',
    });
    expect(t.data).toMatchObject({ openedBy: 'authority', filedOn: null });
    expect(t.effects).toEqual([expect.objectContaining({ to: { kind: 'agency', agencyId: PROVIDER, role: 'reviewer' }, message: 'notify.w3.triggered' })]);
  });

  it('leaves the change itself to the provider', () => {
    expect(w3.start(input({ fields: NEW_FIELDS }), bureau())).toMatchObject({ ok: false, error: 'CATALOG_CHANGE_BY_PROVIDER' });
    expect(w3.start(input({ delete: true }), bureau())).toMatchObject({ ok: false, error: 'CATALOG_CHANGE_BY_PROVIDER' });
  });

  it('a filing on it after the 15 days is taken and marked late', () => {
    const t = expectOk(w3.transition(triggered({ on: '2026-01-05' }), FILE, officer()));
    expect(t).toMatchObject({ state: 'authority_review', action: 'W3.file', data: { late: true, filedOn: TODAY } });
    expect(w3.transition(triggered(), { type: 'file', input: {} }, officer())).toMatchObject({ ok: false, error: 'CATALOG_CHANGE_REQUIRED' });
  });

  it('the dataset delisted meanwhile: nothing to file', () => {
    expect(w3.transition(triggered(), FILE, officer({ dataset: dataset({ status: 'delisted' }) }))).toMatchObject({ ok: false, error: 'DATASET_NOT_PUBLISHED' });
  });
});

describe('W3 the authority records a trigger for an agency as a whole (Z10, B12: 职能职责变更)', () => {
  /** Carol at the authority names the transport bureau itself: no dataset in the context. */
  const onAgency = (options: CtxOptions = {}, person: keyof typeof PEOPLE = 'authorityReviewer') =>
    ctxFor(PEOPLE[person], { dataset: null, agency: targetAgency(), ...options });
  const agencyTriggered = (extra: Partial<W3Input> = {}): CaseSnapshot<W3Data> =>
    snapshotOf('W3', w3.start(input(extra), onAgency()), PEOPLE.authorityReviewer.id, null);
  const DS3 = dataset({ id: 'DS-0003', code: 'DS-0003', name: '公交站点' });
  const fileOn = (code: string | null, extra: object = { fields: NEW_FIELDS }) => ({ type: 'file', input: { ...(code ? { dataset: code } : {}), ...extra } }) as const;

  it('opens the provider’s duty with no dataset, on the 15-day clock from the change, its officers told', () => {
    expect(w3.eligible!(onAgency())).toBeNull();
    const t = expectOk(w3.start(input(), onAgency()));
    expect(t).toMatchObject({
      state: 'awaiting_filing',
      assignee: { agencyId: PROVIDER, role: 'reviewer' },
      deadline: { startedOn: '2026-02-23', workingDays: 15, dueOn: '2026-03-16' },
      action: 'W3.trigger',
      detail: { agencyId: PROVIDER, agency: '市交通运输局', trigger: input().trigger, on: '2026-02-23' },
    });
    expect(t.datasetId).toBeUndefined();
    expect(t.data).toMatchObject({ dataset: null, agency: { id: PROVIDER, name: '市交通运输局' }, openedBy: 'authority', fileBy: '2026-03-16', filedOn: null });
    expect(t.effects).toEqual([
      {
        type: 'notify',
        to: { kind: 'agency', agencyId: PROVIDER, role: 'reviewer' },
        message: 'notify.w3.triggered_agency',
        params: { agencyName: '市交通运输局', trigger: input().trigger, on: '2026-02-23', fileBy: '2026-03-16', datasets: 'DS-0001, DS-0003', dueOn: '2026-03-16' },
      },
    ]);
  });

  it.each([
    ['the provider’s own officer', 'providerReviewer'],
    ['another agency’s officer', 'otherProviderReviewer'],
    ['an applicant', 'applicant'],
    ['the authority’s supervisor', 'authoritySupervisor'],
  ] as const)('%s may not record it: only authority staff do', (_who, person) => {
    expect(w3.eligible!(onAgency({}, person))).toMatchObject({ error: 'CATALOG_TRIGGER_BY_AUTHORITY', params: { agencyName: '市交通运输局' } });
    expect(w3.start(input(), onAgency({}, person))).toMatchObject({ ok: false, error: 'CATALOG_TRIGGER_BY_AUTHORITY' });
  });

  it('is for a provider with published data: not the authority itself, not an agency with nothing on the catalog', () => {
    const authority = onAgency({ agency: targetAgency({ ...AUTHORITY, publishedCodes: [] }) });
    expect(w3.eligible!(authority)).toMatchObject({ error: 'CATALOG_TRIGGER_NOT_PROVIDER', params: { agencyName: AUTHORITY.name } });
    expect(w3.start(input(), authority)).toMatchObject({ ok: false, error: 'CATALOG_TRIGGER_NOT_PROVIDER' });
    const empty = onAgency({ agency: targetAgency({ id: OTHER_PROVIDER, name: '市卫生健康委', publishedCodes: [] }) });
    expect(w3.eligible!(empty)).toMatchObject({ error: 'CATALOG_TRIGGER_NO_DATA', params: { agencyName: '市卫生健康委' } });
    expect(w3.start(input(), empty)).toMatchObject({ ok: false, error: 'CATALOG_TRIGGER_NO_DATA' });
  });

  it('leaves the change to the provider, and the change has happened', () => {
    expect(w3.start(input({ fields: NEW_FIELDS }), onAgency())).toMatchObject({ ok: false, error: 'CATALOG_CHANGE_BY_AGENCY', params: { agencyName: '市交通运输局' } });
    expect(w3.start(input({ on: '2026-03-03' }), onAgency())).toMatchObject({ ok: false, error: 'CHANGE_DATE_IN_FUTURE', field: 'on' });
  });

  it('nothing is refused before the filing form: the dataset comes with it', () => {
    expect(w3.table.awaiting_filing!.file!.refuse!(agencyTriggered(), onAgency({}, 'providerReviewer'))).toBeNull();
  });

  it('the provider files naming one of its published datasets: the case is about it from then, reviewed as any', () => {
    const t = expectOk(w3.transition(agencyTriggered(), fileOn('ds-0003'), officer({ dataset: DS3 })));
    expect(t).toMatchObject({ state: 'authority_review', action: 'W3.file', datasetId: 'DS-0003', assignee: { agencyId: AUTHORITY.id, role: 'reviewer' }, deadline: { workingDays: 2 } });
    expect(t.data).toMatchObject({ dataset: { id: 'DS-0003', code: 'DS-0003', name: '公交站点', providerAgencyId: PROVIDER }, agency: { id: PROVIDER }, filedOn: TODAY, late: false, changes: { fields: NEW_FIELDS } });
    expect(t.detail).toMatchObject({ dataset: 'DS-0003', changes: `fields=${NEW_FIELDS.join(', ')}` });
    expect(t.effects.map((e) => e.type === 'notify' && [e.message, e.params.datasetCode])).toEqual([['notify.w3.submitted', 'DS-0003'], ['notify.w3.assigned', 'DS-0003']]);
    // Approved as a dataset-level change: the entry of DS-0003 is changed.
    const filed = snapshotOf('W3', t, PEOPLE.authorityReviewer.id, 'DS-0003', agencyTriggered());
    const approved = expectOk(w3.transition(filed, { type: 'approve' }, bureau({ dataset: DS3 })));
    expect(approved).toMatchObject({ state: 'amended', effects: [{ type: 'updateDataset', datasetId: 'DS-0003', entry: { fields: NEW_FIELDS } }, { message: 'notify.w3.amended' }] });
    expect(approved.datasetId).toBeUndefined();
  });

  it('lateness counts from the change, as for a trigger on a dataset', () => {
    const t = expectOk(w3.transition(agencyTriggered({ on: '2026-01-05' }), fileOn('DS-0003'), officer({ dataset: DS3 })));
    expect(t).toMatchObject({ data: { late: true, fileBy: '2026-01-26' }, detail: { late: '2026-01-26' } });
  });

  it('refuses a filing without the dataset, with one it does not know, another agency’s, or one not published', () => {
    expect(w3.transition(agencyTriggered(), fileOn(null), officer({ dataset: null }))).toMatchObject({ ok: false, error: 'CATALOG_DATASET_REQUIRED', params: { agencyName: '市交通运输局' }, field: 'dataset' });
    expect(w3.transition(agencyTriggered(), fileOn('DS-0099'), officer({ dataset: null }))).toMatchObject({ ok: false, error: 'CATALOG_DATASET_UNKNOWN', params: { datasetCode: 'DS-0099' }, field: 'dataset' });
    const theirs = dataset({ id: 'DS-0004', code: 'DS-0004', providerAgencyId: OTHER_PROVIDER });
    expect(w3.transition(agencyTriggered(), fileOn('DS-0004'), officer({ dataset: theirs }))).toMatchObject({
      ok: false,
      error: 'CATALOG_DATASET_OTHER_AGENCY',
      params: { datasetCode: 'DS-0004', agencyName: '市交通运输局' },
      field: 'dataset',
    });
    expect(w3.transition(agencyTriggered(), fileOn('DS-0003'), officer({ dataset: { ...DS3, status: 'delisted' } }))).toMatchObject({ ok: false, error: 'DATASET_NOT_PUBLISHED', field: 'dataset' });
    // The change itself is still required once the dataset is named.
    expect(w3.transition(agencyTriggered(), fileOn('DS-0003', {}), officer({ dataset: DS3 }))).toMatchObject({ ok: false, error: 'CATALOG_CHANGE_REQUIRED' });
  });

  it('only the provider’s officers file on it', () => {
    expect(w3.transition(agencyTriggered(), fileOn('DS-0003'), ctxFor(PEOPLE.otherProviderReviewer, { dataset: DS3 }))).toMatchObject({ ok: false });
    expect(w3.transition(agencyTriggered(), fileOn('DS-0003'), bureau({ dataset: DS3 }))).toMatchObject({ ok: false });
  });

  it('once filed the case keeps its dataset: a correction after a return needs none, and names no other', () => {
    const filed = snapshotOf('W3', w3.transition(agencyTriggered(), fileOn('DS-0003'), officer({ dataset: DS3 })), PEOPLE.providerReviewer.id, 'DS-0003', agencyTriggered());
    const back = step(w3, filed, { type: 'return', reasons: ['请补充摘要'] }, bureau({ dataset: DS3 }));
    const again = expectOk(w3.transition(back, fileOn(null, { summary: '补正后的摘要' }), officer({ dataset: DS3 })));
    expect(again).toMatchObject({ state: 'authority_review', data: { dataset: { code: 'DS-0003' }, changes: { fields: NEW_FIELDS, summary: '补正后的摘要' } } });
    expect(again.datasetId).toBeUndefined();
    expect(w3.transition(back, fileOn('DS-0003', { summary: '补正后的摘要' }), officer({ dataset: DS3 }))).toMatchObject({ ok: true });
    expect(w3.transition(back, fileOn('DS-0001', { summary: '补正后的摘要' }), officer({ dataset: DS3 }))).toMatchObject({
      ok: false,
      error: 'CATALOG_DATASET_FIXED',
      params: { caseDataset: 'DS-0003', datasetCode: 'DS-0001' },
      field: 'dataset',
    });
  });

  it('a trigger on a dataset takes dataset= naming that dataset, and no other', () => {
    expect(w3.transition(triggered(), fileOn('DS-0001'), officer())).toMatchObject({ ok: true, state: 'authority_review' });
    expect(w3.transition(triggered(), fileOn('DS-0003'), officer())).toMatchObject({ ok: false, error: 'CATALOG_DATASET_FIXED' });
  });
});

describe('W3 the authority’s review (B12: 删减、修改目录…经同意)', () => {
  it('approving an edit updates the entry as it stands now, the attribute kept', () => {
    const now = dataset({ attribute: 'closed', conditions: null, summary: '改过的摘要' });
    const t = expectOk(w3.transition(filed(), { type: 'approve' }, bureau({ dataset: now })));
    expect(t.state).toBe('amended');
    expect(t.effects[0]).toEqual({
      type: 'updateDataset',
      datasetId: 'DS-0001',
      entry: { name: now.name, summary: '改过的摘要', fields: NEW_FIELDS, attribute: 'closed', conditions: null, formats: now.formats, dataType: now.dataType, updateFrequency: now.updateFrequency, sharing: now.sharing, sharingConditions: now.sharingConditions, sharingBasis: now.sharingBasis },
    });
    expect(t.effects[1]).toMatchObject({ type: 'notify', to: { kind: 'agency', agencyId: PROVIDER }, message: 'notify.w3.amended' });
  });

  it('approving a removal takes the entry off the catalog as a delisting does, its audience told', () => {
    const t = expectOk(w3.transition(filed({ delete: true }), { type: 'approve', note: '同意删减' }, bureau()));
    expect(t).toMatchObject({ state: 'removed', detail: { note: '同意删减' } });
    expect(t.effects.map((e) => e.type)).toEqual(['notify', 'closeCases', 'delistDataset', 'notify']);
    expect(t.effects[0]).toMatchObject({ to: { kind: 'datasetAudience', datasetId: 'DS-0001' }, message: 'notify.w3.audience_removed' });
    expect(t.effects[1]).toMatchObject({ workflows: expect.arrayContaining(['W5', 'W4', 'W2', 'W3']) });
  });

  it('nothing is approved on data delisted meanwhile', () => {
    expect(w3.transition(filed(), { type: 'approve' }, bureau({ dataset: dataset({ status: 'delisted' }) }))).toMatchObject({ ok: false, error: 'DATASET_NOT_PUBLISHED' });
  });

  it('a refusal cites its basis and tells the provider; the entry stays', () => {
    expect(w3.transition(filed(), { type: 'reject', legalBasis: ' ' }, bureau())).toMatchObject({ ok: false, error: 'LEGAL_BASIS_REQUIRED' });
    const t = expectOk(w3.transition(filed(), { type: 'reject', legalBasis: '《滨州市公共数据管理办法》第十二条', reason: '变更依据不足' }, bureau()));
    expect(t).toMatchObject({ state: 'refused', data: { rejection: { legalBasis: '《滨州市公共数据管理办法》第十二条', reason: '变更依据不足' } } });
    expect(t.effects).toEqual([expect.objectContaining({ to: { kind: 'agency', agencyId: PROVIDER, role: 'reviewer' }, message: 'notify.w3.refused' })]);
  });

  it('a return goes back to the provider with every reason, on a new clock; the correction overlays the filing', () => {
    expect(w3.transition(filed(), { type: 'return', reasons: [' '] }, bureau())).toMatchObject({ ok: false, error: 'REASONS_REQUIRED' });
    const back = step(w3, filed(), { type: 'return', reasons: ['请补充摘要', '数据项顺序有误'] }, bureau({ today: '2026-03-04' }));
    expect(back).toMatchObject({ state: 'awaiting_filing', assignee: { agencyId: PROVIDER, role: 'reviewer' }, deadline: { startedOn: '2026-03-04', workingDays: 15 } });
    expect(back.data.reasons).toEqual(['请补充摘要', '数据项顺序有误']);
    // Filed again weeks later: it answers the return, so it is not late by the first clock.
    const again = expectOk(w3.transition(back, { type: 'file', input: { summary: '补正后的摘要' } }, officer({ today: '2026-03-20' })));
    expect(again).toMatchObject({ state: 'authority_review', data: { late: false, filedOn: TODAY, reasons: [], changes: { fields: NEW_FIELDS, summary: '补正后的摘要' } } });
  });
});

describe('W3 clocks in every city (Z10, B12: 15 and 2 working days)', () => {
  it.each(Object.keys(PROFILES))('%s', (city) => {
    const profile = PROFILES[city]!;
    expect(expectOk(w3.start(input(), bureau({ profile }))).deadline).toMatchObject({ workingDays: 15 });
    expect(expectOk(w3.start(input({ fields: NEW_FIELDS }), officer({ profile }))).deadline).toMatchObject({ workingDays: 2 });
  });
});
