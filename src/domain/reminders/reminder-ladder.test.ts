import { describe, expect, it } from 'vitest';
import { defaultCalendar } from '../calendar/cn-statutory-holidays.ts';
import { addWorkingDays } from '../calendar/working-calendar.ts';
import { PROFILES } from '../policy/profiles.ts';
import { ladderFor, planApplicantReminders, planLadder, type ReminderPolicy } from './reminder-ladder.ts';
import type { SendingWindow } from './working-hours.ts';

const calendar = defaultCalendar();
const window: SendingWindow = { calendar, hours: { start: '09:00', end: '18:00' }, timeZone: 'Asia/Shanghai' };
const policy = PROFILES.taian!.reminders;

function ladder(startedOn: string, workingDays: number, arrivedAt: string, p: ReminderPolicy = policy) {
  const { dueOn } = addWorkingDays(calendar, startedOn, workingDays);
  return { dueOn, steps: planLadder({ dueOn }, new Date(arrivedAt), p, window).map((s) => [s.rule, s.level, s.day, s.dueAt.toISOString()]) };
}

describe('the reminder ladder', () => {
  it('spans Spring Festival 2026: reminder the working day before, on the due day, escalations after', () => {
    // Arrives Thursday 2026-02-12 10:00; 5 working days: 13 (Fri), 14 (make-up Sat), 24, 25, 26 → due 2026-02-26.
    const { dueOn, steps } = ladder('2026-02-12', 5, '2026-02-12T10:00:00+08:00');
    expect(dueOn).toBe('2026-02-26');
    expect(steps).toEqual([
      ['before_due', 0, '2026-02-25', '2026-02-25T01:00:00.000Z'],
      ['due_day', 0, '2026-02-26', '2026-02-26T01:00:00.000Z'],
      ['escalation', 1, '2026-02-27', '2026-02-27T01:00:00.000Z'],
      // Two working days after the first escalation: Saturday 2026-02-28 is a make-up working day.
      ['escalation', 2, '2026-03-02', '2026-03-02T01:00:00.000Z'],
    ]);
  });

  it('puts the advance reminder before a holiday when the due day follows one (National Day 2026)', () => {
    // Arrives 2026-09-29; 2 working days: 30 Sep, 8 Oct → due 2026-10-08; one working day before is 30 Sep.
    const { dueOn, steps } = ladder('2026-09-29', 2, '2026-09-29T15:00:00+08:00');
    expect(dueOn).toBe('2026-10-08');
    expect(steps.map((s) => [s[0], s[2]])).toEqual([
      ['before_due', '2026-09-30'],
      ['due_day', '2026-10-08'],
      ['escalation', '2026-10-09'],
      ['escalation', '2026-10-12'],
    ]);
  });

  it('leaves out reminders that would fall on the day the task arrived', () => {
    // 1 working day from Friday 2026-10-09: due on the make-up Saturday; the advance reminder would be the arrival day.
    const { dueOn, steps } = ladder('2026-10-09', 1, '2026-10-09T11:00:00+08:00');
    expect(dueOn).toBe('2026-10-10');
    expect(steps.map((s) => s[0])).toEqual(['due_day', 'escalation', 'escalation']);
  });

  it('climbs a step’s own chain where the profile gives one: a late W9 rectification goes to the authority (B45)', () => {
    const w9 = ladderFor(policy, 'W9', 'rectification');
    expect(w9.escalation).toEqual([{ to: 'authority_supervisor', afterWorkingDays: 1 }]);
    // Due Monday 2026-11-16 (10 working days from 2 November): the authority's supervisors hear of it the next day.
    const { steps } = ladder('2026-11-02', 10, '2026-11-02T09:30:00+08:00', w9);
    expect(steps.map((s) => [s[0], s[1], s[2]])).toEqual([
      ['before_due', 0, '2026-11-13'],
      ['due_day', 0, '2026-11-16'],
      ['escalation', 1, '2026-11-17'],
    ]);
    // Every other step keeps the profile's chain, the authority's review of the report included.
    expect(ladderFor(policy, 'W9', 'report_review')).toBe(policy);
    expect(ladderFor(policy, 'W5', 'provider_review')).toBe(policy);
    expect(ladderFor(policy, 'W9', 'constructor')).toBe(policy);
  });

  it('follows the profile: no advance reminder, three days ahead, one escalation level', () => {
    const custom: ReminderPolicy = {
      ...policy,
      beforeDueWorkingDays: 3,
      onDueDay: false,
      escalation: [{ to: 'authority_supervisor', afterWorkingDays: 3 }],
    };
    const { steps } = ladder('2026-11-02', 10, '2026-11-02T09:30:00+08:00', custom);
    expect(steps.map((s) => [s[0], s[1], s[2]])).toEqual([
      ['before_due', 0, '2026-11-11'],
      ['escalation', 1, '2026-11-19'],
    ]);
    expect(ladder('2026-11-02', 10, '2026-11-02T09:30:00+08:00', { ...custom, beforeDueWorkingDays: 0 }).steps.map((s) => s[0])).toEqual(['escalation']);
  });
});

describe('the reminders of a step the applicant owes (the usage agreement to accept)', () => {
  it('every 5 working days, twice, on the official calendar, and no escalation', () => {
    // Offered Wednesday 30 September 2026 at 16:00: 8, 9, 10 (make-up Saturday), 12, 13 October; then 14–16, 19, 20.
    const steps = planApplicantReminders(new Date('2026-09-30T16:00:00+08:00'), policy, window).map((s) => [s.rule, s.level, s.day]);
    expect(steps).toEqual([
      ['applicant', 1, '2026-10-13'],
      ['applicant', 2, '2026-10-20'],
    ]);
  });

  it('none when the city sets no cadence', () => {
    expect(planApplicantReminders(new Date('2026-09-30T16:00:00+08:00'), { ...policy, applicantEveryWorkingDays: 0 }, window)).toEqual([]);
  });
});
