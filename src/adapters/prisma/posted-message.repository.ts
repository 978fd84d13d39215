import type { PostedMessage, PostedMessageRepository } from '../../application/ports/chat.ts';
import type { ChatPlatform } from '../../domain/model.ts';
import { comparePostedMessages } from '../store-rules.ts';
import type { PostedMessage as PostedMessageRow } from './generated/client.ts';
import type { PrismaSession } from './prisma-session.ts';
import { chatPlatformSchema, parseColumn } from './row-schemas.ts';

function toPostedMessage(row: PostedMessageRow): PostedMessage {
  return {
    platform: parseColumn(chatPlatformSchema, row.platform, `posted message ${row.platform}/${row.channel}/${row.messageRef}.platform`),
    caseId: row.caseId,
    caseVersion: row.caseVersion,
    userId: row.userId,
    channel: row.channel,
    messageRef: row.messageRef,
    postedAt: row.postedAt,
  };
}

const keyOf = (platform: ChatPlatform, channel: string, messageRef: string) => ({
  platform_channel_messageRef: { platform, channel, messageRef },
});

export function createPostedMessageRepository(session: PrismaSession): PostedMessageRepository {
  return {
    add: (message: PostedMessage) =>
      session.write('postedMessages.add', async (db) => {
        const { platform, channel, messageRef, caseId, caseVersion, userId, postedAt } = message;
        const columns = { caseId, caseVersion, userId, postedAt };
        await db.postedMessage.upsert({
          where: keyOf(platform, channel, messageRef),
          create: { platform, channel, messageRef, ...columns },
          update: columns,
        });
      }),

    find: (platform: ChatPlatform, channel: string, messageRef: string) =>
      session.read('postedMessages.find', async (db) => {
        const row = await db.postedMessage.findUnique({ where: keyOf(platform, channel, messageRef) });
        return row === null ? null : toPostedMessage(row);
      }),

    listByCase: (caseId: string, platform?: ChatPlatform) =>
      session.read('postedMessages.listByCase', async (db) => {
        const rows = await db.postedMessage.findMany({ where: { caseId, ...(platform === undefined ? {} : { platform }) } });
        return rows.map(toPostedMessage).sort(comparePostedMessages);
      }),

    // Conditional on the stored version being older, so an edit that lost a race never records an earlier version.
    setVersion: (platform: ChatPlatform, channel: string, messageRef: string, caseVersion: number) =>
      session.write('postedMessages.setVersion', async (db) => {
        const { count } = await db.postedMessage.updateMany({
          where: { platform, channel, messageRef, caseVersion: { lt: caseVersion } },
          data: { caseVersion },
        });
        return count === 1;
      }),

    remove: (platform: ChatPlatform, channel: string, messageRef: string) =>
      session.write('postedMessages.remove', async (db) => {
        const { count } = await db.postedMessage.deleteMany({ where: { platform, channel, messageRef } });
        return count === 1;
      }),
  };
}
