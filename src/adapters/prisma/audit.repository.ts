import type { AuditEntry, AuditRepository, CaseTrail, NewAuditEntry } from '../../application/ports/cases.ts';
import { GENESIS_HASH, sealAuditEntry, type AuditSealing } from '../audit-hash.ts';
import { storeError } from '../store-errors.ts';
import type { AuditEntry as AuditRow } from './generated/client.ts';
import { nextNumber } from './next-number.ts';
import type { Db, PrismaSession } from './prisma-session.ts';
import { channelSchema, checkedParams, paramsSchema, parseColumn, parseJsonColumn } from './row-schemas.ts';

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

/**
 * Each case's entries from the rows SQLite grouped, in seq order, those before `cutoff` (ms) and not skipped. A plain
 * function with index loops: it runs over every audit entry there is.
 */
function trailsOf(
  cases: ReadonlyArray<{ id: string; workflow: string }>,
  grouped: ReadonlyArray<{ caseId: string; entries: string }>,
  cutoff: number,
  skipped: ReadonlySet<string>,
): CaseTrail[] {
  const byCase = new Map<string, CaseTrail>();
  const trails: CaseTrail[] = [];
  for (let i = 0; i < cases.length; i++) {
    const trail: CaseTrail = { caseId: cases[i]!.id, workflow: cases[i]!.workflow, entries: [] };
    byCase.set(trail.caseId, trail);
    trails.push(trail);
  }
  for (let g = 0; g < grouped.length; g++) {
    const trail = byCase.get(grouped[g]!.caseId);
    if (!trail) continue;
    const rows = JSON.parse(grouped[g]!.entries) as Array<[number, string, string, unknown]>;
    // The index walk gives them in seq order; SQL does not promise an aggregate's order, so check it.
    let ordered = true;
    for (let i = 1; i < rows.length; i++) if (rows[i]![0] < rows[i - 1]![0]) ordered = false;
    if (!ordered) rows.sort((x, y) => x[0] - y[0]);
    for (let i = 0; i < rows.length; i++) {
      const row = rows[i]!;
      // DateTime columns hold Prisma's ISO text (2026-11-23T02:00:00.000+00:00).
      const at = new Date(row[1]);
      if (at.getTime() >= cutoff || skipped.has(row[2])) continue;
      trail.entries.push({ at, action: row[2], detail: checkedParams(row[3], `audit entry ${row[0]}.detail`) });
    }
  }
  return trails;
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

    listCaseTrails: ({ before, skip, caseIds }) =>
      session.read('audit.listCaseTrails', async (db) => {
        // The evaluation reads every case's entries at once (hundreds of thousands). Row by row through the driver
        // that costs seconds; grouped per case as JSON by SQLite (in (caseId, seq) index order), one row per case.
        // Some cases only: their ids as one JSON parameter (no limit on how many).
        const only = caseIds === undefined ? '' : `IN (SELECT value FROM json_each(?))`;
        const params = caseIds === undefined ? [] : [JSON.stringify(caseIds)];
        const cases = await db.$queryRawUnsafe<Array<{ id: string; workflow: string }>>(
          `SELECT id, workflow FROM "Case" ${only && `WHERE id ${only}`} ORDER BY number`,
          ...params,
        );
        const grouped = await db.$queryRawUnsafe<Array<{ caseId: string; entries: string }>>(
          `SELECT caseId, json_group_array(json_array(seq, at, action, json(detail))) AS entries
           FROM AuditEntry INDEXED BY AuditEntry_caseId_seq_idx WHERE caseId ${only || 'IS NOT NULL'} GROUP BY caseId`,
          ...params,
        );
        return trailsOf(cases, grouped, before === null ? Infinity : before.getTime(), new Set(skip));
      }),

    headSeq: () =>
      session.read('audit.headSeq', async (db) => (await db.auditEntry.findFirst({ orderBy: { seq: 'desc' }, select: { seq: true } }))?.seq ?? 0),

    casesChangedSince: (seq: number) =>
      session.read('audit.casesChangedSince', async (db) => {
        const rows = await db.auditEntry.findMany({ where: { seq: { gt: seq }, caseId: { not: null } }, select: { caseId: true }, distinct: ['caseId'] });
        return rows.map((r) => r.caseId!);
      }),
  };
}
