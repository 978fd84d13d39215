// The data the city's own bodies keep. Its catalog also lists data held at a higher level (a national or provincial
// body's, Z15), which that level updates and re-assesses: the city's duties (W13, W2R) and its list of late data do not
// ask them of it.
import type { Dataset } from '../domain/model.ts';
import type { Repositories } from './ports/store.ts';

export async function cityPublishedDatasets(repos: Pick<Repositories, 'agencies' | 'datasets'>): Promise<Dataset[]> {
  const own = new Set((await repos.agencies.list()).filter((a) => a.level === 'city').map((a) => a.id));
  return (await repos.datasets.search({ status: 'published' })).filter((d) => own.has(d.providerAgencyId));
}
