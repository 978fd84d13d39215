// The evaluation's memo: each case's handling as last computed from its audit entries, so the figures need the trail
// read again only for the cases that changed since (src/application/evaluation/statistics-service.ts).
import type { CaseHandling } from '../../domain/evaluation/case-handling.ts';

export interface MemoCase {
  caseId: string;
  workflow: string;
  /** The instant (ms) of the last entry that went in; null: none did. A period ending before it reads the trail. */
  lastAt: number | null;
  handling: CaseHandling;
}

export interface HandlingMemo {
  /** The calendar and rules the handlings were computed on: another basis, and none of them holds. */
  basis: string;
  /** Every audit entry up to this seq went in. */
  throughSeq: number;
  cases: MemoCase[];
}

export interface HandlingMemoRepository {
  /** The memo last put, or null: none yet, or one that does not read back as it was put (the SQL store seals it). */
  get(): Promise<HandlingMemo | null>;
  /** Replaces the memo. */
  put(memo: HandlingMemo): Promise<void>;
}
