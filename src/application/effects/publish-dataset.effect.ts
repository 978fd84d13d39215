import type { EffectHandler } from './effect-handler.ts';

/** T9(二): passed formal review → published on the open data website. */
export const publishDatasetEffect: EffectHandler<'publishDataset'> = {
  async run(effect, { repos }) {
    await repos.datasets.setStatus(effect.datasetId, 'published');
  },
};
