// The catalog and the people: datasets, users, agencies, who stands in for whom, and what each person prefers.
import type { Agency, CatalogEntry, Dataset, DatasetStatus, LocalDate, Locale, User } from '../../domain/model.ts';

export interface DatasetSearch {
  /**
   * Every word must appear (case-insensitive) in at least one of: the code, the name, the English name, the summary,
   * a field (数据项), the open conditions, or the name of the providing agency. Each word may match a different one.
   */
  words?: string[];
  status?: DatasetStatus;
}

/** What a dataset has besides its catalog entry, set when it is created. */
export interface DatasetCreateOptions {
  nameEn?: string | null;
  /** The day of its last update (T12): for data created already published, its publication day. Default: none. */
  lastUpdatedOn?: LocalDate | null;
  /** The day its open attribute was last set or re-assessed (S8, G(一)5): as the last update. Default: none. */
  attributeAssessedOn?: LocalDate | null;
}

export interface DatasetRepository {
  /** Assigns the next code `DS-0001`, `DS-0002`…; the id equals the code. The English name defaults to none. */
  create(entry: CatalogEntry, providerAgencyId: string, status: DatasetStatus, options?: DatasetCreateOptions): Promise<Dataset>;
  get(id: string): Promise<Dataset | null>;
  /** Case-insensitive: `ds-0001` finds `DS-0001`. */
  findByCode(code: string): Promise<Dataset | null>;
  /** Replaces the catalog entry; the English name stays. */
  update(id: string, entry: CatalogEntry): Promise<Dataset>;
  setStatus(id: string, status: DatasetStatus): Promise<Dataset>;
  /** W13, T12: the day the data was last updated. */
  setLastUpdated(id: string, on: LocalDate): Promise<Dataset>;
  /** W2, W2R (S8, G(一)5): the day its open attribute was last set or re-assessed. */
  setAttributeAssessed(id: string, on: LocalDate): Promise<Dataset>;
  /** Ordered by code. */
  search(query?: DatasetSearch): Promise<Dataset[]>;
}

export interface UserRepository {
  get(id: string): Promise<User | null>;
  upsert(user: User): Promise<User>;
  setLocale(id: string, locale: Locale): Promise<void>;
  list(): Promise<User[]>;
  /** Users holding `role` at `agencyId`. */
  listByAgencyRole(agencyId: string, role: User['roles'][number]): Promise<User[]>;
}

export interface AgencyRepository {
  get(id: string): Promise<Agency | null>;
  upsert(agency: Agency): Promise<Agency>;
  list(): Promise<Agency[]>;
}

/** A reviewer away from `from` to `to` (inclusive local dates): tasks and reminders go to `delegateId` meanwhile. */
export interface Delegation {
  userId: string;
  delegateId: string;
  from: LocalDate;
  to: LocalDate;
  createdAt: Date;
}

export interface DelegationRepository {
  /** One delegation per person: a new one replaces the old. */
  put(delegation: Delegation): Promise<void>;
  /** False when there was none. */
  clear(userId: string): Promise<boolean>;
  get(userId: string): Promise<Delegation | null>;
  /** Delegations in force on `day`. */
  listActive(day: LocalDate): Promise<Delegation[]>;
}

export interface UserPreferences {
  /** One morning message listing every pending task instead of single reminders. */
  digest: boolean;
  /** The language was chosen with `lang`; a platform's locale (on linking) does not override it. */
  localeChosen: boolean;
}

export interface PreferenceRepository {
  /** Defaults (digest off) for a user who never chose. */
  get(userId: string): Promise<UserPreferences>;
  put(userId: string, preferences: UserPreferences): Promise<void>;
  /** Users who chose the digest, by id. */
  listDigestUsers(): Promise<string[]>;
}
