import { describe, expect, it } from 'vitest';
import { createCalendar } from '../calendar/working-calendar.ts';
import { caseHandling, type TrailEntry } from './case-handling.ts';
import { handlingStatistics, percentile } from './handling-statistics.ts';
import { isoWeekOf, isoWeekStart, parseStatsPeriod } from './stats-period.ts';
import { localDayReader } from './local-day-reader.ts';

const calendar = createCalendar({ notices: [] });
const dayOf = localDayReader('Asia/Shanghai');
const at = (date: string, time = '10:00') => new Date(`${date}T${time}:00+08:00`);
const entry = (date: string, action: string, detail: TrailEntry['detail']): TrailEntry => ({ at: at(date), action, detail });

describe('percentile (Excel PERCENTILE.INC)', () => {
  it.each([
    [[], 0.5, null],
    [[7], 0.9, 7],
    [[2, 4], 0.5, 3],
    [[0, 0, 1, 3], 0.9, 2.4],
    [[1, 2, 2, 14], 0.5, 2],
  ])('%j at %d is %d', (values, p, expected) => {
    const got = percentile(values, p);
    if (expected === null) expect(got).toBeNull();
    else expect(got).toBeCloseTo(expected, 9);
  });
});

describe('one case’s handling from its entries', () => {
  it('holds a task from the entry that gave it to the one that ended it; a deadline moved by the calendar counts', () => {
    const h = caseHandling(
      [
        entry('2026-11-02', 'W5.submit', { state: 'formal_review', version: 1, dueOn: '2026-11-09', taskAgency: 'bdb', taskRole: 'reviewer' }),
        entry('2026-11-05', 'calendar.deadline_moved', { from: '2026-11-09', to: '2026-11-04' }),
        entry('2026-11-05', 'reminder.escalation', { level: 1 }),
        entry('2026-11-05', 'W5.return_formal', { state: 'returned', version: 2 }),
        entry('2026-11-09', 'W5.resubmit', { state: 'formal_review', version: 3, dueOn: '2026-11-16', taskAgency: 'bdb', taskRole: 'reviewer' }),
        entry('2026-11-10', 'W5.approve_formal', { state: 'provider_review', version: 4, dueOn: '2026-11-24', taskAgency: 'transport', taskRole: 'reviewer' }),
        entry('2026-11-10', 'W5.approve_provider', { state: 'awaiting_acceptance', version: 5, taskAgency: 'transport', taskRole: 'applicant' }),
        entry('2026-11-13', 'W5.accept', { state: 'approved', version: 6 }),
      ],
      ['approved', 'rejected'],
      dayOf,
      calendar,
    );
    expect(h).toEqual({
      closedOn: '2026-11-13',
      tasks: [
        { agencyId: 'bdb', from: '2026-11-02', to: '2026-11-05', dueOn: '2026-11-04', late: true, workingDays: 3 },
        { agencyId: 'bdb', from: '2026-11-09', to: '2026-11-10', dueOn: '2026-11-16', late: false, workingDays: 1 },
        { agencyId: 'transport', from: '2026-11-10', to: '2026-11-10', dueOn: '2026-11-24', late: false, workingDays: 0 },
      ],
      returns: [{ agencyId: 'bdb', on: '2026-11-05' }],
      escalations: [{ agencyId: 'bdb', on: '2026-11-05' }],
      open: null,
    });
    const stats = handlingStatistics([{ workflow: 'W5', handling: h }], [{ workflow: 'W5', agencyId: 'transport' }], { from: '2026-11-01', to: '2026-11-30', by: 'agency', scope: null });
    expect(stats.rows).toEqual([
      { key: 'bdb', figures: { closed: 1, onTime: 0, onTimeRate: 0, overdueNow: 0, medianDays: 4, p90Days: 4, escalations: 1, returns: 1, returnsPerCase: 1 } },
      { key: 'transport', figures: { closed: 1, onTime: 1, onTimeRate: 1, overdueNow: 1, medianDays: 0, p90Days: 0, escalations: 0, returns: 0, returnsPerCase: 0 } },
    ]);
  });

  it('a case still open has no closing day; one reopened after a terminal state is not closed', () => {
    const open = caseHandling([entry('2026-11-02', 'W1.submit', { state: 'formal_review', version: 1, taskAgency: 'bdb', taskRole: 'reviewer' })], ['published'], dayOf, calendar);
    expect(open).toMatchObject({ closedOn: null, tasks: [] });
  });
});

describe('the period of a stats command', () => {
  const today = '2026-11-25';
  it.each([
    ['', { from: '2026-01-01', to: '2026-11-25' }],
    ['2025', { from: '2025-01-01', to: '2025-12-31' }],
    ['2024-02', { from: '2024-02-01', to: '2024-02-29' }],
    ['2026-W48', { from: '2026-11-23', to: '2026-11-29' }],
    ['2026w1', { from: '2025-12-29', to: '2026-01-04' }],
    ['2026-W53', { from: '2026-12-28', to: '2027-01-03' }],
    ['2026-11-01..2026-11-30', { from: '2026-11-01', to: '2026-11-30' }],
    ['2026-11-01 至 2026-11-30', { from: '2026-11-01', to: '2026-11-30' }],
    ['2026-11-03', { from: '2026-11-03', to: '2026-11-03' }],
    ['2025-W53', null],
    ['2026-13', null],
    ['2026-11-30..2026-11-01', null],
    ['last year', null],
  ])('%j', (text, expected) => expect(parseStatsPeriod(text, today)).toEqual(expected));

  it('names ISO weeks both ways', () => {
    expect(isoWeekOf('2026-11-25').label).toBe('2026-W48');
    expect(isoWeekOf('2027-01-01').label).toBe('2026-W53');
    expect(isoWeekOf('2025-12-29').label).toBe('2026-W01');
    expect(isoWeekStart(2026, 48)).toBe('2026-11-23');
  });
});
