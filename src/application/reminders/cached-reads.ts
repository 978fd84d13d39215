// Within one tick's batch the people, agencies, delegations and preferences do not change, and a morning's rungs
// mostly concern the same few agencies: read each once per batch instead of once per rung.
import type { Repositories } from '../ports/store.ts';

type Reads = Pick<Repositories, 'cases' | 'users' | 'agencies' | 'delegations' | 'preferences' | 'datasets'>;

function memo<A extends unknown[], R>(fn: (...args: A) => Promise<R>): (...args: A) => Promise<R> {
  const seen = new Map<string, Promise<R>>();
  return (...args: A) => {
    const key = JSON.stringify(args);
    let hit = seen.get(key);
    if (!hit) {
      hit = fn(...args);
      seen.set(key, hit);
    }
    return hit;
  };
}

/** The same repositories, with the reads a rung's recipients need remembered for the life of the returned object. */
export function cachedReads(repos: Reads): Reads {
  return {
    cases: repos.cases,
    users: { ...repos.users, get: memo(repos.users.get), listByAgencyRole: memo(repos.users.listByAgencyRole), list: memo(repos.users.list) },
    agencies: { ...repos.agencies, get: memo(repos.agencies.get), list: memo(repos.agencies.list) },
    delegations: { ...repos.delegations, get: memo(repos.delegations.get), listActive: memo(repos.delegations.listActive) },
    preferences: { ...repos.preferences, get: memo(repos.preferences.get) },
    datasets: { ...repos.datasets, get: memo(repos.datasets.get) },
  };
}
