import { describe, expect, it } from 'vitest';
import { KaifangError, type DomainErrorCode } from '../errors.ts';
import { missingFields, parseForm } from '../forms/form.ts';
import { PROFILES } from '../policy/profiles.ts';
import {
  AUTHORITY,
  EVENTS,
  PEOPLE,
  PROVIDER,
  TODAY,
  ctxFor,
  expectOk,
  snapshotOf,
  step,
  weekdayClock,
  type PersonName,
} from '../../../test/support/workflow-fixtures.ts';
import { describeTransitionTable, type Expected } from '../../../test/support/describe-transition-table.ts';
import { W1_ACTIONS, W1_MESSAGES, W1_STATES, w1DatasetPublication as w1, w1Form, type W1Data, type W1Input, type W1State } from './w1-dataset-publication.ts';
import type { CaseSnapshot, EventType } from './workflow.ts';

const INPUT: W1Input = {
  name: '公交线路',
  summary: '全市公交线路',
  fields: ['线路名称', '起点站', '终点站'],
  attribute: 'conditional',
  conditions: '限科研用途',
  fair: true,
  formats: ['CSV', 'JSON'],
  type: 'dataset',
  frequency: 'monthly',
  sharing: null,
  share_conditions: null,
  share_basis: null,
  security: true,
  demand: null,
};

/** What a reviewer's task names of the entry: its type and frequency as locale keys of their labels. */
const LABELS = { typeLabel: 'forms.w1.type.options.dataset', frequencyLabel: 'forms.w1.frequency.options.monthly' };

const officer = PEOPLE.providerReviewer;
const DATASET_ID = 'DS-0009';
// W1's dataset is still pending while it is reviewed.
const noDataset = { dataset: null };

function started(input: W1Input = INPUT): CaseSnapshot<W1Data> {
  return snapshotOf('W1', w1.start(input, ctxFor(officer, noDataset)), officer.id, DATASET_ID);
}

function inState(state: W1State): CaseSnapshot<W1Data> {
  const s = started();
  const bureau = ctxFor(PEOPLE.authorityReviewer, noDataset);
  switch (state) {
    case 'formal_review':
      return s;
    case 'returned':
      return step(w1, s, EVENTS.return, bureau);
    case 'published':
      return step(w1, s, EVENTS.approve, bureau);
    case 'rejected':
      return step(w1, s, EVENTS.reject, bureau);
  }
}

/** Every transition W1 allows: state → event → who sends it and where it goes. */
const ALLOWED: Record<W1State, Partial<Record<EventType, Expected<W1State>>>> = {
  formal_review: {
    approve: { by: 'authorityReviewer', to: 'published', action: W1_ACTIONS.approve },
    return: { by: 'authorityReviewer', to: 'returned', action: W1_ACTIONS.return },
    reject: { by: 'authorityReviewer', to: 'rejected', action: W1_ACTIONS.reject },
  },
  returned: { resubmit: { by: 'providerReviewer', to: 'formal_review', action: W1_ACTIONS.resubmit } },
  published: {},
  rejected: {},
};

describeTransitionTable(w1, { states: W1_STATES, allowed: ALLOWED, inState, ctx: noDataset });

describe('W1 roles', () => {
  const review: Record<PersonName, 'ok' | DomainErrorCode> = {
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
  const decisions = (['approve', 'return', 'reject'] as const).flatMap((event) =>
    Object.entries(review).map(([who, expected]) => ({ event, who: who as PersonName, expected })),
  );
  it.each(decisions)('formal review: $event by $who → $expected', ({ event, who, expected }) => {
    const r = w1.transition(inState('formal_review'), EVENTS[event], ctxFor(PEOPLE[who], noDataset));
    if (expected === 'ok') expect(r.ok).toBe(true);
    else expect(r).toMatchObject({ ok: false, error: expected });
  });

  const resubmitters = (Object.keys(PEOPLE) as PersonName[]).map((who) => ({ who, expected: who === 'providerReviewer' ? 'ok' : 'NOT_YOURS' }));
  it.each(resubmitters)('returned: resubmit by $who → $expected', ({ who, expected }) => {
    const r = w1.transition(inState('returned'), EVENTS.resubmit, ctxFor(PEOPLE[who], noDataset));
    if (expected === 'ok') expect(r.ok).toBe(true);
    else expect(r).toMatchObject({ ok: false, error: expected });
  });

  const starters: Record<PersonName, 'ok' | DomainErrorCode> = {
    providerReviewer: 'ok',
    providerColleague: 'ok',
    otherProviderReviewer: 'ok',
    authorityReviewer: 'FORBIDDEN_ROLE',
    applicant: 'FORBIDDEN_ROLE',
    otherApplicant: 'FORBIDDEN_ROLE',
    authoritySupervisor: 'FORBIDDEN_ROLE',
    providerSupervisor: 'FORBIDDEN_ROLE',
    operator: 'FORBIDDEN_ROLE',
  };
  it.each(Object.entries(starters))('start by %s → %s (T9: a provider submits; eligible() agrees)', (who, expected) => {
    const ctx = ctxFor(PEOPLE[who as PersonName], noDataset);
    const r = w1.start(INPUT, ctx);
    if (expected === 'ok') {
      expect(r.ok).toBe(true);
      expect(w1.eligible!(ctx)).toBeNull();
    } else {
      expect(r).toMatchObject({ ok: false, error: expected });
      expect(w1.eligible!(ctx)).toMatchObject({ error: expected });
    }
  });
});

describe('W1 start', () => {
  it('creates the pending dataset for the officer’s agency and starts the 2 wd formal review (T9)', () => {
    const { clock, calls } = weekdayClock();
    const t = expectOk(w1.start(INPUT, ctxFor(officer, { ...noDataset, clock })));
    expect(t.state).toBe('formal_review');
    expect(t.assignee).toEqual({ agencyId: AUTHORITY.id, role: 'reviewer' });
    expect(calls).toEqual([{ startedOn: TODAY, workingDays: 2 }]);
    expect(t.deadline?.dueOn).toBe('2026-03-04');
    expect(t.data).toEqual({
      entry: {
        name: '公交线路',
        summary: '全市公交线路',
        fields: ['线路名称', '起点站', '终点站'],
        attribute: 'conditional',
        conditions: '限科研用途',
        formats: ['CSV', 'JSON'],
        dataType: 'dataset',
        updateFrequency: 'monthly',
        // Z13, B20: not given, shared unconditionally.
        sharing: 'unconditional',
        sharingConditions: null,
        sharingBasis: null,
      },
      declarations: { securityReviewed: true, nonDiscriminatory: true },
      providerAgencyId: PROVIDER,
      submissions: 1,
      reasons: [],
      rejection: null,
    });
    expect(t.effects).toEqual([
      { type: 'createDataset', entry: t.data.entry, providerAgencyId: PROVIDER },
      { type: 'notify', to: { kind: 'user', userId: officer.id }, message: W1_MESSAGES.submitted, params: { name: '公交线路', dueOn: '2026-03-04' } },
      {
        type: 'notify',
        to: { kind: 'agency', agencyId: AUTHORITY.id, role: 'reviewer' },
        message: W1_MESSAGES.assigned,
        params: { name: '公交线路', ...LABELS, dueOn: '2026-03-04' },
      },
    ]);
    expect(t.action).toBe('W1.submit');
    // The declarations go on the audit line of the submission.
    expect(t.detail).toEqual({ name: '公交线路', attribute: 'conditional', type: 'dataset', security: 'yes', fair: 'yes' });
  });

  it.each(Object.keys(PROFILES))('profile %s: formal review is 2 wd', (id) => {
    const { clock, calls } = weekdayClock();
    expectOk(w1.start(INPUT, ctxFor(officer, { ...noDataset, clock, profile: PROFILES[id] })));
    expect(calls[0]?.workingDays).toBe(2);
  });

  it('refuses conditional data without conditions (T14(三))', () => {
    expect(w1.start({ ...INPUT, conditions: null }, ctxFor(officer, noDataset))).toMatchObject({ ok: false, error: 'CONDITIONS_REQUIRED' });
    expect(w1.start({ ...INPUT, conditions: '  ' }, ctxFor(officer, noDataset))).toMatchObject({ ok: false, error: 'CONDITIONS_REQUIRED' });
  });

  it('records the sharing attribute (Z13, B20): conditional with its conditions and basis, not shared with its basis', () => {
    const ctx = ctxFor(officer, noDataset);
    const shared = { ...INPUT, sharing: 'conditional' as const, share_conditions: '仅限交通运输部门', share_basis: '《个人信息保护法》第三十四条' };
    expect(expectOk(w1.start(shared, ctx)).data.entry).toMatchObject({ sharing: 'conditional', sharingConditions: '仅限交通运输部门', sharingBasis: '《个人信息保护法》第三十四条' });
    expect(w1.start({ ...shared, share_conditions: ' ' }, ctx)).toMatchObject({ ok: false, error: 'SHARING_CONDITIONS_REQUIRED', field: 'share_conditions' });
    expect(w1.start({ ...shared, share_basis: null }, ctx)).toMatchObject({ ok: false, error: 'SHARING_BASIS_REQUIRED', field: 'share_basis' });
    const none = { ...INPUT, sharing: 'none' as const, share_conditions: '忽略', share_basis: '《环境保护法》第五十七条' };
    expect(expectOk(w1.start(none, ctx)).data.entry).toMatchObject({ sharing: 'none', sharingConditions: null, sharingBasis: '《环境保护法》第五十七条' });
    expect(w1.start({ ...none, share_basis: null }, ctx)).toMatchObject({ ok: false, error: 'SHARING_BASIS_REQUIRED' });
    // Shared unconditionally, a basis given is dropped: none is needed.
    expect(expectOk(w1.start({ ...INPUT, sharing: 'unconditional', share_basis: 'x' }, ctx)).data.entry).toMatchObject({ sharing: 'unconditional', sharingBasis: null });
  });

  it('drops conditions from unconditional data, and the declaration that they do not discriminate', () => {
    const t = expectOk(w1.start({ ...INPUT, attribute: 'unconditional', fair: null }, ctxFor(officer, noDataset)));
    expect(t.data.entry.conditions).toBeNull();
    expect(t.data.declarations).toEqual({ securityReviewed: true, nonDiscriminatory: null });
    expect(t.detail).toEqual({ name: '公交线路', attribute: 'unconditional', type: 'dataset', security: 'yes' });
  });

  it('refuses an entry whose security review is not confirmed (S32: 未经审查的数据不得开放)', () => {
    const unreviewed = { ...INPUT, security: null } as unknown as W1Input;
    expect(w1.start(unreviewed, ctxFor(officer, noDataset))).toEqual({ ok: false, error: 'SECURITY_REVIEW_REQUIRED', field: 'security' });
  });

  it('refuses conditional data without the declaration that its conditions do not discriminate (T6, G(二)3)', () => {
    expect(w1.start({ ...INPUT, fair: null }, ctxFor(officer, noDataset))).toEqual({ ok: false, error: 'NON_DISCRIMINATION_REQUIRED', field: 'fair' });
  });

  it.each(['dataset', 'api'] as const)('keeps the data type %s on the entry (S14)', (type) => {
    const t = expectOk(w1.start({ ...INPUT, type }, ctxFor(officer, noDataset)));
    expect(t.data.entry.dataType).toBe(type);
    expect(t.effects[0]).toMatchObject({ type: 'createDataset', entry: { dataType: type } });
    expect(t.effects[2]).toMatchObject({ params: { typeLabel: `forms.w1.type.options.${type}` } });
  });

  it.each(['irregular', 'archived'] as const)('takes the update frequency %s (不定期; T12 归档或不再更新)', (frequency) => {
    const t = expectOk(w1.start({ ...INPUT, frequency }, ctxFor(officer, noDataset)));
    expect(t.data.entry.updateFrequency).toBe(frequency);
    expect(t.effects[2]).toMatchObject({ params: { frequencyLabel: `forms.w1.frequency.options.${frequency}` } });
  });

  it('shows the data type and update frequency in the case’s status', () => {
    expect(w1.facts!(started().data)).toEqual({ type: 'dataset', frequency: 'monthly' });
  });
});

describe('W1 form', () => {
  const raw = { name: '公交线路', summary: '全市公交线路', fields: '线路名称、起点站', attribute: 'Conditional', formats: 'csv, json', type: 'dataset', frequency: 'monthly', security: 'yes' };
  it('asks for conditions and the non-discrimination declaration only for conditional data', () => {
    expect(missingFields(w1Form, raw)).toEqual(['conditions', 'fair']);
    expect(missingFields(w1Form, { ...raw, attribute: 'unconditional' })).toEqual([]);
  });
  it('asks the sharing conditions and basis only when a sharing attribute needs them', () => {
    const open = { ...raw, attribute: 'unconditional' };
    expect(missingFields(w1Form, { ...open, sharing: 'conditional' })).toEqual(['share_conditions', 'share_basis']);
    expect(missingFields(w1Form, { ...open, sharing: 'none' })).toEqual(['share_basis']);
    expect(missingFields(w1Form, { ...open, sharing: 'unconditional' })).toEqual([]);
  });
  it('always asks the data type and the security review', () => {
    const { type: _type, security: _security, ...rest } = raw;
    expect(missingFields(w1Form, { ...rest, attribute: 'unconditional' })).toEqual(['type', 'security']);
  });
  it('parses chat input into a start input', () => {
    const parsed = parseForm(w1Form, { ...raw, conditions: '限科研用途', fair: 'yes' });
    expect(parsed).toEqual({
      ok: true,
      value: { ...INPUT, fields: ['线路名称', '起点站'], conditions: '限科研用途' },
    });
  });
  it('takes a no to either declaration as no answer at all', () => {
    const parsed = parseForm(w1Form, { ...raw, conditions: '限科研用途', fair: 'no', security: 'no' });
    expect(parsed).toMatchObject({ ok: false, issues: [{ field: 'fair', code: 'invalid' }, { field: 'security', code: 'invalid' }] });
  });
  it.each(['realtime', 'daily', 'weekly', 'monthly', 'quarterly', 'yearly', 'irregular', 'archived'])('offers the update frequency %s', (frequency) => {
    expect(parseForm(w1Form, { ...raw, attribute: 'unconditional', frequency })).toMatchObject({ ok: true, value: { frequency } });
  });
  it.each(['dataset', 'API'])('offers the data type %s', (type) => {
    expect(parseForm(w1Form, { ...raw, attribute: 'unconditional', type })).toMatchObject({ ok: true, value: { type: type.toLowerCase() } });
  });
});

describe('W1 decisions', () => {
  const bureau = ctxFor(PEOPLE.authorityReviewer, noDataset);

  it('approve publishes the case’s dataset and tells the officer', () => {
    const s = inState('formal_review');
    const t = expectOk(w1.transition(s, { type: 'approve', note: '  格式规范 ' }, bureau));
    expect(t).toMatchObject({ state: 'published', assignee: null, deadline: null, detail: { datasetId: DATASET_ID, note: '格式规范' } });
    expect(t.effects).toEqual([
      { type: 'publishDataset', datasetId: DATASET_ID },
      { type: 'notify', to: { kind: 'user', userId: officer.id }, message: W1_MESSAGES.published, params: { caseId: s.id, name: '公交线路' } },
    ]);
  });

  it('approve on a case without its dataset id is a bug, not a refusal', () => {
    expect(() => w1.transition({ ...inState('formal_review'), datasetId: null }, EVENTS.approve, bureau)).toThrow(KaifangError);
  });

  it('return lists every reason at once and stops the clock (T9(二) 一次性告知)', () => {
    const s = inState('formal_review');
    const t = expectOk(w1.transition(s, { type: 'return', reasons: [' 缺少数据字典 ', '', '更新频率与实际不符'] }, bureau));
    expect(t).toMatchObject({ state: 'returned', assignee: null, deadline: null });
    expect(t.data.reasons).toEqual(['缺少数据字典', '更新频率与实际不符']);
    expect(t.effects).toEqual([
      {
        type: 'notify',
        to: { kind: 'user', userId: officer.id },
        message: W1_MESSAGES.returned,
        params: { caseId: s.id, name: '公交线路', reasons: '1. 缺少数据字典\n2. 更新频率与实际不符', count: 2 },
      },
    ]);
    expect(t.detail).toEqual({ reasons: '1. 缺少数据字典\n2. 更新频率与实际不符', count: 2 });
  });

  it.each([[[]], [['', '  ']]])('return without a reason is refused: %j', (reasons) => {
    expect(w1.transition(inState('formal_review'), { type: 'return', reasons }, bureau)).toMatchObject({ ok: false, error: 'REASONS_REQUIRED' });
  });

  it.each(['', '   '])('reject without a legal basis is refused: %j', (legalBasis) => {
    expect(w1.transition(inState('formal_review'), { type: 'reject', legalBasis }, bureau)).toMatchObject({ ok: false, error: 'LEGAL_BASIS_REQUIRED' });
  });

  it('reject records its basis and tells the officer', () => {
    const s = inState('formal_review');
    const t = expectOk(w1.transition(s, { type: 'reject', legalBasis: '《数据安全法》第三十八条' }, bureau));
    expect(t.state).toBe('rejected');
    expect(t.data.rejection).toEqual({ legalBasis: '《数据安全法》第三十八条', reason: null });
    expect(t.detail).toEqual({ legalBasis: '《数据安全法》第三十八条' });
    expect(t.effects[0]).toMatchObject({ message: W1_MESSAGES.rejected, params: { caseId: s.id, legalBasis: '《数据安全法》第三十八条', reason: '' } });
  });
});

describe('W1 resubmission', () => {
  const later = '2026-03-06'; // a Friday: the new clock runs over the weekend

  it('validates the correction merged into the previous entry and starts a new clock from today', () => {
    const { clock, calls } = weekdayClock();
    const s = inState('returned');
    const t = expectOk(w1.transition(s, { type: 'resubmit', input: { summary: '补正后的摘要', formats: 'csv' } }, ctxFor(officer, { ...noDataset, clock, today: later })));
    expect(t.state).toBe('formal_review');
    expect(t.assignee).toEqual({ agencyId: AUTHORITY.id, role: 'reviewer' });
    expect(calls).toEqual([{ startedOn: later, workingDays: 2 }]);
    expect(t.deadline).toMatchObject({ startedOn: later, dueOn: '2026-03-10' });
    const entry = { ...s.data.entry, summary: '补正后的摘要', formats: ['CSV'] };
    expect(t.data).toMatchObject({ entry, submissions: 2, reasons: [] });
    expect(t.effects).toEqual([
      { type: 'updateDataset', datasetId: DATASET_ID, entry },
      { type: 'notify', to: { kind: 'user', userId: officer.id }, message: W1_MESSAGES.resubmitted, params: { caseId: s.id, name: '公交线路', dueOn: '2026-03-10' } },
      {
        type: 'notify',
        to: { kind: 'agency', agencyId: AUTHORITY.id, role: 'reviewer' },
        message: W1_MESSAGES.assigned,
        params: { caseId: s.id, name: '公交线路', ...LABELS, dueOn: '2026-03-10' },
      },
    ]);
    // The declarations made on submission stand for a correction that does not touch the conditions.
    expect(t.data.declarations).toEqual({ securityReviewed: true, nonDiscriminatory: true });
    expect(t.detail).toEqual({ submission: 2, security: 'yes', fair: 'yes' });
  });

  it('changes the data type and the update frequency', () => {
    const t = expectOk(w1.transition(inState('returned'), { type: 'resubmit', input: { type: 'api', frequency: 'archived' } }, ctxFor(officer, noDataset)));
    expect(t.data.entry).toMatchObject({ dataType: 'api', updateFrequency: 'archived' });
  });

  it('new conditions need the non-discrimination declaration again (T6): it was made about the old ones', () => {
    const ctx = ctxFor(officer, noDataset);
    const s = inState('returned');
    expect(w1.transition(s, { type: 'resubmit', input: { conditions: '限本市注册企业' } }, ctx)).toEqual({ ok: false, error: 'NON_DISCRIMINATION_REQUIRED', field: 'fair' });
    const t = expectOk(w1.transition(s, { type: 'resubmit', input: { conditions: '限科研机构使用', fair: 'yes' } }, ctx));
    expect(t.data).toMatchObject({ entry: { conditions: '限科研机构使用' }, declarations: { nonDiscriminatory: true } });
    // The same conditions typed again are no new conditions.
    expect(w1.transition(s, { type: 'resubmit', input: { conditions: ' 限科研用途 ' } }, ctx).ok).toBe(true);
  });

  it('a case filed before the declarations were asked has to make them when corrected', () => {
    const ctx = ctxFor(officer, noDataset);
    const s = { ...inState('returned'), data: { ...inState('returned').data, declarations: null } };
    expect(w1.transition(s, { type: 'resubmit', input: { summary: '补正' } }, ctx)).toEqual({ ok: false, error: 'SECURITY_REVIEW_REQUIRED', field: 'security' });
    expect(w1.transition(s, { type: 'resubmit', input: { summary: '补正', security: 'yes' } }, ctx)).toEqual({ ok: false, error: 'NON_DISCRIMINATION_REQUIRED', field: 'fair' });
    const t = expectOk(w1.transition(s, { type: 'resubmit', input: { summary: '补正', security: 'yes', fair: 'yes' } }, ctx));
    expect(t.data.declarations).toEqual({ securityReviewed: true, nonDiscriminatory: true });
  });

  it('turning unconditional data conditional needs conditions', () => {
    const bureau = ctxFor(PEOPLE.authorityReviewer, noDataset);
    const s = step(w1, started({ ...INPUT, attribute: 'unconditional', conditions: null, fair: null }), EVENTS.return, bureau);
    const ctx = ctxFor(officer, noDataset);
    expect(w1.transition(s, { type: 'resubmit', input: { attribute: 'conditional' } }, ctx)).toMatchObject({ ok: false, error: 'CONDITIONS_REQUIRED' });
    expect(w1.transition(s, { type: 'resubmit', input: { attribute: 'conditional', conditions: '限科研用途' } }, ctx)).toMatchObject({
      ok: false,
      error: 'NON_DISCRIMINATION_REQUIRED',
    });
    const t = expectOk(w1.transition(s, { type: 'resubmit', input: { attribute: 'conditional', conditions: '限科研用途', fair: 'yes' } }, ctx));
    expect(t.data.entry).toMatchObject({ attribute: 'conditional', conditions: '限科研用途' });
  });

  it('turning conditional data unconditional drops its conditions', () => {
    const t = expectOk(w1.transition(inState('returned'), { type: 'resubmit', input: { attribute: 'unconditional' } }, ctxFor(officer, noDataset)));
    expect(t.data.entry).toMatchObject({ attribute: 'unconditional', conditions: null });
    expect(t.data.declarations).toEqual({ securityReviewed: true, nonDiscriminatory: null });
  });

  it('refuses invalid values and names the fields', () => {
    const r = w1.transition(inState('returned'), { type: 'resubmit', input: { formats: 'PDF', frequency: 'hourly' } }, ctxFor(officer, noDataset));
    expect(r).toEqual({ ok: false, error: 'INVALID_INPUT', params: { field: 'formats, frequency' } });
  });

  it('return then resubmit: the return stops the clock, the resubmission starts a new one', () => {
    const bureau = ctxFor(PEOPLE.authorityReviewer, noDataset);
    const first = inState('formal_review');
    const returned = step(w1, first, EVENTS.return, bureau);
    expect(returned.deadline).toBeNull();
    const again = step(w1, returned, EVENTS.resubmit, ctxFor(officer, { ...noDataset, today: '2026-03-09' }));
    expect(first.deadline?.startedOn).toBe(TODAY);
    expect(again.deadline).toMatchObject({ startedOn: '2026-03-09', workingDays: 2, dueOn: '2026-03-11' });
  });
});

describe('W1 filed for a W6 demand (T16: the data a demand asks for is opened by publishing it)', () => {
  const demand = (over: Partial<CaseSnapshot> = {}): CaseSnapshot => ({
    id: 'C-0042',
    workflow: 'W6',
    state: 'opening',
    data: {},
    applicantId: PEOPLE.applicant.id,
    datasetId: null,
    assignee: { agencyId: PROVIDER, role: 'reviewer' },
    deadline: null,
    version: 3,
    ...over,
  });
  const filed = (linked: CaseSnapshot | null, typed = 'c-0042') => w1.start({ ...INPUT, demand: typed }, { ...ctxFor(officer, noDataset), linked });

  it('records the demand, and its publication meets it (fulfilDemand)', () => {
    const t = expectOk(filed(demand()));
    expect(t.data.demandCaseId).toBe('C-0042');
    expect(t.detail).toMatchObject({ demand: 'C-0042' });
    const s = { ...snapshotOf('W1', t, officer.id, DATASET_ID) };
    const published = expectOk(w1.transition(s, EVENTS.approve, ctxFor(PEOPLE.authorityReviewer, noDataset)));
    expect(published.effects).toContainEqual({ type: 'fulfilDemand', demandCaseId: 'C-0042', datasetId: DATASET_ID });
    // An entry filed for no demand meets none.
    const plain = expectOk(w1.transition(started(), EVENTS.approve, ctxFor(PEOPLE.authorityReviewer, noDataset)));
    expect(plain.effects.some((e) => e.type === 'fulfilDemand')).toBe(false);
  });

  it('only for a demand waiting to be opened, by the agency that agreed to open it', () => {
    expect(filed(null, 'C-0404')).toMatchObject({ ok: false, error: 'DEMAND_UNKNOWN', field: 'demand' });
    expect(filed(demand({ state: 'feasibility' }))).toMatchObject({ ok: false, error: 'DEMAND_NOT_OPENING' });
    expect(filed(demand({ assignee: { agencyId: 'ag-health', role: 'reviewer' } }))).toMatchObject({ ok: false, error: 'NOT_YOUR_TASK' });
  });
});
