import type { OnceRepository } from '../../application/ports/delivery.ts';
import type { PrismaSession } from './prisma-session.ts';

export function createOnceRepository(session: PrismaSession): OnceRepository {
  return {
    // Looked up, then inserted, in one write transaction: writers are serialised, so only the first one inserts.
    claim: (key: string, at: Date) =>
      session.write('once.claim', async (db) => {
        if ((await db.onceKey.findUnique({ where: { key }, select: { key: true } })) !== null) return false;
        await db.onceKey.create({ data: { key, at } });
        return true;
      }),

    forget: (prefix: string, before: Date) =>
      session.write('once.forget', async (db) => (await db.onceKey.deleteMany({ where: { key: { startsWith: prefix }, at: { lt: before } } })).count),

    isClaimed: (key: string) =>
      session.read('once.isClaimed', async (db) => (await db.onceKey.findUnique({ where: { key }, select: { key: true } })) !== null),
  };
}
