import { describe, expect, it } from 'vitest';
import type { DomainErrorCode } from '../errors.ts';
import { PROFILES } from '../policy/profiles.ts';
import {
  AUTHORITY,
  EVENTS,
  PEOPLE,
  PROVIDER,
  TODAY,
  ctxFor,
  dataset,
  expectOk,
  snapshotOf,
  step,
  weekdayClock,
  type PersonName,
} from '../../../test/support/workflow-fixtures.ts';
import { describeTransitionTable, type Expected } from '../../../test/support/describe-transition-table.ts';
import { W7_ACTIONS, W7_MESSAGES, W7_STATES, w7Objection as w7, type W7Data, type W7Event, type W7State } from './w7-objection.ts';
import type { CaseSnapshot, EventType } from './workflow.ts';

const reporter = PEOPLE.applicant;
const DS = dataset({ attribute: 'unconditional', conditions: null });
const TEXT = '第3行“起点站”为空';

function started(options: Parameters<typeof ctxFor>[1] = {}): CaseSnapshot<W7Data> {
  return snapshotOf('W7', w7.start({ kind: null, text: TEXT }, ctxFor(reporter, { dataset: DS, ...options })), reporter.id, DS.id);
}

const provider = ctxFor(PEOPLE.providerReviewer, { dataset: DS });
const bureau = ctxFor(PEOPLE.authorityReviewer, { dataset: DS });
const AGREED = '与异议人电话沟通，同意延期，核实后书面反馈';
const extend = (workingDays: number): W7Event => ({ type: 'extend', workingDays, reason: '需多个部门核实', consulted: true, agreed: AGREED });

/** W7's own events: the provider resolves with feedback, or dismisses with a basis and a reason. */
const OWN = {
  resolve: { type: 'resolve', feedback: '已更正第3行“起点站”' },
  dismiss: { type: 'dismiss', legalBasis: '经核对与原始记录一致', reason: '该站点已于2025年撤销，数据无误' },
} as const;
type OwnEvent = keyof typeof OWN;

function inState(state: W7State): CaseSnapshot<W7Data> {
  const s = started();
  switch (state) {
    case 'handling':
      return s;
    case 'extension_pending':
      return step(w7, s, EVENTS.extend, provider);
    case 'returned':
      return step(w7, s, EVENTS.return, provider);
    case 'resolved':
      return step(w7, s, OWN.resolve, provider);
    case 'dismissed':
      return step(w7, s, OWN.dismiss, provider);
  }
}

const ALLOWED: Record<W7State, Partial<Record<EventType | OwnEvent, Expected<W7State>>>> = {
  handling: {
    resolve: { by: 'providerReviewer', to: 'resolved', action: W7_ACTIONS.resolve },
    dismiss: { by: 'providerReviewer', to: 'dismissed', action: W7_ACTIONS.dismiss },
    // Typed, approve and reject do the same (with the same required feedback and reason); no button offers them.
    approve: { by: 'providerReviewer', to: 'resolved', action: W7_ACTIONS.resolve },
    reject: { by: 'providerReviewer', to: 'dismissed', action: W7_ACTIONS.dismiss },
    return: { by: 'providerReviewer', to: 'returned', action: W7_ACTIONS.return },
    extend: { by: 'providerReviewer', to: 'extension_pending', action: W7_ACTIONS.request_extension },
  },
  extension_pending: {
    approve: { by: 'authorityReviewer', to: 'handling', action: W7_ACTIONS.approve_extension },
    reject: { by: 'authorityReviewer', to: 'handling', action: W7_ACTIONS.refuse_extension },
    // One pending extension at a time: the provider hears why.
    extend: { by: 'providerReviewer', error: 'EXTENSION_PENDING' },
  },
  returned: { resubmit: { by: 'applicant', to: 'handling', action: W7_ACTIONS.resubmit } },
  resolved: {},
  dismissed: {},
};

describeTransitionTable(w7, { states: W7_STATES, allowed: ALLOWED, inState, ctx: { dataset: DS }, events: OWN });

describe('W7 roles', () => {
  const handling: Record<PersonName, 'ok' | DomainErrorCode> = {
    providerReviewer: 'ok',
    providerColleague: 'ok',
    authorityReviewer: 'NOT_YOUR_TASK',
    otherProviderReviewer: 'NOT_YOUR_TASK',
    applicant: 'FORBIDDEN_ROLE',
    otherApplicant: 'FORBIDDEN_ROLE',
    authoritySupervisor: 'FORBIDDEN_ROLE',
    providerSupervisor: 'FORBIDDEN_ROLE',
    operator: 'FORBIDDEN_ROLE',
  };
  const pending: Record<PersonName, 'ok' | DomainErrorCode> = {
    ...handling,
    providerReviewer: 'NOT_YOUR_TASK',
    providerColleague: 'NOT_YOUR_TASK',
    authorityReviewer: 'ok',
  };
  const eventOf = (event: EventType | OwnEvent): W7Event => (event === 'resolve' || event === 'dismiss' ? OWN[event] : EVENTS[event]);
  const rows = [
    ...(['resolve', 'dismiss', 'approve', 'reject', 'return', 'extend'] as const).flatMap((event) =>
      Object.entries(handling).map(([who, expected]) => ({ state: 'handling' as const, event, who: who as PersonName, expected })),
    ),
    ...(['approve', 'reject'] as const).flatMap((event) =>
      Object.entries(pending).map(([who, expected]) => ({ state: 'extension_pending' as const, event, who: who as PersonName, expected })),
    ),
  ];
  it.each(rows)('$state: $event by $who → $expected', ({ state, event, who, expected }) => {
    const r = w7.transition(inState(state), eventOf(event), ctxFor(PEOPLE[who], { dataset: DS }));
    if (expected === 'ok') expect(r.ok).toBe(true);
    else expect(r).toMatchObject({ ok: false, error: expected });
  });

  it('while an extension is pending, only the provider hears EXTENSION_PENDING; the authority cannot extend', () => {
    expect(w7.transition(inState('extension_pending'), extend(1), bureau)).toMatchObject({ error: 'NOT_YOUR_TASK' });
    expect(w7.transition(inState('extension_pending'), extend(1), provider)).toMatchObject({ error: 'EXTENSION_PENDING' });
  });

  it.each((Object.keys(PEOPLE) as PersonName[]).filter((w) => w !== 'applicant'))('returned: resubmit by %s → NOT_YOURS', (who) => {
    expect(w7.transition(inState('returned'), EVENTS.resubmit, ctxFor(PEOPLE[who], { dataset: DS }))).toMatchObject({ error: 'NOT_YOURS' });
  });

  it.each(Object.keys(PEOPLE) as PersonName[])('anyone may object: %s', (who) => {
    const ctx = ctxFor(PEOPLE[who], { dataset: DS });
    expect(w7.eligible!(ctx)).toBeNull();
    expect(w7.start({ kind: null, text: TEXT }, ctx).ok).toBe(true);
  });

  it.each([
    ['no dataset', null],
    ['a pending dataset', dataset({ status: 'pending' })],
    ['a delisted dataset', dataset({ status: 'delisted' })],
  ] as const)('objections concern published data only: %s', (_name, ds) => {
    const ctx = ctxFor(reporter, { dataset: ds });
    expect(w7.start({ kind: null, text: TEXT }, ctx)).toMatchObject({ ok: false, error: 'DATASET_NOT_PUBLISHED' });
    expect(w7.eligible!(ctx)).toMatchObject({ ok: false, error: 'DATASET_NOT_PUBLISHED' });
  });
});

describe('W7 handling (S10)', () => {
  it.each(Object.keys(PROFILES))('profile %s: the provider has 5 wd', (id) => {
    const { clock, calls } = weekdayClock();
    const s = started({ clock, profile: PROFILES[id] });
    expect(calls).toEqual([{ startedOn: TODAY, workingDays: 5 }]);
    expect(s.deadline?.dueOn).toBe('2026-03-09');
    expect(s.assignee).toEqual({ agencyId: PROVIDER, role: 'reviewer' });
  });

  it('start tells the reporter and the provider', () => {
    const t = expectOk(w7.start({ kind: null, text: ` ${TEXT} ` }, ctxFor(reporter, { dataset: DS })));
    expect(t.data).toEqual({
      kind: 'error',
      text: TEXT,
      supplements: [],
      dataset: { id: DS.id, code: DS.code, name: DS.name, providerAgencyId: PROVIDER },
      clockStartedOn: TODAY,
      extendedDays: 0,
      extensions: [],
      reasons: [],
      feedback: null,
      dismissal: null,
    });
    const named = { datasetCode: DS.code, datasetName: DS.name, kindLabel: 'forms.w7.kind.options.error' };
    expect(t.effects).toEqual([
      { type: 'notify', to: { kind: 'user', userId: reporter.id }, message: W7_MESSAGES.submitted, params: { ...named, dueOn: '2026-03-09' } },
      {
        type: 'notify',
        to: { kind: 'agency', agencyId: PROVIDER, role: 'reviewer' },
        message: W7_MESSAGES.assigned,
        params: { ...named, text: TEXT, dueOn: '2026-03-09' },
      },
    ]);
    expect(t.detail).toEqual({ datasetId: DS.id, kind: 'error' });
  });

  it('files a suggestion as one (T17 异议或者建议): in its data, the provider’s task, the status and the audit line', () => {
    const t = expectOk(w7.start({ kind: 'suggestion', text: '建议增加站点经纬度' }, ctxFor(reporter, { dataset: DS })));
    expect(t.data.kind).toBe('suggestion');
    expect(t.effects.map((e) => e.type === 'notify' && e.params.kindLabel)).toEqual(['forms.w7.kind.options.suggestion', 'forms.w7.kind.options.suggestion']);
    expect(t.detail).toEqual({ datasetId: DS.id, kind: 'suggestion' });
    expect(w7.facts!(t.data)).toEqual({ kind: 'suggestion' });
    expect(w7.facts!(started().data)).toEqual({ kind: 'error' });
  });

  it('resolve tells the reporter what was done (S10, B33: 处理并反馈)', () => {
    const s = inState('handling');
    const t = expectOk(w7.transition(s, { type: 'resolve', feedback: ' 已更正第3行 ' }, provider));
    expect(t).toMatchObject({ state: 'resolved', assignee: null, deadline: null, data: { feedback: '已更正第3行' }, detail: { feedback: '已更正第3行' } });
    expect(t.effects).toEqual([
      {
        type: 'notify',
        to: { kind: 'user', userId: reporter.id },
        message: W7_MESSAGES.resolved,
        params: { caseId: s.id, datasetCode: DS.code, datasetName: DS.name, kindLabel: 'forms.w7.kind.options.error', feedback: '已更正第3行' },
      },
    ]);
    // A typed approve takes its note as the feedback.
    expect(expectOk(w7.transition(s, { type: 'approve', note: '已更正第3行' }, provider))).toMatchObject({ state: 'resolved', data: { feedback: '已更正第3行' } });
  });

  it.each([
    ['resolve without feedback', { type: 'resolve', feedback: '   ' }, 'feedback'],
    ['approve without a note', { type: 'approve' }, 'note'],
    ['approve with a blank note', { type: 'approve', note: ' ' }, 'note'],
  ] as const)('refuses to resolve without feedback: %s', (_name, event, field) => {
    expect(w7.transition(inState('handling'), event, provider)).toEqual({ ok: false, error: 'FEEDBACK_REQUIRED', field });
  });

  it('dismiss needs the basis and the reason, and tells the reporter both', () => {
    const s = inState('handling');
    expect(w7.transition(s, { type: 'dismiss', legalBasis: '', reason: '数据无误' }, provider)).toMatchObject({ error: 'LEGAL_BASIS_REQUIRED' });
    expect(w7.transition(s, { type: 'dismiss', legalBasis: '数据与原始记录一致', reason: '  ' }, provider)).toEqual({ ok: false, error: 'DISMISSAL_REASON_REQUIRED', field: 'reason' });
    // A typed reject is a dismissal too, and its optional reason is required here.
    expect(w7.transition(s, { type: 'reject', legalBasis: '数据与原始记录一致' }, provider)).toEqual({ ok: false, error: 'DISMISSAL_REASON_REQUIRED', field: 'reason' });
    const t = expectOk(w7.transition(s, { type: 'dismiss', legalBasis: '数据与原始记录一致', reason: '站点已撤销' }, provider));
    expect(t.data.dismissal).toEqual({ legalBasis: '数据与原始记录一致', reason: '站点已撤销' });
    expect(t.detail).toEqual({ legalBasis: '数据与原始记录一致', reason: '站点已撤销' });
    expect(t.effects).toEqual([
      expect.objectContaining({ to: { kind: 'user', userId: reporter.id }, message: W7_MESSAGES.dismissed, params: expect.objectContaining({ legalBasis: '数据与原始记录一致', reason: '站点已撤销' }) }),
    ]);
  });

  it('return asks for everything at once and stops the clock; the reporter’s supplement starts a new one', () => {
    const s = inState('handling');
    expect(w7.transition(s, { type: 'return', reasons: [' '] }, provider)).toMatchObject({ error: 'REASONS_REQUIRED' });
    const returned = step(w7, s, { type: 'return', reasons: ['请说明具体记录', '请提供正确值'] }, provider);
    expect(returned).toMatchObject({ state: 'returned', assignee: null, deadline: null, data: { reasons: ['请说明具体记录', '请提供正确值'] } });
    const ctx = ctxFor(reporter, { dataset: DS, today: '2026-03-11' });
    expect(w7.transition(returned, { type: 'resubmit', input: { text: '  ' } }, ctx)).toEqual({ ok: false, error: 'INVALID_INPUT', field: 'text' });
    const again = expectOk(w7.transition(returned, { type: 'resubmit', input: { text: '第3行应为“火车站”' } }, ctx));
    expect(again).toMatchObject({
      state: 'handling',
      assignee: { agencyId: PROVIDER, role: 'reviewer' },
      deadline: { startedOn: '2026-03-11', workingDays: 5, dueOn: '2026-03-18' },
      data: { text: TEXT, supplements: ['第3行应为“火车站”'], clockStartedOn: '2026-03-11', reasons: [] },
    });
    expect(again.effects.map((e) => e.type === 'notify' && e.message)).toEqual([W7_MESSAGES.resubmitted, W7_MESSAGES.assigned]);
  });
});

describe('W7 extensions (S10: after consulting the reporter, approved by the authority, 30 wd at most in all)', () => {
  it('a request records the consultation and goes to the authority with the deadline unchanged', () => {
    const s = inState('handling');
    const t = expectOk(w7.transition(s, extend(10), provider));
    expect(t).toMatchObject({ state: 'extension_pending', assignee: { agencyId: AUTHORITY.id, role: 'reviewer' }, deadline: s.deadline });
    expect(t.data.extensions).toEqual([
      { workingDays: 10, reason: '需多个部门核实', consulted: true, agreed: AGREED, requestedOn: TODAY, decision: 'pending', legalBasis: null },
    ]);
    expect(t.detail).toEqual({ workingDays: 10, reason: '需多个部门核实', consulted: 'yes', agreed: AGREED });
    expect(t.effects.map((e) => e.type === 'notify' && [e.to, e.message, e.params.agreed])).toEqual([
      [{ kind: 'user', userId: reporter.id }, W7_MESSAGES.extension_requested, AGREED],
      [{ kind: 'agency', agencyId: AUTHORITY.id, role: 'reviewer' }, W7_MESSAGES.extension_assigned, AGREED],
    ]);
  });

  it.each([
    ['without the consultation', { consulted: false }, 'consulted'],
    ['without what was agreed', { agreed: '  ' }, 'agreed'],
  ] as const)('refuses an extension %s (S10 协商沟通) and changes nothing', (_name, change, field) => {
    const s = inState('handling');
    const event = { ...(extend(10) as Extract<W7Event, { type: 'extend' }>), ...change };
    expect(w7.transition(s, event, provider)).toEqual({ ok: false, error: 'CONSULTATION_REQUIRED', field });
  });

  it('approval lengthens the same clock: handling + approved days from the original start', () => {
    const { clock, calls } = weekdayClock();
    const pending = step(w7, inState('handling'), extend(10), provider);
    const t = expectOk(w7.transition(pending, { type: 'approve' }, ctxFor(PEOPLE.authorityReviewer, { dataset: DS, clock, today: '2026-03-06' })));
    expect(calls).toEqual([{ startedOn: TODAY, workingDays: 15 }]);
    expect(t).toMatchObject({ state: 'handling', assignee: { agencyId: PROVIDER, role: 'reviewer' }, deadline: { startedOn: TODAY, dueOn: '2026-03-23' } });
    expect(t.data).toMatchObject({ extendedDays: 10, extensions: [{ workingDays: 10, decision: 'approved' }] });
    // The reporter and the provider are told the new date.
    expect(t.effects.map((e) => e.type === 'notify' && [e.to, e.message, e.params.dueOn])).toEqual([
      [{ kind: 'user', userId: reporter.id }, W7_MESSAGES.extension_approved, '2026-03-23'],
      [{ kind: 'agency', agencyId: PROVIDER, role: 'reviewer' }, W7_MESSAGES.extension_approved, '2026-03-23'],
    ]);
    expect(t.detail).toEqual({ workingDays: 10, totalDays: 15 });
  });

  it('refusal needs a basis and keeps the previous deadline', () => {
    const s = inState('handling');
    const pending = step(w7, s, extend(10), provider);
    expect(w7.transition(pending, { type: 'reject', legalBasis: '' }, bureau)).toMatchObject({ error: 'LEGAL_BASIS_REQUIRED' });
    const t = expectOk(w7.transition(pending, { type: 'reject', legalBasis: '情况并不复杂' }, bureau));
    expect(t).toMatchObject({ state: 'handling', assignee: { agencyId: PROVIDER, role: 'reviewer' }, deadline: s.deadline });
    expect(t.data).toMatchObject({ extendedDays: 0, extensions: [{ decision: 'refused', legalBasis: '情况并不复杂' }] });
    expect(t.effects.map((e) => e.type === 'notify' && e.message)).toEqual([W7_MESSAGES.extension_refused, W7_MESSAGES.extension_refused]);
  });

  it('one extension of 25 reaches exactly 30; 26 is refused', () => {
    const s = inState('handling');
    expect(w7.transition(s, extend(26), provider)).toEqual({ ok: false, error: 'EXTENSION_LIMIT', params: { max: 30, remaining: 25 }, field: 'days' });
    const { clock, calls } = weekdayClock();
    const granted = step(w7, step(w7, s, extend(25), provider), EVENTS.approve, ctxFor(PEOPLE.authorityReviewer, { dataset: DS, clock }));
    expect(calls).toEqual([{ startedOn: TODAY, workingDays: 30 }]);
    expect(w7.transition(granted, extend(1), provider)).toEqual({ ok: false, error: 'EXTENSION_LIMIT', params: { max: 30, remaining: 0 }, field: 'days' });
  });

  it('over two extensions: 5 + 20 + 5 = 30 is allowed, 5 + 20 + 6 = 31 is refused', () => {
    const first = step(w7, step(w7, inState('handling'), extend(20), provider), EVENTS.approve, bureau);
    expect(first.deadline?.workingDays).toBe(25);
    expect(w7.transition(first, extend(6), provider)).toEqual({ ok: false, error: 'EXTENSION_LIMIT', params: { max: 30, remaining: 5 }, field: 'days' });
    const { clock, calls } = weekdayClock();
    const second = step(w7, step(w7, first, extend(5), provider), EVENTS.approve, ctxFor(PEOPLE.authorityReviewer, { dataset: DS, clock }));
    expect(calls).toEqual([{ startedOn: TODAY, workingDays: 30 }]);
    expect(second.data.extendedDays).toBe(25);
    expect(second.data.extensions.map((e) => [e.workingDays, e.decision])).toEqual([
      [20, 'approved'],
      [5, 'approved'],
    ]);
  });

  it('a refused extension does not use up the allowance', () => {
    const refused = step(w7, step(w7, inState('handling'), extend(20), provider), { type: 'reject', legalBasis: '理由不充分' }, bureau);
    expect(w7.transition(refused, extend(25), provider).ok).toBe(true);
  });

  it('a resubmission starts a new clock with the whole allowance again', () => {
    const extended = step(w7, step(w7, inState('handling'), extend(25), provider), EVENTS.approve, bureau);
    const returned = step(w7, extended, EVENTS.return, provider);
    const again = step(w7, returned, EVENTS.resubmit, ctxFor(reporter, { dataset: DS, today: '2026-03-16' }));
    expect(again.data).toMatchObject({ extendedDays: 0, clockStartedOn: '2026-03-16' });
    expect(w7.transition(again, extend(25), provider).ok).toBe(true);
  });

  it.each([
    [{ type: 'extend', workingDays: 0, reason: 'x', consulted: true, agreed: 'y' }, 'INVALID_INPUT', 'days'],
    [{ type: 'extend', workingDays: 2.5, reason: 'x', consulted: true, agreed: 'y' }, 'INVALID_INPUT', 'days'],
    [{ type: 'extend', workingDays: 5, reason: '  ', consulted: true, agreed: 'y' }, 'REASONS_REQUIRED', 'reason'],
  ] as const)('%j → %s about %s', (event, error, field) => {
    expect(w7.transition(inState('handling'), event, provider)).toEqual({ ok: false, error, field });
  });

  it('the limit is the profile’s', () => {
    for (const profile of Object.values(PROFILES)) expect(profile.limits['W7.max_total']?.value).toBe(30);
  });
});
