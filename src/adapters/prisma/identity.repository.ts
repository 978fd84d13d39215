import type { ChatIdentity, IdentityRepository } from '../../application/ports/chat.ts';
import type { ChatPlatform } from '../../domain/model.ts';
import { compareIdentities } from '../store-rules.ts';
import type { ChatIdentity as ChatIdentityRow } from './generated/client.ts';
import type { PrismaSession } from './prisma-session.ts';
import { chatPlatformSchema, parseColumn } from './row-schemas.ts';

function toIdentity(row: ChatIdentityRow): ChatIdentity {
  return {
    platform: parseColumn(chatPlatformSchema, row.platform, `chat identity ${row.platform}/${row.externalId}.platform`),
    externalId: row.externalId,
    userId: row.userId,
    linkedAt: row.linkedAt,
  };
}

export function createIdentityRepository(session: PrismaSession): IdentityRepository {
  return {
    // The account's old link and the user's old account on this platform go first, in the same transaction, so the
    // primary key and the unique (platform, userId) both hold afterwards.
    link: (identity: ChatIdentity) =>
      session.write('identities.link', async (db) => {
        const { platform, externalId, userId, linkedAt } = identity;
        const where = { platform, OR: [{ externalId }, { userId }] };
        const replaced = await db.chatIdentity.findMany({ where });
        if (replaced.length > 0) await db.chatIdentity.deleteMany({ where });
        await db.chatIdentity.create({ data: { platform, externalId, userId, linkedAt } });
        return replaced.map(toIdentity).sort(compareIdentities);
      }),

    find: (platform: ChatPlatform, externalId: string) =>
      session.read('identities.find', async (db) => {
        const row = await db.chatIdentity.findUnique({ where: { platform_externalId: { platform, externalId } } });
        return row === null ? null : toIdentity(row);
      }),

    findByUser: (platform: ChatPlatform, userId: string) =>
      session.read('identities.findByUser', async (db) => {
        const row = await db.chatIdentity.findUnique({ where: { platform_userId: { platform, userId } } });
        return row === null ? null : toIdentity(row);
      }),

    unlink: (platform: ChatPlatform, externalId: string) =>
      session.write('identities.unlink', async (db) => {
        const { count } = await db.chatIdentity.deleteMany({ where: { platform, externalId } });
        return count > 0;
      }),

    list: () =>
      session.read('identities.list', async (db) => {
        const rows = await db.chatIdentity.findMany();
        return rows.map(toIdentity).sort(compareIdentities);
      }),
  };
}
