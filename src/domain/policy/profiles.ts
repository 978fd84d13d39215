// The cities' procedures as data (spec "Working days and deadlines"): a city differs from another only by these values,
// never by an `if (city === …)` in a workflow. Each profile lists, per workflow, the steps its regulation has — who
// takes each, in how many working days, and the article each value comes from. Where a document sets no value ("—" in
// the spec), the profile takes the default profile's (Tai'an's) and its source says so.
import type { Locale } from '../model.ts';
import type { DemandRequesterRule, DowngradeRule, PolicyProfile, ProfileDate, ProfileLimit, ProfileStep, StepActor, StepKind } from './policy-profile.ts';
import type { ReminderPolicy } from '../reminders/reminder-ladder.ts';
import type { WorkflowId } from '../workflows/registry.ts';

export const DEFAULT_PROFILE_ID = 'taian';

function step(state: string, actor: StepActor, kind: StepKind, workingDays: number | null, source: string, clockSource: string | null = source): ProfileStep {
  return { state, actor, kind, workingDays, source, clockSource };
}

/** A step whose days count from the day the case was received (S23, G(二)5 自收到申请之日起), not from its own start. */
function fromReceipt(s: ProfileStep): ProfileStep {
  return { ...s, countsFrom: 'receipt' };
}

/** Values every city shares because only one document sets them: the clocks of the workflows still to come. */
/** Values every city shares because only one document sets them: the clocks of the workflows still to come (none now). */
const PENDING_CLOCKS: Record<string, { days: number; source: string }> = {};

const SHARED_LIMITS: Record<string, ProfileLimit> = {
  // "原则上最多不超过30个工作日" — handling plus every approved extension.
  'W7.max_total': { value: 30, source: 'S10' },
  // S20 asks for a usage period (使用期限) but no regulation caps it: the platform's default, for a city to change.
  'W5.max_period_years': { value: 3, source: 'S20 使用期限 (no article caps it: platform default)' },
  // A grant may be renewed by a new application in its last days (no article sets the window: platform default).
  'W5.renewal_window_days': { value: 30, source: 'T15(三), S21 (no article sets a window: platform default)' },
  // S8 定期评估审查, G(一)5 定期进行评估: conditional and closed data re-assessed periodically; no article sets the
  // period: a year, as T12 caps an update period.
  // T18 按照数据利用协议的约定, Z20 定期告知: no article sets the schedule — every 3 months and at the grant's end, as
  // the agreement's default, for a city to change.
  'W10.report_every_months': { value: 3, source: 'T18, Z20 (no article sets a schedule: every 3 months, the agreement default)' },
  // Z14 提供数据使用授权 sets no period for the access it gives: a year, for a city to change; a new application after it.
  'W11.share_months': { value: 12, source: 'Z14, Z17 (no article sets a period: a year, platform default)' },
  'W2R.period_months': { value: 12, source: 'S8, G(一)5 (no article sets a period: yearly, as T12 caps an update period)' },
};

// W12: T7 has the city's plan published by the end of May (原则上在每年5月底前…统一发布); S13 and G(一)2 ask for the plans
// and set no date, Z has none: Tai'an's date everywhere. No article sets when providers are asked or by when they file:
// the platform asks on 1 March and wants the plans by 30 April, a month before the city's, for a city to change.
const SHARED_DATES: Record<string, ProfileDate> = {
  'W12.call_on': { monthDay: '03-01', source: 'T7, S13, G(一)2 (no article sets the call: platform default)' },
  'W12.filing_due': { monthDay: '04-30', source: 'T7 (no article sets the filing: a month before the city plan, platform default)' },
  'W12.publish_by': { monthDay: '05-31', source: 'T7 原则上5月底前 (S13, G(一)2 set no date: T7’s)' },
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
  stepEscalation: {
    // B45: 逾期未完成整改的，大数据工作主管部门应当及时将有关情况报告本级人民政府 — a late rectification goes to the
    // authority's supervisors the first working day it is overdue, not after the provider's own.
    'W9.rectification': { escalation: [{ to: 'authority_supervisor', afterWorkingDays: 1 }], source: 'B45 (逾期未完成整改 → 及时报告本级人民政府)' },
    // A usage report the holder owes: the provider that granted the data hears first (T18: 数据开放主体…可以…抽查;
    // S34: it restricts or ends the access on a breach), then the authority's supervisors.
    'W10.report_due': {
      escalation: [
        { to: 'agency_officer', afterWorkingDays: 1 },
        { to: 'authority_supervisor', afterWorkingDays: 2 },
      ],
      source: 'T18, S34 (the provider that granted the data, then the authority)',
    },
    // S38 立即核实: a complaint not verified at once climbs fast — the provider's supervisors the first working day it
    // is late, the authority's the next (the default waits two more).
    'W8.verification': {
      escalation: [
        { to: 'agency_supervisor', afterWorkingDays: 1 },
        { to: 'authority_supervisor', afterWorkingDays: 1 },
      ],
      source: 'S38 (立即核实: escalated a working day apart)',
    },
  },
  // Government office hours; the platform's time zone comes from KAIFANG_TIME_ZONE.
  workingHours: { start: '09:00', end: '18:00' },
  // A step the applicant owes (accepting the usage agreement) has no statutory clock: a reminder every 5 working days.
  applicantEveryWorkingDays: 5,
  applicantReminders: 2,
  // The week's figures on its first working day, once the morning's reminders (09:00) are out.
  weeklyReportAt: '09:30',
};

const TAIAN_RULES = '《泰安市公共数据开放实施细则（征求意见稿）》';
const SUZHOU_RULES = '《苏州市公共数据开放实施细则》';
const TENGZHOU_RULES = '《滕州市公共数据管理办法》';
const GUANGZHOU_RULES = '《广州市公共数据开放管理办法》';
const BINZHOU_RULES = '《滨州市公共数据管理办法》';

function downgrade(rule: DowngradeRule, source: string): PolicyProfile['attributeDowngrade'] {
  return { rule, source };
}

type Terms = Record<Locale, Record<string, string>>;

/** The articles each city's messages cite, and the platform's name. */
function requester(rule: DemandRequesterRule, source: string): PolicyProfile['demandRequester'] {
  return { rule, source };
}

function terms(zh: Record<string, string>, en: Record<string, string>): Terms {
  return { 'zh-CN': zh, en };
}

// W1: T9(二) is the only article with days for the formal review of a catalog entry; W4: T10 has the step, no days
// (2, as the other catalog reviews: T9(二), B12); W7: S10 is the only article with days (T17, Z20: 及时).
const W1_DEFAULT = (source: string) => [step('formal_review', 'authority', 'formal_review', 2, source, 'T9(二)')];
// W2: T8, Z18 and G(一)5 have the authority's review of an attribute change and no days (2, as the other catalog
// reviews: T9(二), B12).
const W2_STEPS = (source: string, clockSource = `${source} sets no days: 2, as T9(二) and B12`) => [
  step('review', 'authority', 'approval', 2, source, clockSource),
];
const W4_STEPS = [step('review', 'authority', 'approval', 2, 'T10', 'T10 sets no days: 2, as T9(二) and B12')];
// W9: S16 is the only article with days for the rectification (收到整改任务后10个工作日内核实、更正); no article gives
// the authority's review of the report days: 2, as its other reviews (T9(二), B12).
const W9_STEPS = (source: string, clockSource: string) => [
  step('rectification', 'provider', 'rectification', 10, source, clockSource),
  step('report_review', 'authority', 'rectification_review', 2, source, "T9(二), B12 (no article sets days for reviewing a rectification: 2, as the authority's other reviews)"),
];
// W3: Z10 and B12 are the only articles with a catalog change and its days: the provider files within 15 wd of the change
// of law, rules or duties, the authority reviews in 2 (B12: deletions and edits need its consent). The other cities keep
// their catalog under review (T6, S14 动态调整, G(一)6) and set no days: Z10's and B12's.
const W3_STEPS = (source: string, clockSource: string) => [
  step('filing', 'provider', 'filing', 15, source, clockSource),
  step('review', 'authority', 'approval', 2, source, clockSource),
];
// W13: T12 asks that data be updated as its frequency says (严格按照更新频率更新数据) and S16(四) lists the frequency,
// but no article gives the provider days once an update falls due: 5, as the provider's other handling (S10).
const W13_STEPS = (source: string) => [step('update_due', 'provider', 'update', 5, source, `${source} sets no days: 5, as S10's handling`)];
// W2R: S8 and G(一)5 ask every conditional and closed dataset to be re-assessed periodically (定期评估) and give neither
// the period nor the provider's days: a year, as T12's longest update period, and 15 working days to answer, as a
// catalog change's filing (Z10, B12) — keeping the attribute or applying to change it is a change of the catalog.
const W2R_STEPS = (source: string) => [
  step('reassessment_due', 'provider', 'reassessment', 15, source, `Z10, B12 (${source.split(' (')[0]} sets no days: 15, as a catalog change's filing)`),
];
// W10: T18 及时反馈 (Z20 定期告知) sets no days for a report once it falls due: 10, as the provider's review (T15(二)).
// A spot check (T18 抽查) asks the same account, on the same days.
const W10_STEPS = (source: string) => [
  step('report_due', 'holder', 'usage_report', 10, source, `T15(二) (${source.split(' (')[0]} sets no days: 10, as the provider's review)`),
  step('spot_check', 'holder', 'usage_report', 10, 'T18 (抽查)', "T15(二) (T18 sets no days: 10, as the provider's review)"),
];
// W8: S38 is the only article with a rights complaint and its verification, 立即核实 (at once). The working-day clock
// counts whole working days after the day of receipt, so "at once" is its shortest: 1 working day, the end of the next
// working day, with a fast ladder (reminders.stepEscalation['W8.verification']). T17 and Z20 take an infringement of
// rights (侵犯其合法权益) as an objection to the provider, to be handled 及时; B and G have none: S38's step everywhere.
const W8_STEPS = (source: string) => [
  step('verification', 'provider', 'verification', 1, source, 'S38 (立即核实, at once: 1 working day, the shortest the working-day clock counts)'),
];
// W14: T17 lets a user publish a result on the platform under its conditions (不涉及商业秘密、不侵犯他人知识产权和个人
// 信息、不违反法律法规) and Z23, S24 ask a product to cite its sources (and Z23 the date); no article has the review or
// its days. The authority reviews it before it is listed, in 2 working days: as its review of what else goes on the
// platform (T9(二)).
const W14_STEPS = (source: string) => [
  step('review', 'authority', 'result_review', 2, source, `T9(二) (${source.split(' (')[0]} sets no days: 2, as the review before publication)`),
];
// W6: once found openable, the data is opened within 20 wd of the provider's answer (T16); a city that sets no days
// for the opening takes Tai'an's.
const W6_OPENING = (source: string, clockSource: string) => step('opening', 'provider', 'opening', 20, source, clockSource);
// Where the authority has no step (S23, G(二)5), a demand naming no provider goes to it to route, on the provider's days.
const W6_ROUTING = (source: string) => step('routing', 'authority', 'routing', null, source, null);
// W2S: Z13 and B20 give the sharing attribute and what it needs, B21 its change after evaluation and B22 its temporary
// change in an emergency; no article has the review or its days: the authority's, 2, as the open attribute's change.
const W2S_STEPS = (city: string) => [
  step('review', 'authority', 'approval', 2, city === 'Z' ? 'Z13, B21–B22' : `Z13, B21–B22 (${city} has no sharing attribute: Z's and B's)`, 'T9(二), B12 (no article sets days: 2, as the open attribute’s change)'),
];
// W12: T7's plans, filed and reviewed, the city's published; S13 and G(一)2 ask for them too, Z has none (T7's). The
// filing and the publication run to the profile's dates (`dates`), not on working days; the authority's review of a
// plan has no days in any article: 5, as a formal review (T15(二)).
const W12_STEPS = (city: string) => {
  const source = city === 'T' ? 'T7' : city === 'S' ? 'S13, T7 (S13 has the plans, T7 the procedure)' : city === 'G' ? 'G(一)2, T7 (G(一)2 has the plans, T7 the procedure)' : "T7 (Z has no annual plan: T's)";
  return [
    step('filing', 'provider', 'plan_filing', null, source, null),
    step('review', 'authority', 'plan_review', 5, source, `T15(二) (${source.split(' (')[0]} sets no days: 5, as a formal review)`),
    step('aggregation', 'authority', 'plan_publication', null, source, null),
  ];
};
// W11: Z14 sets the paths and their days by the sharing attribute (unconditional: the authority's formal review 1 wd;
// conditional: 1 wd + the provider's review 2 wd; not yet shared: 5 wd + the provider's study 10 wd), Z15 the referral
// of higher-level data after 1 wd, Z16 the coordination of a refusal whose reasons are insufficient, with no days: 5,
// as the authority's formal review of a data demand (Z14 para 3). Only Tengzhou's measures have inter-agency sharing
// among the cities' documents (T, S and G are open-data rules): every city follows Z's procedure.
const W11_STEPS = (source: string) => {
  const z = (article: string) => (source === 'Z' ? article : `${article} (${source} has no sharing procedure: Z's)`);
  return [
    step('formal_review', 'authority', 'formal_review', 1, z('Z14')),
    step('demand_review', 'authority', 'formal_review', 5, z('Z14')),
    step('referral_review', 'authority', 'referral', 1, z('Z15')),
    step('provider_review', 'provider', 'review', 2, z('Z14')),
    step('demand_study', 'provider', 'review', 10, z('Z14')),
    step('coordination', 'authority', 'coordination', 5, z('Z16'), `Z14 (${z('Z16').split(' (')[0]} sets no days: 5, as the formal review of a data demand)`),
  ];
};
const W7_STEPS = (source: string, clockSource: string) => [
  step('handling', 'provider', 'handling', 5, source, clockSource),
  step('extension_pending', 'authority', 'extension_approval', null, 'S10', null),
];

const TAIAN: PolicyProfile = profile({
  id: 'taian',
  name: { 'zh-CN': '泰安市', en: "Tai'an" },
  source: '泰安市公共数据开放实施细则(征求意见稿), 2025',
  steps: {
    W1: W1_DEFAULT('T9(二)'),
    W2: W2_STEPS('T8'),
    W2R: W2R_STEPS('S8, G(一)5 (T has no re-assessment)'),
    W3: W3_STEPS('T6 (Z10, B12: T has no catalog change)', 'Z10, B12 (T sets no days)'),
    W4: W4_STEPS,
    // T15(二): the authority's formal review within 5 wd, the provider's review within 10 wd.
    W5: [step('formal_review', 'authority', 'formal_review', 5, 'T15(二)'), step('provider_review', 'provider', 'review', 10, 'T15(二)')],
    // T16: the authority's formal review within 5 wd, the provider's feasibility study within 10 wd, the data opened
    // within 20 wd of its answer.
    W6: [
      step('formal_review', 'authority', 'formal_review', 5, 'T16'),
      step('feasibility', 'provider', 'review', 10, 'T16'),
      W6_OPENING('T16', 'T16'),
    ],
    // T17 gives the objection and sets no days: Suzhou's 5 (S10).
    W7: W7_STEPS('T17', 'S10 (T17 sets no days)'),
    // T17: 侵犯其合法权益 is an objection to the provider; S38's complaint and its verification at once.
    W8: W8_STEPS('T17, S38 (T17 has no verification step: S38)'),
    // T10 先行下架…整改完成后重新发布, T12 质量监测评估: the task, no days: Suzhou's 10 (S16).
    W9: W9_STEPS('T10, T12', 'S16 (T sets no days)'),
    W10: W10_STEPS('T18'),
    W11: W11_STEPS('T'),
    W12: W12_STEPS('T'),
    W2S: W2S_STEPS('T'),
    W13: W13_STEPS('T12'),
    W14: W14_STEPS('T17'),
  },
  pending: {},
  attributeDowngrade: downgrade('basis_or_reason', 'T8 未提供依据且无合理理由的，不予调整: a basis or a reason, at least one'),
  demandRequester: requester('verified', 'T16 公共数据利用主体, the platform’s users, real-name verified (T14)'),
  terms: terms(
    {
      platform: '公共数据开放网',
      law_eligibility: `${TAIAN_RULES}第十四条`,
      law_refusal: `${TAIAN_RULES}第十五条`,
      law_commitment: `参照${SUZHOU_RULES}第二十条`,
      law_agreement: `${TAIAN_RULES}第十五条`,
      law_delisting: `${TAIAN_RULES}第十条`,
      law_security: `${TAIAN_RULES}第九条`,
      law_conditions: `${TAIAN_RULES}第六条`,
      law_feedback: `${TAIAN_RULES}第十七条，参照${SUZHOU_RULES}第十条`,
      law_extension: `参照${SUZHOU_RULES}第十条`,
      law_rectification: `${TAIAN_RULES}第十条、第十二条，参照${SUZHOU_RULES}第十六条`,
      law_freshness: `${TAIAN_RULES}第十二条`,
      law_attribute: `${TAIAN_RULES}第八条`,
      law_reassessment: `参照${SUZHOU_RULES}第八条、${GUANGZHOU_RULES}（一）5`,
      law_usage: `${TAIAN_RULES}第十八条`,
      law_suspend: `参照${SUZHOU_RULES}第三十四条`,
      law_catalog_change: `参照${TENGZHOU_RULES}第十条、${BINZHOU_RULES}第十二条`,
      law_complaint: `${TAIAN_RULES}第十七条，参照${SUZHOU_RULES}第三十八条`,
      attribute_rule: '须提供依据或合理理由，至少其一（未提供依据且无合理理由的，不予调整）',
      law_result: `${TAIAN_RULES}第十七条`,
      law_sharing: `参照${TENGZHOU_RULES}第十三条、${BINZHOU_RULES}第二十条`,
      law_share_request: `参照${TENGZHOU_RULES}第十四条至第十六条`,
      law_share_use: `参照${TENGZHOU_RULES}第十七条`,
      law_plan: `${TAIAN_RULES}第七条`,
    },
    {
      platform: 'the public data open website',
      law_eligibility: "Tai'an Implementing Rules (draft), art. 14",
      law_refusal: "Tai'an Implementing Rules (draft), art. 15",
      law_commitment: 'after Suzhou Implementing Rules, art. 20',
      law_agreement: "Tai'an Implementing Rules (draft), art. 15",
      law_delisting: "Tai'an Implementing Rules (draft), art. 10",
      law_security: "Tai'an Implementing Rules (draft), art. 9",
      law_conditions: "Tai'an Implementing Rules (draft), art. 6",
      law_feedback: "Tai'an Implementing Rules (draft), art. 17, after Suzhou Implementing Rules, art. 10",
      law_extension: 'after Suzhou Implementing Rules, art. 10',
      law_rectification: "Tai'an Implementing Rules (draft), arts. 10 and 12, after Suzhou Implementing Rules, art. 16",
      law_freshness: "Tai'an Implementing Rules (draft), art. 12",
      law_attribute: "Tai'an Implementing Rules (draft), art. 8",
      law_reassessment: 'after Suzhou Implementing Rules, art. 8, and Guangzhou Measures, (I)5',
      law_usage: "Tai'an Implementing Rules (draft), art. 18",
      law_suspend: 'after Suzhou Implementing Rules, art. 34',
      law_catalog_change: 'after Tengzhou Measures, art. 10, and Binzhou Measures, art. 12',
      law_complaint: "Tai'an Implementing Rules (draft), art. 17, after Suzhou Implementing Rules, art. 38",
      attribute_rule: 'a basis or a reasonable reason, at least one (refused when neither is given)',
      law_result: "Tai'an Implementing Rules (draft), art. 17",
      law_sharing: 'after Tengzhou Measures, art. 13, and Binzhou Measures, art. 20',
      law_share_request: 'after Tengzhou Measures, arts. 14–16',
      law_share_use: 'after Tengzhou Measures, art. 17',
      law_plan: "Tai'an Implementing Rules (draft), art. 7",
    },
  ),
});

const TENGZHOU: PolicyProfile = profile({
  id: 'tengzhou',
  name: { 'zh-CN': '滕州市', en: 'Tengzhou' },
  source: '滕州市公共数据管理办法, 2024',
  steps: {
    W1: W1_DEFAULT('T9(二) (Z10 has the catalog, no formal review days)'),
    W2: W2_STEPS('Z18'),
    W2R: W2R_STEPS('S8, G(一)5 (Z has no re-assessment)'),
    W3: W3_STEPS('Z10', 'Z10'),
    W4: W4_STEPS,
    // Z19: formal review 5 wd, provider review 10 wd.
    W5: [step('formal_review', 'authority', 'formal_review', 5, 'Z19'), step('provider_review', 'provider', 'review', 10, 'Z19')],
    // Z19: the authority's formal review within 10 wd, the provider's feasibility study within 15 wd; Z19 sets no days
    // for the opening: Tai'an's 20 (T16).
    W6: [
      step('formal_review', 'authority', 'formal_review', 10, 'Z19'),
      step('feasibility', 'provider', 'review', 15, 'Z19'),
      W6_OPENING('Z19', 'T16 (Z19 sets no days)'),
    ],
    // Z20: 及时处理并反馈 — no days: Suzhou's 5 (S10).
    W7: W7_STEPS('Z20', 'S10 (Z20 sets no days: 及时)'),
    // Z20: 侵犯其合法权益…及时处理并反馈; S38's complaint and its verification at once.
    W8: W8_STEPS('Z20, S38 (Z20 has no verification step: S38)'),
    // Z12 质量核查和问题反馈机制: the task, no days: Suzhou's 10 (S16).
    W9: W9_STEPS('Z12', 'S16 (Z sets no days)'),
    W10: W10_STEPS('Z20'),
    W11: W11_STEPS('Z'),
    W12: W12_STEPS('Z'),
    W2S: W2S_STEPS('Z'),
    W13: W13_STEPS('T12 (Z sets none)'),
    // Z23 注明公共数据的来源和获取日期: the citation; no listing on the platform: T17's.
    W14: W14_STEPS('Z23, T17 (Z23 has the citation, no listing: T17’s)'),
  },
  pending: {},
  demandRequester: requester('anyone', 'Z19 公民、法人和其他组织有数据需求…可以通过开放平台提出'),
  attributeDowngrade: downgrade('consent', 'Z18 未经市大数据工作主管部门同意…不得变更: the authority’s consent decides, nothing more asked up front'),
  terms: terms(
    {
      platform: '公共数据开放平台',
      law_eligibility: `参照${TAIAN_RULES}第十四条`,
      law_refusal: `${TENGZHOU_RULES}第十九条`,
      law_commitment: `参照${SUZHOU_RULES}第二十条`,
      law_agreement: `${TENGZHOU_RULES}第十九条`,
      law_delisting: `参照${TAIAN_RULES}第十条`,
      law_security: `参照${SUZHOU_RULES}第三十二条`,
      law_conditions: `参照${TAIAN_RULES}第六条`,
      law_feedback: `${TENGZHOU_RULES}第二十条`,
      law_extension: `参照${SUZHOU_RULES}第十条`,
      law_rectification: `${TENGZHOU_RULES}第十二条，参照${SUZHOU_RULES}第十六条`,
      law_freshness: `参照${TAIAN_RULES}第十二条`,
      law_attribute: `${TENGZHOU_RULES}第十八条`,
      law_reassessment: `参照${SUZHOU_RULES}第八条、${GUANGZHOU_RULES}（一）5`,
      law_usage: `${TENGZHOU_RULES}第二十条，参照${TAIAN_RULES}第十八条`,
      law_suspend: `参照${SUZHOU_RULES}第三十四条`,
      law_catalog_change: `${TENGZHOU_RULES}第十条，参照${BINZHOU_RULES}第十二条`,
      law_complaint: `${TENGZHOU_RULES}第二十条，参照${SUZHOU_RULES}第三十八条`,
      attribute_rule: '须经市大数据工作主管部门审核同意，依据和理由可在审核中补充说明',
      law_result: `${TENGZHOU_RULES}第二十三条，参照${TAIAN_RULES}第十七条`,
      law_sharing: `${TENGZHOU_RULES}第十三条`,
      law_share_request: `${TENGZHOU_RULES}第十四条至第十六条`,
      law_share_use: `${TENGZHOU_RULES}第十七条`,
      law_plan: `参照${TAIAN_RULES}第七条`,
    },
    {
      platform: 'the public data open platform',
      law_eligibility: "after Tai'an Implementing Rules (draft), art. 14",
      law_refusal: 'Tengzhou Measures, art. 19',
      law_commitment: 'after Suzhou Implementing Rules, art. 20',
      law_agreement: 'Tengzhou Measures, art. 19',
      law_delisting: "after Tai'an Implementing Rules (draft), art. 10",
      law_security: 'after Suzhou Implementing Rules, art. 32',
      law_conditions: "after Tai'an Implementing Rules (draft), art. 6",
      law_feedback: 'Tengzhou Measures, art. 20',
      law_extension: 'after Suzhou Implementing Rules, art. 10',
      law_rectification: 'Tengzhou Measures, art. 12, after Suzhou Implementing Rules, art. 16',
      law_freshness: "after Tai'an Implementing Rules (draft), art. 12",
      law_attribute: 'Tengzhou Measures, art. 18',
      law_reassessment: 'after Suzhou Implementing Rules, art. 8, and Guangzhou Measures, (I)5',
      law_usage: "Tengzhou Measures, art. 20, after Tai'an Implementing Rules (draft), art. 18",
      law_suspend: 'after Suzhou Implementing Rules, art. 34',
      law_catalog_change: 'Tengzhou Measures, art. 10, after Binzhou Measures, art. 12',
      law_complaint: 'Tengzhou Measures, art. 20, after Suzhou Implementing Rules, art. 38',
      attribute_rule: "the city authority's consent decides; the basis and reason may follow in its review",
      law_result: "Tengzhou Measures, art. 23, after Tai'an Implementing Rules (draft), art. 17",
      law_sharing: 'Tengzhou Measures, art. 13',
      law_share_request: 'Tengzhou Measures, arts. 14–16',
      law_share_use: 'Tengzhou Measures, art. 17',
      law_plan: "after Tai'an Implementing Rules (draft), art. 7",
    },
  ),
});

const SUZHOU: PolicyProfile = profile({
  id: 'suzhou',
  name: { 'zh-CN': '苏州市', en: 'Suzhou' },
  source: '苏州市公共数据开放实施细则, 2023',
  steps: {
    W1: W1_DEFAULT('S14, T9(二) (S14 has the catalog, no review days)'),
    // S8 has the periodic re-assessment and no review procedure: Tai'an's (T8), the default.
    W2: W2_STEPS('S8, T8 (S8 sets no procedure: the default’s)', 'T8 sets no days: 2, as T9(二) and B12'),
    W2R: W2R_STEPS('S8'),
    W3: W3_STEPS('S14 动态调整 (Z10, B12: S14 has no procedure)', 'Z10, B12 (S14 sets no days)'),
    W4: W4_STEPS,
    // S20: the authority accepts complete applications (受理) and hands them over at once (及时移交), no days given:
    // Tai'an's 5; the provider answers within 10 wd of receiving the application.
    W5: [
      step('formal_review', 'authority', 'acceptance', 5, 'S20', 'T15(二) (S20 sets no days: 及时移交)'),
      step('provider_review', 'provider', 'review', 10, 'S20'),
    ],
    // S23: no step by the authority; the provider answers within 10 wd of receipt (自收到申请之日起); S23 sets no days
    // for the opening: Tai'an's 20 (T16).
    W6: [
      W6_ROUTING('S23 (the platform receives the demand; S23 names no authority step)'),
      fromReceipt(step('feasibility', 'provider', 'review', 10, 'S23')),
      W6_OPENING('S23', 'T16 (S23 sets no days)'),
    ],
    W7: W7_STEPS('S10', 'S10'),
    W8: W8_STEPS('S38'),
    W9: W9_STEPS('S16', 'S16'),
    W10: W10_STEPS('S24, T18 (S24 has the feedback, T18 its contents)'),
    W11: W11_STEPS('S'),
    W12: W12_STEPS('S'),
    W2S: W2S_STEPS('S'),
    W13: W13_STEPS('S16(四)'),
    // S24 注明参考引用的公共数据来源, 运行管理机构有权获取成果相关资料: the citation; no listing procedure: T17's.
    W14: W14_STEPS('S24, T17 (S24 has the citation, no listing: T17’s)'),
  },
  pending: {},
  demandRequester: requester('verified', 'S23 数据利用主体, the platform’s users, real-name verified as T14 asks (S sets no rule)'),
  attributeDowngrade: downgrade('basis_or_reason', 'T8 (S8 has no rule for a downgrade, only for opening data further: the default profile’s)'),
  terms: terms(
    {
      platform: '数据开放平台',
      law_eligibility: `参照${TAIAN_RULES}第十四条`,
      law_refusal: `${SUZHOU_RULES}第二十条`,
      law_commitment: `${SUZHOU_RULES}第二十条`,
      law_agreement: `${SUZHOU_RULES}第二十一条`,
      law_delisting: `参照${TAIAN_RULES}第十条`,
      law_security: `${SUZHOU_RULES}第三十二条`,
      law_conditions: `参照${TAIAN_RULES}第六条`,
      law_feedback: `${SUZHOU_RULES}第十条`,
      law_extension: `${SUZHOU_RULES}第十条`,
      law_rectification: `${SUZHOU_RULES}第十六条`,
      law_freshness: `${SUZHOU_RULES}第十六条`,
      law_attribute: `${SUZHOU_RULES}第八条，参照${TAIAN_RULES}第八条`,
      law_reassessment: `${SUZHOU_RULES}第八条`,
      law_usage: `${SUZHOU_RULES}第二十四条，参照${TAIAN_RULES}第十八条`,
      law_suspend: `${SUZHOU_RULES}第三十四条`,
      law_catalog_change: `${SUZHOU_RULES}第十四条，参照${TENGZHOU_RULES}第十条、${BINZHOU_RULES}第十二条`,
      law_complaint: `${SUZHOU_RULES}第三十八条`,
      attribute_rule: '须提供依据或合理理由，至少其一（参照泰安市规定）',
      law_result: `${SUZHOU_RULES}第二十四条，参照${TAIAN_RULES}第十七条`,
      law_sharing: `参照${TENGZHOU_RULES}第十三条、${BINZHOU_RULES}第二十条`,
      law_share_request: `参照${TENGZHOU_RULES}第十四条至第十六条`,
      law_share_use: `参照${TENGZHOU_RULES}第十七条`,
      law_plan: `${SUZHOU_RULES}第十三条，参照${TAIAN_RULES}第七条`,
    },
    {
      platform: 'the open data platform',
      law_eligibility: "after Tai'an Implementing Rules (draft), art. 14",
      law_refusal: 'Suzhou Implementing Rules, art. 20',
      law_commitment: 'Suzhou Implementing Rules, art. 20',
      law_agreement: 'Suzhou Implementing Rules, art. 21',
      law_delisting: "after Tai'an Implementing Rules (draft), art. 10",
      law_security: 'Suzhou Implementing Rules, art. 32',
      law_conditions: "after Tai'an Implementing Rules (draft), art. 6",
      law_feedback: 'Suzhou Implementing Rules, art. 10',
      law_extension: 'Suzhou Implementing Rules, art. 10',
      law_rectification: 'Suzhou Implementing Rules, art. 16',
      law_freshness: 'Suzhou Implementing Rules, art. 16',
      law_attribute: "Suzhou Implementing Rules, art. 8, after Tai'an Implementing Rules (draft), art. 8",
      law_reassessment: 'Suzhou Implementing Rules, art. 8',
      law_usage: "Suzhou Implementing Rules, art. 24, after Tai'an Implementing Rules (draft), art. 18",
      law_suspend: 'Suzhou Implementing Rules, art. 34',
      law_catalog_change: 'Suzhou Implementing Rules, art. 14, after Tengzhou Measures, art. 10, and Binzhou Measures, art. 12',
      law_complaint: 'Suzhou Implementing Rules, art. 38',
      attribute_rule: "a basis or a reasonable reason, at least one (after Tai'an's rule)",
      law_result: "Suzhou Implementing Rules, art. 24, after Tai'an Implementing Rules (draft), art. 17",
      law_sharing: 'after Tengzhou Measures, art. 13, and Binzhou Measures, art. 20',
      law_share_request: 'after Tengzhou Measures, arts. 14–16',
      law_share_use: 'after Tengzhou Measures, art. 17',
      law_plan: "Suzhou Implementing Rules, art. 13, after Tai'an Implementing Rules (draft), art. 7",
    },
  ),
});

const GUANGZHOU: PolicyProfile = profile({
  id: 'guangzhou',
  name: { 'zh-CN': '广州市', en: 'Guangzhou' },
  source: '广州市公共数据开放管理办法 (summary), 2023',
  steps: {
    W1: W1_DEFAULT('G(二)3, T9(二) (G sets no review days)'),
    W2: W2_STEPS('G(一)5'),
    W2R: W2R_STEPS('G(一)5'),
    W3: W3_STEPS('G(一)6 (Z10, B12: G has no catalog change)', 'Z10, B12 (G sets no days)'),
    W4: W4_STEPS,
    // G(二)3: no review by the authority; the provider reviews and answers within 20 wd of receiving the application.
    W5: [step('provider_review', 'provider', 'review', 20, 'G(二)3')],
    // G(二)5: no step by the authority; from receipt, the reasons within 5 wd when the data cannot be opened (the
    // provider decides by then), the data within 20 wd when it can: the opening's days count from receipt too, so
    // they cover the answer.
    W6: [
      W6_ROUTING('G(二)5 (the platform receives the demand; G(二)5 names no authority step)'),
      fromReceipt(step('feasibility', 'provider', 'review', 5, 'G(二)5')),
      fromReceipt(W6_OPENING('G(二)5', 'G(二)5')),
    ],
    W7: W7_STEPS('G(二)1 情况反馈', 'S10 (G sets no days)'),
    // G has no rights complaint: S38's.
    W8: W8_STEPS('S38 (G sets none)'),
    // G has no rectification task: Tai'an's (T10) with Suzhou's days (S16).
    W9: W9_STEPS('T10 (G sets none)', 'S16 (G sets no days)'),
    W10: W10_STEPS('G(二)6'),
    W11: W11_STEPS('G'),
    W12: W12_STEPS('G'),
    W2S: W2S_STEPS('G'),
    W13: W13_STEPS('T12 (G sets none)'),
    // G(三)1 不得损害…第三方合法权益, G(三)2 利用案例宣传: the conditions and the promotion; no listing procedure: T17's.
    W14: W14_STEPS('G(三)1–2, T17 (G has no listing procedure: T17’s)'),
  },
  pending: {},
  demandRequester: requester('anyone', 'G(二)5 自然人、法人和非法人组织可以通过数据开放平台…提出需求'),
  attributeDowngrade: downgrade('basis', 'G(一)5 明确的法律、法规依据或者国家、省有关政策依据: a basis required'),
  terms: terms(
    {
      platform: '数据开放平台',
      law_eligibility: `${GUANGZHOU_RULES}（二）2`,
      law_refusal: `${GUANGZHOU_RULES}（二）3`,
      law_commitment: `参照${SUZHOU_RULES}第二十条`,
      law_agreement: `${GUANGZHOU_RULES}（二）3`,
      law_delisting: `参照${TAIAN_RULES}第十条`,
      law_security: `${GUANGZHOU_RULES}（二）3`,
      law_conditions: `${GUANGZHOU_RULES}（二）3`,
      law_feedback: `参照${SUZHOU_RULES}第十条`,
      law_extension: `参照${SUZHOU_RULES}第十条`,
      law_rectification: `参照${SUZHOU_RULES}第十六条`,
      law_freshness: `参照${TAIAN_RULES}第十二条`,
      law_attribute: `${GUANGZHOU_RULES}（一）5`,
      law_reassessment: `${GUANGZHOU_RULES}（一）5`,
      law_usage: `${GUANGZHOU_RULES}（二）6，参照${TAIAN_RULES}第十八条`,
      law_suspend: `参照${SUZHOU_RULES}第三十四条`,
      law_catalog_change: `参照${TENGZHOU_RULES}第十条、${BINZHOU_RULES}第十二条`,
      law_complaint: `参照${SUZHOU_RULES}第三十八条`,
      attribute_rule: '须提供明确的法律、法规依据或者国家、省有关政策依据',
      law_result: `${GUANGZHOU_RULES}（三）1，参照${TAIAN_RULES}第十七条`,
      law_sharing: `参照${TENGZHOU_RULES}第十三条、${BINZHOU_RULES}第二十条`,
      law_share_request: `参照${TENGZHOU_RULES}第十四条至第十六条`,
      law_share_use: `参照${TENGZHOU_RULES}第十七条`,
      law_plan: `${GUANGZHOU_RULES}（一）2，参照${TAIAN_RULES}第七条`,
    },
    {
      platform: 'the open data platform',
      law_eligibility: 'Guangzhou Measures, (II)2',
      law_refusal: 'Guangzhou Measures, (II)3',
      law_commitment: 'after Suzhou Implementing Rules, art. 20',
      law_agreement: 'Guangzhou Measures, (II)3',
      law_delisting: "after Tai'an Implementing Rules (draft), art. 10",
      law_security: 'Guangzhou Measures, (II)3',
      law_conditions: 'Guangzhou Measures, (II)3',
      law_feedback: 'after Suzhou Implementing Rules, art. 10',
      law_extension: 'after Suzhou Implementing Rules, art. 10',
      law_rectification: 'after Suzhou Implementing Rules, art. 16',
      law_freshness: "after Tai'an Implementing Rules (draft), art. 12",
      law_attribute: 'Guangzhou Measures, (I)5',
      law_reassessment: 'Guangzhou Measures, (I)5',
      law_usage: "Guangzhou Measures, (II)6, after Tai'an Implementing Rules (draft), art. 18",
      law_suspend: 'after Suzhou Implementing Rules, art. 34',
      law_catalog_change: 'after Tengzhou Measures, art. 10, and Binzhou Measures, art. 12',
      law_complaint: 'after Suzhou Implementing Rules, art. 38',
      attribute_rule: 'a clear basis in law or regulation, or in national or provincial policy, is required',
      law_result: "Guangzhou Measures, (III)1, after Tai'an Implementing Rules (draft), art. 17",
      law_sharing: 'after Tengzhou Measures, art. 13, and Binzhou Measures, art. 20',
      law_share_request: 'after Tengzhou Measures, arts. 14–16',
      law_share_use: 'after Tengzhou Measures, art. 17',
      law_plan: "Guangzhou Measures, (I)2, after Tai'an Implementing Rules (draft), art. 7",
    },
  ),
});

/** What a city declares: the steps of every built-in workflow (one left out does not type-check), its pending clocks and terms. */
export interface CityDeclaration {
  id: string;
  name: PolicyProfile['name'];
  source: string;
  steps: { readonly [W in WorkflowId]: readonly ProfileStep[] };
  /** This city's values for the clocks of workflows still to come (the rest are PENDING_CLOCKS); null: a step it lacks. */
  pending: Record<string, { days: number; source: string } | null>;
  attributeDowngrade: PolicyProfile['attributeDowngrade'];
  demandRequester: PolicyProfile['demandRequester'];
  terms: Terms;
}

/** The profile of a declaration: the clocks read from its steps and the pending values, everything frozen. */
export function profile(d: CityDeclaration): PolicyProfile {
  const clocks: Record<string, number> = {};
  const clockSources: Record<string, string> = {};
  for (const [key, v] of Object.entries({ ...PENDING_CLOCKS, ...d.pending })) {
    if (v === null) continue;
    clocks[key] = v.days;
    clockSources[key] = v.source;
  }
  for (const [workflow, steps] of Object.entries(d.steps))
    for (const s of steps) if (s.workingDays !== null) clocks[`${workflow}.${s.state}`] = s.workingDays;
  return deepFreeze({
    id: d.id,
    name: d.name,
    source: d.source,
    steps: d.steps,
    clocks,
    clockSources,
    attributeDowngrade: d.attributeDowngrade,
    demandRequester: d.demandRequester,
    limits: { ...SHARED_LIMITS },
    dates: { ...SHARED_DATES },
    terms: d.terms,
    reminders: DEFAULT_REMINDERS,
  });
}

/** Freezes a profile and everything in it: a profile cannot change at run time. */
export function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value)) deepFreeze(v);
  }
  return value;
}

export const PROFILES: Readonly<Record<string, PolicyProfile>> = Object.freeze({
  taian: TAIAN,
  tengzhou: TENGZHOU,
  suzhou: SUZHOU,
  guangzhou: GUANGZHOU,
});

/** The profile named `id` (e.g. from the `KAIFANG_PROFILE` setting), or undefined so the config loader can name the bad value. */
export function getProfile(id: string): PolicyProfile | undefined {
  return Object.hasOwn(PROFILES, id) ? PROFILES[id] : undefined;
}
