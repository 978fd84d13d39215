import type { EffectHandler } from './effect-handler.ts';

/** W13, T12: the provider updated the data on that day; the next update is due from it. */
export const recordUpdateEffect: EffectHandler<'recordUpdate'> = {
  async run(effect, { repos }) {
    await repos.datasets.setLastUpdated(effect.datasetId, effect.on);
    return { lastUpdatedOn: effect.on };
  },
};
