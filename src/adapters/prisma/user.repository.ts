import type { UserRepository } from '../../application/ports/directory.ts';
import type { Locale, Role, User } from '../../domain/model.ts';
import { storeError } from '../store-errors.ts';
import { compareStrings } from '../store-rules.ts';
import type { User as UserRow } from './generated/client.ts';
import type { PrismaSession } from './prisma-session.ts';
import { localeSchema, parseColumn, parseJsonColumn, rolesSchema } from './row-schemas.ts';

function toUser(row: UserRow): User {
  const where = `user ${row.id}`;
  return {
    id: row.id,
    name: row.name,
    roles: parseJsonColumn(rolesSchema, row.roles, `${where}.roles`),
    agencyId: row.agencyId,
    verified: row.verified,
    dishonest: row.dishonest,
    locale: parseColumn(localeSchema, row.locale, `${where}.locale`),
  };
}

function userColumns(user: User) {
  return {
    name: user.name,
    roles: JSON.stringify(user.roles),
    agencyId: user.agencyId,
    verified: user.verified,
    dishonest: user.dishonest,
    locale: user.locale,
  };
}

export function createUserRepository(session: PrismaSession): UserRepository {
  return {
    get: (id: string) =>
      session.read('users.get', async (db) => {
        const row = await db.user.findUnique({ where: { id } });
        return row === null ? null : toUser(row);
      }),

    upsert: (user: User) =>
      session.write('users.upsert', async (db) => {
        const columns = userColumns(user);
        const row = await db.user.upsert({ where: { id: user.id }, create: { id: user.id, ...columns }, update: columns });
        return toUser(row);
      }),

    setLocale: (id: string, locale: Locale) =>
      session.write('users.setLocale', async (db) => {
        const { count } = await db.user.updateMany({ where: { id }, data: { locale } });
        if (count === 0) throw storeError('STORE_NOT_FOUND', `User ${id} does not exist.`);
      }),

    list: () =>
      session.read('users.list', async (db) => {
        const rows = await db.user.findMany();
        return rows.map(toUser).sort((a, b) => compareStrings(a.id, b.id));
      }),

    // Roles are a JSON list, so the role is matched here; an agency has a handful of staff.
    listByAgencyRole: (agencyId: string, role: Role) =>
      session.read('users.listByAgencyRole', async (db) => {
        const rows = await db.user.findMany({ where: { agencyId } });
        return rows
          .map(toUser)
          .filter((u) => u.roles.includes(role))
          .sort((a, b) => compareStrings(a.id, b.id));
      }),
  };
}
