// The audit trail is a keyed hash chain: each entry's hash is an HMAC-SHA256, under the platform's audit key, of the
// previous entry's hash and its own content. Editing, deleting or reordering any entry breaks every hash after it, and
// nobody without the key can compute a chain that passes again. Both stores seal entries with these functions.
//
// Databases from before the key carry a plain sha256 chain. The first start with a key appends an `audit.keyed` entry,
// sealed with the key and linked to the last legacy hash: from then on the legacy prefix cannot be rewritten either,
// but a rewrite made before that moment cannot be told from the original, and the check says so.
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import type { AuditChainCheck, AuditEntry, NewAuditEntry } from '../application/ports/cases.ts';

/** The prevHash of the first entry. */
export const GENESIS_HASH = '0'.repeat(64);

/** The entry that marks where the keyed chain begins on a database that had an unkeyed one. */
export const AUDIT_KEYED_ACTION = 'audit.keyed';

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

/** What a seal covers besides the previous hash: the number and every field of the entry. */
function contentText(seq: number, entry: NewAuditEntry): string {
  return canonicalJson({
    seq,
    at: entry.at.toISOString(),
    actorId: entry.actorId,
    channel: entry.channel,
    action: entry.action,
    caseId: entry.caseId,
    detail: entry.detail,
  });
}

/** The unkeyed seal of databases from before the audit key: sha256 (hex) of the previous hash and the content. */
export function legacyAuditHash(prevHash: string, seq: number, entry: NewAuditEntry): string {
  return createHash('sha256').update(prevHash).update(contentText(seq, entry)).digest('hex');
}

/** HMAC-SHA256 (hex) under the audit key of the previous hash followed by the canonical JSON of the entry's content. */
export function keyedAuditHash(key: string, prevHash: string, seq: number, entry: NewAuditEntry): string {
  return createHmac('sha256', key).update(prevHash).update(contentText(seq, entry)).digest('hex');
}

/** The entry as stored: numbered, chained to the one before and sealed with the key. */
export function sealAuditEntry(key: string, seq: number, prevHash: string, entry: NewAuditEntry): AuditEntry {
  return {
    seq,
    at: entry.at,
    actorId: entry.actorId,
    channel: entry.channel,
    action: entry.action,
    caseId: entry.caseId,
    detail: entry.detail,
    prevHash,
    hash: keyedAuditHash(key, prevHash, seq, entry),
  };
}

/** Does this first entry carry the unkeyed seal (a database from before the key)? */
export function hasLegacySeal(entry: AuditEntry): boolean {
  return entry.prevHash === GENESIS_HASH && sameHex(entry.hash, legacyAuditHash(GENESIS_HASH, entry.seq, entry));
}

/** The entry that starts the keyed chain after `last`, the last entry sealed without the key. */
export function keyedMarker(last: AuditEntry, at: Date): NewAuditEntry {
  return {
    at,
    actorId: 'system',
    channel: 'system',
    action: AUDIT_KEYED_ACTION,
    caseId: null,
    detail: { legacyThrough: last.seq, legacyHead: last.hash },
  };
}

/** Compares two hex seals in constant time. */
export function sameHex(a: string, b: string): boolean {
  const x = Buffer.from(a, 'utf8');
  const y = Buffer.from(b, 'utf8');
  return x.length === y.length && timingSafeEqual(x, y);
}

/**
 * Checks a whole trail, as returned by `AuditRepository.list()`: numbered 1, 2, 3…, each linked to the one before,
 * each sealed with the key — or, before an `audit.keyed` entry, with the legacy sha256. Reports the first entry that
 * does not fit, and any numbers missing before it. Entries cut off the end leave no trace here: the head kept outside
 * the table shows those (see audit-head.ts).
 */
export function verifyAuditChain(entries: readonly AuditEntry[], key: string): AuditChainCheck {
  const marker = entries.findIndex((e) => e.action === AUDIT_KEYED_ACTION);
  const legacyThrough = marker > 0 ? entries[marker - 1]!.seq : 0;
  let prevHash = GENESIS_HASH;
  let expectedSeq = 1;
  for (const [i, entry] of entries.entries()) {
    const expectedHash =
      marker >= 0 && i < marker ? legacyAuditHash(prevHash, entry.seq, entry) : keyedAuditHash(key, prevHash, entry.seq, entry);
    if (entry.seq > expectedSeq) return { ok: false, legacyThrough, seq: entry.seq, missingFrom: expectedSeq };
    if (entry.seq !== expectedSeq || entry.prevHash !== prevHash || !sameHex(entry.hash, expectedHash)) {
      return { ok: false, legacyThrough, seq: entry.seq };
    }
    prevHash = entry.hash;
    expectedSeq += 1;
  }
  return { ok: true, legacyThrough };
}

/** What an audit repository needs to seal: the key, and whom to tell of each entry it appended. */
export interface AuditSealing {
  key: string;
  /**
   * Called with each appended entry once its write returned: committed at once outside a transaction, or, inside one,
   * held until the transaction commits (see the stores' `transaction`).
   */
  appended(entry: AuditEntry): void;
}
