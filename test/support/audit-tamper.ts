// What someone with write access to the database file, but without the audit key, can do to the audit log: edit rows,
// delete them, and recompute the chain with the rule the code before the key used (sha256 of the previous hash and
// the content: public, anyone can run it). The tamper tests use these to show what `audit --verify` finds.
import Database from 'better-sqlite3';
import { legacyAuditHash } from '../../src/adapters/audit-hash.ts';
import type { AuditEntry } from '../../src/application/ports/cases.ts';
import type { Channel } from '../../src/domain/model.ts';

interface AuditRow {
  seq: number;
  at: string;
  actorId: string;
  channel: string;
  action: string;
  caseId: string | null;
  detail: string;
  prevHash: string;
  hash: string;
}

function toEntry(row: AuditRow): AuditEntry {
  return { ...row, at: new Date(row.at), channel: row.channel as Channel, detail: JSON.parse(row.detail) };
}

export function databasePath(databaseUrl: string): string {
  return databaseUrl.replace(/^file:/, '');
}

/** Opens the file as an intruder would, runs `work`, closes it again. */
export function tamper<T>(databaseUrl: string, work: (db: Database.Database) => T): T {
  const db = new Database(databasePath(databaseUrl));
  try {
    return work(db);
  } finally {
    db.close();
  }
}

export function auditRows(db: Database.Database): AuditEntry[] {
  return (db.prepare('SELECT * FROM "AuditEntry" ORDER BY "seq"').all() as AuditRow[]).map(toEntry);
}

/** Every entry from `fromSeq` on gets a prevHash and hash recomputed with sha256, as the unkeyed chain had them. */
export function rechainWithSha256(db: Database.Database, fromSeq: number): void {
  const update = db.prepare('UPDATE "AuditEntry" SET "prevHash" = ?, "hash" = ? WHERE "seq" = ?');
  let prevHash: string | null = null;
  for (const e of auditRows(db)) {
    if (e.seq < fromSeq) {
      prevHash = e.hash;
      continue;
    }
    const link: string = prevHash ?? e.prevHash;
    const hash = legacyAuditHash(link, e.seq, e);
    update.run(link, hash, e.seq);
    prevHash = hash;
  }
}

/** Changes an entry's action, actor or detail (replaced whole), the chain recomputed from it on. */
export function rewriteEntry(db: Database.Database, seq: number, change: { action?: string; actorId?: string; detail?: Record<string, string | number> }): void {
  const entry = auditRows(db).find((e) => e.seq === seq)!;
  db.prepare('UPDATE "AuditEntry" SET "action" = ?, "actorId" = ?, "detail" = ? WHERE "seq" = ?').run(
    change.action ?? entry.action,
    change.actorId ?? entry.actorId,
    JSON.stringify(change.detail ?? entry.detail),
    seq,
  );
  rechainWithSha256(db, seq);
}

/** Appends an entry after the last, linked to it and sealed with sha256, the counter moved on as the store would. */
export function appendForged(db: Database.Database, entry: Omit<AuditEntry, 'seq' | 'hash' | 'prevHash'>): number {
  const last = auditRows(db).at(-1)!;
  const seq = last.seq + 1;
  const hash = legacyAuditHash(last.hash, seq, entry);
  db.prepare(
    'INSERT INTO "AuditEntry" ("seq", "at", "actorId", "channel", "action", "caseId", "detail", "prevHash", "hash") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)',
  ).run(seq, entry.at.toISOString(), entry.actorId, entry.channel, entry.action, entry.caseId, JSON.stringify(entry.detail), last.hash, hash);
  db.prepare(`UPDATE "Counter" SET "value" = ? WHERE "name" = 'audit'`).run(seq);
  return seq;
}
