import type { AuditEntry, AuditRepository, CaseTrail, NewAuditEntry } from '../../application/ports/cases.ts';
import { GENESIS_HASH, sealAuditEntry, type AuditSealing } from '../audit-hash.ts';
import { storeError } from '../store-errors.ts';
import type { AuditEntry as AuditRow } from './generated/client.ts';
import { nextNumber } from './next-number.ts';
import type { Db, PrismaSession } from './prisma-session.ts';
import { channelSchema, paramsSchema, parseColumn, parseJsonColumn } from './row-schemas.ts';

export function toAuditEntry(row: AuditRow): AuditEntry {
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

/** Numbers, links and seals one entry, inside the caller's write transaction. */
export async function insertAuditEntry(db: Db, key: string, entry: NewAuditEntry): Promise<AuditEntry> {
  // The counter row queues concurrent appenders, so each one links to the entry committed just before it.
  const seq = await nextNumber(db, 'audit');
  let prevHash = GENESIS_HASH;
  if (seq > 1) {
    const prev = await db.auditEntry.findUnique({ where: { seq: seq - 1 }, select: { hash: true } });
    if (prev === null) throw storeError('STORE_CORRUPT', `Audit entry ${seq - 1} is missing: the chain is broken.`);
    prevHash = prev.hash;
  }
  const sealed = sealAuditEntry(key, seq, prevHash, entry);
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
  return toAuditEntry(row);
}

/** Append-only by construction: there is no update or delete here. */
export function createAuditRepository(session: PrismaSession, sealing: AuditSealing): AuditRepository {
  return {
    append: async (entry: NewAuditEntry) => {
      const appended = await session.write('audit.append', (db) => insertAuditEntry(db, sealing.key, entry));
      sealing.appended(appended);
      return appended;
    },

    listByCase: (caseId: string) =>
      session.read('audit.listByCase', async (db) =>
        (await db.auditEntry.findMany({ where: { caseId }, orderBy: { seq: 'asc' } })).map(toAuditEntry),
      ),

    list: () =>
      session.read('audit.list', async (db) => (await db.auditEntry.findMany({ orderBy: { seq: 'asc' } })).map(toAuditEntry)),

    listCaseTrails: ({ before, skip }) =>
      session.read('audit.listCaseTrails', async (db) => {
        // Two reads of the columns needed, no seals: the evaluation reads every case's entries at once.
        const cases = await db.case.findMany({ select: { id: true, workflow: true }, orderBy: { number: 'asc' } });
        const rows = await db.auditEntry.findMany({
          where: { caseId: { not: null }, at: { lt: before }, action: { notIn: [...skip] } },
          select: { seq: true, caseId: true, at: true, action: true, detail: true },
          orderBy: { seq: 'asc' },
        });
        const trails = new Map<string, CaseTrail>(cases.map((c) => [c.id, { caseId: c.id, workflow: c.workflow, entries: [] }]));
        for (const r of rows)
          trails.get(r.caseId!)?.entries.push({ at: r.at, action: r.action, detail: parseJsonColumn(paramsSchema, r.detail, `audit entry ${r.seq}.detail`) });
        return [...trails.values()];
      }),
  };
}
