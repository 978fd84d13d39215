import type { Locale } from '../model.ts';
import type { ReminderPolicy } from '../reminders/reminder-ladder.ts';

// A city's procedure as data (spec: "Where a city's rule differs, the difference is a policy profile value — which
// steps exist, who takes them, their clocks, and the rule a decision must meet — never an `if city ===` in code").

/**
 * Who takes a step: the city's authority (公共数据开放主管部门), the agency that holds the data (公共数据开放主体), or the
 * holder of a grant on it (数据利用主体: W10's usage report).
 */
export type StepActor = 'authority' | 'provider' | 'holder';

/**
 * What the step is: the authority's formal review of completeness and form (形式审核, T15(二)), its acceptance that only
 * checks the materials are complete and hands the application over (受理, 及时移交, S20), a provider's substantive
 * review, the authority's approval of a provider's request (delisting, T10), a provider's handling of a report, the
 * authority's approval of more time, a provider's verification and correction of quality problems (S16 核实、更正), or
 * the authority's review of what was corrected, a provider's filing of a catalog change its duty calls for (Z10, B12),
 * a provider's update of its data (T12), its periodic re-assessment of an attribute (S8, G(一)5 定期评估), its
 * verification of a rights complaint (S38 立即核实), the authority's review of a user's result against T17's
 * conditions before it is listed (T17 可将其发布至公共数据开放网), the authority's routing of a demand that names no
 * provider to the agency that holds the data (W6, S23, G(二)5), a provider's opening of data it agreed to open (W6,
 * T16 开放), the authority's check of an application for higher-level data before it refers it upward (W11, Z15 提报), or
 * its coordination of a sharing refusal whose reasons the applicant holds insufficient (W11, Z16 组织协商), a
 * provider's filing of its annual open plan, the authority's review of it, or its publication of the city's plan (W12,
 * T7 汇总审核…统一发布).
 */
export type StepKind = 'formal_review' | 'acceptance' | 'review' | 'approval' | 'handling' | 'extension_approval' | 'rectification' | 'rectification_review' | 'filing' | 'update' | 'reassessment' | 'usage_report' | 'verification' | 'result_review' | 'routing' | 'opening' | 'referral' | 'coordination' | 'plan_filing' | 'plan_review' | 'plan_publication';

export interface ProfileStep {
  /** The workflow state that waits on the step (`W5.provider_review`'s `provider_review`). */
  state: string;
  actor: StepActor;
  kind: StepKind;
  /** Working days allowed; null when the step runs on the deadline already running (an extension's approval). */
  workingDays: number | null;
  /** The article that gives the step (and the actor). */
  source: string;
  /**
   * Where the number of days comes from: the article first, then any note in parentheses — `S10 (T17 sets no days)`
   * when a value is borrowed because the city sets none (`clockArticle` reads the article alone).
   */
  clockSource: string | null;
  /**
   * 'receipt': the days count from the day the case was received, not from the day the step began (S23, G(二)5:
   * 自收到申请之日起): an earlier step spends them. Omitted: from the day the step began.
   */
  countsFrom?: 'receipt';
}

/**
 * What a downgrade of a dataset's open attribute (W2: unconditional → conditional or closed, conditional → closed) must
 * carry before the authority reviews it:
 * - `basis_or_reason`: a legal basis or a reasonable reason, at least one (T8: 未提供依据且无合理理由的，不予调整);
 * - `basis`: a basis in law or in national or provincial policy (G(一)5: 明确的法律、法规依据或者国家、省有关政策依据);
 * - `consent`: nothing up front; the authority's consent decides (Z18: 未经市大数据工作主管部门同意…不得变更).
 */
export type DowngradeRule = 'basis_or_reason' | 'basis' | 'consent';

/**
 * Who may file a W6 data demand:
 * - `verified`: a real-name verified user (T16 公共数据利用主体, S23 数据利用主体: the platform's users, verified as T14 asks);
 * - `anyone`: anyone, verified or not (Z19 公民、法人和其他组织, G(二)5 自然人、法人和非法人组织).
 */
export type DemandRequesterRule = 'verified' | 'anyone';

/** A number the rules bound a decision with (S10's 30 working days), and where it comes from. */
export interface ProfileLimit {
  value: number;
  source: string;
}

/** A day of every year, `MM-DD`, and where it comes from. */
export interface ProfileDate {
  monthDay: string;
  source: string;
}

export interface PolicyProfile {
  id: string;
  name: { 'zh-CN': string; en: string };
  /** The regulation the values come from, for `why`, `profile` and the README. */
  source: string;
  /** Each built-in workflow's steps in order; a step a city does not have is absent (Guangzhou's W5 formal review). */
  steps: Readonly<Record<string, readonly ProfileStep[]>>;
  /**
   * Working days allowed on each waiting state, keyed `<workflow>.<clock>` (`W5.provider_review`): the steps' days,
   * and the clocks of the workflows still to come. The application checks a registry's clocks against the profile at
   * start-up.
   */
  clocks: Readonly<Record<string, number>>;
  /** The article each clock of a workflow still to come comes from (a step's is on the step). */
  clockSources: Readonly<Record<string, string>>;
  /** The rule a W2 downgrade must meet, and the article it comes from. */
  attributeDowngrade: { readonly rule: DowngradeRule; readonly source: string };
  /** Who may file a W6 data demand, and the article it comes from. */
  demandRequester: { readonly rule: DemandRequesterRule; readonly source: string };
  /** Upper limits, e.g. `W7.max_total`: S10's 30 working days for an objection including extensions. */
  limits: Readonly<Record<string, ProfileLimit>>;
  /**
   * Calendar dates a duty runs on instead of working days, keyed `<workflow>.<date>` (`W12.publish_by`), each a month
   * and day of every year (`05-31`) with the article it comes from (T7: 原则上在每年5月底前…发布).
   */
  dates: Readonly<Record<string, ProfileDate>>;
  /**
   * What messages say that differs by city: the platform's name (`platform`: 公共数据开放网, 数据开放平台) and the
   * articles a refusal cites (`law_*`), filled into every message's `{name}` slots by the translator.
   */
  terms: Readonly<Record<Locale, Readonly<Record<string, string>>>>;
  /** When reminders and escalations go out, and to whom. */
  reminders: ReminderPolicy;
}
