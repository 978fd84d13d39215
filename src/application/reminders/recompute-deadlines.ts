// A corrected or newly published holiday notice moves deadlines: every open deadline is counted again on
// the calendar now in force; each case whose due day moved tells its parties the old and new date, its pending
// reminders move with it, and the audit log records the change.
import { createHash } from 'node:crypto';
import type { Params } from '../../domain/errors.ts';
import type { PolicyProfile } from '../../domain/policy/policy-profile.ts';
import { addWorkingDays, type WorkingCalendar } from '../../domain/calendar/working-calendar.ts';
import { ladderFor, planLadder } from '../../domain/reminders/reminder-ladder.ts';
import { nextSendingTime, type SendingWindow } from '../../domain/reminders/working-hours.ts';
import type { Deadline } from '../../domain/workflows/workflow.ts';
import type { Store } from '../ports/store.ts';
import { taskAddressees } from './addressees.ts';
import { taskParams } from './reminder-messages.ts';
import { localDateOf } from '../../domain/calendar/local-date.ts';

export const CALENDAR_FINGERPRINT_KEY = 'calendar.fingerprint';

/** Identifies the holiday data in force: changes whenever a notice is added, replaced or corrected. */
export function calendarFingerprint(calendar: WorkingCalendar): string {
  const notices = [...calendar.notices]
    .sort((a, b) => a.year - b.year)
    .map((n) => ({ year: n.year, holidays: n.holidays.map((d) => d.date).sort(), workdays: n.workdays.map((d) => d.date).sort() }));
  return createHash('sha256').update(JSON.stringify(notices)).digest('hex').slice(0, 16);
}

export interface MovedDeadline {
  caseId: string;
  from: Deadline;
  to: Deadline;
}

export interface RecomputeDeps {
  store: Pick<Store, 'cases' | 'settings' | 'transaction'>;
  calendar: WorkingCalendar;
  profile: PolicyProfile;
  window: SendingWindow;
  timeZone: string;
}

/** Counts every open deadline again; with `dryRun` only reports what would move. */
export async function recomputeDeadlines(deps: RecomputeDeps, now: Date, options: { dryRun?: boolean } = {}): Promise<MovedDeadline[]> {
  const { store, calendar, profile, window, timeZone } = deps;
  const moved: MovedDeadline[] = [];
  for (const c of await store.cases.list({ open: true })) {
    // A date the profile sets (W12) is no count of working days: a new calendar leaves it.
    if (!c.deadline || c.deadline.profileDate) continue;
    const due = addWorkingDays(calendar, c.deadline.startedOn, c.deadline.workingDays);
    if (due.dueOn === c.deadline.dueOn && due.provisional === c.deadline.provisional) continue;
    const to: Deadline = { ...c.deadline, dueOn: due.dueOn, provisional: due.provisional };
    moved.push({ caseId: c.id, from: c.deadline, to });
    if (options.dryRun) continue;
    await store.transaction(async (repos) => {
      if (!(await repos.cases.setDeadline(c.id, to))) return;
      // The ladder is planned from when the task arrived (its last change); done rungs stay done.
      const steps = planLadder(to, c.updatedAt, ladderFor(profile.reminders, c.workflow, c.state), window);
      await repos.schedule.plan(steps.map((s) => ({ caseId: c.id, stage: c.version, rule: s.rule, level: s.level, dueAt: s.dueAt })));
      const detail: Params = { from: c.deadline!.dueOn, to: to.dueOn, provisional: to.provisional ? 1 : 0 };
      await repos.audit.append({ at: now, actorId: 'system', channel: 'system', action: 'calendar.deadline_moved', caseId: c.id, detail });
      if (to.dueOn === c.deadline!.dueOn) return; // only the provisional mark changed: nobody's date moved
      const params: Params = { ...(await taskParams(repos, { ...c, deadline: to })), oldDueOn: c.deadline!.dueOn };
      const notBefore = nextSendingTime(window, now);
      const recipients = new Map<string, Params>([[c.applicantId, {}]]);
      for (const a of await taskAddressees(repos, c.assignee!, localDateOf(now, timeZone))) if (!recipients.has(a.userId)) recipients.set(a.userId, a.why);
      for (const [userId, why] of recipients)
        await repos.outbox.enqueue({ userId, caseId: c.id, message: 'notify.deadlineMoved', params: { ...params, ...why }, notBefore }, now);
    });
  }
  return moved;
}

/**
 * Run at start-up: when the calendar in force differs from the one the stored deadlines were computed on, recompute
 * them. The first start records the fingerprint and moves nothing.
 */
export async function recomputeIfCalendarChanged(deps: RecomputeDeps, now: Date): Promise<MovedDeadline[] | null> {
  const current = calendarFingerprint(deps.calendar);
  const stored = await deps.store.settings.get(CALENDAR_FINGERPRINT_KEY);
  if (stored === current) return null;
  const moved = stored === null ? [] : await recomputeDeadlines(deps, now);
  await deps.store.settings.put(CALENDAR_FINGERPRINT_KEY, current);
  return moved;
}
