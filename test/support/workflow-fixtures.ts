// Fixtures for the workflow tests: people of each role, datasets, a context, and a clock that counts weekdays only
// and records its calls, so tests see which clock a step started without a holiday calendar.
import type { Agency, Dataset, LocalDate, User } from '../../src/domain/model.ts';
import type { PolicyProfile } from '../../src/domain/policy/policy-profile.ts';
import { PROFILES } from '../../src/domain/policy/profiles.ts';
import type { EventOf } from '../../src/domain/workflows/transition-table.ts';
import type { BaseEvent, CaseSnapshot, Deadline, EventType, TargetAgency, Transition, TransitionContext, TransitionResult, WorkflowDefinition, WorkflowEvent } from '../../src/domain/workflows/workflow.ts';

export const AUTHORITY: Agency = { id: 'ag-bureau', name: '市大数据局', kind: 'authority', level: 'city' };
export const PROVIDER = 'ag-transport';
export const OTHER_PROVIDER = 'ag-health';

/** The provider named as a start's target (W3's trigger on an agency as a whole), with its published data. */
export function targetAgency(overrides: Partial<TargetAgency> = {}): TargetAgency {
  return { id: PROVIDER, name: '市交通运输局', kind: 'provider', level: 'city', publishedCodes: ['DS-0001', 'DS-0003'], ...overrides };
}

function user(id: string, roles: User['roles'], agencyId: string | null, extra: Partial<User> = {}): User {
  return { id, name: id, roles, agencyId, verified: true, dishonest: false, locale: 'zh-CN', ...extra };
}

export const PEOPLE = {
  applicant: user('u-applicant', ['applicant'], null),
  otherApplicant: user('u-other-applicant', ['applicant'], null),
  providerReviewer: user('u-provider', ['reviewer'], PROVIDER),
  providerColleague: user('u-provider-2', ['reviewer'], PROVIDER),
  otherProviderReviewer: user('u-health', ['reviewer'], OTHER_PROVIDER),
  authorityReviewer: user('u-bureau', ['reviewer'], AUTHORITY.id),
  authoritySupervisor: user('u-bureau-head', ['supervisor'], AUTHORITY.id),
  providerSupervisor: user('u-provider-head', ['supervisor'], PROVIDER),
  operator: user('u-operator', ['operator'], 'ag-center'),
} as const;

export type PersonName = keyof typeof PEOPLE;

/** The platform itself: the applicant of the cases it opens (W13's and W2R's duties). Not in PEOPLE: nobody types as it. */
export const PLATFORM: User = user('platform', [], null, { verified: false });

export function dataset(overrides: Partial<Dataset> = {}): Dataset {
  return {
    id: 'DS-0001',
    code: 'DS-0001',
    name: '公交线路',
    nameEn: null,
    summary: '全市公交线路',
    fields: ['线路名称', '起点站', '终点站'],
    attribute: 'conditional',
    conditions: '限科研用途',
    formats: ['CSV'],
    dataType: 'dataset',
    updateFrequency: 'monthly',
    sharing: 'unconditional',
    sharingConditions: null,
    sharingBasis: null,
    providerAgencyId: PROVIDER,
    status: 'published',
    lastUpdatedOn: '2026-01-01',
    attributeAssessedOn: '2026-01-01',
    ...overrides,
  };
}

export interface ClockCall {
  startedOn: LocalDate;
  workingDays: number;
}

/** Monday–Friday only; records every call. */
export function weekdayClock(): { clock: TransitionContext['clock']; calls: ClockCall[] } {
  const calls: ClockCall[] = [];
  const clock = (startedOn: LocalDate, workingDays: number): Deadline => {
    calls.push({ startedOn, workingDays });
    let t = Date.parse(`${startedOn}T00:00:00Z`);
    let counted = 0;
    while (counted < workingDays) {
      t += 86_400_000;
      const day = new Date(t).getUTCDay();
      if (day !== 0 && day !== 6) counted++;
    }
    return { startedOn, workingDays, dueOn: new Date(t).toISOString().slice(0, 10), provisional: false };
  };
  return { clock, calls };
}

/** Monday–Friday in the span (from, to]. */
export function weekdaysBetween(from: LocalDate, to: LocalDate): number {
  let n = 0;
  for (let t = Date.parse(`${from}T00:00:00Z`) + 86_400_000; t <= Date.parse(`${to}T00:00:00Z`); t += 86_400_000) {
    const day = new Date(t).getUTCDay();
    if (day !== 0 && day !== 6) n++;
  }
  return n;
}

export interface CtxOptions {
  today?: LocalDate;
  profile?: PolicyProfile;
  dataset?: Dataset | null;
  /** The agency a start names instead of a dataset (W3's trigger on a provider as a whole). */
  agency?: TransitionContext['agency'];
  grant?: TransitionContext['grant'];
  /** The datasets a start's list field names (W14's sources). */
  datasets?: TransitionContext['datasets'];
  clock?: TransitionContext['clock'];
  activeGrants?: TransitionContext['activeGrants'];
  /** The agency that provides the dataset (W11: a higher level's data is referred upward). */
  provider?: TransitionContext['provider'];
}

/** 2026-03-02 is a Monday. */
export const TODAY = '2026-03-02';

export function ctxFor(actor: User, options: CtxOptions = {}): TransitionContext {
  return {
    actor,
    today: options.today ?? TODAY,
    profile: options.profile ?? PROFILES.taian!,
    dataset: options.dataset === undefined ? dataset() : options.dataset,
    ...(options.provider !== undefined ? { provider: options.provider } : {}),
    agency: options.agency ?? null,
    grant: options.grant ?? null,
    datasets: options.datasets ?? [],
    activeGrants: options.activeGrants ?? [],
    standingInFor: [],
    authority: AUTHORITY,
    clock: options.clock ?? weekdayClock().clock,
    until: (startedOn, dueOn, key) => ({ startedOn, workingDays: weekdaysBetween(startedOn, dueOn), dueOn, provisional: false, profileDate: key }),
  };
}

export function expectOk<D>(result: TransitionResult<D>): Transition<D> {
  if (!result.ok) throw new Error(`expected a transition, got ${result.error} ${JSON.stringify(result.params ?? {})}`);
  return result;
}

let counter = 0;

/** The case as the application would store it after `result`. */
export function snapshotOf<D>(
  workflow: string,
  result: TransitionResult<D>,
  applicantId: string,
  datasetId: string | null,
  previous?: CaseSnapshot<D>,
): CaseSnapshot<D> {
  const t = expectOk(result);
  return {
    id: previous?.id ?? `C-${String(++counter).padStart(4, '0')}`,
    workflow,
    state: t.state,
    data: t.data,
    applicantId,
    datasetId,
    assignee: t.assignee,
    deadline: t.deadline,
    version: (previous?.version ?? 0) + 1,
  };
}

/** Runs an event that must succeed and returns the next snapshot. */
export function step<D>(def: WorkflowDefinition<D>, s: CaseSnapshot<D>, event: WorkflowEvent | BaseEvent, ctx: TransitionContext): CaseSnapshot<D> {
  return snapshotOf(def.id, def.transition(s, event, ctx), s.applicantId, s.datasetId, s);
}

export const EVENTS: { [K in EventType]: EventOf<K> } = {
  approve: { type: 'approve', note: '同意' },
  return: { type: 'return', reasons: ['缺少数据字典', '  ', '更新频率与实际不符'] },
  reject: { type: 'reject', legalBasis: '《中华人民共和国数据安全法》第三十八条', reason: '涉及个人信息' },
  resubmit: { type: 'resubmit', input: { summary: '补正后的摘要', scenario: '补正后的场景', text: '补充：第3行数据有误' } },
  extend: { type: 'extend', workingDays: 5, reason: '涉及多个部门核实', consulted: true, agreed: '异议人同意延期，核实后电话告知' },
  accept: { type: 'accept' },
};

export const EVENT_TYPES = Object.keys(EVENTS) as EventType[];
