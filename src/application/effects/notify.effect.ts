import type { Params } from '../../domain/errors.ts';
import { nextSendingTime } from '../../domain/reminders/working-hours.ts';
import { resolveRecipients } from '../recipients/recipient-resolvers.ts';
import type { EffectHandler } from './effect-handler.ts';

/** Queues one message per person the recipient resolves to, with the names a reader needs. */
export const notifyEffect: EffectHandler<'notify'> = {
  async run(effect, { repos, caseRec, dataset, at, timeZone, window }) {
    const params: Params = {
      caseId: caseRec.id,
      ...(dataset ? { datasetCode: dataset.code, datasetName: dataset.name } : {}),
      ...effect.params,
    };
    if (caseRec.deadline && 'dueOn' in params) params.provisional = caseRec.deadline.provisional ? 1 : 0;
    // Nothing goes out at night or on a holiday: it waits for the next working-hours window.
    const notBefore = nextSendingTime(window, at);
    for (const to of await resolveRecipients(effect.to, { repos, caseRec, at, timeZone }))
      await repos.outbox.enqueue({ userId: to.userId, caseId: caseRec.id, message: effect.message, params: { ...params, ...to.why }, notBefore }, at);
  },
};
