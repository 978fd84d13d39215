import type { SettingRepository } from '../../application/ports/delivery.ts';
import type { PrismaSession } from './prisma-session.ts';

export function createSettingRepository(session: PrismaSession): SettingRepository {
  return {
    get: (key: string) =>
      session.read('settings.get', async (db) => {
        const row = await db.setting.findUnique({ where: { key } });
        return row === null ? null : row.value;
      }),

    put: (key: string, value: string) =>
      session.write('settings.put', async (db) => {
        await db.setting.upsert({ where: { key }, create: { key, value }, update: { value } });
      }),
  };
}
