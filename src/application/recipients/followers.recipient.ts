import { FOLLOW_ACTION } from '../follow-action.ts';
import type { RecipientResolver, ResolvedRecipient } from './recipient-resolver.ts';

/**
 * Everyone who follows the case (`follow C-0001`, a public W6 demand), once each: a follow is an audit entry of the case,
 * so the list is the log's. The applicant is told on their own, and is left out here.
 */
export const followersRecipient: RecipientResolver<'followers'> = async (to, { repos, caseRec }) => {
  const people = new Set<string>();
  for (const e of await repos.audit.listByCase(to.caseId)) if (e.action === FOLLOW_ACTION && e.actorId !== caseRec.applicantId) people.add(e.actorId);
  return [...people].sort().map((userId): ResolvedRecipient => ({ userId, why: { why: 'notify.why.follower' } }));
};
