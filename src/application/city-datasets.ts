// The data the city's own bodies keep. Its catalog also lists data held at a higher level (a national or provincial
// body's, Z15), which that level updates and re-assesses: the city's duties (W13, W2R) and its list of late data do not
// ask them of it.
import type { Agency, Dataset } from '../domain/model.ts';
import type { Repositories } from './ports/store.ts';

/** The city's own bodies, and the published data they provide. */
export async function cityCatalog(repos: Pick<Repositories, 'agencies' | 'datasets'>): Promise<{ agencies: Agency[]; datasets: Dataset[] }> {
  const agencies = (await repos.agencies.list()).filter((a) => a.level === 'city');
  const own = new Set(agencies.map((a) => a.id));
  return { agencies, datasets: (await repos.datasets.search({ status: 'published' })).filter((d) => own.has(d.providerAgencyId)) };
}
