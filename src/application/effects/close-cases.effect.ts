import { CLOSED_STATE, isPending } from '../../domain/workflows/closed-state.ts';
import type { EffectHandler } from './effect-handler.ts';

/**
 * The open cases of the named workflows on the dataset end in the shared `closed` state, in the same transaction: no
 * assignee, no clock, no reminders left; the audit log says which case closed them and why. Their applicants hear it
 * from the message that comes with the delisting (the dataset's audience).
 */
export const closeCasesEffect: EffectHandler<'closeCases'> = {
  async run(effect, { repos, caseRec, at }) {
    const actorId = caseRec.lastActorId ?? caseRec.applicantId;
    for (const workflow of effect.workflows)
      for (const c of await repos.cases.list({ workflow })) {
        // A returned application is still pending: it ends with the others.
        if (c.datasetId !== effect.datasetId || c.id === caseRec.id || !isPending(c)) continue;
        const closed = await repos.cases.update(c.id, c.version, { state: CLOSED_STATE, data: c.data, assignee: null, deadline: null }, at, actorId);
        // A case decided a moment ago by someone else is theirs: it is not closed under them.
        if (!closed) continue;
        await repos.schedule.cancelPending(c.id, at);
        await repos.audit.append({
          at,
          actorId,
          channel: 'system',
          action: 'case.closed',
          caseId: c.id,
          detail: { by: caseRec.id, reason: effect.reason, state: closed.state, version: closed.version },
        });
      }
  },
};
