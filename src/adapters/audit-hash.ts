// The audit trail is a hash chain: each entry's hash covers the previous entry's hash and its own content, so editing,
// deleting or reordering any entry breaks every hash after it. Both stores seal entries with these functions.
import { createHash } from 'node:crypto';
import type { AuditEntry, NewAuditEntry } from '../application/ports/cases.ts';

/** The prevHash of the first entry. */
export const GENESIS_HASH = '0'.repeat(64);

/** JSON with object keys sorted at every level: the same content always gives the same text. */
export function canonicalJson(value: unknown): string {
  if (value instanceof Date) return JSON.stringify(value.toISOString());
  if (Array.isArray(value)) return `[${value.map((v) => canonicalJson(v ?? null)).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value ?? null);
}

/** sha256 (hex) of the previous hash followed by the canonical JSON of the entry's content. */
export function auditHash(prevHash: string, seq: number, entry: NewAuditEntry): string {
  const content = {
    seq,
    at: entry.at.toISOString(),
    actorId: entry.actorId,
    channel: entry.channel,
    action: entry.action,
    caseId: entry.caseId,
    detail: entry.detail,
  };
  return createHash('sha256').update(prevHash).update(canonicalJson(content)).digest('hex');
}

/** The entry as stored: numbered and chained to the one before. */
export function sealAuditEntry(seq: number, prevHash: string, entry: NewAuditEntry): AuditEntry {
  return {
    seq,
    at: entry.at,
    actorId: entry.actorId,
    channel: entry.channel,
    action: entry.action,
    caseId: entry.caseId,
    detail: entry.detail,
    prevHash,
    hash: auditHash(prevHash, seq, entry),
  };
}

export type AuditChainCheck = { ok: true } | { ok: false; seq: number };

/**
 * Checks a whole trail, as returned by `AuditRepository.list()`: numbered 1, 2, 3…, each linked to the one before,
 * each hash matching its content. Reports the first entry that does not fit. (A chain cannot show that entries were
 * cut off its end; compare the last hash with one kept elsewhere for that.)
 */
export function verifyAuditChain(entries: readonly AuditEntry[]): AuditChainCheck {
  let prevHash = GENESIS_HASH;
  let expectedSeq = 1;
  for (const entry of entries) {
    if (entry.seq !== expectedSeq || entry.prevHash !== prevHash || entry.hash !== auditHash(prevHash, entry.seq, entry)) {
      return { ok: false, seq: entry.seq };
    }
    prevHash = entry.hash;
    expectedSeq += 1;
  }
  return { ok: true };
}
