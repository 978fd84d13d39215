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

    list: (prefix: string) =>
      session.read('settings.list', async (db) => {
        const rows = await db.setting.findMany({ where: { key: { startsWith: prefix } }, orderBy: { key: 'asc' } });
        // SQLite's LIKE ignores the case of ASCII letters; the prefix is matched exactly here.
        return rows.filter((r) => r.key.startsWith(prefix)).map((r) => ({ key: r.key, value: r.value }));
      }),
  };
}
