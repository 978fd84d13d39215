// The audit actions the platform itself writes on a case, beside the workflows' own: a case's history (`status`)
// names each by `actions.<action>` in the reader's language, so every one needs its text (locale test).
export const PLATFORM_CASE_ACTIONS = [
  'case.closed',
  'case.followed',
  'task.nudge',
  'task.reassign',
  'calendar.deadline_moved',
  'reminder.before_due',
  'reminder.due_day',
  'reminder.escalation',
  'reminder.applicant',
] as const;
