import type { CaseChange, CaseFilter, CaseRecord, CaseRepository, NewCase } from '../../application/ports/cases.ts';
import type { Assignment, Deadline } from '../../domain/workflows/workflow.ts';
import { formatCaseId, jsonRoundTrip } from '../store-rules.ts';
import type { MemorySession } from './memory-state.ts';

// Copies exactly what the SQL store keeps, so neither side sees fields the other would drop.
function copyAssignee(a: Assignment | null): Assignment | null {
  if (a === null) return null;
  // Like the nullable column: no user means no property at all.
  return { agencyId: a.agencyId, role: a.role, ...(a.userId == null ? {} : { userId: a.userId }) };
}

function copyDeadline(d: Deadline | null): Deadline | null {
  return d === null ? null : { startedOn: d.startedOn, workingDays: d.workingDays, dueOn: d.dueOn, provisional: d.provisional, ...(d.profileDate ? { profileDate: d.profileDate } : {}) };
}

function copyRecord(r: CaseRecord): CaseRecord {
  return { ...structuredClone(r), data: jsonRoundTrip(r.data) };
}

function matches(r: CaseRecord, filter: CaseFilter): boolean {
  return (
    (filter.applicantId === undefined || r.applicantId === filter.applicantId) &&
    (filter.assigneeAgencyId === undefined || r.assignee?.agencyId === filter.assigneeAgencyId) &&
    (filter.workflow === undefined || r.workflow === filter.workflow) &&
    (filter.open === undefined || filter.open === (r.assignee !== null)) &&
    (filter.dueBefore === undefined || (r.deadline !== null && r.deadline.dueOn < filter.dueBefore))
  );
}

/** Soonest deadline first, cases without one last, then by number. */
function compare(a: { number: number; record: CaseRecord }, b: { number: number; record: CaseRecord }): number {
  const da = a.record.deadline?.dueOn;
  const db = b.record.deadline?.dueOn;
  if (da !== db) {
    if (da === undefined) return 1;
    if (db === undefined) return -1;
    return da < db ? -1 : 1;
  }
  return a.number - b.number;
}

export function createMemoryCaseRepository(session: MemorySession): CaseRepository {
  return {
    create: (input: NewCase, at: Date, actorId: string) =>
      session.run((state) => {
        const number = ++state.counters.case;
        const record: CaseRecord = {
          id: formatCaseId(number),
          workflow: input.workflow,
          state: input.state,
          data: jsonRoundTrip(input.data),
          applicantId: input.applicantId,
          datasetId: input.datasetId,
          assignee: copyAssignee(input.assignee),
          deadline: copyDeadline(input.deadline),
          version: 1,
          createdAt: new Date(at),
          updatedAt: new Date(at),
          lastActorId: actorId,
        };
        state.cases.set(record.id, { number, record });
        return copyRecord(record);
      }),

    get: (id: string) =>
      session.run((state) => {
        const row = state.cases.get(id);
        return row === undefined ? null : copyRecord(row.record);
      }),

    update: (id: string, expectedVersion: number, change: CaseChange, at: Date, actorId: string) =>
      session.run((state) => {
        const row = state.cases.get(id);
        if (row === undefined || row.record.version !== expectedVersion) return null;
        row.record = {
          ...row.record,
          state: change.state,
          data: jsonRoundTrip(change.data),
          ...(change.datasetId !== undefined ? { datasetId: change.datasetId } : {}),
          assignee: copyAssignee(change.assignee),
          deadline: copyDeadline(change.deadline),
          version: row.record.version + 1,
          updatedAt: new Date(at),
          lastActorId: actorId,
        };
        return copyRecord(row.record);
      }),

    list: (filter: CaseFilter = {}) =>
      session.run((state) =>
        [...state.cases.values()]
          .filter((row) => matches(row.record, filter))
          .sort(compare)
          .map((row) => copyRecord(row.record)),
      ),

    // Not a decision: version, updatedAt and lastActorId stay.
    setDeadline: (id: string, deadline: Deadline) =>
      session.run((state) => {
        const row = state.cases.get(id);
        if (row === undefined) return false;
        row.record = { ...row.record, deadline: copyDeadline(deadline) };
        return true;
      }),
  };
}
