import type { OnceRepository } from '../../application/ports/delivery.ts';
import type { MemorySession } from './memory-state.ts';

export function createMemoryOnceRepository(session: MemorySession): OnceRepository {
  return {
    claim: (key: string, at: Date) =>
      session.run((state) => {
        if (state.once.has(key)) return false;
        state.once.set(key, new Date(at));
        return true;
      }),

    isClaimed: (key: string) => session.run((state) => state.once.has(key)),
  };
}
