import { describe, expect, it } from 'vitest';
import { describeTransitionTable } from '../../../test/support/describe-transition-table.ts';
import { AUTHORITY, EVENTS, PEOPLE, TODAY, ctxFor, dataset, expectOk, snapshotOf, step, type CtxOptions } from '../../../test/support/workflow-fixtures.ts';
import { PROFILES } from '../policy/profiles.ts';
import { W14_STATES, listedResult, w14ResultPublication as w14, type W14Data, type W14Input } from './w14-result-publication.ts';
import type { CaseSnapshot } from './workflow.ts';

const BUS = dataset({ id: 'DS-0001', code: 'DS-0001', name: '公交线路', attribute: 'unconditional', conditions: null });
const AIR = dataset({ id: 'DS-0003', code: 'DS-0003', name: '空气质量', providerAgencyId: 'ag-health', attribute: 'unconditional', conditions: null });
const SOURCES = [BUS, AIR];

const input = (extra: Partial<W14Input> = {}): W14Input => ({
  sources: ['DS-0001', 'DS-0003'],
  title: '公交到站提醒',
  summary: '结合公交线路与空气质量的出行提醒',
  url: 'https://example.org/bus',
  obtained: '2026-02-20',
  declared: true,
  ...extra,
});
// The case has no dataset: it cites several.
const as = (who: keyof typeof PEOPLE, options: CtxOptions = {}) => ctxFor(PEOPLE[who], { dataset: null, datasets: SOURCES, ...options });
const submitted = (): CaseSnapshot<W14Data> => snapshotOf('W14', w14.start(input(), as('applicant')), PEOPLE.applicant.id, null);

describeTransitionTable(w14, {
  states: W14_STATES,
  allowed: {
    review: {
      approve: { by: 'authorityReviewer', to: 'listed', action: 'W14.list' },
      return: { by: 'authorityReviewer', to: 'returned', action: 'W14.return' },
      reject: { by: 'authorityReviewer', to: 'refused', action: 'W14.refuse' },
    },
    returned: { resubmit: { by: 'applicant', to: 'review', action: 'W14.resubmit' } },
    listed: {},
    refused: {},
  },
  inState: (state) => ({ ...submitted(), state, ...(state === 'returned' ? { assignee: null, deadline: null } : {}) }),
  ctx: { dataset: null, datasets: SOURCES },
});

describe('W14 who may do what', () => {
  it.each([
    ['the provider of a source', 'providerReviewer'],
    ['another agency’s officer', 'otherProviderReviewer'],
    ['the authority’s supervisor', 'authoritySupervisor'],
    ['another applicant', 'otherApplicant'],
    ['the submitter', 'applicant'],
  ] as const)('%s may not decide the review', (_who, person) => {
    for (const event of [EVENTS.approve, EVENTS.return, EVENTS.reject]) expect(w14.transition(submitted(), event, as(person))).toMatchObject({ ok: false });
  });

  it.each([
    ['a provider’s officer', 'providerReviewer'],
    ['the authority’s reviewer', 'authorityReviewer'],
    ['an operator', 'operator'],
  ] as const)('%s may not submit one (T17: 公共数据利用主体)', (_who, person) => {
    expect(w14.eligible!(as(person))).toMatchObject({ error: 'FORBIDDEN_ROLE' });
    expect(w14.start(input(), as(person))).toMatchObject({ ok: false, error: 'FORBIDDEN_ROLE' });
  });

  it('a user not verified by real name may not: the result is listed under their name (G(二)2, T14)', () => {
    const erin = { ...PEOPLE.applicant, verified: false };
    expect(w14.eligible!(ctxFor(erin, { dataset: null, datasets: SOURCES }))).toMatchObject({ error: 'RESULT_NOT_VERIFIED' });
    expect(w14.start(input(), ctxFor(erin, { dataset: null, datasets: SOURCES }))).toMatchObject({ error: 'RESULT_NOT_VERIFIED' });
    // The dishonesty bar is for conditional data (T14(二)), not for citing open data.
    expect(w14.eligible!(ctxFor({ ...PEOPLE.applicant, dishonest: true }, { dataset: null, datasets: SOURCES }))).toBeNull();
  });

  it('only the submitter resubmits', () => {
    const back = step(w14, submitted(), EVENTS.return, as('authorityReviewer'));
    expect(w14.transition(back, { type: 'resubmit', input: { title: 'x' } }, as('otherApplicant'))).toMatchObject({ ok: false });
    expect(expectOk(w14.transition(back, { type: 'resubmit', input: { title: '新名称' } }, as('applicant'))).data.title).toBe('新名称');
  });
});

describe('W14 start (T17, Z23, S24)', () => {
  it('goes to the authority’s review on the profile’s clock, with its sources and date obtained', () => {
    const t = expectOk(w14.start(input({ sources: ['ds-0001', 'DS-0003', 'DS-0001'] }), as('applicant')));
    expect(t).toMatchObject({ state: 'review', assignee: { agencyId: AUTHORITY.id, role: 'reviewer' }, deadline: { startedOn: TODAY, workingDays: 2 }, action: 'W14.submit' });
    // Each source once, in the order cited, with its name as it was.
    expect(t.data.sources).toEqual([
      { id: 'DS-0001', code: 'DS-0001', name: '公交线路' },
      { id: 'DS-0003', code: 'DS-0003', name: '空气质量' },
    ]);
    expect(t.data).toMatchObject({ obtained: '2026-02-20', declared: true, listedOn: null, rejection: null });
    expect(t.detail).toMatchObject({ sources: 'DS-0001, DS-0003', obtained: '2026-02-20', declared: 'yes' });
    expect(t.effects.map((e) => (e.type === 'notify' ? [e.to.kind, e.message] : e.type))).toEqual([
      ['user', 'notify.w14.submitted'],
      ['agency', 'notify.w14.assigned'],
    ]);
  });

  it('refuses a source the platform does not have, or one that was never open data', () => {
    expect(w14.start(input({ sources: ['DS-0001', 'DS-0009'] }), as('applicant'))).toMatchObject({ error: 'NOT_FOUND', params: { caseId: 'DS-0009' }, field: 'sources' });
    const draft = dataset({ id: 'DS-0005', code: 'DS-0005', status: 'pending' });
    const withDraft = as('applicant', { datasets: [BUS, draft] });
    expect(w14.eligible!(withDraft)).toMatchObject({ error: 'RESULT_SOURCE_NOT_OPEN', params: { datasetCode: 'DS-0005' } });
    expect(w14.start(input({ sources: ['DS-0001', 'DS-0005'] }), withDraft)).toMatchObject({ error: 'RESULT_SOURCE_NOT_OPEN', field: 'sources' });
  });

  it('takes data delisted since, or closed since (it was open when the product was built)', () => {
    const delisted = dataset({ id: 'DS-0001', code: 'DS-0001', status: 'delisted' });
    const closed = dataset({ id: 'DS-0003', code: 'DS-0003', attribute: 'closed', conditions: null });
    expect(expectOk(w14.start(input(), as('applicant', { datasets: [delisted, closed] }))).state).toBe('review');
  });

  it('refuses a date obtained after today, no declaration, a link that is no web address', () => {
    expect(w14.start(input({ obtained: '2026-03-03' }), as('applicant'))).toMatchObject({ error: 'RESULT_OBTAINED_IN_FUTURE', field: 'obtained' });
    expect(expectOk(w14.start(input({ obtained: TODAY }), as('applicant'))).data.obtained).toBe(TODAY);
    expect(w14.start({ ...input(), declared: null as unknown as true }, as('applicant'))).toMatchObject({ error: 'RESULT_DECLARATION_REQUIRED', field: 'declared' });
    for (const url of ['example.org', 'ftp://example.org', 'https://', 'https://a b'])
      expect(w14.start(input({ url }), as('applicant')), url).toMatchObject({ error: 'RESULT_URL_INVALID', field: 'url' });
  });

  it('each city’s review: 2 working days, no article setting any (T9(二)’s review before publication)', () => {
    expect(Object.fromEntries(Object.values(PROFILES).map((p) => [p.id, [p.clocks['W14.review'], p.steps.W14![0]!.actor, p.steps.W14![0]!.kind]]))).toEqual({
      taian: [2, 'authority', 'result_review'],
      tengzhou: [2, 'authority', 'result_review'],
      suzhou: [2, 'authority', 'result_review'],
      guangzhou: [2, 'authority', 'result_review'],
    });
    const t = expectOk(w14.start(input(), as('applicant', { profile: PROFILES.guangzhou! })));
    expect(t.deadline).toMatchObject({ workingDays: 2 });
  });
});

describe('W14 review', () => {
  it('approve lists it today; the submitter is told', () => {
    const t = expectOk(w14.transition(submitted(), EVENTS.approve, as('authorityReviewer')));
    expect(t).toMatchObject({ state: 'listed', assignee: null, deadline: null, data: { listedOn: TODAY } });
    expect(t.effects).toEqual([expect.objectContaining({ to: { kind: 'user', userId: PEOPLE.applicant.id }, message: 'notify.w14.listed' })]);
    const listed = snapshotOf('W14', t, PEOPLE.applicant.id, null);
    expect(listedResult(listed.state, listed.data)?.sources.map((s) => s.code)).toEqual(['DS-0001', 'DS-0003']);
    expect(listedResult('review', submitted().data)).toBeNull();
  });

  it('a refusal needs its basis and its reasons, both told', () => {
    const s = submitted();
    expect(w14.transition(s, { type: 'reject', legalBasis: ' ' }, as('authorityReviewer'))).toMatchObject({ error: 'LEGAL_BASIS_REQUIRED', field: 'basis' });
    expect(w14.transition(s, { type: 'reject', legalBasis: 'T17' }, as('authorityReviewer'))).toMatchObject({ error: 'RESULT_REFUSAL_REASON_REQUIRED', field: 'reason' });
    const t = expectOk(w14.transition(s, { type: 'reject', legalBasis: 'T17', reason: '展示个人出行记录' }, as('authorityReviewer')));
    expect(t).toMatchObject({ state: 'refused', data: { rejection: { legalBasis: 'T17', reason: '展示个人出行记录' } }, detail: { legalBasis: 'T17', reason: '展示个人出行记录' } });
    expect(t.effects).toEqual([expect.objectContaining({ message: 'notify.w14.refused', params: expect.objectContaining({ reason: '展示个人出行记录', legalBasis: 'T17' }) })]);
  });

  it('a return gives every reason at once and stops the clock; the resubmission starts a new one and is checked again', () => {
    const back = step(w14, submitted(), EVENTS.return, as('authorityReviewer'));
    expect(back).toMatchObject({ state: 'returned', assignee: null, deadline: null, data: { reasons: ['缺少数据字典', '更新频率与实际不符'] } });
    expect(w14.transition(back, { type: 'resubmit', input: { obtained: '2026-03-09' } }, as('applicant'))).toMatchObject({ error: 'RESULT_OBTAINED_IN_FUTURE' });
    expect(w14.transition(back, { type: 'resubmit', input: { url: 'nowhere' } }, as('applicant'))).toMatchObject({ error: 'RESULT_URL_INVALID' });
    // Sources named again are checked against the datasets the application found for them.
    expect(w14.transition(back, { type: 'resubmit', input: { sources: 'DS-0001, DS-0004' } }, as('applicant'))).toMatchObject({ error: 'NOT_FOUND', params: { caseId: 'DS-0004' } });
    const t = expectOk(w14.transition(back, { type: 'resubmit', input: { sources: 'DS-0003' } }, as('applicant', { datasets: [AIR] })));
    expect(t).toMatchObject({ state: 'review', assignee: { agencyId: AUTHORITY.id }, deadline: { startedOn: TODAY }, data: { reasons: [], sources: [{ code: 'DS-0003' }] } });
    // Not named again: the sources stand.
    const kept = expectOk(w14.transition(back, { type: 'resubmit', input: { summary: '补正后的简介' } }, as('applicant', { datasets: [] })));
    expect(kept.data).toMatchObject({ summary: '补正后的简介', sources: [{ code: 'DS-0001' }, { code: 'DS-0003' }] });
  });
});
