import type { Conversation, ConversationRepository } from '../../application/ports/chat.ts';
import type { Channel } from '../../domain/model.ts';
import { conversationKey, type MemorySession } from './memory-state.ts';

function copyConversation(c: Conversation): Conversation {
  return {
    verb: c.verb,
    target: c.target,
    formId: c.formId,
    values: { ...c.values },
    awaiting: c.awaiting,
    caseVersion: c.caseVersion,
    updatedAt: new Date(c.updatedAt),
  };
}

export function createMemoryConversationRepository(session: MemorySession): ConversationRepository {
  return {
    get: (channel: Channel, userId: string) =>
      session.run((state) => {
        const c = state.conversations.get(conversationKey(channel, userId));
        return c === undefined ? null : copyConversation(c);
      }),

    put: (channel: Channel, userId: string, conversation: Conversation) =>
      session.run((state) => {
        state.conversations.set(conversationKey(channel, userId), copyConversation(conversation));
      }),

    clear: (channel: Channel, userId: string) =>
      session.run((state) => {
        state.conversations.delete(conversationKey(channel, userId));
      }),
  };
}
