// `--at` for the operator commands: an instant written either as ISO 8601 with its offset (2026-02-24T09:00:00+08:00,
// exact wherever the command runs) or as a local wall-clock time (2026-02-24 09:00) read in the platform's time zone,
// the way an operator thinks of "9 o'clock on the 24th".
import { instantAt, isLocalDate } from '../domain/calendar/local-date.ts';

/** Years the working-day calendar answers for (its statutory fallback covers 1900–2199), with room either side. */
export const INSTANT_YEARS = { first: 1901, last: 2198 } as const;

const WITH_OFFSET = /^(\d{4}-\d{2}-\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,3}))?)?(Z|[+-]\d{2}(?::?\d{2})?)$/;
const LOCAL = /^(\d{4}-\d{2}-\d{2})[ T](\d{2}):(\d{2})(?::(\d{2}))?$/;

function validTime(hour: string, minute: string, second: string | undefined): boolean {
  return Number(hour) <= 23 && Number(minute) <= 59 && (second === undefined || Number(second) <= 59);
}

function inRange(date: string): boolean {
  const year = Number(date.slice(0, 4));
  return year >= INSTANT_YEARS.first && year <= INSTANT_YEARS.last;
}

/** The instant `text` names, or null when it is neither form (or names a day or time that does not exist). */
export function parseInstant(text: string, timeZone: string): Date | null {
  const iso = WITH_OFFSET.exec(text.trim());
  if (iso) {
    const [, date, hour, minute, second, fraction, offset] = iso as unknown as [string, string, string, string, string | undefined, string | undefined, string];
    if (!isLocalDate(date) || !inRange(date) || !validTime(hour, minute, second)) return null;
    let zone = offset;
    if (zone !== 'Z') {
      const digits = zone.slice(1).replace(':', '').padEnd(4, '0');
      if (Number(digits.slice(0, 2)) > 14 || Number(digits.slice(2)) > 59) return null;
      zone = `${zone[0]}${digits.slice(0, 2)}:${digits.slice(2)}`;
    }
    const at = new Date(`${date}T${hour}:${minute}:${second ?? '00'}.${(fraction ?? '0').padEnd(3, '0')}${zone}`);
    return Number.isNaN(at.getTime()) ? null : at;
  }
  const local = LOCAL.exec(text.trim());
  if (local) {
    const [, date, hour, minute, second] = local as unknown as [string, string, string, string, string | undefined];
    if (!isLocalDate(date) || !inRange(date) || !validTime(hour, minute, second)) return null;
    return new Date(instantAt(date, Number(hour) * 60 + Number(minute), timeZone).getTime() + Number(second ?? 0) * 1000);
  }
  return null;
}

const HH_MM = /^\d{2}:\d{2}(?::\d{2})?$/;

/**
 * `--at` as a command takes it: `--at 2026-02-24 09:00` without quotes arrives split by the shell, so a time right
 * after a date is taken back from the positional words. `at`: null when `--at` was not given; `bad`: the text given
 * when it is no instant, else null.
 */
export function atOption(
  atText: string | undefined,
  positional: readonly string[],
  timeZone: string,
): { at: Date | null; bad: string | null; rest: string[] } {
  const rest = [...positional];
  let text = atText;
  if (text !== undefined && isLocalDate(text) && rest.length > 0 && HH_MM.test(rest[0]!)) text = `${text} ${rest.shift()}`;
  const at = text === undefined ? null : parseInstant(text, timeZone);
  return { at, bad: text !== undefined && at === null ? text : null, rest };
}
