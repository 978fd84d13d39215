import type { UserRepository } from '../../application/ports/directory.ts';
import type { Locale, Role, User } from '../../domain/model.ts';
import { storeError } from '../store-errors.ts';
import { compareStrings } from '../store-rules.ts';
import type { MemorySession } from './memory-state.ts';

function copyUser(u: User): User {
  return {
    id: u.id,
    name: u.name,
    roles: [...u.roles],
    agencyId: u.agencyId,
    verified: u.verified,
    dishonest: u.dishonest,
    locale: u.locale,
  };
}

export function createMemoryUserRepository(session: MemorySession): UserRepository {
  const sorted = (users: Iterable<User>) => [...users].sort((a, b) => compareStrings(a.id, b.id)).map(copyUser);
  return {
    get: (id: string) =>
      session.run((state) => {
        const user = state.users.get(id);
        return user === undefined ? null : copyUser(user);
      }),

    upsert: (user: User) =>
      session.run((state) => {
        state.users.set(user.id, copyUser(user));
        return copyUser(user);
      }),

    setLocale: (id: string, locale: Locale) =>
      session.run((state) => {
        const user = state.users.get(id);
        if (user === undefined) throw storeError('STORE_NOT_FOUND', `User ${id} does not exist.`);
        state.users.set(id, { ...user, locale });
      }),

    list: () => session.run((state) => sorted(state.users.values())),

    listByAgencyRole: (agencyId: string, role: Role) =>
      session.run((state) =>
        sorted([...state.users.values()].filter((u) => u.agencyId === agencyId && u.roles.includes(role))),
      ),
  };
}
