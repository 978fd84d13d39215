import { describe, expect, it } from 'vitest';
import { atOption, parseInstant } from './parse-instant.ts';

const SHANGHAI = 'Asia/Shanghai';

describe('parseInstant', () => {
  it.each([
    ['2026-02-24T09:00:00+08:00', '2026-02-24T01:00:00.000Z'],
    ['2026-02-24T09:00+08:00', '2026-02-24T01:00:00.000Z'],
    ['2026-02-24T09:00:00.5+0800', '2026-02-24T01:00:00.500Z'],
    ['2026-02-24T01:00:00Z', '2026-02-24T01:00:00.000Z'],
    ['2026-02-24T09:00:00-05:00', '2026-02-24T14:00:00.000Z'],
  ])('reads ISO 8601 with an offset wherever it runs: %s', (text, iso) => {
    expect(parseInstant(text, 'America/Los_Angeles')?.toISOString()).toBe(iso);
  });

  it.each([
    ['2026-02-24 09:00', '2026-02-24T01:00:00.000Z'],
    ['2026-02-24T09:00', '2026-02-24T01:00:00.000Z'],
    ['2026-02-24 09:00:30', '2026-02-24T01:00:30.000Z'],
    [' 2026-02-24 23:59 ', '2026-02-24T15:59:00.000Z'],
  ])('reads a local time in the platform’s zone: %s', (text, iso) => {
    expect(parseInstant(text, SHANGHAI)?.toISOString()).toBe(iso);
  });

  it('reads a local time in whatever zone is configured, DST included', () => {
    expect(parseInstant('2026-07-01 09:00', 'America/New_York')?.toISOString()).toBe('2026-07-01T13:00:00.000Z');
  });

  it.each([
    'tomorrow',
    '2026-02-24',
    '09:00',
    '2026-02-30 09:00',
    '2026-13-01 09:00',
    '2026-02-24 24:00',
    '2026-02-24 09:60',
    '2026-02-24T09:00+25:00',
    '2026-02-24T09:00:00+08:00:00',
    '2026/02/24 09:00',
    '1800-01-01 09:00',
    '2300-01-01 09:00',
  ])('refuses %j', (text) => {
    expect(parseInstant(text, SHANGHAI)).toBeNull();
  });
});

describe('atOption', () => {
  it('takes back a time the shell split from its date, and says which text is no instant', () => {
    expect(atOption('2026-02-24', ['09:00'], 'Asia/Shanghai')).toEqual({ at: new Date('2026-02-24T01:00:00Z'), bad: null, rest: [] });
    expect(atOption(undefined, ['extra'], 'Asia/Shanghai')).toEqual({ at: null, bad: null, rest: ['extra'] });
    expect(atOption('tomorrow', [], 'Asia/Shanghai')).toEqual({ at: null, bad: 'tomorrow', rest: [] });
  });
});
