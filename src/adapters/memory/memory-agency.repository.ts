import type { AgencyRepository } from '../../application/ports/directory.ts';
import type { Agency } from '../../domain/model.ts';
import { compareStrings } from '../store-rules.ts';
import type { MemorySession } from './memory-state.ts';

function copyAgency(a: Agency): Agency {
  return { id: a.id, name: a.name, kind: a.kind, level: a.level };
}

export function createMemoryAgencyRepository(session: MemorySession): AgencyRepository {
  return {
    get: (id: string) =>
      session.run((state) => {
        const agency = state.agencies.get(id);
        return agency === undefined ? null : copyAgency(agency);
      }),

    upsert: (agency: Agency) =>
      session.run((state) => {
        state.agencies.set(agency.id, copyAgency(agency));
        return copyAgency(agency);
      }),

    list: () =>
      session.run((state) => [...state.agencies.values()].sort((a, b) => compareStrings(a.id, b.id)).map(copyAgency)),
  };
}
