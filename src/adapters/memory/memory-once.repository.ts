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

    forget: (prefix: string, before: Date) =>
      session.run((state) => {
        let forgotten = 0;
        for (const [key, at] of state.once)
          if (key.startsWith(prefix) && at < before) {
            state.once.delete(key);
            forgotten++;
          }
        return forgotten;
      }),
  };
}
