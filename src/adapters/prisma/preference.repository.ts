import type { PreferenceRepository, UserPreferences } from '../../application/ports/directory.ts';
import { compareStrings, DEFAULT_PREFERENCES } from '../store-rules.ts';
import type { PrismaSession } from './prisma-session.ts';

export function createPreferenceRepository(session: PrismaSession): PreferenceRepository {
  return {
    get: (userId: string) =>
      session.read('preferences.get', async (db) => {
        const row = await db.userPreference.findUnique({ where: { userId } });
        return row === null ? { ...DEFAULT_PREFERENCES } : { digest: row.digest, localeChosen: row.localeChosen };
      }),

    put: (userId: string, preferences: UserPreferences) =>
      session.write('preferences.put', async (db) => {
        const columns = { digest: preferences.digest, localeChosen: preferences.localeChosen };
        await db.userPreference.upsert({ where: { userId }, create: { userId, ...columns }, update: columns });
      }),

    listDigestUsers: () =>
      session.read('preferences.listDigestUsers', async (db) => {
        const rows = await db.userPreference.findMany({ where: { digest: true }, select: { userId: true } });
        return rows.map((r) => r.userId).sort(compareStrings);
      }),
  };
}
