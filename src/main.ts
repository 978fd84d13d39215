// Composition root: the only place that picks implementations for the ports.
import type { Config } from './config/load-config.ts';
import { readCalendarFile } from './config/read-calendar-file.ts';
import { profileWithFile } from './config/read-profile-file.ts';
import type { WorkingCalendar } from './domain/calendar/working-calendar.ts';
import { getProfile } from './domain/policy/profiles.ts';
import { KaifangError } from './domain/errors.ts';
import type { PolicyProfile } from './domain/policy/policy-profile.ts';
import { loadTranslator } from './i18n/load-locales.ts';
import { createCaseService } from './application/case-service.ts';
import { createCaseQueries } from './application/case-queries.ts';
import { createCommandHandler } from './application/commands/command-handler.ts';
import type { Clock, Store } from './application/ports/store.ts';
import { createTaskService } from './application/task-service.ts';
import { createStatisticsService } from './application/evaluation/statistics-service.ts';
import { createWeeklyReportSender } from './application/evaluation/weekly-report-sender.ts';
import { createReportPictures } from './application/evaluation/report-pictures.ts';
import { createIdentityService } from './application/identity-service.ts';
import { createReminderTick, sendingWindow } from './application/reminders/reminder-tick.ts';
import { createDutyOpener } from './application/duties/duty-opener.ts';
import { DUTIES } from './domain/duties/duties.ts';
import { createOutboxDispatcher, type DispatchPolicy, type MessageSender } from './application/reminders/outbox-dispatcher.ts';
import { recomputeDeadlines, recomputeIfCalendarChanged, type RecomputeDeps } from './application/reminders/recompute-deadlines.ts';
import { createPrismaStore } from './adapters/prisma/create-prisma-store.ts';
import { WORKFLOWS, type WorkflowRegistry } from './domain/workflows/registry.ts';
import { missingClocks } from './domain/workflows/policy-values.ts';
import { createVocabulary } from './application/commands/vocabulary.ts';
import { createCaseChanges } from './application/chat/case-changes.ts';
import { createChatCore } from './application/chat/chat-core.ts';
import { calendarInForce, type CalendarSources } from './application/calendar/calendar-in-force.ts';
import { createImportedNotices } from './application/calendar/imported-notices.ts';
import { createProvisionalYearReminder } from './application/reminders/provisional-year-reminder.ts';

export const systemClock: Clock = { now: () => new Date() };

export function fixedClock(at: Date): Clock {
  return { now: () => new Date(at.getTime()) };
}

export interface AppOverrides {
  store?: Store;
  clock?: Clock;
  /** The workflows to run (default: the built-in registry); a test registers a fixture workflow here. */
  workflows?: WorkflowRegistry;
  /** The city profile (default: KAIFANG_PROFILE's); a fixture workflow's clocks come with it. */
  profile?: PolicyProfile;
  /** Folders of more strings (`<dir>/<lang>/*.json`), e.g. a fixture workflow's. */
  localeDirs?: readonly string[];
  /** Where failures of background listeners are logged. */
  log?: (line: string) => void;
}

export async function openApp(config: Config, overrides: AppOverrides = {}) {
  // A bad line in the override file stops the start before the database is opened.
  const fileNotices = config.calendarFile ? readCalendarFile(config.calendarFile) : [];
  const city = overrides.profile ?? getProfile(config.profileId);
  if (!city) throw new KaifangError('CONFIG_INVALID', `KAIFANG_PROFILE: unknown profile "${config.profileId}"`);
  const workflows = overrides.workflows ?? WORKFLOWS;
  const profile = profileWithFile(city, config.profileFile, workflows);
  // Every message speaks of this city: its platform's name and the articles its refusals cite come from the profile.
  const translator = loadTranslator(undefined, overrides.localeDirs ?? []).withTerms(profile.terms);
  // The type of the city profiles holds every built-in clock; another registry is checked here, before anyone waits.
  const missing = missingClocks(profile, workflows.clockKeys);
  if (missing.length > 0)
    throw new KaifangError('PROFILE_CLOCK_MISSING', `Policy profile "${profile.id}" has no clock ${missing.join(', ')}: add it in src/domain/policy/profiles.ts.`);
  const log = overrides.log ?? ((line: string) => process.stderr.write(`${line}\n`));
  // The audit key and head come with the SQLite file (beside it unless configured); the memory store keeps its own.
  const store =
    overrides.store ??
    (await createPrismaStore({ url: config.databaseUrl, workflowIds: workflows.ids, auditKey: config.auditKey, auditHeadFile: config.auditHeadFile, log }));
  const clock = overrides.clock ?? (config.fixedNow ? fixedClock(config.fixedNow) : systemClock);
  const importedNotices = createImportedNotices(store.settings);
  let imported: CalendarSources['imported'];
  try {
    imported = await importedNotices.list();
  } catch (e) {
    // A stored notice that fails its check (STORE_CORRUPT) stops the start; the store this call opened closes again.
    if (!overrides.store) await store.close();
    throw e;
  }
  const calendarSources: CalendarSources = { imported, file: fileNotices };
  const calendar = calendarInForce(calendarSources);
  const changes = createCaseChanges(log);
  const vocabulary = createVocabulary(translator);
  const service = createCaseService({ store, workflows, calendar, profile, timeZone: config.timeZone, clock, changes });
  const queries = createCaseQueries(store, workflows);
  const tasks = createTaskService({ store, service, calendar, timeZone: config.timeZone });
  const statistics = createStatisticsService({ store, workflows, calendar, timeZone: config.timeZone });
  const identities = createIdentityService({ store, log: overrides.log ?? ((line) => process.stderr.write(`${line}\n`)) });
  const handler = createCommandHandler({
    store,
    service,
    queries,
    tasks,
    statistics,
    translator,
    calendar,
    profile,
    timeZone: config.timeZone,
    vocabulary,
    formExpiryHours: config.formExpiryHours,
  });
  /** What every chat platform does alike (linking, forms, buttons, home, old copies). */
  const chat = createChatCore({
    store,
    handler,
    service,
    tasks,
    queries,
    identities,
    translator,
    vocabulary,
    calendar,
    timeZone: config.timeZone,
    defaultLocale: config.defaultLocale,
    now: () => clock.now(),
  });
  const tick = createReminderTick({ store, calendar, profile, timeZone: config.timeZone, translator, auditDigest: config.auditDigest });
  const recomputeOn = (cal: WorkingCalendar): RecomputeDeps =>
    cal === calendar
      ? { store, calendar, profile, window: tick.window, timeZone: config.timeZone }
      : { store, calendar: cal, profile, window: sendingWindow({ calendar: cal, profile, timeZone: config.timeZone }), timeZone: config.timeZone };
  // The platform's own cases (W13 freshness, W2R re-assessment): opened once each when due, by a chore of every scheduler round.
  const duties = createDutyOpener({ store, service, duties: DUTIES.filter((d) => workflows.get(d.workflow)), profile, translator, timeZone: config.timeZone, locale: config.defaultLocale });
  const weeklyReport = createWeeklyReportSender({
    store,
    statistics,
    calendar,
    window: tick.window,
    timeZone: config.timeZone,
    translator,
    at: profile.reminders.weeklyReportAt,
  });
  // The charting libraries and the font load with the first picture drawn.
  const pictures = createReportPictures({
    renderer: async () => (await import('./adapters/chart/weekly-chart-renderer.ts')).createWeeklyChartRenderer(),
    translator,
  });
  const provisionalYearReminder = createProvisionalYearReminder({ store, calendar, window: tick.window, timeZone: config.timeZone });
  return {
    config,
    translator,
    calendar,
    /** Where the calendar's notices came from, besides the built-in ones: imported, and KAIFANG_CALENDAR_FILE's. */
    calendarSources,
    /** The notices `calendar import --apply` stored, one setting per year. */
    importedNotices,
    profile,
    workflows,
    store,
    clock,
    /** After each commit: which case changed (the chats edit what they posted about it). */
    changes,
    vocabulary,
    service,
    queries,
    tasks,
    /** 统计: the evaluation's figures from the audit trail (stats, the weekly report). */
    statistics,
    /** Chat accounts linked to users: invite codes, linking, who is writing. */
    identities,
    handler,
    chat,
    tick,
    /** The duties the platform opens by itself when they fall due. */
    duties,
    /** A delivery loop for one chat platform's sender. */
    dispatcher: (sender: MessageSender, policy: Partial<DispatchPolicy> = {}) =>
      createOutboxDispatcher({ store, window: tick.window, sender, policy: { maxAttempts: config.outboxMaxAttempts, ...policy } }),
    /**
     * Counts open deadlines again on the calendar in force, or on `calendar`: the one that will be in force once a
     * notice being imported is stored.
     */
    recomputeDeadlines: (options: { dryRun?: boolean; calendar?: WorkingCalendar } = {}) =>
      recomputeDeadlines(recomputeOn(options.calendar ?? calendar), clock.now(), options),
    /** At start-up: recompute when the holiday data changed since the deadlines were computed. */
    recomputeIfCalendarChanged: () => recomputeIfCalendarChanged(recomputeOn(calendar), clock.now()),
    /** Each week's first working day at the profile's hour: the week before's figures to supervisors and the authority. */
    weeklyReport,
    /** The picture a message carries (the weekly report's chart). */
    pictures,
    /** Weekly, from 1 November: tells the operators that deadlines into a year without a notice are provisional. */
    provisionalYearReminder,
    close: () => store.close(),
  };
}

export type App = Awaited<ReturnType<typeof openApp>>;
