// The holiday calendar every deadline is counted on, from its three sources. A later source replaces an earlier one's
// notice for the same year whole:
//   1. the notices built into the release (official-notices.ts);
//   2. the notices imported from the State Council's text (`kaifang calendar import <file> --apply`): next year's
//      arrangement the day it is published, or a correction of a built-in year, without waiting for a release;
//   3. KAIFANG_CALENDAR_FILE, the operator's hand-written override: last, because it is the one deliberate local
//      decision (a city's own day off, a correction the notice's text cannot express), and because it is part of the
//      deployment's configuration, which a row in the database must not silently overrule. `calendar import` warns when
//      the file holds the year it imports.
// Years none of them covers fall back to weekends and the statutory holidays, provisionally.
import type { HolidayNotice } from '../../domain/calendar/holiday-notice.ts';
import { defaultCalendar } from '../../domain/calendar/cn-statutory-holidays.ts';
import type { WorkingCalendar } from '../../domain/calendar/working-calendar.ts';
import type { ImportedNotice } from './imported-notices.ts';

export interface CalendarSources {
  imported: readonly ImportedNotice[];
  /** KAIFANG_CALENDAR_FILE's notices, none when it is not set. */
  file: readonly HolidayNotice[];
}

export function calendarInForce(sources: CalendarSources): WorkingCalendar {
  return defaultCalendar([...sources.imported.map((i) => i.notice), ...sources.file]);
}
