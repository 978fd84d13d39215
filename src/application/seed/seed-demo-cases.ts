// The demo's cases: a few months of platform life played through the real services on a clock set in the past, so a
// newcomer finds a grant to renew whose usage report is due soon, a task already overdue, a listed result and a public
// data demand, each with its genuine history, deadlines, agreement, reminders and audit chain. Run after seedDemo (it
// needs the demo's people and datasets).
import { KaifangError } from '../../domain/errors.ts';
import type { Dataset, Locale, LocalDate, User } from '../../domain/model.ts';
import type { PolicyProfile } from '../../domain/policy/policy-profile.ts';
import type { WorkflowRegistry } from '../../domain/workflows/registry.ts';
import { addDays, addMonths, instantAt, localDateOf } from '../../domain/calendar/local-date.ts';
import { addWorkingDays, type WorkingCalendar } from '../../domain/calendar/working-calendar.ts';
import { isWorkingDay, nextSendingTime, windowOpensOn, workingDaysBefore } from '../../domain/reminders/working-hours.ts';
import { DUTIES } from '../../domain/duties/duties.ts';
import { REPORT_PERIOD } from '../../domain/duties/usage-report-duty.ts';
import { clockDays, limitOf } from '../../domain/workflows/policy-values.ts';
import { parseForm } from '../../domain/forms/form.ts';
import type { Translator } from '../../i18n/translator.ts';
import { createCaseService, type CaseService } from '../case-service.ts';
import { createDutyOpener } from '../duties/duty-opener.ts';
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
  /** The platform user's language (KAIFANG_LOCALE), for the cases it opens by itself. */
  locale: Locale;
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

  /** A working morning: `date` (a working day) `MORNING` minutes after the window opens. */
  const morningOf = (date: LocalDate, extraMinutes = 0): Date => new Date(windowOpensOn(tick.window, date).getTime() + (MORNING + extraMinutes) * 60_000);
  /** A working morning `days` working days before today. */
  const daysAgo = (days: number): Date => morningOf(workingDaysBefore(calendar, today, days));
  const lastWorkingDayOnOrBefore = (date: LocalDate): LocalDate => (isWorkingDay(calendar, date) ? date : workingDaysBefore(calendar, date, 1));

  // The platform's own cases (W10's usage reports here) open at the start of the day they fall due, as the live
  // scheduler's first round that day opens them; from the first story's day on.
  const duties = createDutyOpener({
    store,
    service,
    duties: DUTIES.filter((d) => workflows.get(d.workflow)),
    profile,
    translator: deps.translator,
    timeZone,
    locale: deps.locale,
  });
  let dutiesOpenedThrough: LocalDate = today;

  /**
   * The scheduler's rounds up to `until` (never today's): each day's duties at its start and each due rung at its own
   * moment, in the order they fall, then delivered.
   */
  async function runSchedulerUntil(until: Date): Promise<void> {
    const limit = until < startOfToday ? until : new Date(startOfToday.getTime() - 1);
    for (;;) {
      const [next] = await store.schedule.listDue(limit, 1);
      const day = addDays(dutiesOpenedThrough, 1);
      const dayStarts = instantAt(day, 0, timeZone);
      if (day < today && dayStarts <= limit && (!next || dayStarts <= next.dueAt)) {
        at = dayStarts;
        await duties.open(dayStarts);
        dutiesOpenedThrough = day;
        // What a duty sends waits for the day's window, as any message.
        const window = nextSendingTime(tick.window, dayStarts);
        if (window <= limit) await dispatcher.dispatch(window);
        continue;
      }
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
  const datasetNamed = async (name: string): Promise<Dataset> => {
    const found = (await store.datasets.search()).find((d) => d.name === name);
    if (!found) throw new KaifangError('DEMO_SEED', `The demo dataset "${name}" is missing: run seedDemo first.`);
    return found;
  };
  const datasetId = async (name: string): Promise<string> => (await datasetNamed(name)).id;

  const { renewal, overdue, result, demand } = DEMO_STORIES;

  // 1. A conditional application that went all the way: submitted, each review passed by a person who owed it,
  //    the agreement accepted. Its usage period ends DEMO_GRANT_DAYS_LEFT days from today, inside the renewal window;
  //    it was granted early enough that its first usage report (W10) fell due a few working days ago.
  const expiresOn: LocalDate = addDays(today, DEMO_GRANT_DAYS_LEFT);
  const applicant = await person(renewal.applicantId);
  const renewalDataset = await datasetId(renewal.datasetName);
  const application = parseForm(workflows.require(renewal.workflow).form, { ...renewal.values, period: expiresOn });
  if (!application.ok) throw new KaifangError('DEMO_SEED', `The demo application does not fill its form: ${application.issues.map((i) => i.field).join(', ')}`);
  const reportDue = workingDaysBefore(calendar, today, renewal.reportDueWorkingDaysAgo);
  const grantBy = lastWorkingDayOnOrBefore(addMonths(reportDue, -limitOf(profile, REPORT_PERIOD)));
  const submittedOn = workingDaysBefore(calendar, grantBy, 2 * renewal.mostSteps);
  dutiesOpenedThrough = submittedOn;
  let granted = await happen(morningOf(submittedOn), () =>
    started(service.start(applicant, renewal.workflow, application.value, { datasetId: renewalDataset }, 'cli')),
  );
  // One step every other working day, each decided by the first person who owes it (the city's profile says which
  // steps there are).
  let step = 0;
  while (granted.assignee || service.workflows.get(granted.workflow)?.awaitingApplicant?.includes(granted.state)) {
    step++;
    const record = granted;
    granted = await happen(morningOf(addWorkingDays(calendar, submittedOn, 2 * step).dueOn), async () => {
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

  // 3. (The scheduler opens the grant's usage report on the day it falls due, on its way to the next story.)
  //    A product built on open data, submitted and listed by the authority the next working day.
  const submitter = await person(result.applicantId);
  const sources = await Promise.all(result.sourceNames.map(async (name) => (await datasetNamed(name)).code));
  const submittedAt = daysAgo(result.submittedWorkingDaysAgo);
  const product = parseForm(workflows.require(result.workflow).form, {
    ...result.values,
    sources: sources.join(','),
    obtained: addDays(localDateOf(submittedAt, timeZone), -result.obtainedDaysBefore),
  });
  if (!product.ok) throw new KaifangError('DEMO_SEED', `The demo result does not fill its form: ${product.issues.map((i) => i.field).join(', ')}`);
  const submitted = await happen(submittedAt, () => started(service.start(submitter, result.workflow, product.value, null, 'cli')));
  await happen(daysAgo(result.submittedWorkingDaysAgo - 1), () =>
    decided(service, { userId: result.reviewerId, caseId: submitted.id, action: 'approve', values: {}, channel: 'cli' }),
  );

  // 4. A demand for data the catalog lacks, waiting on its first step.
  const requester = await person(demand.applicantId);
  const asked = parseForm(workflows.require(demand.workflow).form, demand.values);
  if (!asked.ok) throw new KaifangError('DEMO_SEED', `The demo demand does not fill its form: ${asked.issues.map((i) => i.field).join(', ')}`);
  await happen(daysAgo(demand.submittedWorkingDaysAgo), () => started(service.start(requester, demand.workflow, asked.value, null, 'cli')));

  // The rungs and duties of the days before today went out on their days.
  await runSchedulerUntil(now);
  return { casesCreated: (await store.cases.list()).length };
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
