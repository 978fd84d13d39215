// Composition root: the only place that picks implementations for the ports.
import type { Config } from './config/load-config.ts';
import { readCalendarFile } from './config/read-calendar-file.ts';
import { defaultCalendar } from './domain/calendar/cn-statutory-holidays.ts';
import { getProfile } from './domain/policy/profiles.ts';
import { KaifangError } from './domain/errors.ts';
import { loadTranslator } from './i18n/load-locales.ts';
import { createCaseService } from './application/case-service.ts';
import { createCaseQueries } from './application/case-queries.ts';
import { createCommandHandler } from './application/commands/command-handler.ts';
import type { Clock, Store } from './application/ports.ts';
import { createTaskService } from './application/task-service.ts';
import { createIdentityService } from './application/identity-service.ts';
import { createReminderTick } from './application/reminders/reminder-tick.ts';
import { createOutboxDispatcher, type DispatchPolicy, type MessageSender } from './application/reminders/outbox-dispatcher.ts';
import { recomputeDeadlines, recomputeIfCalendarChanged, type RecomputeDeps } from './application/reminders/recompute-deadlines.ts';
import { createPrismaStore } from './adapters/prisma/create-prisma-store.ts';
import type { ConsoleDeps } from './adapters/console/console-chat.ts';

export const systemClock: Clock = { now: () => new Date() };

export function fixedClock(at: Date): Clock {
  return { now: () => new Date(at.getTime()) };
}

export async function openApp(config: Config, overrides: { store?: Store; clock?: Clock } = {}) {
  const translator = loadTranslator();
  const calendar = defaultCalendar(config.calendarFile ? readCalendarFile(config.calendarFile) : []);
  const profile = getProfile(config.profileId);
  if (!profile) throw new KaifangError('CONFIG_INVALID', `KAIFANG_PROFILE: unknown profile "${config.profileId}"`);
  const store = overrides.store ?? (await createPrismaStore({ url: config.databaseUrl }));
  const clock = overrides.clock ?? (config.fixedNow ? fixedClock(config.fixedNow) : systemClock);
  const service = createCaseService({ store, calendar, profile, timeZone: config.timeZone, clock });
  const queries = createCaseQueries(store);
  const tasks = createTaskService({ store, service, calendar, timeZone: config.timeZone });
  const identities = createIdentityService({ store });
  const handler = createCommandHandler({ store, service, queries, tasks, translator, calendar, profile, timeZone: config.timeZone });
  const tick = createReminderTick({ store, calendar, profile, timeZone: config.timeZone, translator });
  const recomputeDeps: RecomputeDeps = { store, calendar, profile, window: tick.window, timeZone: config.timeZone };
  return {
    config,
    translator,
    calendar,
    profile,
    store,
    clock,
    service,
    queries,
    tasks,
    /** Chat accounts linked to users: invite codes, linking, who is writing (issue 4 §6). */
    identities,
    handler,
    tick,
    /** A delivery loop for one chat platform's sender. */
    dispatcher: (sender: MessageSender, policy: Partial<DispatchPolicy> = {}) =>
      createOutboxDispatcher({ store, window: tick.window, sender, policy: { maxAttempts: config.outboxMaxAttempts, ...policy } }),
    /** Counts open deadlines again on the calendar in force (issue 3 §5). */
    recomputeDeadlines: (options: { dryRun?: boolean } = {}) => recomputeDeadlines(recomputeDeps, clock.now(), options),
    /** At start-up: recompute when the holiday data changed since the deadlines were computed. */
    recomputeIfCalendarChanged: () => recomputeIfCalendarChanged(recomputeDeps, clock.now()),
    close: () => store.close(),
  };
}

export type App = Awaited<ReturnType<typeof openApp>>;

/** What the console chat needs from an app; `log` and the rest vary by caller (CLI, tests). */
export function consoleDeps(app: App, options: Pick<ConsoleDeps, 'log' | 'locale'> & Partial<Pick<ConsoleDeps, 'backgroundTickSeconds'>>): ConsoleDeps {
  return {
    handler: app.handler,
    store: app.store,
    translator: app.translator,
    now: () => app.clock.now(),
    timeZone: app.config.timeZone,
    tick: app.tick,
    dispatcher: (sender) => app.dispatcher(sender),
    ...options,
  };
}
