// The cities' clocks as data (spec "Working days and deadlines"): a city differs from another only by these values,
// never by an `if (city === …)` in a workflow. Where a document sets no value ("—" in the spec), the profile takes
// Tai'an's, the default profile; hence every profile is Tai'an's values with the city's own on top.
import type { PolicyProfile } from './policy-profile.ts';
import type { ClockKey } from '../workflows/registry.ts';
import type { ReminderPolicy } from '../reminders/reminder-ladder.ts';

export const DEFAULT_PROFILE_ID = 'taian';

/**
 * A city's profile: a value for every clock of every built-in workflow (a missing one fails the type-check), and the
 * values of the workflows still to come.
 */
export type CityProfile = PolicyProfile & { clocks: { readonly [K in ClockKey]: number } };

/** Values every city shares because only one document sets them. */
const SHARED_CLOCKS = {
  // W3 catalog change: the provider applies within 15 wd of the change of law or duties, the authority reviews in 2 (Z10, B12).
  'W3.apply_window': 15,
  'W3.review': 2,
  // W6 unlisted data: once found openable, opened within 20 wd of the feedback (T16).
  'W6.open': 20,
  // W4 delisting: T10 sets no days for the authority's approval (no other seed has the step); default 2, as its other
  // catalog reviews (T9(二) publication, B12 catalog changes).
  'W4.review': 2,
  // W7 objection: the provider handles it within 5 wd (S10).
  'W7.handling': 5,
  // W9 quality rectification: the provider verifies and corrects within 10 wd of the task (S16).
  'W9.rectification': 10,
  // W11 inter-agency sharing (Z14): unconditional share 1 wd; conditional share 1 wd + provider 2 wd;
  // not yet shared 5 wd + provider 10 wd.
  'W11.unconditional_review': 1,
  'W11.conditional_review': 1,
  'W11.conditional_provider_review': 2,
  'W11.unshared_review': 5,
  'W11.unshared_provider_review': 10,
} as const satisfies Record<string, number>;

const SHARED_LIMITS: Record<string, number> = {
  // S10: "原则上最多不超过30个工作日" — handling plus every approved extension.
  'W7.max_total': 30,
  // S20 asks for a usage period (使用期限) but no regulation caps it; the platform's default is 3 years from the
  // application, for a city to change.
  'W5.max_period_years': 3,
};

/**
 * The spec's ladder ("reviewers on assignment, before the deadline, and at it; supervisors when overdue"; escalation
 * reviewer → data officer → authority supervisor). No regulation sets the steps, so every city starts from these.
 */
const DEFAULT_REMINDERS: ReminderPolicy = {
  beforeDueWorkingDays: 1,
  onDueDay: true,
  escalation: [
    { to: 'agency_supervisor', afterWorkingDays: 1 },
    { to: 'authority_supervisor', afterWorkingDays: 2 },
  ],
  // Government office hours; the platform's time zone comes from KAIFANG_TIME_ZONE.
  workingHours: { start: '09:00', end: '18:00' },
};

const TAIAN: CityProfile = {
  id: 'taian',
  name: { 'zh-CN': '泰安市', en: "Tai'an" },
  source: '泰安市公共数据开放实施细则(征求意见稿), 2025',
  clocks: {
    ...SHARED_CLOCKS,
    // T9(二): formal review of submitted open data within 2 wd.
    'W1.formal_review': 2,
    // T15(二): the authority's formal review within 5 wd, the provider's review within 10 wd.
    'W5.formal_review': 5,
    'W5.provider_review': 10,
    // T16: formal review within 5 wd, the provider's feasibility study within 10 wd.
    'W6.formal_review': 5,
    'W6.provider_review': 10,
  },
  limits: { ...SHARED_LIMITS },
  reminders: DEFAULT_REMINDERS,
};

const TENGZHOU: CityProfile = {
  id: 'tengzhou',
  name: { 'zh-CN': '滕州市', en: 'Tengzhou' },
  source: '滕州市公共数据管理办法, 2024',
  clocks: {
    ...TAIAN.clocks,
    // Z19: formal review 5 wd, provider review 10 wd (same as Tai'an).
    'W5.formal_review': 5,
    'W5.provider_review': 10,
    // Z19: unlisted data — formal review 10 wd, the provider's feasibility study 15 wd.
    'W6.formal_review': 10,
    'W6.provider_review': 15,
  },
  limits: { ...TAIAN.limits },
  reminders: TAIAN.reminders,
};

const SUZHOU: CityProfile = {
  id: 'suzhou',
  name: { 'zh-CN': '苏州市', en: 'Suzhou' },
  source: '苏州市公共数据开放实施细则, 2023',
  clocks: {
    ...TAIAN.clocks,
    // S20: the authority "accepts" complete applications without a stated number of days: Tai'an's 5 (spec).
    'W5.formal_review': 5,
    // S20: the provider answers within 10 wd of receiving the application.
    'W5.provider_review': 10,
    // S23: requests outside the catalog answered within 10 wd; no formal-review days, so Tai'an's 5.
    'W6.formal_review': 5,
    'W6.provider_review': 10,
  },
  limits: { ...TAIAN.limits },
  reminders: TAIAN.reminders,
};

const GUANGZHOU: CityProfile = {
  id: 'guangzhou',
  name: { 'zh-CN': '广州市', en: 'Guangzhou' },
  source: '广州市公共数据开放管理办法 (summary), 2023',
  clocks: {
    ...TAIAN.clocks,
    // G(二)3 sets no formal-review days: Tai'an's 5 (spec).
    'W5.formal_review': 5,
    // G(二)3: the provider reviews and answers within 20 wd of receiving the application.
    'W5.provider_review': 20,
    // G(二)5: openable demands answered with the data within 20 wd; no formal-review days, so Tai'an's 5.
    'W6.formal_review': 5,
    'W6.provider_review': 20,
  },
  limits: { ...TAIAN.limits },
  reminders: TAIAN.reminders,
};

function frozen(profile: CityProfile): PolicyProfile {
  Object.freeze(profile.clocks);
  Object.freeze(profile.limits);
  Object.freeze(profile.name);
  Object.freeze(profile.reminders.escalation);
  Object.freeze(profile.reminders.workingHours);
  Object.freeze(profile.reminders);
  return Object.freeze(profile);
}

export const PROFILES: Readonly<Record<string, PolicyProfile>> = Object.freeze({
  taian: frozen(TAIAN),
  tengzhou: frozen(TENGZHOU),
  suzhou: frozen(SUZHOU),
  guangzhou: frozen(GUANGZHOU),
});

/** The profile named `id` (e.g. from the `POLICY_PROFILE` setting), or undefined so the config loader can name the bad value. */
export function getProfile(id: string): PolicyProfile | undefined {
  return Object.hasOwn(PROFILES, id) ? PROFILES[id] : undefined;
}
