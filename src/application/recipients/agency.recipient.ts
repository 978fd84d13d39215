import { localDateOf } from '../../domain/calendar/local-date.ts';
import { taskAddressees } from '../reminders/addressees.ts';
import type { RecipientResolver, ResolvedRecipient } from './recipient-resolver.ts';

/**
 * The people of a role at an agency. When that is who owes the case's new step, the message is the task's arrival: it
 * follows the assignment (a reassigned task's one person), reaches delegates in place of those away, and is left to
 * the morning digest for those who chose it.
 */
export const agencyRecipient: RecipientResolver<'agency'> = async (to, { repos, caseRec, at, timeZone }) => {
  const a = caseRec.assignee;
  if (a && a.agencyId === to.agencyId && a.role === to.role) {
    const out: ResolvedRecipient[] = [];
    for (const addressee of await taskAddressees(repos, a, localDateOf(at, timeZone)))
      if (!(await repos.preferences.get(addressee.userId)).digest) out.push(addressee);
    return out;
  }
  return (await repos.users.listByAgencyRole(to.agencyId, to.role)).map((u) => ({ userId: u.id, why: {} }));
};
