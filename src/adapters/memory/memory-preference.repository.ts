import type { PreferenceRepository, UserPreferences } from '../../application/ports/directory.ts';
import { compareStrings, DEFAULT_PREFERENCES } from '../store-rules.ts';
import type { MemorySession } from './memory-state.ts';

export function createMemoryPreferenceRepository(session: MemorySession): PreferenceRepository {
  return {
    get: (userId: string) =>
      session.run((state) => ({ ...(state.preferences.get(userId) ?? DEFAULT_PREFERENCES) })),

    put: (userId: string, preferences: UserPreferences) =>
      session.run((state) => {
        state.preferences.set(userId, { digest: preferences.digest, localeChosen: preferences.localeChosen });
      }),

    listDigestUsers: () =>
      session.run((state) =>
        [...state.preferences.entries()]
          .filter(([, p]) => p.digest)
          .map(([userId]) => userId)
          .sort(compareStrings),
      ),
  };
}
