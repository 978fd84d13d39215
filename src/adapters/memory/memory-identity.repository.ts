import type { ChatIdentity, IdentityRepository } from '../../application/ports/chat.ts';
import type { ChatPlatform } from '../../domain/model.ts';
import { compareIdentities } from '../store-rules.ts';
import { chatKey, type MemorySession } from './memory-state.ts';

function copyIdentity(i: ChatIdentity): ChatIdentity {
  return { platform: i.platform, externalId: i.externalId, userId: i.userId, linkedAt: new Date(i.linkedAt) };
}

export function createMemoryIdentityRepository(session: MemorySession): IdentityRepository {
  return {
    link: (identity: ChatIdentity) =>
      session.run((state) => {
        const replaced = [...state.identities.entries()].filter(
          ([, i]) => i.platform === identity.platform && (i.externalId === identity.externalId || i.userId === identity.userId),
        );
        for (const [key] of replaced) state.identities.delete(key);
        state.identities.set(chatKey(identity.platform, identity.externalId), copyIdentity(identity));
        return replaced.map(([, i]) => copyIdentity(i)).sort(compareIdentities);
      }),

    find: (platform: ChatPlatform, externalId: string) =>
      session.run((state) => {
        const found = state.identities.get(chatKey(platform, externalId));
        return found === undefined ? null : copyIdentity(found);
      }),

    findByUser: (platform: ChatPlatform, userId: string) =>
      session.run((state) => {
        const found = [...state.identities.values()].find((i) => i.platform === platform && i.userId === userId);
        return found === undefined ? null : copyIdentity(found);
      }),

    unlink: (platform: ChatPlatform, externalId: string) => session.run((state) => state.identities.delete(chatKey(platform, externalId))),

    list: () => session.run((state) => [...state.identities.values()].map(copyIdentity).sort(compareIdentities)),
  };
}
