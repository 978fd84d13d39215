import { describe, expect, it } from 'vitest';
import { addDays, endOfLocalDay, isLocalDate, localDateOf, weekday } from './local-date.ts';

describe('isLocalDate', () => {
  it.each([
    ['2026-09-30', true],
    ['2024-02-29', true],
    ['2025-02-29', false],
    ['2026-02-30', false],
    ['2026-13-01', false],
    ['2026-00-10', false],
    ['2026-9-30', false],
    ['2026-09-30T00:00', false],
    [' 2026-09-30', false],
    ['abcd-ef-gh', false],
    ['', false],
  ])('%s → %s', (s, ok) => expect(isLocalDate(s)).toBe(ok));
});

describe('addDays and weekday', () => {
  it('walks across months, leap days and years', () => {
    expect(addDays('2024-02-28', 1)).toBe('2024-02-29');
    expect(addDays('2024-02-29', 1)).toBe('2024-03-01');
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
    expect(addDays('2026-01-01', -1)).toBe('2025-12-31');
    expect(addDays('2026-09-30', 365)).toBe('2027-09-30');
    expect(() => addDays('2026-02-30', 1)).toThrow(RangeError);
  });

  it('numbers weekdays from Sunday = 0', () => {
    expect(weekday('2026-09-30')).toBe(3);
    expect(weekday('2026-10-10')).toBe(6);
    expect(weekday('2026-10-11')).toBe(0);
    expect(weekday('1970-01-01')).toBe(4);
    expect(weekday('1969-12-28')).toBe(0);
  });
});

describe('localDateOf', () => {
  it('reads the date in the named zone, not the machine’s', () => {
    // The tests run with TZ=America/Los_Angeles (vitest.config.ts), where these instants are still on the day before.
    expect(localDateOf(new Date('2026-09-30T16:00:00.000Z'), 'Asia/Shanghai')).toBe('2026-10-01');
    expect(localDateOf(new Date('2026-09-30T15:59:59.999Z'), 'Asia/Shanghai')).toBe('2026-09-30');
    expect(localDateOf(new Date('2026-03-08T04:59:59.999Z'), 'America/New_York')).toBe('2026-03-07');
    expect(localDateOf(new Date('2026-03-08T05:00:00.000Z'), 'America/New_York')).toBe('2026-03-08');
    expect(localDateOf(new Date('2026-11-01T04:30:00.000Z'), 'America/New_York')).toBe('2026-11-01');
  });

  it('rejects an invalid Date and an unknown zone', () => {
    expect(() => localDateOf(new Date('nope'), 'Asia/Shanghai')).toThrow(RangeError);
    expect(() => localDateOf(new Date(0), 'Mars/Olympus_Mons')).toThrow(RangeError);
  });
});

describe('endOfLocalDay', () => {
  it.each([
    ['2026-10-13', 'Asia/Shanghai', '2026-10-13T15:59:59.999Z'],
    ['2026-12-31', 'Asia/Shanghai', '2026-12-31T15:59:59.999Z'],
    ['2026-03-07', 'America/New_York', '2026-03-08T04:59:59.999Z'], // EST
    ['2026-03-08', 'America/New_York', '2026-03-09T03:59:59.999Z'], // the 23-hour day: EDT from 02:00
    ['2026-10-31', 'America/New_York', '2026-11-01T03:59:59.999Z'],
    ['2026-11-01', 'America/New_York', '2026-11-02T04:59:59.999Z'], // the 25-hour day
    ['2026-07-01', 'UTC', '2026-07-01T23:59:59.999Z'],
    ['2026-07-01', 'Asia/Kolkata', '2026-07-01T18:29:59.999Z'],
    ['2026-07-01', 'Pacific/Kiritimati', '2026-07-01T09:59:59.999Z'], // UTC+14,
  ])('%s in %s ends at %s', (date, zone, iso) => {
    expect(endOfLocalDay(date, zone).toISOString()).toBe(iso);
  });

  it('handles clocks that jump at midnight (America/Santiago)', () => {
    // 2026-09-06 00:00 does not exist (DST starts, 00:00 → 01:00); on 2026-04-05 00:00 the clocks go back to 23:00.
    expect(endOfLocalDay('2026-09-05', 'America/Santiago').toISOString()).toBe('2026-09-06T03:59:59.999Z');
    expect(endOfLocalDay('2026-04-04', 'America/Santiago').toISOString()).toBe('2026-04-05T03:59:59.999Z');
    for (const date of ['2026-09-05', '2026-09-06', '2026-04-04', '2026-04-05']) {
      const end = endOfLocalDay(date, 'America/Santiago');
      expect(localDateOf(end, 'America/Santiago')).toBe(date);
      expect(localDateOf(new Date(end.getTime() + 1), 'America/Santiago')).toBe(addDays(date, 1));
    }
  });

  it('is the last millisecond of the day in every zone tried, all year', () => {
    for (const zone of ['Asia/Shanghai', 'America/New_York', 'Europe/London', 'Australia/Lord_Howe', 'America/Havana']) {
      for (let date = '2026-01-01'; date <= '2026-12-31'; date = addDays(date, 5)) {
        const end = endOfLocalDay(date, zone);
        expect(localDateOf(end, zone), `${zone} ${date}`).toBe(date);
        expect(localDateOf(new Date(end.getTime() + 1), zone), `${zone} ${date}`).toBe(addDays(date, 1));
      }
    }
  });
});
