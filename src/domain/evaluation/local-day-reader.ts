import { localDateOf } from '../calendar/local-date.ts';
import type { LocalDate } from '../model.ts';

/** Every zone's offset is a whole number of quarter hours, so all instants of one quarter hour fall on one local day. */
const QUARTER_HOUR_MS = 15 * 60_000;

/**
 * `localDateOf` for many instants: the evaluation reads the day of hundreds of thousands of audit entries, and the
 * zone conversion (Intl) is the slow part, so each quarter hour is converted once.
 */
export function localDayReader(timeZone: string): (at: Date) => LocalDate {
  const days = new Map<number, LocalDate>();
  return (at) => {
    const bucket = Math.floor(at.getTime() / QUARTER_HOUR_MS);
    let day = days.get(bucket);
    if (day === undefined) days.set(bucket, (day = localDateOf(new Date(bucket * QUARTER_HOUR_MS), timeZone)));
    return day;
  };
}
