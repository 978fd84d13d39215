// The demo's cases: a few weeks of platform life played through the real services on a clock set in the past, so a
// newcomer finds a grant to renew and a task already overdue, each with its genuine history, deadlines, agreement,
// reminders and audit chain. Run after seedDemo (it needs the demo's people and datasets).
import { KaifangError } from '../../domain/errors.ts';
import type { LocalDate, User } from '../../domain/model.ts';
import type { PolicyProfile } from '../../domain/policy/policy-profile.ts';
import type { WorkflowRegistry } from '../../domain/workflows/registry.ts';
import { addDays, localDateOf } from '../../domain/calendar/local-date.ts';
import type { WorkingCalendar } from '../../domain/calendar/working-calendar.ts';
import { windowOpensOn, workingDaysBefore } from '../../domain/reminders/working-hours.ts';
import { clockDays } from '../../domain/workflows/policy-values.ts';
import { parseForm } from '../../domain/forms/form.ts';
import type { Translator } from '../../i18n/translator.ts';
import { createCaseService, type CaseService } from '../case-service.ts';
import { createReminderTick } from '../reminders/reminder-tick.ts';
import { createOutboxDispatcher, type MessageSender } from '../reminders/outbox-dispatcher.ts';
import type { CaseRecord } from '../ports/cases.ts';
import type { Clock, Store } from '../ports/store.ts';
import { DEMO_STORIES } from './demo-data.ts';

export interface DemoCasesDeps {
  store: Store;
  workflows: WorkflowRegistry;
  calendar: WorkingCalendar;
  profile: PolicyProfile;
  timeZone: string;
  /** The app's clock: the stories are dated back from its "now" (KAIFANG_NOW pins it). */
  clock: Clock;
  /** The reminder tick's, for the messages its past rounds wrote. */
  translator: Translator;
}

export interface DemoCasesReport {
  /** Cases created by this run; 0 when the database already had cases. */
  casesCreated: number;
}

/** How many days before its end the demo grant runs out: inside the renewal window, with time left to renew. */
export const DEMO_GRANT_DAYS_LEFT = 14;

/** Minutes after the sending window opens that each past action happens: a working morning. */
const MORNING = 60;

/**
 * Idempotent: the stories are told only on a database with no case yet. A database that has cases of its own, the
 * stories' among them or not, gets none: their past dates would come after its present ones in the audit log.
 */
export async function seedDemoCases(deps: DemoCasesDeps): Promise<DemoCasesReport> {
  const { store, workflows, calendar, profile, timeZone } = deps;
  if ((await store.cases.list()).length > 0) return { casesCreated: 0 };
  const now = deps.clock.now();
  const today = localDateOf(now, timeZone);
  let at = now;
  const past: Clock = { now: () => new Date(at.getTime()) };
  const service = createCaseService({ store, workflows, calendar, profile, timeZone, clock: past });
  const tick = createReminderTick({ store, calendar, profile, timeZone, translator: deps.translator });
  // The messages of those past days reached their readers then, in chats that are not this one: the real dispatcher
  // marks each delivered on its day. Otherwise the first command of `npm start` would print a dozen stale ✉ lines.
  const delivered: MessageSender = { send: async () => ({ ok: true }) };
  const dispatcher = createOutboxDispatcher({ store, window: tick.window, sender: delivered });
  // What is due from the start of today on is left to the live scheduler: its first round sends it, as it would have.
  const startOfToday = windowOpensOn(tick.window, today);

  /** A working morning `days` working days before today. */
  const daysAgo = (days: number, extraMinutes = 0): Date =>
    new Date(windowOpensOn(tick.window, workingDaysBefore(calendar, today, days)).getTime() + (MORNING + extraMinutes) * 60_000);

  /** The scheduler's rounds up to `until` (never today's): each due rung fires at its own moment, then is delivered. */
  async function runSchedulerUntil(until: Date): Promise<void> {
    const limit = until < startOfToday ? until : new Date(startOfToday.getTime() - 1);
    for (;;) {
      const [next] = await store.schedule.listDue(limit, 1);
      if (!next) break;
      await tick.tick(next.dueAt);
      await dispatcher.dispatch(next.dueAt);
    }
  }

  /** Moves the clock to `moment`, lets the scheduler catch up, runs `act` then, and delivers what it sent. */
  async function happen<T>(moment: Date, act: () => Promise<T>): Promise<T> {
    await runSchedulerUntil(moment);
    at = moment;
    const result = await act();
    await dispatcher.dispatch(moment);
    return result;
  }

  const person = async (id: string): Promise<User> => {
    const user = await store.users.get(id);
    if (!user) throw new KaifangError('DEMO_SEED', `The demo person "${id}" is missing: run seedDemo first.`);
    return user;
  };
  const datasetId = async (name: string): Promise<string> => {
    const found = (await store.datasets.search()).find((d) => d.name === name);
    if (!found) throw new KaifangError('DEMO_SEED', `The demo dataset "${name}" is missing: run seedDemo first.`);
    return found.id;
  };

  const { renewal, overdue } = DEMO_STORIES;

  // 1. A conditional application that went all the way: submitted, each review passed by a person who owed it,
  //    the agreement accepted. Its usage period ends DEMO_GRANT_DAYS_LEFT days from today, inside the renewal window.
  const expiresOn: LocalDate = addDays(today, DEMO_GRANT_DAYS_LEFT);
  const applicant = await person(renewal.applicantId);
  const renewalDataset = await datasetId(renewal.datasetName);
  const application = parseForm(workflows.require(renewal.workflow).form, { ...renewal.values, period: expiresOn });
  if (!application.ok) throw new KaifangError('DEMO_SEED', `The demo application does not fill its form: ${application.issues.map((i) => i.field).join(', ')}`);
  let granted = await happen(daysAgo(renewal.startedWorkingDaysAgo), () =>
    started(service.start(applicant, renewal.workflow, application.value, { datasetId: renewalDataset }, 'cli')),
  );
  // One step a day, each decided by the first person who owes it (the city's profile says which steps there are).
  let step = 0;
  while (granted.assignee || service.workflows.get(granted.workflow)?.awaitingApplicant?.includes(granted.state)) {
    step++;
    const record = granted;
    const moment = daysAgo(renewal.startedWorkingDaysAgo - 2 * step);
    granted = await happen(moment, async () => {
      const waiting = record.assignee;
      const by = waiting
        ? (waiting.userId ?? (await store.users.listByAgencyRole(waiting.agencyId, waiting.role))[0]?.id)
        : record.applicantId;
      if (!by) throw new KaifangError('DEMO_SEED', `Nobody at ${waiting!.agencyId} owes ${record.id}'s step.`);
      return decided(service, { userId: by, caseId: record.id, action: waiting ? 'approve' : 'accept', values: {}, channel: 'cli' });
    });
  }

  // 2. An objection nobody has handled: filed just long enough ago that the escalation ladder has climbed to its last
  //    rung today, so the live scheduler's first round tells the authority's supervisors once.
  const late = profile.reminders.escalation.reduce((sum, rung) => sum + rung.afterWorkingDays, 0);
  const reporter = await person(overdue.applicantId);
  const objection = parseForm(workflows.require(overdue.workflow).form, overdue.values);
  if (!objection.ok) throw new KaifangError('DEMO_SEED', `The demo objection does not fill its form: ${objection.issues.map((i) => i.field).join(', ')}`);
  const handlingDays = clockDays(profile, overdue.clock);
  await happen(daysAgo(handlingDays + Math.max(late, 1)), async () =>
    started(service.start(reporter, overdue.workflow, objection.value, { datasetId: await datasetId(overdue.datasetName) }, 'cli')),
  );
  // The rungs of the days before today went out on their days.
  await runSchedulerUntil(now);
  return { casesCreated: 2 };
}

async function started(result: ReturnType<CaseService['start']>): Promise<CaseRecord> {
  const r = await result;
  if (!r.ok) throw new KaifangError('DEMO_SEED', `A demo case could not start: ${r.error}`);
  return r.value;
}

async function decided(service: CaseService, request: Parameters<CaseService['decide']>[0]): Promise<CaseRecord> {
  const r = await service.decide(request);
  if (!r.ok) throw new KaifangError('DEMO_SEED', `${request.userId} could not ${request.action} ${request.caseId}: ${r.error}`);
  return r.value;
}
