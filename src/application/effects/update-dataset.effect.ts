import type { EffectHandler } from './effect-handler.ts';

/** W1 resubmission: the corrected catalog entry replaces the pending one. */
export const updateDatasetEffect: EffectHandler<'updateDataset'> = {
  async run(effect, { repos }) {
    await repos.datasets.update(effect.datasetId, effect.entry);
  },
};
