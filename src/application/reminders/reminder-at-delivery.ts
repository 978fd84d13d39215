// A reminder speaks of the day it is read. Planned on the eve of the due day it would say "1 working day left"; held
// for the morning, retried after an outage or queued again by an operator it goes out later, when that is no longer
// true. The outbox keeps what was planned (key and params, the deadline among them) and is never rewritten; the
// relative part is counted again here, from the stored deadline, on the day of each attempt — so a retry counts again
// rather than sending a second, different row.
import type { Params } from '../../domain/errors.ts';
import type { LocalDate } from '../../domain/model.ts';
import { countWorkingDays, type WorkingCalendar } from '../../domain/calendar/working-calendar.ts';

/** The task reminders whose wording depends on the day: before the deadline, on it, after it. */
const TASK_REMINDERS = new Set(['notify.reminder.before_due', 'notify.reminder.due_day', 'notify.reminder.overdue']);
const ESCALATION = 'notify.reminder.escalation';

export interface DeliveredText {
  message: string;
  params: Params;
}

/**
 * The message as it reads on `today` (the platform's date at the moment of sending). A task reminder becomes the
 * one that fits the day — N working days left, the due day, or overdue by N working days — and an escalation counts
 * its overdue days again; every other message is returned as it is.
 */
export function reminderAtDelivery(msg: DeliveredText, calendar: WorkingCalendar, today: LocalDate): DeliveredText {
  const dueOn = msg.params.dueOn;
  if (typeof dueOn !== 'string') return msg;
  if (msg.message === ESCALATION) return { message: msg.message, params: { ...msg.params, overdueDays: Math.max(0, countWorkingDays(calendar, dueOn, today)) } };
  if (!TASK_REMINDERS.has(msg.message)) return msg;
  // The count planned with it no longer applies: the one that does is put in below.
  const params: Params = { ...msg.params };
  delete params.daysLeft;
  delete params.overdueDays;
  if (today < dueOn) return { message: 'notify.reminder.before_due', params: { ...params, daysLeft: countWorkingDays(calendar, today, dueOn) } };
  if (today === dueOn) return { message: 'notify.reminder.due_day', params: { ...params, daysLeft: 0 } };
  return { message: 'notify.reminder.overdue', params: { ...params, overdueDays: countWorkingDays(calendar, dueOn, today) } };
}
