// What the application needs from the outside world. Prisma implements these in src/adapters/prisma/,
// and src/adapters/memory/ has in-memory fakes with the same behaviour (conventions §5).
import type { Agency, CatalogEntry, Channel, ChatPlatform, Dataset, DatasetStatus, Grant, LocalDate, Locale, User } from '../domain/model.ts';
import type { Assignment, CaseSnapshot, Deadline } from '../domain/workflows/workflow.ts';
import type { Params } from '../domain/errors.ts';
import type { StepRule } from '../domain/reminders/reminder-ladder.ts';

export interface CaseRecord<D = unknown> extends CaseSnapshot<D> {
  createdAt: Date;
  updatedAt: Date;
  /** The user whose action produced the current version (for "already decided by …"). */
  lastActorId: string | null;
}

export interface NewCase {
  workflow: string;
  state: string;
  data: unknown;
  applicantId: string;
  datasetId: string | null;
  assignee: Assignment | null;
  deadline: Deadline | null;
}

export interface CaseChange {
  state: string;
  data: unknown;
  assignee: Assignment | null;
  deadline: Deadline | null;
}

export interface CaseFilter {
  applicantId?: string;
  assigneeAgencyId?: string;
  workflow?: string;
  /** true: only cases with an assignee (still waiting on someone). */
  open?: boolean;
  /** Only cases whose deadline falls before this date (overdue on it). */
  dueBefore?: LocalDate;
}

export interface CaseRepository {
  /** Assigns the next id `C-0001`, `C-0002`…, version 1. */
  create(input: NewCase, at: Date, actorId: string): Promise<CaseRecord>;
  get(id: string): Promise<CaseRecord | null>;
  /**
   * Optimistic concurrency: writes only if the stored version is still `expectedVersion`, bumping it by one.
   * Returns null when someone else changed the case first.
   */
  update(id: string, expectedVersion: number, change: CaseChange, at: Date, actorId: string): Promise<CaseRecord | null>;
  /** Ordered by deadline (soonest first, cases without one last), then id. */
  list(filter?: CaseFilter): Promise<CaseRecord[]>;
  /**
   * A recomputed deadline after a calendar change: the same working days counted on the corrected calendar. Not a
   * decision, so the version stays (buttons in open messages remain valid). False when the case does not exist.
   */
  setDeadline(id: string, deadline: Deadline): Promise<boolean>;
}

export interface DatasetSearch {
  /** Every word must appear in the code, name, summary or fields (case-insensitive). */
  words?: string[];
  status?: DatasetStatus;
}

export interface DatasetRepository {
  /** Assigns the next code `DS-0001`, `DS-0002`…; the id equals the code. */
  create(entry: CatalogEntry, providerAgencyId: string, status: DatasetStatus): Promise<Dataset>;
  get(id: string): Promise<Dataset | null>;
  /** Case-insensitive: `ds-0001` finds `DS-0001`. */
  findByCode(code: string): Promise<Dataset | null>;
  update(id: string, entry: CatalogEntry): Promise<Dataset>;
  setStatus(id: string, status: DatasetStatus): Promise<Dataset>;
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

export interface GrantRepository {
  create(grant: Omit<Grant, 'id'>): Promise<Grant>;
  listByUser(userId: string): Promise<Grant[]>;
  listByCase(caseId: string): Promise<Grant[]>;
}

export interface AuditEntry {
  seq: number;
  at: Date;
  actorId: string;
  channel: Channel;
  action: string;
  caseId: string | null;
  detail: Params;
  /** sha256 over the previous entry's hash and this entry's content: a chain that shows tampering. */
  hash: string;
  prevHash: string;
}

export type NewAuditEntry = Omit<AuditEntry, 'seq' | 'hash' | 'prevHash'>;

export interface AuditRepository {
  append(entry: NewAuditEntry): Promise<AuditEntry>;
  listByCase(caseId: string): Promise<AuditEntry[]>;
  /** All entries in order, for verification and export. */
  list(): Promise<AuditEntry[]>;
}

export type OutboxStatus = 'pending' | 'sending' | 'sent' | 'parked';

export interface OutboxMessage {
  id: number;
  userId: string;
  caseId: string | null;
  /** Locale key and parameters: rendered in the recipient's language when delivered. */
  message: string;
  params: Params;
  /**
   * pending: waiting for `nextAttemptAt`; sending: claimed by a dispatcher until `nextAttemptAt` (its lease: a process
   * that dies mid-send leaves it to be retried once the lease runs out); sent; parked: every attempt failed, an operator
   * looks at it (`npx kaifang outbox`).
   */
  status: OutboxStatus;
  attempts: number;
  createdAt: Date;
  /** Not sent before this instant: the first working-hours window, then each retry's backoff or a lease's end. */
  nextAttemptAt: Date;
  /** The last failure, for the operator's view. */
  lastError: string | null;
  sentAt: Date | null;
}

export interface NewOutboxMessage {
  userId: string;
  caseId: string | null;
  message: string;
  params: Params;
  /** Defaults to the enqueue time. */
  notBefore?: Date;
}

export interface OutboxRepository {
  enqueue(msg: NewOutboxMessage, at: Date): Promise<OutboxMessage>;
  /** Pending messages, oldest first (by createdAt, then id), whatever their nextAttemptAt. */
  listPending(limit?: number): Promise<OutboxMessage[]>;
  /**
   * Claims up to `limit` messages ready at `at` — pending ones with nextAttemptAt ≤ at, and sending ones whose lease
   * (nextAttemptAt) has run out — the longest-waiting first (by nextAttemptAt, then id), returned in id order. Each becomes `sending` with nextAttemptAt = leaseUntil. Two dispatchers
   * never claim the same message while its lease holds.
   */
  claimReady(at: Date, leaseUntil: Date, limit: number): Promise<OutboxMessage[]>;
  /** attempts + 1, status sent. */
  markSent(id: number, at: Date): Promise<void>;
  /** A failed attempt: attempts + 1 and lastError; back to pending at `retryAt`, or parked when retryAt is null. */
  markFailed(id: number, error: string, retryAt: Date | null): Promise<OutboxMessage>;
  /** An operator's retry of a parked message: pending again at `at`, attempts kept. False when it is not parked. */
  requeue(id: number, at: Date): Promise<boolean>;
  /** By id, filtered by status (all when omitted), newest first, at most `limit`. */
  list(filter?: { status?: OutboxStatus[]; caseId?: string }, limit?: number): Promise<OutboxMessage[]>;
  /** Messages per status. */
  countByStatus(): Promise<Record<OutboxStatus, number>>;
}

/** One rung of a task's reminder ladder (see src/domain/reminders/reminder-ladder.ts). */
export type { StepRule };

export interface ScheduleStep {
  id: number;
  caseId: string;
  /** The case version that assigned the task: a returned-and-resubmitted or reassigned task gets a fresh ladder. */
  stage: number;
  rule: StepRule;
  /** 0 for reminders; 1, 2… for the escalation steps. */
  level: number;
  dueAt: Date;
  status: 'pending' | 'done' | 'cancelled';
  /** When the step was carried out or cancelled. */
  doneAt: Date | null;
}

export type NewScheduleStep = Pick<ScheduleStep, 'caseId' | 'stage' | 'rule' | 'level' | 'dueAt'>;

/**
 * Reminders and escalations as rows (issue 3): unique on (caseId, stage, rule, level), due at `dueAt`, claimed by the
 * tick in the same transaction that writes what they cause.
 */
export interface ScheduleRepository {
  /**
   * Inserts each step whose key is new; a pending step with the same key gets the new dueAt (a recomputed deadline);
   * done and cancelled steps are left as they are, so a step is never carried out twice.
   */
  plan(steps: readonly NewScheduleStep[]): Promise<void>;
  /** Pending steps with dueAt ≤ at, by dueAt then id, at most `limit`. */
  listDue(at: Date, limit: number): Promise<ScheduleStep[]>;
  /** Pending steps with dueAt > after, by dueAt then id (for the dry run and tests). */
  listPendingAfter(after: Date, limit: number): Promise<ScheduleStep[]>;
  /**
   * Claims up to `limit` due steps (pending, dueAt ≤ at, by dueAt then id): they become done at `at` and are returned.
   * Meant for the inside of the transaction that writes what they cause: if it rolls back, so does the claim.
   */
  claimDue(at: Date, limit: number): Promise<ScheduleStep[]>;
  /** pending → done. False when the step was no longer pending (another process carried it out). */
  complete(id: number, at: Date): Promise<boolean>;
  /** Every pending step of the case → cancelled (the task moved on). Returns how many. */
  cancelPending(caseId: string, at: Date): Promise<number>;
  /** Every step of the case, by dueAt then id. */
  listByCase(caseId: string): Promise<ScheduleStep[]>;
}

/** Things that may happen at most once, keyed by a string: a nudge per case per working day, a digest per user per day. */
export interface OnceRepository {
  /** True the first time `key` is claimed, false ever after. */
  claim(key: string, at: Date): Promise<boolean>;
  /** Whether `key` has been claimed (for the dry run, which claims nothing). */
  isClaimed(key: string): Promise<boolean>;
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
}

export interface PreferenceRepository {
  /** Defaults (digest off) for a user who never chose. */
  get(userId: string): Promise<UserPreferences>;
  put(userId: string, preferences: UserPreferences): Promise<void>;
  /** Users who chose the digest, by id. */
  listDigestUsers(): Promise<string[]>;
}

/** Small operator-visible facts, e.g. the fingerprint of the calendar the open deadlines were computed on. */
export interface SettingRepository {
  get(key: string): Promise<string | null>;
  put(key: string, value: string): Promise<void>;
}

/** A half-finished command: the fields given so far and the one being asked for. Survives a restart. */
export interface Conversation {
  verb: string;
  /** Positional arguments already understood, e.g. the dataset code or case id. */
  target: string | null;
  formId: string;
  values: Record<string, string>;
  awaiting: string;
  /**
   * For a decision: the case's version when the form opened. If someone else decides the case meanwhile, this one is
   * stale and is refused with "already decided by …" instead of being applied to a step the person never saw.
   */
  caseVersion: number | null;
  updatedAt: Date;
}

export interface ConversationRepository {
  get(channel: Channel, userId: string): Promise<Conversation | null>;
  put(channel: Channel, userId: string, conversation: Conversation): Promise<void>;
  clear(channel: Channel, userId: string): Promise<void>;
}

/** A chat account linked to a kaifang user (issue 4 §6): who a Slack or Telegram sender is. */
export interface ChatIdentity {
  platform: ChatPlatform;
  /** The platform's own id of the account: Slack's user id (U…/W…), Telegram's numeric user id as text. */
  externalId: string;
  userId: string;
  linkedAt: Date;
}

/**
 * One kaifang user per chat account, and one chat account per user and platform: linking either side again replaces
 * the earlier link.
 */
export interface IdentityRepository {
  /** Links the account, first removing any link of the same account or of the same user on that platform; returns those removed. */
  link(identity: ChatIdentity): Promise<ChatIdentity[]>;
  find(platform: ChatPlatform, externalId: string): Promise<ChatIdentity | null>;
  findByUser(platform: ChatPlatform, userId: string): Promise<ChatIdentity | null>;
  /** False when the account was not linked. */
  unlink(platform: ChatPlatform, externalId: string): Promise<boolean>;
  /** Every link, by userId then platform (for the operator's `users list`). */
  list(): Promise<ChatIdentity[]>;
}

/** The chat account that redeemed a link code. */
export interface ChatAccount {
  platform: ChatPlatform;
  externalId: string;
}

/** A one-time code an operator hands a person so they can link their chat account (`npx kaifang users invite`). */
export interface LinkCode {
  code: string;
  userId: string;
  /** Valid before this instant. */
  expiresAt: Date;
  createdAt: Date;
  usedAt: Date | null;
  usedBy: ChatAccount | null;
}

export type NewLinkCode = Pick<LinkCode, 'code' | 'userId' | 'expiresAt' | 'createdAt'>;

export type RedeemResult = { ok: true; userId: string } | { ok: false; reason: 'unknown' | 'used' | 'expired' };

export interface LinkCodeRepository {
  /** Codes are unique: creating one that exists fails (the caller draws codes at random from a large space). */
  create(code: NewLinkCode): Promise<LinkCode>;
  get(code: string): Promise<LinkCode | null>;
  /**
   * Uses the code (exact match) at `at`: valid when it exists, is unused and `at` is before its expiry. Marking it used
   * is one conditional write, so of two redeemers racing for the same code exactly one gets the userId and the other
   * `used`. A used code reports `used` even once it has expired too.
   */
  redeem(code: string, at: Date, by: ChatAccount): Promise<RedeemResult>;
}

/**
 * A chat message that shows a case (a task with buttons, typically), remembered so that every copy can be edited once
 * the case moves on, and so that a button click can be traced back to the case and version it showed.
 */
export interface PostedMessage {
  platform: ChatPlatform;
  caseId: string;
  /** The case version the message shows now; its buttons act on this version. */
  caseVersion: number;
  /** The person it was posted to. */
  userId: string;
  /** Slack's channel id (a DM's D…), Telegram's chat id as text. */
  channel: string;
  /** The message within the channel: Slack's `ts`, Telegram's `message_id` as text. */
  messageRef: string;
  postedAt: Date;
}

/** Messages are keyed by (platform, channel, messageRef), which the platforms guarantee unique. */
export interface PostedMessageRepository {
  /** Remembers a message; adding the same message again (a retried post) replaces what was stored. */
  add(message: PostedMessage): Promise<void>;
  /** The message a button was clicked on: which case, and which version it showed. */
  find(platform: ChatPlatform, channel: string, messageRef: string): Promise<PostedMessage | null>;
  /** Every copy showing the case (on one platform, or all), by postedAt then platform, channel, messageRef. */
  listByCase(caseId: string, platform?: ChatPlatform): Promise<PostedMessage[]>;
  /**
   * After the message was edited to show `caseVersion`: records it, forward only. False when the message is unknown
   * or already shows that version or a later one (another process edited it first; nothing to record).
   */
  setVersion(platform: ChatPlatform, channel: string, messageRef: string, caseVersion: number): Promise<boolean>;
  /** Forgets a message the platform no longer has (deleted, or the channel is gone). False when it was not known. */
  remove(platform: ChatPlatform, channel: string, messageRef: string): Promise<boolean>;
}

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
}

export interface Store extends Repositories {
  /** Runs `work` in one database transaction: all of its writes land, or none. */
  transaction<T>(work: (repos: Repositories) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

/** "Now" is a port (conventions §3). */
export interface Clock {
  now(): Date;
}
