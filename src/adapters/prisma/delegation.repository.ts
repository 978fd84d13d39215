import type { Delegation, DelegationRepository } from '../../application/ports/directory.ts';
import { compareStrings } from '../store-rules.ts';
import type { Delegation as DelegationRow } from './generated/client.ts';
import type { PrismaSession } from './prisma-session.ts';
import { localDateSchema, parseColumn } from './row-schemas.ts';

function toDelegation(row: DelegationRow): Delegation {
  const where = `delegation ${row.userId}`;
  return {
    userId: row.userId,
    delegateId: row.delegateId,
    from: parseColumn(localDateSchema, row.from, `${where}.from`),
    to: parseColumn(localDateSchema, row.to, `${where}.to`),
    createdAt: row.createdAt,
  };
}

export function createDelegationRepository(session: PrismaSession): DelegationRepository {
  return {
    put: (delegation: Delegation) =>
      session.write('delegations.put', async (db) => {
        const columns = { delegateId: delegation.delegateId, from: delegation.from, to: delegation.to, createdAt: delegation.createdAt };
        await db.delegation.upsert({
          where: { userId: delegation.userId },
          create: { userId: delegation.userId, ...columns },
          update: columns,
        });
      }),

    clear: (userId: string) =>
      session.write('delegations.clear', async (db) => {
        const { count } = await db.delegation.deleteMany({ where: { userId } });
        return count > 0;
      }),

    get: (userId: string) =>
      session.read('delegations.get', async (db) => {
        const row = await db.delegation.findUnique({ where: { userId } });
        return row === null ? null : toDelegation(row);
      }),

    // YYYY-MM-DD compares as text; both ends are included.
    listActive: (day: string) =>
      session.read('delegations.listActive', async (db) => {
        const rows = await db.delegation.findMany({ where: { from: { lte: day }, to: { gte: day } } });
        return rows.map(toDelegation).sort((a, b) => compareStrings(a.userId, b.userId));
      }),
  };
}
