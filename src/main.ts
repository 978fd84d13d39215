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
import { createPrismaStore } from './adapters/prisma/create-prisma-store.ts';

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
  const handler = createCommandHandler({ store, service, queries, translator, calendar, profile, timeZone: config.timeZone });
  return { config, translator, calendar, profile, store, clock, service, queries, handler, close: () => store.close() };
}

export type App = Awaited<ReturnType<typeof openApp>>;
