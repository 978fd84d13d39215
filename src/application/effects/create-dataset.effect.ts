import type { EffectHandler } from './effect-handler.ts';

/** W1: the catalog entry becomes a pending dataset before the case is created, so the case can name it. */
export const createDatasetEffect: EffectHandler<'createDataset'> = {
  beforeCase: (effect, repos) => repos.datasets.create(effect.entry, effect.providerAgencyId, 'pending'),
};
