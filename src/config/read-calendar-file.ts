import { readFileSync } from 'node:fs';
import { KaifangError } from '../domain/errors.ts';
import type { HolidayNotice } from '../domain/calendar/holiday-notice.ts';
import { parseCalendarFile } from '../domain/calendar/parse-calendar-file.ts';

/** Reads the operator's holiday file (KAIFANG_CALENDAR_FILE); a bad line stops the start naming the file and line. */
export function readCalendarFile(path: string): HolidayNotice[] {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (cause) {
    throw new KaifangError('CONFIG_INVALID', `KAIFANG_CALENDAR_FILE: cannot read ${path}`, { cause });
  }
  const parsed = parseCalendarFile(text);
  if (!parsed.ok) throw new KaifangError('CONFIG_INVALID', `KAIFANG_CALENDAR_FILE: ${path} line ${parsed.line}: ${parsed.message}`);
  return parsed.notices;
}
