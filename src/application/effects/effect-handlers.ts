// Every effect kind and its handler; a kind added to `Effect` without one here fails `npm run typecheck`.
import type { Effect, EffectType } from '../../domain/effects/effect.ts';
import type { Params } from '../../domain/errors.ts';
import type { Dataset } from '../../domain/model.ts';
import type { Repositories } from '../ports/store.ts';
import { createDatasetEffect } from './create-dataset.effect.ts';
import type { EffectContext, EffectHandler } from './effect-handler.ts';
import { grantAccessEffect } from './grant-access.effect.ts';
import { notifyEffect } from './notify.effect.ts';
import { publishDatasetEffect } from './publish-dataset.effect.ts';
import { updateDatasetEffect } from './update-dataset.effect.ts';
import { delistDatasetEffect } from './delist-dataset.effect.ts';
import { closeCasesEffect } from './close-cases.effect.ts';
import { endGrantsEffect } from './end-grants.effect.ts';
import { endGrantEffect } from './end-grant.effect.ts';
import { recordUpdateEffect } from './record-update.effect.ts';
import { recordAssessmentEffect } from './record-assessment.effect.ts';
import { fulfilDemandEffect } from './fulfil-demand.effect.ts';

export type EffectHandlers = { readonly [K in EffectType]: EffectHandler<K> };

export const EFFECT_HANDLERS = {
  notify: notifyEffect,
  createDataset: createDatasetEffect,
  updateDataset: updateDatasetEffect,
  publishDataset: publishDatasetEffect,
  grantAccess: grantAccessEffect,
  delistDataset: delistDatasetEffect,
  closeCases: closeCasesEffect,
  endGrants: endGrantsEffect,
  endGrant: endGrantEffect,
  recordUpdate: recordUpdateEffect,
  recordAssessment: recordAssessmentEffect,
  fulfilDemand: fulfilDemandEffect,
} as const satisfies EffectHandlers;

const handlerOf = (e: Effect) => EFFECT_HANDLERS[e.type] as EffectHandler<EffectType>;

/** The effects whose result the new case refers to; returns the dataset the case is about, if one was made. */
export async function runBeforeCase(effects: readonly Effect[], repos: Repositories, dataset: Dataset | null): Promise<Dataset | null> {
  let ds = dataset;
  for (const e of effects) {
    const h = handlerOf(e);
    if (h.beforeCase) ds = await h.beforeCase(e as never, repos);
  }
  return ds;
}

/**
 * Every effect, in order, inside the case's transaction. Returns what they report for the audit entry; two effects
 * reporting the same key (two grants) give its values joined by commas.
 */
export async function runEffects(effects: readonly Effect[], ctx: EffectContext): Promise<Params> {
  const reported: Params = {};
  for (const e of effects) {
    const detail = await handlerOf(e).run?.(e as never, ctx);
    for (const [key, value] of Object.entries(detail ?? {})) reported[key] = key in reported ? `${reported[key]},${value}` : value;
  }
  return reported;
}
