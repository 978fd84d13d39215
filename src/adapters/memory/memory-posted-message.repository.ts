import type { PostedMessage, PostedMessageRepository } from '../../application/ports/chat.ts';
import type { ChatPlatform } from '../../domain/model.ts';
import { comparePostedMessages } from '../store-rules.ts';
import { chatKey, type MemorySession } from './memory-state.ts';

function copyPostedMessage(m: PostedMessage): PostedMessage {
  return {
    platform: m.platform,
    caseId: m.caseId,
    caseVersion: m.caseVersion,
    userId: m.userId,
    channel: m.channel,
    messageRef: m.messageRef,
    postedAt: new Date(m.postedAt),
  };
}

export function createMemoryPostedMessageRepository(session: MemorySession): PostedMessageRepository {
  return {
    add: (message: PostedMessage) =>
      session.run((state) => {
        state.postedMessages.set(chatKey(message.platform, message.channel, message.messageRef), copyPostedMessage(message));
      }),

    find: (platform: ChatPlatform, channel: string, messageRef: string) =>
      session.run((state) => {
        const found = state.postedMessages.get(chatKey(platform, channel, messageRef));
        return found === undefined ? null : copyPostedMessage(found);
      }),

    listByCase: (caseId: string, platform?: ChatPlatform) =>
      session.run((state) =>
        [...state.postedMessages.values()]
          .filter((m) => m.caseId === caseId && (platform === undefined || m.platform === platform))
          .map(copyPostedMessage)
          .sort(comparePostedMessages),
      ),

    setVersion: (platform: ChatPlatform, channel: string, messageRef: string, caseVersion: number) =>
      session.run((state) => {
        const key = chatKey(platform, channel, messageRef);
        const found = state.postedMessages.get(key);
        if (found === undefined || found.caseVersion >= caseVersion) return false;
        state.postedMessages.set(key, { ...found, caseVersion });
        return true;
      }),

    remove: (platform: ChatPlatform, channel: string, messageRef: string) =>
      session.run((state) => state.postedMessages.delete(chatKey(platform, channel, messageRef))),
  };
}
