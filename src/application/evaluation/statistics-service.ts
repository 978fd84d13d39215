// 统计: the evaluation's figures (T22 年度评价, S37 考核, B40–B41), read from the audit trail and the Case table each
// time — never from counters kept beside them — and who may see which.
import { addDays, instantAt } from '../../domain/calendar/local-date.ts';
import type { WorkingCalendar } from '../../domain/calendar/working-calendar.ts';
import { fail } from '../../domain/errors.ts';
import { caseHandling } from '../../domain/evaluation/case-handling.ts';
import { handlingStatistics, type HandledCase, type HandlingStatistics, type OverdueTask, type StatsQuery } from '../../domain/evaluation/handling-statistics.ts';
import { localDayReader } from '../../domain/evaluation/local-day-reader.ts';
import type { LocalDate, User } from '../../domain/model.ts';
import { CLOSED_STATE } from '../../domain/workflows/closed-state.ts';
import type { WorkflowRegistry } from '../../domain/workflows/registry.ts';
import type { Outcome } from '../case-service.ts';
import { FOLLOW_ACTION } from '../follow-action.ts';
import type { Store } from '../ports/store.ts';

/** Entries that change nothing the evaluation counts: reminders before and on the due day, nudges, follows. */
const NOT_COUNTED = ['reminder.before_due', 'reminder.due_day', 'reminder.applicant', 'task.nudge', 'task.reassign', FOLLOW_ACTION];

export interface EvaluationData {
  handled: HandledCase[];
  overdue: OverdueTask[];
}

export interface StatisticsDeps {
  store: Pick<Store, 'agencies' | 'audit' | 'cases'>;
  workflows: WorkflowRegistry;
  calendar: WorkingCalendar;
  timeZone: string;
}

export function createStatisticsService(deps: StatisticsDeps) {
  const { store, workflows, calendar, timeZone } = deps;

  /** Every case's handling up to the end of `until`, and the tasks overdue `today`: what figures are computed from. */
  async function read(until: LocalDate, today: LocalDate): Promise<EvaluationData> {
    // Nothing after the last day: a case closed since is not closed by then.
    const before = instantAt(addDays(until, 1), 0, timeZone);
    const trails = await store.audit.listCaseTrails({ before, skip: NOT_COUNTED });
    const dayOf = localDayReader(timeZone);
    const terminal = new Map(workflows.workflows.map((w) => [w.id, [...w.terminalStates, CLOSED_STATE]]));
    const handled = trails.map((tr) => ({
      workflow: tr.workflow,
      handling: caseHandling(tr.entries, terminal.get(tr.workflow) ?? [CLOSED_STATE], dayOf, calendar),
    }));
    const overdue: OverdueTask[] = [];
    for (const c of await store.cases.list({ open: true, dueBefore: today }))
      if (c.assignee && c.assignee.role !== 'applicant' && c.deadline) overdue.push({ workflow: c.workflow, agencyId: c.assignee.agencyId });
    return { handled, overdue };
  }

  return {
    read,

    /** The figures for the period, as they stand `today` (overdue now is today's). */
    async compute(q: StatsQuery, today: LocalDate): Promise<HandlingStatistics> {
      const { handled, overdue } = await read(q.to, today);
      return handlingStatistics(handled, overdue, q);
    },

    /**
     * Whose figures `actor` sees: the authority's staff and operators every agency's (they evaluate, T22, S37); an
     * agency's supervisor their own agency's; nobody else any.
     */
    async scopeOf(actor: User): Promise<Outcome<string | null>> {
      if (actor.roles.includes('operator')) return { ok: true, value: null };
      const agency = actor.agencyId ? await store.agencies.get(actor.agencyId) : null;
      const staff = actor.roles.includes('reviewer') || actor.roles.includes('supervisor');
      if (agency && staff && agency.kind === 'authority') return { ok: true, value: null };
      if (agency && actor.roles.includes('supervisor')) return { ok: true, value: agency.id };
      return fail('FORBIDDEN_ROLE', { role: 'supervisor' });
    },
  };
}

export type StatisticsService = ReturnType<typeof createStatisticsService>;
