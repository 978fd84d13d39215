// What the application needs from the outside world. Prisma implements these in src/adapters/prisma/,
// and src/adapters/memory/ has in-memory fakes with the same behaviour (conventions §5).
import type { Agency, CatalogEntry, Channel, Dataset, DatasetStatus, Grant, LocalDate, Locale, User } from '../domain/model.ts';
import type { Assignment, CaseSnapshot, Deadline, WorkflowId } from '../domain/workflows/workflow.ts';
import type { Params } from '../domain/errors.ts';

export interface CaseRecord<D = unknown> extends CaseSnapshot<D> {
  createdAt: Date;
  updatedAt: Date;
  /** The user whose action produced the current version (for "already decided by …"). */
  lastActorId: string | null;
}

export interface NewCase {
  workflow: WorkflowId;
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
  workflow?: WorkflowId;
  /** true: only cases with an assignee (still waiting on someone). */
  open?: boolean;
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

export interface OutboxMessage {
  id: number;
  userId: string;
  caseId: string | null;
  /** Locale key and parameters: rendered in the recipient's language when delivered. */
  message: string;
  params: Params;
  status: 'pending' | 'sent' | 'parked';
  attempts: number;
  createdAt: Date;
  sentAt: Date | null;
}

export interface OutboxRepository {
  enqueue(msg: { userId: string; caseId: string | null; message: string; params: Params }, at: Date): Promise<OutboxMessage>;
  /** Oldest first. */
  listPending(limit?: number): Promise<OutboxMessage[]>;
  markSent(id: number, at: Date): Promise<void>;
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

export interface Repositories {
  cases: CaseRepository;
  datasets: DatasetRepository;
  users: UserRepository;
  agencies: AgencyRepository;
  grants: GrantRepository;
  audit: AuditRepository;
  outbox: OutboxRepository;
  conversations: ConversationRepository;
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
