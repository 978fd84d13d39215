// The store as a whole: every repository, and one transaction over all of them. Prisma implements it in
// src/adapters/prisma/, and src/adapters/memory/ has an in-memory fake with the same behaviour. Use cases ask for the
// repositories they use (`Pick<Store, …>`), not the whole store.
import type { CaseRepository, GrantRepository, AuditRepository, AuditIntegrity } from './cases.ts';
import type { DatasetRepository, UserRepository, AgencyRepository, DelegationRepository, PreferenceRepository } from './directory.ts';
import type { OutboxRepository, ScheduleRepository, OnceRepository, SettingRepository } from './delivery.ts';
import type { ConversationRepository, IdentityRepository, LinkCodeRepository, PostedMessageRepository } from './chat.ts';
import type { HandlingMemoRepository } from './evaluation.ts';

export interface Repositories {
  cases: CaseRepository;
  datasets: DatasetRepository;
  users: UserRepository;
  agencies: AgencyRepository;
  grants: GrantRepository;
  audit: AuditRepository;
  outbox: OutboxRepository;
  conversations: ConversationRepository;
  schedule: ScheduleRepository;
  once: OnceRepository;
  delegations: DelegationRepository;
  preferences: PreferenceRepository;
  settings: SettingRepository;
  identities: IdentityRepository;
  linkCodes: LinkCodeRepository;
  postedMessages: PostedMessageRepository;
  handlingMemo: HandlingMemoRepository;
}

export interface Store extends Repositories {
  /** Runs `work` in one database transaction: all of its writes land, or none. */
  transaction<T>(work: (repos: Repositories) => Promise<T>): Promise<T>;
  /** The audit log's seals and head, for `audit --verify`. */
  auditIntegrity: AuditIntegrity;
  close(): Promise<void>;
}

/** "Now" is a port, so tests can fix the time. */
export interface Clock {
  now(): Date;
}
