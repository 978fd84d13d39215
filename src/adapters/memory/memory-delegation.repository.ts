import type { Delegation, DelegationRepository } from '../../application/ports/directory.ts';
import type { LocalDate } from '../../domain/model.ts';
import { compareStrings, isActiveOn } from '../store-rules.ts';
import type { MemorySession } from './memory-state.ts';

function copyDelegation(d: Delegation): Delegation {
  return { userId: d.userId, delegateId: d.delegateId, from: d.from, to: d.to, createdAt: new Date(d.createdAt) };
}

export function createMemoryDelegationRepository(session: MemorySession): DelegationRepository {
  return {
    put: (delegation: Delegation) =>
      session.run((state) => {
        state.delegations.set(delegation.userId, copyDelegation(delegation));
      }),

    clear: (userId: string) => session.run((state) => state.delegations.delete(userId)),

    get: (userId: string) =>
      session.run((state) => {
        const d = state.delegations.get(userId);
        return d === undefined ? null : copyDelegation(d);
      }),

    listActive: (day: LocalDate) =>
      session.run((state) =>
        [...state.delegations.values()]
          .filter((d) => isActiveOn(d, day))
          .sort((a, b) => compareStrings(a.userId, b.userId))
          .map(copyDelegation),
      ),
  };
}
