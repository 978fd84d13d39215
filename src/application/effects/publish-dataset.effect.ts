import { localDateOf } from '../../domain/calendar/local-date.ts';
import type { EffectHandler } from './effect-handler.ts';

/**
 * T9(二): passed formal review → published on the open data website. Its first publication counts as its last update
 * (T12: W13's duties count from it); data published again after a delisting keeps the date it had.
 */
export const publishDatasetEffect: EffectHandler<'publishDataset'> = {
  async run(effect, { repos, at, timeZone }) {
    const published = await repos.datasets.setStatus(effect.datasetId, 'published');
    if (published.lastUpdatedOn === null) await repos.datasets.setLastUpdated(effect.datasetId, localDateOf(at, timeZone));
  },
};
