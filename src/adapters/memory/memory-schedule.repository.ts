import type { NewScheduleStep, ScheduleRepository, ScheduleStep } from '../../application/ports/delivery.ts';
import { earliestFirst, scheduleKey } from '../store-rules.ts';
import type { MemorySession } from './memory-state.ts';

function copyStep(s: ScheduleStep): ScheduleStep {
  return { ...s, dueAt: new Date(s.dueAt), doneAt: s.doneAt && new Date(s.doneAt) };
}

const dueOrder = earliestFirst<ScheduleStep>((s) => s.dueAt);

export function createMemoryScheduleRepository(session: MemorySession): ScheduleRepository {
  const pendingWhere = (test: (s: ScheduleStep) => boolean, limit: number) =>
    session.run((state) =>
      [...state.schedule.values()]
        .filter((s) => s.status === 'pending' && test(s))
        .sort(dueOrder)
        .slice(0, Math.max(0, limit))
        .map(copyStep),
    );

  return {
    plan: (steps: readonly NewScheduleStep[]) =>
      session.run((state) => {
        for (const step of steps) {
          const key = scheduleKey(step);
          const id = state.scheduleKeys.get(key);
          const found = id === undefined ? undefined : state.schedule.get(id);
          if (found === undefined) {
            const stored: ScheduleStep = {
              id: ++state.counters.schedule,
              caseId: step.caseId,
              stage: step.stage,
              rule: step.rule,
              level: step.level,
              dueAt: new Date(step.dueAt),
              status: 'pending',
              doneAt: null,
            };
            state.schedule.set(stored.id, stored);
            state.scheduleKeys.set(key, stored.id);
          } else if (found.status === 'pending') {
            // Only a step still waiting moves; one carried out or cancelled stays as it was.
            state.schedule.set(found.id, { ...found, dueAt: new Date(step.dueAt) });
          }
        }
      }),

    listDue: (at: Date, limit: number) => pendingWhere((s) => s.dueAt.getTime() <= at.getTime(), limit),

    listPendingAfter: (after: Date, limit: number) => pendingWhere((s) => s.dueAt.getTime() > after.getTime(), limit),

    claimDue: (at: Date, limit: number) =>
      session.run((state) =>
        [...state.schedule.values()]
          .filter((s) => s.status === 'pending' && s.dueAt.getTime() <= at.getTime())
          .sort(dueOrder)
          .slice(0, Math.max(0, limit))
          .map((s) => {
            const done: ScheduleStep = { ...s, status: 'done', doneAt: new Date(at) };
            state.schedule.set(s.id, done);
            return copyStep(done);
          }),
      ),

    complete: (id: number, at: Date) =>
      session.run((state) => {
        const s = state.schedule.get(id);
        if (s === undefined || s.status !== 'pending') return false;
        state.schedule.set(id, { ...s, status: 'done', doneAt: new Date(at) });
        return true;
      }),

    cancelPending: (caseId: string, at: Date) =>
      session.run((state) => {
        let n = 0;
        for (const s of state.schedule.values()) {
          if (s.caseId !== caseId || s.status !== 'pending') continue;
          state.schedule.set(s.id, { ...s, status: 'cancelled', doneAt: new Date(at) });
          n += 1;
        }
        return n;
      }),

    listByCase: (caseId: string) =>
      session.run((state) => [...state.schedule.values()].filter((s) => s.caseId === caseId).sort(dueOrder).map(copyStep)),
  };
}
