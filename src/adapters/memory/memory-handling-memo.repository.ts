import type { HandlingMemoRepository } from '../../application/ports/evaluation.ts';
import type { MemorySession } from './memory-state.ts';

/** Copies in and out, as a row would be: what the caller changes later is not in the memo. */
export function createMemoryHandlingMemoRepository(session: MemorySession): HandlingMemoRepository {
  return {
    get: () => session.run((state) => (state.handlingMemo === null ? null : structuredClone(state.handlingMemo))),

    put: (memo) =>
      session.run((state) => {
        state.handlingMemo = structuredClone(memo);
      }),
  };
}
