// The nouns every layer shares. Plain data: no classes, no I/O.

/** A calendar date with no time of day, `YYYY-MM-DD`, read in the platform's time zone. */
export type LocalDate = string;

export type Locale = 'zh-CN' | 'en';
export const LOCALES: readonly Locale[] = ['zh-CN', 'en'];

/** Where a command came from; recorded in every audit entry. */
export type Channel = 'console' | 'cli' | 'slack' | 'telegram' | 'system';

/** The chat platforms a person links an account on; each is also a Channel. */
export type ChatPlatform = Extract<Channel, 'slack' | 'telegram'>;

export type AgencyKind = 'authority' | 'provider';

/**
 * Where an agency stands: the city's own, or a national or provincial body whose data the city's catalog lists. A city
 * body applying to share data held at a higher level goes through the city authority, which checks the application and
 * refers it upward (Z15 提报至上一级大数据工作主管部门).
 */
export const AGENCY_LEVELS = ['city', 'province', 'national'] as const;
export type AgencyLevel = (typeof AGENCY_LEVELS)[number];

export interface Agency {
  id: string;
  name: string;
  kind: AgencyKind;
  level: AgencyLevel;
}

/**
 * applicant: a member of the public (公共数据利用主体);
 * reviewer: staff who decide tasks for their agency (a provider's data officer 数据专员, or bureau staff);
 * supervisor: receives escalations and sees their agency's overdue work;
 * operator: runs the platform (平台运行管理机构).
 */
export type Role = 'applicant' | 'reviewer' | 'supervisor' | 'operator';

export interface User {
  id: string;
  name: string;
  roles: Role[];
  /** The agency a reviewer or supervisor works for; null for the public. */
  agencyId: string | null;
  /** T14: only real-name verified users may apply for conditional data. */
  verified: boolean;
  /** T14: users on a dishonesty list (失信名单) may not apply. */
  dishonest: boolean;
  locale: Locale;
}

/** 开放属性 (T4, S7, G(一)4). */
export type OpenAttribute = 'unconditional' | 'conditional' | 'closed';

/**
 * 共享属性 (Z13, B20): how a dataset is shared between government bodies, apart from how it is opened to the public.
 * 无条件共享 to every body; 有条件共享 to some, or in part, for given scenarios, on conditions the catalog lists; 不予共享
 * to none. The last two need a basis in law, regulations or rules recorded in the catalog (Z13 注明…依据; B20 说明理由并
 * 提供相应的法律、行政法规依据): data with no basis recorded is shared unconditionally (B20 无法律、行政法规依据的，应当列入
 * 无条件共享类).
 */
export const SHARE_ATTRIBUTES = ['unconditional', 'conditional', 'none'] as const;
export type ShareAttribute = (typeof SHARE_ATTRIBUTES)[number];

export const DATA_FORMATS = ['CSV', 'JSON', 'XML', 'XLS', 'XLSX', 'API'] as const;
export type DataFormat = (typeof DATA_FORMATS)[number];

/**
 * 数据类型, which S14 asks of an entry beside its 数据格式. The seeds know two kinds of open data: a dataset people
 * download as files (数据集: S16(三) 可下载的数据集) and an interface they call (接口: S9 数据下载、接口访问, T11
 * 数据服务接口). S20 names the same two as the type of an application (申请类型(数据集或者接口)), and W5 asks it with
 * these values.
 */
export const DATA_TYPES = ['dataset', 'api'] as const;
export type DataType = (typeof DATA_TYPES)[number];

/**
 * 更新频率 (S14, S16(四)). `irregular` is 不定期; `archived` is data archived or no longer updated (归档或不再更新),
 * which T12 exempts from the rule that open data goes at most a year without an update.
 */
export const UPDATE_FREQUENCIES = ['realtime', 'daily', 'weekly', 'monthly', 'quarterly', 'yearly', 'irregular', 'archived'] as const;
export type UpdateFrequency = (typeof UPDATE_FREQUENCIES)[number];

/** A catalog entry (S14, S16, G(一)6). */
export interface CatalogEntry {
  name: string;
  summary: string;
  /** 数据项: the data items (fields) of the dataset. */
  fields: string[];
  /** A new entry is open (W1 offers two); W2 may close it later (不予开放: listed, nobody may get the data). */
  attribute: OpenAttribute;
  /** Required when the attribute is conditional (T14). */
  conditions: string | null;
  formats: DataFormat[];
  /** 数据类型 (S14). */
  dataType: DataType;
  updateFrequency: UpdateFrequency;
  /** 共享属性 (Z13, B20): between government bodies, apart from `attribute`. */
  sharing: ShareAttribute;
  /** 共享条件 (Z13 列明申请条件): required when `sharing` is conditional, null otherwise. */
  sharingConditions: string | null;
  /** The basis in law for conditional or no sharing (Z13, B20); null when shared unconditionally. */
  sharingBasis: string | null;
}

export type DatasetStatus = 'pending' | 'published' | 'delisted';

export interface Dataset extends CatalogEntry {
  id: string;
  /** Short code shown to people, e.g. `DS-0001`. */
  code: string;
  /**
   * An English name people can search by (`datasets bus`), or null. Not part of the catalog entry: S14 lists what a
   * catalog states and an English name is not among it, so W1 does not ask the provider for one and a resubmission
   * (which replaces the entry) leaves it alone. The platform sets it when the dataset is created (the demo does).
   */
  nameEn: string | null;
  providerAgencyId: string;
  status: DatasetStatus;
  /**
   * The day the data was last updated (T12, S16(四)): its publication day to begin with, then each update its provider
   * records (`updated DS-0001`). null while the entry is pending. W13's duties count from it.
   */
  lastUpdatedOn: LocalDate | null;
  /**
   * The day its open attribute was last set or re-assessed (S8, G(一)5 定期评估): its publication day to begin with,
   * then each attribute change its provider applies for or the authority makes (W2) and each re-assessment that keeps
   * it (W2R). null while the entry is pending. The re-assessment duty counts from it.
   */
  attributeAssessedOn: LocalDate | null;
}

/**
 * The platform itself, as the applicant of the cases it opens on its own (W13's duties): a reserved user with no
 * role and no chat account, so nothing is ever sent to it. Its name comes from the locales (`common.platformUser`).
 */
export const PLATFORM_USER_ID = 'platform';

/**
 * What a grant gives: `open`, conditional data opened to a user of the public (T15, S21: 开放利用协议, usage reports);
 * `share`, a dataset shared with a government body for one stated duty (Z14, Z17: 仅用于本单位履行法定职责).
 */
export const GRANT_KINDS = ['open', 'share'] as const;
export type GrantKind = (typeof GRANT_KINDS)[number];

/**
 * An access grant: conditional data under a usage agreement (T15, S21), until the end of the usage period (使用期限,
 * S20); or shared data for the duty the application stated (Z17), until the end of the sharing period.
 */
export interface Grant {
  id: string;
  caseId: string;
  datasetId: string;
  userId: string;
  expiresOn: LocalDate;
  agreementRef: string;
  grantedAt: Date;
  kind: GrantKind;
  /** A sharing grant's duty (Z17: the data serves it and nothing else); null for an open grant. */
  duty: string | null;
}
