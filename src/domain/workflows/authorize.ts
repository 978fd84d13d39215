// Who may move a case (spec "Roles"): the step's assignee decides it, the person who started the case corrects it.
import { fail, type DomainError } from '../errors.ts';
import type { User } from '../model.ts';
import { personalOwner, type Assignment, type CaseSnapshot } from './workflow.ts';

/** The events only the person who filed the case sends. */
export const APPLICANT_EVENTS: ReadonlySet<string> = new Set(['resubmit', 'accept', 'dispute']);

/**
 * null when `actor` may send an event of `eventType` to the case; otherwise why not.
 * `owes` is who decides the step, the case's assignee unless a step says otherwise.
 */
export function authorize(
  snapshot: Pick<CaseSnapshot, 'id' | 'applicantId' | 'assignee'>,
  eventType: string,
  actor: User,
  owes: Assignment | null = snapshot.assignee,
  /** The people the actor stands in for today (delegations): a task reassigned to one of them is the actor's too. */
  standingInFor: readonly string[] = [],
): DomainError | null {
  // Only the one who filed the case corrects and resubmits it (T9(二): the provider resubmits its returned entry), and
  // only the applicant accepts the usage agreement offered to them (T15(三)) or asks for coordination of a refusal (Z16).
  if (APPLICANT_EVENTS.has(eventType)) return snapshot.applicantId === actor.id ? null : fail('NOT_YOURS', { caseId: snapshot.id });
  if (!owes) return fail('NOT_YOUR_TASK', { caseId: snapshot.id });
  // A step a person owes in their own name: theirs alone, or their delegate's while they are away.
  const owner = personalOwner(owes);
  if (owner !== null) return owner === actor.id || standingInFor.includes(owner) ? null : fail('NOT_YOURS', { caseId: snapshot.id });
  if (!actor.roles.includes(owes.role)) return fail('FORBIDDEN_ROLE', { role: owes.role });
  // A reviewer decides only for their own agency: the authority's formal review is not the provider's to pass.
  if (actor.agencyId !== owes.agencyId) return fail('NOT_YOUR_TASK', { caseId: snapshot.id });
  // A supervisor reassigned the step to one person (转办): it is theirs, or their delegate's while they are away.
  if (owes.userId !== undefined && owes.userId !== actor.id && !standingInFor.includes(owes.userId))
    return fail('ASSIGNED_TO_OTHER', { caseId: snapshot.id, user: owes.userId });
  return null;
}
