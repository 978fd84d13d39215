// The people side of deadlines: nudge 催办, delegate 委托, overdue 超期, reassign 转办, and the digest choice.
// Each write lands with its messages and audit record in one transaction, like a decision.
import { fail, type Params } from '../domain/errors.ts';
import type { Channel, LocalDate, User } from '../domain/model.ts';
import { countWorkingDays } from '../domain/calendar/working-calendar.ts';
import { isLocalDate, localDateOf } from '../domain/calendar/local-date.ts';
import { nextSendingTime } from '../domain/reminders/working-hours.ts';
import type { CaseRecord } from './ports/cases.ts';
import type { Delegation } from './ports/directory.ts';
import type { Store } from './ports/store.ts';
import type { CaseService, Outcome } from './case-service.ts';
import { taskParams } from './reminders/reminder-messages.ts';
import { taskAddressees } from './reminders/addressees.ts';
import { tasksOwedBy } from './reminders/tasks-owed.ts';
import { findAuthority } from './find-authority.ts';
import type { WorkingCalendar } from '../domain/calendar/working-calendar.ts';

export interface TaskServiceDeps {
  store: Pick<Store, 'agencies' | 'cases' | 'delegations' | 'preferences' | 'users' | 'transaction'>;
  service: CaseService;
  calendar: WorkingCalendar;
  timeZone: string;
}

export interface OverdueTask {
  record: CaseRecord;
  /** Working days past the due day. */
  overdueDays: number;
}

class VersionConflict extends Error {}

export function createTaskService(deps: TaskServiceDeps) {
  const { store, service, calendar, timeZone } = deps;

  async function authorityId(): Promise<string | null> {
    return (await findAuthority(store))?.id ?? null;
  }

  /** A supervisor oversees their own agency's tasks; the authority's supervisors oversee every agency's. */
  async function supervises(actor: User, agencyId: string): Promise<boolean> {
    if (!actor.roles.includes('supervisor') || !actor.agencyId) return false;
    return actor.agencyId === agencyId || actor.agencyId === (await authorityId());
  }

  /** Whether `actor` is one of the people who owe the step (the one it was handed to, or anyone with the duty there). */
  function owes(actor: User, assignee: NonNullable<CaseRecord['assignee']>): boolean {
    if (assignee.userId !== undefined) return assignee.userId === actor.id;
    return actor.agencyId === assignee.agencyId && actor.roles.includes(assignee.role);
  }

  async function openCase(caseId: string): Promise<Outcome<CaseRecord>> {
    const rec = await store.cases.get(caseId.toUpperCase());
    if (!rec) return fail('NOT_FOUND', { caseId });
    if (!rec.assignee) return fail('NOT_OPEN', { caseId: rec.id });
    return { ok: true, value: rec };
  }

  return {
    /**
     * 催办: the applicant or a supervisor reminds whoever owes the step, at most once per working day per case. The
     * message goes out in the next working-hours window, so the "day" is the working day it will be delivered on.
     */
    async nudge(actor: User, caseId: string, channel: Channel): Promise<Outcome<{ record: CaseRecord; deliverAt: Date; recipients: string[] }>> {
      const found = await openCase(caseId);
      if (!found.ok) return found;
      const rec = found.value;
      const assignee = rec.assignee!;
      // Whoever owes the step has nothing to be reminded of: say so, rather than "not your case".
      if (rec.applicantId !== actor.id && owes(actor, assignee)) return fail('OWN_TASK', { caseId: rec.id });
      if (rec.applicantId !== actor.id && !(await supervises(actor, assignee.agencyId))) return fail('NOT_YOURS', { caseId: rec.id });
      const now = service.now();
      const deliverAt = nextSendingTime(service.window, now);
      const day = localDateOf(deliverAt, timeZone);
      const sent = await store.transaction(async (repos) => {
        if (!(await repos.once.claim(`nudge:${rec.id}:${day}`, now))) return null;
        const params: Params = { ...(await taskParams(repos, rec)), by: actor.name };
        const to = await taskAddressees(repos, assignee, day);
        for (const a of to)
          await repos.outbox.enqueue({ userId: a.userId, caseId: rec.id, message: 'notify.nudge', params: { ...params, ...a.why }, notBefore: deliverAt }, now);
        await repos.audit.append({ at: now, actorId: actor.id, channel, action: 'task.nudge', caseId: rec.id, detail: { to: to.map((a) => a.userId).join(',') || '-' } });
        return to.map((a) => a.userId);
      });
      if (sent === null) return fail('ALREADY_NUDGED', { caseId: rec.id, date: day });
      return { ok: true, value: { record: rec, deliverAt, recipients: sent } };
    },

    /** 转办: a supervisor hands the step to one named colleague of the agency that owes it. The deadline stays. */
    async reassign(actor: User, caseId: string, targetId: string, channel: Channel): Promise<Outcome<{ record: CaseRecord; target: User }>> {
      const found = await openCase(caseId);
      if (!found.ok) return found;
      const rec = found.value;
      const assignee = rec.assignee!;
      if (!(await supervises(actor, assignee.agencyId))) return fail('NOT_IN_SCOPE', { caseId: rec.id });
      const target = await store.users.get(targetId);
      if (!target || target.agencyId !== assignee.agencyId || !target.roles.includes(assignee.role))
        return fail('REASSIGN_TARGET', { user: targetId, caseId: rec.id });
      if (assignee.userId === target.id) return fail('ALREADY_ASSIGNED', { caseId: rec.id, user: target.name });
      // The agency's only person with the duty already holds the step: a handover to them hands nothing over.
      if (assignee.userId === undefined) {
        const owners = await store.users.listByAgencyRole(assignee.agencyId, assignee.role);
        if (owners.length === 1 && owners[0]!.id === target.id) return fail('ALREADY_ASSIGNED', { caseId: rec.id, user: target.name });
      }
      const now = service.now();
      try {
        const updated = await store.transaction(async (repos) => {
          const next = await repos.cases.update(
            rec.id,
            rec.version,
            { state: rec.state, data: rec.data, assignee: { ...assignee, userId: target.id }, deadline: rec.deadline },
            now,
            actor.id,
          );
          if (!next) throw new VersionConflict();
          const params: Params = { ...(await taskParams(repos, next)), by: actor.name };
          const notBefore = nextSendingTime(service.window, now);
          for (const to of await service.recipientsOf(repos, { kind: 'agency', agencyId: assignee.agencyId, role: assignee.role }, next, now))
            await repos.outbox.enqueue({ userId: to.userId, caseId: next.id, message: 'notify.task.reassigned', params: { ...params, ...to.why }, notBefore }, now);
          await service.replan(repos, next, now);
          await repos.audit.append({
            at: now,
            actorId: actor.id,
            channel,
            action: 'task.reassign',
            caseId: next.id,
            // The state stays; the version moves on (`audit --verify` replays both).
            detail: { to: target.id, ...(assignee.userId ? { from: assignee.userId } : {}), state: next.state, version: next.version },
          });
          return next;
        });
        // The old task messages go to someone else now: the chats edit them.
        service.changed(updated.id);
        return { ok: true, value: { record: updated, target } };
      } catch (e) {
        // Someone decided the case meanwhile: name them, as a decision that lost the race does.
        if (e instanceof VersionConflict) return service.alreadyDecided(rec.id);
        throw e;
      }
    },

    /** 委托: while the actor is away (`from`–`to`, inclusive), tasks and reminders go to a colleague who may decide them. */
    async delegate(actor: User, delegateId: string, from: LocalDate, to: LocalDate, channel: Channel): Promise<Outcome<Delegation>> {
      if (!actor.agencyId || !(actor.roles.includes('reviewer') || actor.roles.includes('supervisor'))) return fail('FORBIDDEN_ROLE', { role: 'reviewer' });
      const delegate = await store.users.get(delegateId);
      const sharedRole = delegate && actor.roles.some((r) => r !== 'applicant' && delegate.roles.includes(r));
      if (!delegate || delegate.id === actor.id || delegate.agencyId !== actor.agencyId || !sharedRole)
        return fail('DELEGATE_TARGET', { user: delegateId });
      if (!isLocalDate(from) || !isLocalDate(to) || to < from || to < service.today()) return fail('DELEGATE_RANGE', { from, to });
      const now = service.now();
      const delegation: Delegation = { userId: actor.id, delegateId: delegate.id, from, to, createdAt: now };
      await store.transaction(async (repos) => {
        await repos.delegations.put(delegation);
        await repos.outbox.enqueue(
          { userId: delegate.id, caseId: null, message: 'notify.delegated', params: { by: actor.name, from, to }, notBefore: nextSendingTime(service.window, now) },
          now,
        );
        await repos.audit.append({ at: now, actorId: actor.id, channel, action: 'task.delegate', caseId: null, detail: { to: delegate.id, from, until: to } });
      });
      return { ok: true, value: delegation };
    },

    async endDelegation(actor: User, channel: Channel): Promise<Outcome<Delegation>> {
      const current = await store.delegations.get(actor.id);
      if (!current) return fail('NO_DELEGATION');
      const now = service.now();
      await store.transaction(async (repos) => {
        await repos.delegations.clear(actor.id);
        await repos.outbox.enqueue(
          { userId: current.delegateId, caseId: null, message: 'notify.delegationEnded', params: { by: actor.name }, notBefore: nextSendingTime(service.window, now) },
          now,
        );
        await repos.audit.append({ at: now, actorId: actor.id, channel, action: 'task.delegate_end', caseId: null, detail: { to: current.delegateId } });
      });
      return { ok: true, value: current };
    },

    delegationOf: (actor: User) => store.delegations.get(actor.id),

    async setDigest(actor: User, digest: boolean): Promise<void> {
      await store.preferences.put(actor.id, { ...(await store.preferences.get(actor.id)), digest });
    },

    digestOf: async (actor: User) => (await store.preferences.get(actor.id)).digest,

    /** 超期: the overdue tasks a supervisor oversees, oldest deadline first, with working days overdue. */
    async overdue(actor: User): Promise<Outcome<OverdueTask[]>> {
      if (!actor.roles.includes('supervisor') || !actor.agencyId) return fail('FORBIDDEN_ROLE', { role: 'supervisor' });
      const today = service.today();
      const all = actor.agencyId === (await authorityId());
      const late = await store.cases.list({ open: true, dueBefore: today, ...(all ? {} : { assigneeAgencyId: actor.agencyId }) });
      return {
        ok: true,
        value: late
          .filter((c) => c.deadline)
          .map((record) => ({ record, overdueDays: countWorkingDays(calendar, record.deadline!.dueOn, today) })),
      };
    },

    /** The tasks the actor owes today, their delegators' included, soonest first. */
    queue: (actor: User) => tasksOwedBy(store, actor, service.today()),
  };
}

export type TaskService = ReturnType<typeof createTaskService>;
