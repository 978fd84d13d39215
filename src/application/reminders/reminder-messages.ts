// What one due rung of the ladder says, and to whom. Read-only, so the dry run and the tick share it.
import type { Params } from '../../domain/errors.ts';
import type { LocalDate } from '../../domain/model.ts';
import type { PolicyProfile } from '../../domain/policy/policy-profile.ts';
import { WHY_APPLICANT_STEP } from '../../domain/workflows/notify.ts';
import { personalOwner } from '../../domain/workflows/workflow.ts';
import { escalationStep, ladderFor } from '../../domain/reminders/reminder-ladder.ts';
import { countWorkingDays, type WorkingCalendar } from '../../domain/calendar/working-calendar.ts';
import type { CaseRecord } from '../ports/cases.ts';
import type { NewOutboxMessage, ScheduleStep } from '../ports/delivery.ts';
import type { Repositories } from '../ports/store.ts';
import { officerAddressees, supervisorAddressees, taskAddressees } from './addressees.ts';
import { findAuthority } from '../find-authority.ts';
import { reminderAtDelivery } from './reminder-at-delivery.ts';

export interface StepMessages {
  /** null when the step no longer applies (the case moved on without cancelling it): it is completed silently. */
  caseRec: CaseRecord | null;
  messages: NewOutboxMessage[];
  /** Recipients left out because they chose the daily digest. */
  digested: string[];
}

export interface StepContext {
  profile: PolicyProfile;
  calendar: WorkingCalendar;
  /** Today in the platform's time zone. */
  today: LocalDate;
}

/** Case, dataset and step parameters every task message carries; the step's name is rendered from workflow + state. */
export async function taskParams(repos: Pick<Repositories, 'datasets'>, c: CaseRecord): Promise<Params> {
  const dataset = c.datasetId ? await repos.datasets.get(c.datasetId) : null;
  return {
    caseId: c.id,
    workflow: c.workflow,
    state: c.state,
    ...(dataset ? { datasetCode: dataset.code, datasetName: dataset.name } : {}),
    ...(c.deadline ? { dueOn: c.deadline.dueOn, provisional: c.deadline.provisional ? 1 : 0 } : {}),
  };
}

export async function stepMessages(
  repos: Pick<Repositories, 'cases' | 'users' | 'agencies' | 'delegations' | 'preferences' | 'datasets'>,
  step: ScheduleStep,
  ctx: StepContext,
): Promise<StepMessages> {
  const c = await repos.cases.get(step.caseId);
  if (!c || c.version !== step.stage) return { caseRec: null, messages: [], digested: [] };
  if (step.rule === 'applicant') {
    // The applicant's own step (the agreement to accept): to them, whatever their digest choice — it is theirs alone.
    const params = { ...(await taskParams(repos, c)), level: step.level, why: WHY_APPLICANT_STEP };
    return { caseRec: c, messages: [{ userId: c.applicantId, caseId: c.id, message: 'notify.reminder.applicant', params }], digested: [] };
  }
  if (!c.assignee || !c.deadline) return { caseRec: null, messages: [], digested: [] };
  const base = await taskParams(repos, c);
  const messages: NewOutboxMessage[] = [];
  const digested: string[] = [];

  if (step.rule === 'escalation') {
    const rung = escalationStep(ladderFor(ctx.profile.reminders, c.workflow, c.state), step.level);
    if (!rung) return { caseRec: c, messages, digested };
    const owner = await repos.agencies.get(c.assignee.agencyId);
    const authority = await findAuthority(repos);
    const agencyId = rung.to === 'authority_supervisor' ? (authority?.id ?? c.assignee.agencyId) : c.assignee.agencyId;
    const overdueDays = Math.max(0, countWorkingDays(ctx.calendar, c.deadline.dueOn, ctx.today));
    const addressees =
      rung.to === 'agency_officer'
        ? await officerAddressees(repos, agencyId, ctx.today)
        : await supervisorAddressees(repos, agencyId, rung.to === 'agency_supervisor' ? 'notify.why.agencySupervisor' : 'notify.why.authoritySupervisor', ctx.today);
    // A step a person owes (a grant holder's report) is theirs, not their agency's: the owner named is the person.
    const ownerId = personalOwner(c.assignee);
    const person = ownerId ? await repos.users.get(ownerId) : null;
    for (const a of addressees)
      messages.push({
        userId: a.userId,
        caseId: c.id,
        message: 'notify.reminder.escalation',
        params: { ...base, level: step.level, overdueDays, owner: person?.name ?? owner?.name ?? c.assignee.agencyId, ...a.why },
      });
    return { caseRec: c, messages, digested };
  }

  for (const a of await taskAddressees(repos, c.assignee, ctx.today)) {
    if ((await repos.preferences.get(a.userId)).digest) {
      digested.push(a.userId);
      continue;
    }
    // Worded for today: a rung fired late (after an outage) says how the task stands now, as its delivery will.
    const worded = reminderAtDelivery({ message: `notify.reminder.${step.rule}`, params: { ...base, ...a.why } }, ctx.calendar, ctx.today);
    messages.push({ userId: a.userId, caseId: c.id, ...worded });
  }
  return { caseRec: c, messages, digested };
}
