import type { Conversation, ConversationRepository } from '../../application/ports/chat.ts';
import type { Channel } from '../../domain/model.ts';
import type { PrismaSession } from './prisma-session.ts';
import { conversationValueSchema, parseJsonColumn } from './row-schemas.ts';

export function createConversationRepository(session: PrismaSession): ConversationRepository {
  return {
    get: (channel: Channel, userId: string) =>
      session.read('conversations.get', async (db) => {
        const row = await db.conversation.findUnique({ where: { channel_userId: { channel, userId } } });
        if (row === null) return null;
        const value = parseJsonColumn(conversationValueSchema, row.value, `conversation ${channel}/${userId}`);
        return { ...value, updatedAt: row.updatedAt };
      }),

    put: (channel: Channel, userId: string, conversation: Conversation) =>
      session.write('conversations.put', async (db) => {
        const { updatedAt, verb, target, formId, values, awaiting, caseVersion } = conversation;
        const value = JSON.stringify({ verb, target, formId, values, awaiting, caseVersion });
        await db.conversation.upsert({
          where: { channel_userId: { channel, userId } },
          create: { channel, userId, value, updatedAt },
          update: { value, updatedAt },
        });
      }),

    clear: (channel: Channel, userId: string) =>
      session.write('conversations.clear', async (db) => {
        await db.conversation.deleteMany({ where: { channel, userId } });
      }),
  };
}
