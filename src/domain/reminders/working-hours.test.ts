import { describe, expect, it } from 'vitest';
import { defaultCalendar } from '../calendar/cn-statutory-holidays.ts';
import { isWithinWorkingHours, minutesOf, nextSendingTime, workingDaysBefore, type SendingWindow } from './working-hours.ts';

const window: SendingWindow = { calendar: defaultCalendar(), hours: { start: '09:00', end: '18:00' }, timeZone: 'Asia/Shanghai' };
const at = (s: string) => new Date(s);

describe('working hours on the official calendar (Asia/Shanghai, whatever the machine’s zone)', () => {
  it.each([
    ['2026-02-13T09:00:00+08:00', true, 'Friday before Spring Festival, the window opens'],
    ['2026-02-13T08:59:59+08:00', false, 'a second before opening'],
    ['2026-02-13T17:59:59+08:00', true, 'last second of the window'],
    ['2026-02-13T18:00:00+08:00', false, 'closing time is outside'],
    ['2026-02-14T10:00:00+08:00', true, 'make-up Saturday 2026-02-14 is a working day'],
    ['2026-02-16T10:00:00+08:00', false, 'Spring Festival holiday (Monday)'],
    ['2026-02-23T10:00:00+08:00', false, 'last day of the Spring Festival holiday (Monday)'],
    ['2026-02-24T09:00:00+08:00', true, 'first working day after Spring Festival'],
    ['2026-02-28T11:00:00+08:00', true, 'make-up Saturday 2026-02-28'],
    ['2026-03-01T11:00:00+08:00', false, 'an ordinary Sunday'],
    ['2026-09-20T11:00:00+08:00', true, 'make-up Sunday before National Day'],
    ['2026-10-05T11:00:00+08:00', false, 'National Day holiday (Monday)'],
    ['2026-10-10T11:00:00+08:00', true, 'make-up Saturday after National Day'],
    ['2026-10-08T01:00:00Z', true, 'a UTC instant that is 09:00 in Shanghai'],
  ])('%s → %s (%s)', (iso, expected) => {
    expect(isWithinWorkingHours(window, at(iso))).toBe(expected);
  });

  it.each([
    ['2026-02-13T12:00:00+08:00', '2026-02-13T12:00:00+08:00', 'inside a window: now'],
    ['2026-02-13T07:30:00+08:00', '2026-02-13T09:00:00+08:00', 'early morning: this morning'],
    ['2026-02-13T18:30:00+08:00', '2026-02-14T09:00:00+08:00', 'Friday evening: the make-up Saturday'],
    ['2026-02-14T20:00:00+08:00', '2026-02-24T09:00:00+08:00', 'over the whole Spring Festival holiday'],
    ['2026-09-30T23:59:00+08:00', '2026-10-08T09:00:00+08:00', 'over the whole National Day holiday'],
    ['2026-10-09T19:00:00+08:00', '2026-10-10T09:00:00+08:00', 'to the make-up Saturday after National Day'],
  ])('next sending time after %s is %s (%s)', (from, expected) => {
    expect(nextSendingTime(window, at(from)).toISOString()).toBe(at(expected).toISOString());
  });

  it('goes back over holidays and weekends, and counts make-up days', () => {
    expect(workingDaysBefore(window.calendar, '2026-02-24', 1)).toBe('2026-02-14');
    expect(workingDaysBefore(window.calendar, '2026-02-24', 2)).toBe('2026-02-13');
    expect(workingDaysBefore(window.calendar, '2026-10-08', 1)).toBe('2026-09-30');
    expect(workingDaysBefore(window.calendar, '2026-10-12', 1)).toBe('2026-10-10');
    expect(workingDaysBefore(window.calendar, '2026-10-12', 0)).toBe('2026-10-12');
    expect(() => workingDaysBefore(window.calendar, '2026-10-12', -1)).toThrow(RangeError);
  });

  it('reads HH:MM and refuses anything else', () => {
    expect(minutesOf('09:00')).toBe(540);
    expect(minutesOf('18:30')).toBe(1110);
    for (const bad of ['9:00', '24:00', '09:60', 'nine']) expect(() => minutesOf(bad)).toThrow(RangeError);
  });
});
