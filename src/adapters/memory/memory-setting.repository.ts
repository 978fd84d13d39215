import type { SettingRepository } from '../../application/ports/delivery.ts';
import type { MemorySession } from './memory-state.ts';

export function createMemorySettingRepository(session: MemorySession): SettingRepository {
  return {
    get: (key: string) => session.run((state) => state.settings.get(key) ?? null),

    put: (key: string, value: string) =>
      session.run((state) => {
        state.settings.set(key, value);
      }),
  };
}
