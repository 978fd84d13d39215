import { describe, expect, it } from 'vitest';
import { defaultCalendar } from '../../domain/calendar/cn-statutory-holidays.ts';
import { reminderAtDelivery } from './reminder-at-delivery.ts';

const calendar = defaultCalendar();
// Due Friday 4 December 2026; the week after has no holiday.
const base = { caseId: 'C-0001', workflow: 'W5', state: 'formal_review', dueOn: '2026-12-04', provisional: 0, why: 'notify.why.assignee' };

describe('reminderAtDelivery', () => {
  it.each([
    ['the before-due reminder on the day planned', 'notify.reminder.before_due', { daysLeft: 1 }, '2026-12-03', 'notify.reminder.before_due', { daysLeft: 1 }],
    ['the before-due reminder two working days early (across a weekend)', 'notify.reminder.before_due', { daysLeft: 1 }, '2026-12-02', 'notify.reminder.before_due', { daysLeft: 2 }],
    ['the before-due reminder held until the due day', 'notify.reminder.before_due', { daysLeft: 1 }, '2026-12-04', 'notify.reminder.due_day', { daysLeft: 0 }],
    ['the due-day reminder on its day', 'notify.reminder.due_day', { daysLeft: 0 }, '2026-12-04', 'notify.reminder.due_day', { daysLeft: 0 }],
    ['the due-day reminder sent the next Monday', 'notify.reminder.due_day', { daysLeft: 0 }, '2026-12-07', 'notify.reminder.overdue', { overdueDays: 1 }],
    ['the due-day reminder sent on 10 December', 'notify.reminder.due_day', { daysLeft: 0 }, '2026-12-10', 'notify.reminder.overdue', { overdueDays: 4 }],
    ['the before-due reminder sent on 10 December', 'notify.reminder.before_due', { daysLeft: 1 }, '2026-12-10', 'notify.reminder.overdue', { overdueDays: 4 }],
    ['an escalation on the day planned', 'notify.reminder.escalation', { level: 1, overdueDays: 1 }, '2026-12-07', 'notify.reminder.escalation', { level: 1, overdueDays: 1 }],
    ['an escalation sent three working days late', 'notify.reminder.escalation', { level: 1, overdueDays: 1 }, '2026-12-10', 'notify.reminder.escalation', { level: 1, overdueDays: 4 }],
  ])('%s', (_, message, planned, today, expected, counts) => {
    const worded = reminderAtDelivery({ message, params: { ...base, ...planned } }, calendar, today);
    expect(worded).toEqual({ message: expected, params: { ...base, ...counts } });
  });

  it('counts on the calendar: the Spring Festival days are not working days', () => {
    // Due Thursday 12 February 2026; 13 Feb and the make-up Saturday 14 Feb work, 15–23 Feb are off, 24 Feb works.
    const worded = reminderAtDelivery({ message: 'notify.reminder.due_day', params: { ...base, dueOn: '2026-02-12', daysLeft: 0 } }, calendar, '2026-02-24');
    expect(worded).toEqual({ message: 'notify.reminder.overdue', params: { ...base, dueOn: '2026-02-12', overdueDays: 3 } });
  });

  it('leaves every other message as it was queued, and a reminder without a deadline', () => {
    const nudge = { message: 'notify.nudge', params: { ...base, by: 'Dave' } };
    expect(reminderAtDelivery(nudge, calendar, '2026-12-10')).toBe(nudge);
    const applicant = { message: 'notify.reminder.applicant', params: { ...base, level: 0 } };
    expect(reminderAtDelivery(applicant, calendar, '2026-12-10')).toBe(applicant);
    const undated = { message: 'notify.reminder.due_day', params: { caseId: 'C-0001', daysLeft: 0 } };
    expect(reminderAtDelivery(undated, calendar, '2026-12-10')).toBe(undated);
  });
});
