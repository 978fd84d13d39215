import type { SettingRepository } from '../../application/ports/delivery.ts';
import type { MemorySession } from './memory-state.ts';

export function createMemorySettingRepository(session: MemorySession): SettingRepository {
  return {
    get: (key: string) => session.run((state) => state.settings.get(key) ?? null),

    put: (key: string, value: string) =>
      session.run((state) => {
        state.settings.set(key, value);
      }),

    list: (prefix: string) =>
      session.run((state) =>
        [...state.settings]
          .filter(([key]) => key.startsWith(prefix))
          .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
          .map(([key, value]) => ({ key, value })),
      ),
  };
}
