import { localDateOf } from '../../domain/calendar/local-date.ts';
import type { EffectHandler } from './effect-handler.ts';

/**
 * T9(二): passed formal review → published on the open data website. The day of publication counts as its last update
 * (T12: W13's duties count from it); data published again after its rectification (W9, T10 整改完成后重新发布) is the
 * data as corrected, so its count starts again too. Its open attribute is set (or confirmed) by the same review, so the
 * re-assessment (W2R, S8, G(一)5) counts from that day as well.
 */
export const publishDatasetEffect: EffectHandler<'publishDataset'> = {
  async run(effect, { repos, at, timeZone }) {
    await repos.datasets.setStatus(effect.datasetId, 'published');
    const today = localDateOf(at, timeZone);
    await repos.datasets.setLastUpdated(effect.datasetId, today);
    await repos.datasets.setAttributeAssessed(effect.datasetId, today);
  },
};
