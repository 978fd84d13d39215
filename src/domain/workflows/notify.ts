// Notify effects (spec "Notify the parties"): messages are locale keys with params, rendered per recipient.
import type { Params } from '../errors.ts';
import type { Assignment, Effect } from './workflow.ts';

/** Why a message reaches the applicant: a step they owe themselves (the usage agreement to accept); it carries its buttons. */
export const WHY_APPLICANT_STEP = 'notify.why.applicantStep';

/** One person, e.g. the applicant on every status change. */
export function notifyUser(userId: string, message: string, params: Params): Effect {
  return { type: 'notify', to: { kind: 'user', userId }, message, params };
}

/** Everyone holding the role at the agency, e.g. the reviewers of a newly assigned step. */
export function notifyAgency(to: Assignment, message: string, params: Params): Effect {
  return { type: 'notify', to: { kind: 'agency', agencyId: to.agencyId, role: to.role }, message, params };
}
