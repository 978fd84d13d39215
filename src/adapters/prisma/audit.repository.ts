import type { AuditEntry, AuditRepository, NewAuditEntry } from '../../application/ports/cases.ts';
import { GENESIS_HASH, sealAuditEntry } from '../audit-hash.ts';
import { storeError } from '../store-errors.ts';
import type { AuditEntry as AuditRow } from './generated/client.ts';
import { nextNumber } from './next-number.ts';
import type { PrismaSession } from './prisma-session.ts';
import { channelSchema, paramsSchema, parseColumn, parseJsonColumn } from './row-schemas.ts';

function toEntry(row: AuditRow): AuditEntry {
  const where = `audit entry ${row.seq}`;
  return {
    seq: row.seq,
    at: row.at,
    actorId: row.actorId,
    channel: parseColumn(channelSchema, row.channel, `${where}.channel`),
    action: row.action,
    caseId: row.caseId,
    detail: parseJsonColumn(paramsSchema, row.detail, `${where}.detail`),
    hash: row.hash,
    prevHash: row.prevHash,
  };
}

/** Append-only by construction: there is no update or delete here. */
export function createAuditRepository(session: PrismaSession): AuditRepository {
  return {
    append: (entry: NewAuditEntry) =>
      session.write('audit.append', async (db) => {
        // The counter row queues concurrent appenders, so each one links to the entry committed just before it.
        const seq = await nextNumber(db, 'audit');
        let prevHash = GENESIS_HASH;
        if (seq > 1) {
          const prev = await db.auditEntry.findUnique({ where: { seq: seq - 1 }, select: { hash: true } });
          if (prev === null) throw storeError('STORE_CORRUPT', `Audit entry ${seq - 1} is missing: the chain is broken.`);
          prevHash = prev.hash;
        }
        const sealed = sealAuditEntry(seq, prevHash, entry);
        const row = await db.auditEntry.create({
          data: {
            seq: sealed.seq,
            at: sealed.at,
            actorId: sealed.actorId,
            channel: sealed.channel,
            action: sealed.action,
            caseId: sealed.caseId,
            detail: JSON.stringify(sealed.detail),
            prevHash: sealed.prevHash,
            hash: sealed.hash,
          },
        });
        return toEntry(row);
      }),

    listByCase: (caseId: string) =>
      session.read('audit.listByCase', async (db) =>
        (await db.auditEntry.findMany({ where: { caseId }, orderBy: { seq: 'asc' } })).map(toEntry),
      ),

    list: () =>
      session.read('audit.list', async (db) => (await db.auditEntry.findMany({ orderBy: { seq: 'asc' } })).map(toEntry)),
  };
}
