// Cases, the grants they give and the audit log they write: the ports of the workflow engine.
import type { Channel, Grant, LocalDate } from '../../domain/model.ts';
import type { Assignment, CaseSnapshot, Deadline } from '../../domain/workflows/workflow.ts';
import type { Params } from '../../domain/errors.ts';

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
