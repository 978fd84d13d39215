// Cases, the grants they give and the audit log they write: the ports of the workflow engine.
import type { Channel, Grant, GrantKind, LocalDate } from '../../domain/model.ts';
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
  /** The dataset of a case that had none (W3: a filing on an agency's trigger names it). Omitted: unchanged. */
  datasetId?: string;
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
  /** Every grant, in force or not, in number order (W10: each owes its usage reports, the last at its end). */
  list(): Promise<Grant[]>;
  /** Case-insensitive: `g-0001` finds `G-0001`. */
  get(id: string): Promise<Grant | null>;
  /**
   * Ends one grant after `lastDay` (S34: access restricted or closed on a breach); null when it is unknown. Returns it as
   * it was before; a grant already ended by then is returned unchanged.
   */
  endOne(id: string, lastDay: LocalDate): Promise<Grant | null>;
  /**
   * Ends every grant of `kind` (open unless said) on the dataset still in force after `lastDay`: it stays in force
   * through `lastDay` and no longer. The other kind is left as it is: what ends the opening of data (a new open
   * attribute, a delisting, a withdrawal) does not end its sharing between government bodies, which has a sharing
   * attribute of its own (Z13), and the other way round.
   * Returns the grants as they were before (their holders, their original expiry) for the audit line.
   */
  endOnDataset(datasetId: string, lastDay: LocalDate, kind?: GrantKind): Promise<Grant[]>;
}

export interface AuditEntry {
  seq: number;
  at: Date;
  actorId: string;
  channel: Channel;
  action: string;
  caseId: string | null;
  detail: Params;
  /**
   * HMAC-SHA256, under the platform's audit key, of the previous entry's hash and this entry's content: a chain that
   * shows tampering and that nobody without the key can recompute. (Entries written before the key came into use are
   * plain sha256 up to the `audit.keyed` entry that seals them.)
   */
  hash: string;
  prevHash: string;
}

export type NewAuditEntry = Omit<AuditEntry, 'seq' | 'hash' | 'prevHash'>;

export interface AuditRepository {
  append(entry: NewAuditEntry): Promise<AuditEntry>;
  listByCase(caseId: string): Promise<AuditEntry[]>;
  /** All entries in order, for verification and export. */
  list(): Promise<AuditEntry[]>;
  /**
   * The evaluation's reading: every case of the Case table (or those of `caseIds`) with its workflow and its entries
   * before `before` (null: all), in order, without their seals and without the actions named in `skip` (reminders,
   * follows: nothing it counts).
   */
  listCaseTrails(filter: { before: Date | null; skip: readonly string[]; caseIds?: readonly string[] }): Promise<CaseTrail[]>;
  /** The seq of the last entry committed; 0 while there is none. */
  headSeq(): Promise<number>;
  /** The cases with an entry after `seq`, each once: what changed since a reading through `seq`. */
  casesChangedSince(seq: number): Promise<string[]>;
}

/** One case's audit entries, lean: what the evaluation reads (src/domain/evaluation/case-handling.ts). */
export interface CaseTrail {
  caseId: string;
  workflow: string;
  entries: Array<{ at: Date; action: string; detail: Params }>;
}

/** What a check of the chain found: every entry numbered in turn, linked to the one before and sealed. */
export type AuditChainCheck =
  | {
      ok: true;
      /** Entries 1…legacyThrough were chained before the audit key came into use (0: none). */
      legacyThrough: number;
    }
  | {
      ok: false;
      legacyThrough: number;
      /** The first entry that does not fit: altered, forged, or linked to something else than the entry before it. */
      seq: number;
      /** Set when numbers are missing before it: entries missingFrom…seq-1 were removed. */
      missingFrom?: number;
    };

/** One line of the audit head: an entry that was committed, as it was then. */
export interface AuditHeadRecord {
  seq: number;
  hash: string;
  /** When the line was written. */
  at: Date;
}

export interface AuditHeadReading {
  records: AuditHeadRecord[];
  /** Line numbers (from 1) that are not a head record: a torn write or an edit. */
  unreadableLines: number[];
}

/**
 * The means to check the audit log that the table itself cannot give: its seals (they need the key) and its head,
 * kept where a rewrite of the table does not reach (by default an append-only file beside the database).
 */
export interface AuditIntegrity {
  /** Checks a whole trail, as `AuditRepository.list()` returns it. */
  checkChain(entries: readonly AuditEntry[]): AuditChainCheck;
  /** Every head line written after a commit, in the order written; null when there is no head at all. */
  readHead(): Promise<AuditHeadReading | null>;
}
