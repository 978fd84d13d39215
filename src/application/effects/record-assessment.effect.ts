import type { EffectHandler } from './effect-handler.ts';

/** W2, W2R (S8, G(一)5 定期评估): the open attribute was re-assessed on that day; the next re-assessment is due from it. */
export const recordAssessmentEffect: EffectHandler<'recordAssessment'> = {
  async run(effect, { repos }) {
    await repos.datasets.setAttributeAssessed(effect.datasetId, effect.on);
    return { attributeAssessedOn: effect.on };
  },
};
