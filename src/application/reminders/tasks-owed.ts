// The tasks a person owes on a day: their agency's waiting steps for a role they hold (or reassigned to them by name),
// and those of anyone who named them as delegate for that day.
import type { LocalDate, User } from '../../domain/model.ts';
import type { CaseRecord } from '../ports/cases.ts';
import type { Repositories } from '../ports/store.ts';
import { standIn } from './addressees.ts';

function owes(person: User, c: CaseRecord): boolean {
  const a = c.assignee;
  if (!a || a.agencyId !== person.agencyId || !person.roles.includes(a.role)) return false;
  return a.userId === undefined || a.userId === person.id;
}

async function ownTasks(repos: Pick<Repositories, 'cases'>, person: User): Promise<CaseRecord[]> {
  if (!person.agencyId) return [];
  return (await repos.cases.list({ assigneeAgencyId: person.agencyId, open: true })).filter((c) => owes(person, c));
}

/** Soonest deadline first, then id; each case once. */
export async function tasksOwedBy(repos: Pick<Repositories, 'cases' | 'users' | 'delegations'>, person: User, day: LocalDate): Promise<CaseRecord[]> {
  const byId = new Map<string, CaseRecord>();
  // While away, their own tasks are the delegate's to mind.
  if ((await standIn(repos, person.id, day)) === null) for (const c of await ownTasks(repos, person)) byId.set(c.id, c);
  for (const d of await repos.delegations.listActive(day)) {
    if (d.userId === person.id || (await standIn(repos, d.userId, day)) !== person.id) continue;
    const delegator = await repos.users.get(d.userId);
    if (delegator) for (const c of await ownTasks(repos, delegator)) byId.set(c.id, c);
  }
  return [...byId.values()].sort(
    (a, b) => (a.deadline?.dueOn ?? '9999').localeCompare(b.deadline?.dueOn ?? '9999') || a.id.localeCompare(b.id, 'en', { numeric: true }),
  );
}
