import { demandPublished, w6DataDemand, type W6Data } from '../../domain/workflows/w6-data-demand.ts';
import type { CaseSnapshot } from '../../domain/workflows/workflow.ts';
import type { EffectHandler } from './effect-handler.ts';
import { notifyEffect } from './notify.effect.ts';

/**
 * T16 开放: the W1 entry filed for a W6 demand (`submit … demand=C-0001`) is published, so the demand is met in the same
 * transaction: written `published` with the dataset, its reminders cancelled, its requester and followers told the
 * code, and an audit entry of its own (the platform's, naming the publication). A demand no longer waiting to be
 * opened (refused meanwhile) is left as it is.
 */
export const fulfilDemandEffect: EffectHandler<'fulfilDemand'> = {
  async run(effect, ctx) {
    const { repos, caseRec, at } = ctx;
    const demand = await repos.cases.get(effect.demandCaseId);
    if (!demand || demand.workflow !== w6DataDemand.id || demand.state !== 'opening') return;
    const dataset = await repos.datasets.get(effect.datasetId);
    if (!dataset) return;
    const result = demandPublished(demand as CaseSnapshot<W6Data>, dataset, caseRec.id);
    const actorId = caseRec.lastActorId ?? caseRec.applicantId;
    const written = await repos.cases.update(demand.id, demand.version, { state: result.state, data: result.data, assignee: null, deadline: null }, at, actorId);
    if (!written) return;
    await repos.schedule.cancelPending(demand.id, at);
    for (const e of result.effects) if (e.type === 'notify') await notifyEffect.run!(e, { ...ctx, caseRec: written, dataset });
    await repos.audit.append({
      at,
      actorId,
      channel: 'system',
      action: result.action,
      caseId: demand.id,
      detail: { ...(result.detail ?? {}), state: written.state, version: written.version },
    });
    return { demandMet: demand.id };
  },
};
