import type { GrantRepository } from '../../application/ports/cases.ts';
import type { Grant, GrantKind, LocalDate } from '../../domain/model.ts';
import { formatGrantId } from '../store-rules.ts';
import type { MemorySession } from './memory-state.ts';

function copyGrant(g: Grant): Grant {
  return {
    id: g.id,
    caseId: g.caseId,
    datasetId: g.datasetId,
    userId: g.userId,
    expiresOn: g.expiresOn,
    agreementRef: g.agreementRef,
    grantedAt: new Date(g.grantedAt),
    kind: g.kind,
    duty: g.duty,
  };
}

export function createMemoryGrantRepository(session: MemorySession): GrantRepository {
  return {
    create: (grant: Omit<Grant, 'id'>) =>
      session.run((state) => {
        const stored = copyGrant({ ...grant, id: formatGrantId(++state.counters.grant) });
        state.grants.push(stored);
        return copyGrant(stored);
      }),

    listByUser: (userId: string) => session.run((state) => state.grants.filter((g) => g.userId === userId).map(copyGrant)),

    listByCase: (caseId: string) => session.run((state) => state.grants.filter((g) => g.caseId === caseId).map(copyGrant)),

    list: () => session.run((state) => state.grants.map(copyGrant)),

    get: (id: string) =>
      session.run((state) => {
        const g = state.grants.find((x) => x.id === id.trim().toUpperCase());
        return g ? copyGrant(g) : null;
      }),

    endOne: (id: string, lastDay: LocalDate) =>
      session.run((state) => {
        const g = state.grants.find((x) => x.id === id.trim().toUpperCase());
        if (!g) return null;
        const before = copyGrant(g);
        if (g.expiresOn > lastDay) g.expiresOn = lastDay;
        return before;
      }),

    endOnDataset: (datasetId: string, lastDay: LocalDate, kind: GrantKind = 'open') =>
      session.run((state) => {
        const ending = state.grants.filter((g) => g.datasetId === datasetId && g.kind === kind && g.expiresOn > lastDay);
        const before = ending.map(copyGrant);
        for (const g of ending) g.expiresOn = lastDay;
        return before;
      }),
  };
}
