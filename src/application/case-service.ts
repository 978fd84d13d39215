// The use cases: load a case, run its state machine, persist the new state with its effects and audit record in one
// transaction. Adapters (console, Slack, Telegram) call these; none of them touches a repository directly.
import { fail, type DomainError, type Params } from '../domain/errors.ts';
import type { Agency, Channel, Dataset, LocalDate, User } from '../domain/model.ts';
import type { PolicyProfile } from '../domain/policy/policy-profile.ts';
import { getWorkflow } from '../domain/workflows/registry.ts';
import type {
  CaseSnapshot,
  Deadline,
  Effect,
  Recipient,
  Transition,
  TransitionContext,
  WorkflowEvent,
  WorkflowId,
} from '../domain/workflows/workflow.ts';
import { addWorkingDays, type WorkingCalendar } from '../domain/calendar/working-calendar.ts';
import { localDateOf } from '../domain/calendar/local-date.ts';
import { KaifangError } from '../domain/errors.ts';
import type { CaseRecord, Clock, Repositories, Store } from './ports.ts';
import { nextSendingTime, type SendingWindow } from '../domain/reminders/working-hours.ts';
import { planLadder } from '../domain/reminders/reminder-ladder.ts';
import { standIn, taskAddressees } from './reminders/addressees.ts';
import { findAuthority } from './find-authority.ts';

export interface CaseServiceDeps {
  store: Store;
  calendar: WorkingCalendar;
  profile: PolicyProfile;
  timeZone: string;
  clock: Clock;
}

export type Outcome<T> = { ok: true; value: T } | DomainError;

/** Thrown inside a transaction to roll it back when another decision won the race. */
class VersionConflict extends Error {}

export function createCaseService(deps: CaseServiceDeps) {
  const { store, calendar, profile, timeZone, clock } = deps;
  const window: SendingWindow = { calendar, hours: profile.reminders.workingHours, timeZone };

  const today = (): LocalDate => localDateOf(clock.now(), timeZone);

  const deadlineFrom = (startedOn: LocalDate, workingDays: number): Deadline => {
    const due = addWorkingDays(calendar, startedOn, workingDays);
    return { startedOn, workingDays, dueOn: due.dueOn, provisional: due.provisional };
  };

  async function authority(): Promise<Agency> {
    const found = await findAuthority(store);
    if (!found) throw new KaifangError('NO_AUTHORITY', 'No authority agency is configured: run `npx kaifang seed --demo` or add one.');
    return found;
  }

  async function contextFor(actor: User, dataset: Dataset | null): Promise<TransitionContext> {
    const day = today();
    const activeGrants = dataset
      ? (await store.grants.listByUser(actor.id)).filter((g) => g.datasetId === dataset.id && g.expiresOn >= day)
      : [];
    const standingInFor: string[] = [];
    for (const d of await store.delegations.listActive(day))
      if (d.userId !== actor.id && (await standIn(store, d.userId, day)) === actor.id) standingInFor.push(d.userId);
    return { actor, today: day, profile, dataset, activeGrants, authority: await authority(), standingInFor, clock: deadlineFrom };
  }

  /** Expands an agency recipient to its people and queues one message each, with the names a reader needs. */
  async function carryOut(
    repos: Repositories,
    effects: readonly Effect[],
    caseRec: CaseRecord,
    dataset: Dataset | null,
    at: Date,
  ): Promise<void> {
    for (const effect of effects) {
      switch (effect.type) {
        case 'notify': {
          const params: Params = {
            caseId: caseRec.id,
            ...(dataset ? { datasetCode: dataset.code, datasetName: dataset.name } : {}),
            ...effect.params,
          };
          if (caseRec.deadline && 'dueOn' in params) params.provisional = caseRec.deadline.provisional ? 1 : 0;
          // Nothing goes out at night or on a holiday: it waits for the next working-hours window (issue 3).
          const notBefore = nextSendingTime(window, at);
          for (const to of await recipientsOf(repos, effect.to, caseRec, at))
            await repos.outbox.enqueue({ userId: to.userId, caseId: caseRec.id, message: effect.message, params: { ...params, ...to.why }, notBefore }, at);
          break;
        }
        case 'createDataset':
          // Handled before the case exists (the case needs the dataset's id).
          break;
        case 'updateDataset':
          await repos.datasets.update(effect.datasetId, effect.entry);
          break;
        case 'publishDataset':
          await repos.datasets.setStatus(effect.datasetId, 'published');
          break;
        case 'grantAccess':
          await repos.grants.create({
            caseId: caseRec.id,
            datasetId: effect.datasetId,
            userId: effect.userId,
            expiresOn: effect.expiresOn,
            agreementRef: effect.agreementRef,
            grantedAt: at,
          });
          break;
      }
    }
  }

  /**
   * A message to the people who owe the new step is the task's arrival: it follows the assignment (a reassigned task's
   * one person), reaches delegates in place of those away, and is left to the morning digest for those who chose it.
   */
  async function recipientsOf(
    repos: Repositories,
    to: Recipient,
    caseRec: CaseRecord,
    at: Date,
  ): Promise<{ userId: string; why: Params }[]> {
    if (to.kind === 'user') return [{ userId: to.userId, why: {} }];
    const a = caseRec.assignee;
    if (a && a.agencyId === to.agencyId && a.role === to.role) {
      const out: { userId: string; why: Params }[] = [];
      for (const addressee of await taskAddressees(repos, a, localDateOf(at, timeZone)))
        if (!(await repos.preferences.get(addressee.userId)).digest) out.push(addressee);
      return out;
    }
    return (await repos.users.listByAgencyRole(to.agencyId, to.role)).map((u) => ({ userId: u.id, why: {} }));
  }

  /** The task's reminder ladder: the old one is cancelled, and a waiting step gets a fresh one for its version. */
  async function replan(repos: Repositories, caseRec: CaseRecord, at: Date): Promise<void> {
    await repos.schedule.cancelPending(caseRec.id, at);
    if (!caseRec.assignee || !caseRec.deadline) return;
    // A rung already behind us (a reassigned task that is overdue) is not sounded again for the new stage.
    const steps = planLadder(caseRec.deadline, at, profile.reminders, window).filter((s) => s.dueAt > at);
    await repos.schedule.plan(steps.map((s) => ({ caseId: caseRec.id, stage: caseRec.version, rule: s.rule, level: s.level, dueAt: s.dueAt })));
  }

  async function datasetOf(id: string | null): Promise<Dataset | null> {
    return id ? store.datasets.get(id) : null;
  }

  /** Who decided the case last, for "already decided by …". */
  async function alreadyDecided(caseId: string): Promise<DomainError> {
    const current = await store.cases.get(caseId);
    const by = current?.lastActorId ? await store.users.get(current.lastActorId) : null;
    return fail('ALREADY_DECIDED', {
      caseId,
      by: by?.name ?? current?.lastActorId ?? '?',
      state: current?.state ?? '?',
      workflow: current?.workflow ?? '?',
    });
  }

  return {
    today,
    now: () => clock.now(),
    deadlineFrom,
    window,
    replan,
    alreadyDecided,
    recipientsOf,

    /** The eligibility checks a workflow makes before anyone fills its form (so nobody types seven fields in vain). */
    async canStart(actor: User, workflowId: WorkflowId, datasetId: string | null): Promise<DomainError | null> {
      const wf = getWorkflow(workflowId);
      if (!wf.eligible) return null;
      return wf.eligible(await contextFor(actor, await datasetOf(datasetId)));
    },

    async start(actor: User, workflowId: WorkflowId, input: unknown, datasetId: string | null, channel: Channel): Promise<Outcome<CaseRecord>> {
      const wf = getWorkflow(workflowId);
      const dataset = await datasetOf(datasetId);
      const ctx = await contextFor(actor, dataset);
      const result = wf.start(input, ctx);
      if (!result.ok) return result;
      const at = clock.now();
      const created = await store.transaction(async (repos) => {
        let ds = dataset;
        for (const e of result.effects)
          if (e.type === 'createDataset') ds = await repos.datasets.create(e.entry, e.providerAgencyId, 'pending');
        const rec = await repos.cases.create(
          {
            workflow: workflowId,
            state: result.state,
            data: result.data,
            applicantId: actor.id,
            datasetId: ds?.id ?? null,
            assignee: result.assignee,
            deadline: result.deadline,
          },
          at,
          actor.id,
        );
        await carryOut(repos, result.effects, rec, ds, at);
        await replan(repos, rec, at);
        await repos.audit.append({ at, actorId: actor.id, channel, action: result.action, caseId: rec.id, detail: auditDetail(result) });
        return rec;
      });
      return { ok: true, value: created };
    },

    /**
     * Runs one event. `expectedVersion` is the version the person saw (a button in an old message); without it, the
     * version loaded now. Either way, of two decisions racing on the same version exactly one is written.
     */
    async decide(
      actor: User,
      caseId: string,
      event: WorkflowEvent,
      channel: Channel,
      options: { expectedVersion?: number; dryRun?: boolean } = {},
    ): Promise<Outcome<CaseRecord>> {
      const rec = await store.cases.get(caseId);
      if (!rec) return fail('NOT_FOUND', { caseId });
      if (options.expectedVersion !== undefined && options.expectedVersion !== rec.version) return alreadyDecided(caseId);
      const wf = getWorkflow(rec.workflow);
      const dataset = await datasetOf(rec.datasetId);
      const result = wf.transition(rec as CaseSnapshot, event, await contextFor(actor, dataset));
      if (!result.ok) {
        // Refused because the step is no longer there to decide: say who took it, not "not your task".
        const decision = event.type === 'approve' || event.type === 'return' || event.type === 'reject';
        // A step a supervisor handed to one colleague (转办) is still there, just not this person's: name who has it.
        if (result.error === 'ASSIGNED_TO_OTHER') {
          const holder = await store.users.get(String(result.params?.user ?? ''));
          return fail('ASSIGNED_TO_OTHER', { caseId: rec.id, user: holder?.name ?? String(result.params?.user ?? '?') });
        }
        if (decision && rec.lastActorId && rec.lastActorId !== actor.id && (result.error === 'NOT_YOUR_TASK' || result.error === 'INVALID_TRANSITION')) {
          const last = await store.users.get(rec.lastActorId);
          const colleague = last?.agencyId !== null && last?.agencyId === actor.agencyId;
          if (colleague || wf.terminalStates.includes(rec.state)) return alreadyDecided(caseId);
        }
        return result;
      }
      if (options.dryRun) return { ok: true, value: rec };
      const at = clock.now();
      try {
        const updated = await store.transaction(async (repos) => {
          const next = await repos.cases.update(
            rec.id,
            rec.version,
            { state: result.state, data: result.data, assignee: result.assignee, deadline: result.deadline },
            at,
            actor.id,
          );
          if (!next) throw new VersionConflict();
          await carryOut(repos, result.effects, next, dataset, at);
          await replan(repos, next, at);
          await repos.audit.append({ at, actorId: actor.id, channel, action: result.action, caseId: rec.id, detail: auditDetail(result) });
          return next;
        });
        return { ok: true, value: updated };
      } catch (e) {
        if (e instanceof VersionConflict) return alreadyDecided(caseId);
        throw e;
      }
    },
  };
}

function auditDetail(t: Transition<unknown>): Params {
  return { state: t.state, ...(t.deadline ? { dueOn: t.deadline.dueOn } : {}), ...(t.detail ?? {}) };
}

export type CaseService = ReturnType<typeof createCaseService>;
