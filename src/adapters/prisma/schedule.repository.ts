import type { NewScheduleStep, ScheduleRepository, ScheduleStep } from '../../application/ports/delivery.ts';
import { scheduleKey } from '../store-rules.ts';
import type { ScheduleStep as StepRow } from './generated/client.ts';
import type { PrismaSession } from './prisma-session.ts';
import { storeError } from '../store-errors.ts';
import { parseColumn, stepRuleSchema, stepStatusSchema } from './row-schemas.ts';

function toStep(row: StepRow): ScheduleStep {
  const where = `schedule step ${row.id}`;
  return {
    id: row.id,
    caseId: row.caseId,
    stage: row.stage,
    rule: parseColumn(stepRuleSchema, row.rule, `${where}.rule`),
    level: row.level,
    dueAt: row.dueAt,
    status: parseColumn(stepStatusSchema, row.status, `${where}.status`),
    doneAt: row.doneAt,
  };
}

/** Due order: the (status, dueAt, id) index, read in order. */
const DUE_ORDER = [{ dueAt: 'asc' }, { id: 'asc' }] as const;

export function createScheduleRepository(session: PrismaSession): ScheduleRepository {
  return {
    plan: (steps: readonly NewScheduleStep[]) =>
      session.write('schedule.plan', async (db) => {
        if (steps.length === 0) return;
        // The cases' existing steps in one read (a ladder is a handful of rows), then one insert for the new keys.
        const caseIds = [...new Set(steps.map((s) => s.caseId))];
        const existing = await db.scheduleStep.findMany({
          where: { caseId: { in: caseIds } },
          select: { id: true, caseId: true, stage: true, rule: true, level: true, status: true, dueAt: true },
        });
        const byKey = new Map(existing.map((row) => [scheduleKey(row), row]));
        const inserts = new Map<string, NewScheduleStep>();
        for (const step of steps) {
          const key = scheduleKey(step);
          const found = byKey.get(key);
          if (found === undefined) {
            inserts.set(key, step); // the same key twice in one call: the later time wins, as in a re-plan
          } else if (found.status === 'pending' && found.dueAt.getTime() !== step.dueAt.getTime()) {
            // Only a step still waiting moves; one carried out or cancelled stays as it was.
            await db.scheduleStep.updateMany({ where: { id: found.id, status: 'pending' }, data: { dueAt: step.dueAt } });
            found.dueAt = step.dueAt;
          }
        }
        if (inserts.size === 0) return;
        await db.scheduleStep.createMany({
          data: [...inserts.values()].map((s) => ({
            caseId: s.caseId,
            stage: s.stage,
            rule: s.rule,
            level: s.level,
            dueAt: s.dueAt,
            status: 'pending',
            doneAt: null,
          })),
        });
      }),

    listDue: (at: Date, limit: number) =>
      session.read('schedule.listDue', async (db) => {
        const rows = await db.scheduleStep.findMany({
          where: { status: 'pending', dueAt: { lte: at } },
          orderBy: [...DUE_ORDER],
          take: Math.max(0, limit),
        });
        return rows.map(toStep);
      }),

    listPendingAfter: (after: Date, limit: number) =>
      session.read('schedule.listPendingAfter', async (db) => {
        const rows = await db.scheduleStep.findMany({
          where: { status: 'pending', dueAt: { gt: after } },
          orderBy: [...DUE_ORDER],
          take: Math.max(0, limit),
        });
        return rows.map(toStep);
      }),

    claimDue: (at: Date, limit: number) =>
      session.write('schedule.claimDue', async (db) => {
        if (limit <= 0) return [];
        const rows = await db.scheduleStep.findMany({ where: { status: 'pending', dueAt: { lte: at } }, orderBy: [...DUE_ORDER], take: limit });
        if (rows.length === 0) return [];
        // One statement for the batch, still conditional on each step being pending. A SQLite writer holds the write
        // lock from its first statement, so every row found above still matches; should another writer ever get in
        // between (a database without that lock), which rows were ours is unknown: give up, and the rollback hands
        // them all back.
        // `notIn` on purpose: with `status: 'pending'` SQLite (no statistics) picks the (status, dueAt) index and walks
        // every pending row instead of looking the ids up.
        const { count } = await db.scheduleStep.updateMany({
          where: { id: { in: rows.map((r) => r.id) }, status: { notIn: ['done', 'cancelled'] } },
          data: { status: 'done', doneAt: at },
        });
        if (count !== rows.length)
          throw storeError('STORE_BUSY', `Another scheduler claimed the same steps at the same moment (${count} of ${rows.length}); try again.`);
        return rows.map((row) => toStep({ ...row, status: 'done', doneAt: at }));
      }),

    complete: (id: number, at: Date) =>
      session.write('schedule.complete', async (db) => {
        // Conditional on still being pending: of two processes carrying out the same step, one matches nothing.
        const { count } = await db.scheduleStep.updateMany({ where: { id, status: 'pending' }, data: { status: 'done', doneAt: at } });
        return count === 1;
      }),

    cancelPending: (caseId: string, at: Date) =>
      session.write('schedule.cancelPending', async (db) => {
        const { count } = await db.scheduleStep.updateMany({
          where: { caseId, status: 'pending' },
          data: { status: 'cancelled', doneAt: at },
        });
        return count;
      }),

    listByCase: (caseId: string) =>
      session.read('schedule.listByCase', async (db) => {
        const rows = await db.scheduleStep.findMany({ where: { caseId }, orderBy: [...DUE_ORDER] });
        return rows.map(toStep);
      }),
  };
}
