import type { GrantRepository } from '../../application/ports/cases.ts';
import type { Grant, GrantKind, LocalDate } from '../../domain/model.ts';
import { formatGrantId } from '../store-rules.ts';
import type { Grant as GrantRow } from './generated/client.ts';
import { nextNumber } from './next-number.ts';
import type { PrismaSession } from './prisma-session.ts';
import { grantKindSchema, localDateSchema, parseColumn } from './row-schemas.ts';

function toGrant(row: GrantRow): Grant {
  return {
    id: row.id,
    caseId: row.caseId,
    datasetId: row.datasetId,
    userId: row.userId,
    expiresOn: parseColumn(localDateSchema, row.expiresOn, `grant ${row.id}.expiresOn`),
    agreementRef: row.agreementRef,
    grantedAt: row.grantedAt,
    kind: parseColumn(grantKindSchema, row.kind, `grant ${row.id}.kind`),
    duty: row.duty,
  };
}

export function createGrantRepository(session: PrismaSession): GrantRepository {
  return {
    create: (grant: Omit<Grant, 'id'>) =>
      session.write('grants.create', async (db) => {
        const number = await nextNumber(db, 'grant');
        const row = await db.grant.create({
          data: {
            id: formatGrantId(number),
            number,
            caseId: grant.caseId,
            datasetId: grant.datasetId,
            userId: grant.userId,
            expiresOn: grant.expiresOn,
            agreementRef: grant.agreementRef,
            grantedAt: grant.grantedAt,
            kind: grant.kind,
            duty: grant.duty,
          },
        });
        return toGrant(row);
      }),

    listByUser: (userId: string) =>
      session.read('grants.listByUser', async (db) =>
        (await db.grant.findMany({ where: { userId }, orderBy: { number: 'asc' } })).map(toGrant),
      ),

    listByCase: (caseId: string) =>
      session.read('grants.listByCase', async (db) =>
        (await db.grant.findMany({ where: { caseId }, orderBy: { number: 'asc' } })).map(toGrant),
      ),

    list: () => session.read('grants.list', async (db) => (await db.grant.findMany({ orderBy: { number: 'asc' } })).map(toGrant)),

    get: (id: string) =>
      session.read('grants.get', async (db) => {
        const row = await db.grant.findUnique({ where: { id: id.trim().toUpperCase() } });
        return row === null ? null : toGrant(row);
      }),

    endOne: (id: string, lastDay: LocalDate) =>
      session.write('grants.endOne', async (db) => {
        const row = await db.grant.findUnique({ where: { id: id.trim().toUpperCase() } });
        if (row === null) return null;
        const before = toGrant(row);
        // YYYY-MM-DD strings order as dates.
        if (before.expiresOn > lastDay) await db.grant.update({ where: { id: before.id }, data: { expiresOn: lastDay } });
        return before;
      }),

    endOnDataset: (datasetId: string, lastDay: LocalDate, kind: GrantKind = 'open') =>
      session.write('grants.endOnDataset', async (db) => {
        // YYYY-MM-DD strings order as dates.
        const ending = (await db.grant.findMany({ where: { datasetId, kind, expiresOn: { gt: lastDay } }, orderBy: { number: 'asc' } })).map(toGrant);
        if (ending.length > 0) await db.grant.updateMany({ where: { id: { in: ending.map((g) => g.id) } }, data: { expiresOn: lastDay } });
        return ending;
      }),
  };
}
