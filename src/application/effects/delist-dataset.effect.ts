import type { EffectHandler } from './effect-handler.ts';

/** T10: the dataset leaves the open catalog. */
export const delistDatasetEffect: EffectHandler<'delistDataset'> = {
  async run(effect, { repos }) {
    await repos.datasets.setStatus(effect.datasetId, 'delisted');
  },
};
