// Who a task message reaches, and why this person is receiving it: the people who owe the step, or
// the one person it was reassigned to, each replaced by their delegate while they are away; supervisors for escalations.
import type { Params } from '../../domain/errors.ts';
import type { LocalDate, Role, User } from '../../domain/model.ts';
import type { Assignment } from '../../domain/workflows/workflow.ts';
import type { Repositories } from '../ports/store.ts';

export interface Addressee {
  userId: string;
  /** `why` is a locale key; the rest are its parameters. Merged into the message's params. */
  why: Params & { why: string };
}

/** A chain of delegations longer than this is a misconfiguration; stop rather than loop. */
const MAX_DELEGATION_HOPS = 5;

/** The person standing in for `userId` on `day`, following a delegate who is away too; null when they are not away. */
export async function standIn(repos: Pick<Repositories, 'delegations'>, userId: string, day: LocalDate): Promise<string | null> {
  let current = userId;
  const seen = new Set([userId]);
  for (let hop = 0; hop < MAX_DELEGATION_HOPS; hop++) {
    const d = await repos.delegations.get(current);
    if (!d || d.from > day || d.to < day || seen.has(d.delegateId)) break;
    current = d.delegateId;
    seen.add(current);
  }
  return current === userId ? null : current;
}

async function withStandIns(
  repos: Pick<Repositories, 'delegations' | 'users'>,
  people: readonly User[],
  day: LocalDate,
  role: Role,
  own: (person: User) => Params & { why: string },
): Promise<Addressee[]> {
  const byUser = new Map<string, Addressee>();
  const delegated: Addressee[] = [];
  for (const person of people) {
    let delegate = await standIn(repos, person.id, day);
    // A stand-in without the duty (a reviewer named by someone who is also a supervisor) does not take the message:
    // an escalation must reach a supervisor.
    if (delegate && !(await repos.users.get(delegate))?.roles.includes(role)) delegate = null;
    if (delegate) delegated.push({ userId: delegate, why: { why: 'notify.why.delegate', delegator: person.name } });
    else byUser.set(person.id, { userId: person.id, why: own(person) });
  }
  // Someone who owes the step in their own right is told so once, not again as a stand-in.
  for (const a of delegated) if (!byUser.has(a.userId)) byUser.set(a.userId, a);
  return [...byUser.values()].sort((a, b) => (a.userId < b.userId ? -1 : a.userId > b.userId ? 1 : 0));
}

/** Everyone a message about the task `assignment` should reach on `day`. */
export async function taskAddressees(
  repos: Pick<Repositories, 'users' | 'agencies' | 'delegations'>,
  assignment: Assignment,
  day: LocalDate,
): Promise<Addressee[]> {
  const agency = await repos.agencies.get(assignment.agencyId);
  const agencyName = agency?.name ?? assignment.agencyId;
  if (assignment.userId) {
    const person = await repos.users.get(assignment.userId);
    // A grant holder owes their own usage report (W10); anyone else named on a step had it reassigned to them.
    const why = assignment.role === 'applicant' ? 'notify.why.grantHolder' : 'notify.why.assignedToYou';
    return person ? withStandIns(repos, [person], day, assignment.role, () => ({ why, agency: agencyName })) : [];
  }
  const people = await repos.users.listByAgencyRole(assignment.agencyId, assignment.role);
  return withStandIns(repos, people, day, assignment.role, () => ({ why: 'notify.why.assignee', agency: agencyName }));
}

/** The supervisors of `agencyId` (or their stand-ins) on `day`. */
export async function supervisorAddressees(
  repos: Pick<Repositories, 'users' | 'agencies' | 'delegations'>,
  agencyId: string,
  why: 'notify.why.agencySupervisor' | 'notify.why.authoritySupervisor',
  day: LocalDate,
): Promise<Addressee[]> {
  const agency = await repos.agencies.get(agencyId);
  const people = await repos.users.listByAgencyRole(agencyId, 'supervisor');
  return withStandIns(repos, people, day, 'supervisor', () => ({ why, agency: agency?.name ?? agencyId }));
}

/** The data officers (reviewers) of `agencyId`, or their stand-ins, on `day`: a step a person owes there climbs to them first (W10). */
export async function officerAddressees(repos: Pick<Repositories, 'users' | 'agencies' | 'delegations'>, agencyId: string, day: LocalDate): Promise<Addressee[]> {
  const agency = await repos.agencies.get(agencyId);
  const people = await repos.users.listByAgencyRole(agencyId, 'reviewer');
  return withStandIns(repos, people, day, 'reviewer', () => ({ why: 'notify.why.agencyOfficer', agency: agency?.name ?? agencyId }));
}
