import type { HolidayNotice } from '../domain/calendar/holiday-notice.ts';
import { parseCalendarFile } from '../domain/calendar/parse-calendar-file.ts';
import { readConfigFile } from './read-config-file.ts';

/** Reads the operator's holiday file (KAIFANG_CALENDAR_FILE); a bad line stops the start naming the file and line. */
export function readCalendarFile(path: string): HolidayNotice[] {
  return readConfigFile('KAIFANG_CALENDAR_FILE', path, (text) => {
    const parsed = parseCalendarFile(text);
    return parsed.ok ? { ok: true, value: parsed.notices } : parsed;
  });
}
