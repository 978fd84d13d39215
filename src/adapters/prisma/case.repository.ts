import { z } from 'zod';
import type { CaseChange, CaseFilter, CaseRecord, CaseRepository, NewCase } from '../../application/ports/cases.ts';
import type { Assignment, Deadline } from '../../domain/workflows/workflow.ts';
import { formatCaseId } from '../store-rules.ts';
import type { Case as CaseRow, Prisma } from './generated/client.ts';
import { nextNumber } from './next-number.ts';
import type { PrismaSession } from './prisma-session.ts';
import { deadlineSchema, parseColumn, parseJsonColumn, roleSchema, workflowIdSchema } from './row-schemas.ts';

function toRecord(row: CaseRow, workflowIds: z.ZodType<string>): CaseRecord {
  const where = `case ${row.id}`;
  // Both assignee columns are set, or neither; the user only for a task reassigned to one person.
  let assignee: Assignment | null = null;
  if (row.assigneeAgencyId !== null || row.assigneeRole !== null) {
    assignee = {
      agencyId: parseColumn(z.string(), row.assigneeAgencyId, `${where}.assigneeAgencyId`),
      role: parseColumn(roleSchema, row.assigneeRole, `${where}.assigneeRole`),
      ...(row.assigneeUserId === null ? {} : { userId: row.assigneeUserId }),
    };
  }
  return {
    id: row.id,
    workflow: parseColumn(workflowIds, row.workflow, `${where}.workflow`),
    state: row.state,
    data: parseJsonColumn(z.unknown(), row.data, `${where}.data`),
    applicantId: row.applicantId,
    datasetId: row.datasetId,
    assignee,
    deadline: row.deadline === null ? null : parseJsonColumn(deadlineSchema, row.deadline, `${where}.deadline`),
    version: row.version,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
    lastActorId: row.lastActorId,
  };
}

/** The columns a change writes; the deadline's date is repeated in `dueOn` for ordering. */
function changeColumns(change: Omit<CaseChange, 'datasetId'>) {
  return {
    state: change.state,
    data: JSON.stringify(change.data ?? null),
    assigneeAgencyId: change.assignee?.agencyId ?? null,
    assigneeRole: change.assignee?.role ?? null,
    assigneeUserId: change.assignee?.userId ?? null,
    ...deadlineColumns(change.deadline),
  };
}

/** The deadline as JSON (only the Deadline's own fields, whatever else the object carries) and its date. */
function deadlineColumns(deadline: Deadline | null) {
  if (deadline === null) return { deadline: null, dueOn: null };
  const { startedOn, workingDays, dueOn, provisional, profileDate } = deadline;
  return { deadline: JSON.stringify({ startedOn, workingDays, dueOn, provisional, ...(profileDate ? { profileDate } : {}) } satisfies Deadline), dueOn };
}

function whereFilter(filter: CaseFilter): Prisma.CaseWhereInput[] {
  const and: Prisma.CaseWhereInput[] = [];
  if (filter.applicantId !== undefined) and.push({ applicantId: filter.applicantId });
  if (filter.assigneeAgencyId !== undefined) and.push({ assigneeAgencyId: filter.assigneeAgencyId });
  if (filter.workflow !== undefined) and.push({ workflow: filter.workflow });
  // open: still waiting on someone; open: false, the reverse (finished cases).
  if (filter.open === true) and.push({ assigneeAgencyId: { not: null } });
  if (filter.open === false) and.push({ assigneeAgencyId: null });
  // YYYY-MM-DD compares as text; cases without a deadline are never overdue.
  if (filter.dueBefore !== undefined) and.push({ dueOn: { lt: filter.dueBefore } });
  return and;
}

/** `workflowIds`: the workflows the application runs; a row of any other fails loudly (STORE_CORRUPT). */
export function createCaseRepository(session: PrismaSession, workflowIds: readonly string[]): CaseRepository {
  const workflowSchema = workflowIdSchema(workflowIds);
  const toCase = (row: CaseRow) => toRecord(row, workflowSchema);
  return {
    create: (input: NewCase, at: Date, actorId: string) =>
      session.write('cases.create', async (db) => {
        const number = await nextNumber(db, 'case');
        const row = await db.case.create({
          data: {
            id: formatCaseId(number),
            number,
            workflow: input.workflow,
            applicantId: input.applicantId,
            datasetId: input.datasetId,
            ...changeColumns(input),
            version: 1,
            createdAt: at,
            updatedAt: at,
            lastActorId: actorId,
          },
        });
        return toCase(row);
      }),

    get: (id: string) =>
      session.read('cases.get', async (db) => {
        const row = await db.case.findUnique({ where: { id } });
        return row === null ? null : toCase(row);
      }),

    update: (id: string, expectedVersion: number, change: CaseChange, at: Date, actorId: string) =>
      session.write('cases.update', async (db) => {
        // The version check and the write are one statement: whoever comes second matches no row.
        const { count } = await db.case.updateMany({
          where: { id, version: expectedVersion },
          data: {
            ...changeColumns(change),
            ...(change.datasetId !== undefined ? { datasetId: change.datasetId } : {}),
            version: { increment: 1 },
            updatedAt: at,
            lastActorId: actorId,
          },
        });
        if (count === 0) return null;
        const row = await db.case.findUniqueOrThrow({ where: { id } });
        return toCase(row);
      }),

    list: (filter: CaseFilter = {}) =>
      session.read('cases.list', async (db) => {
        const rows = await db.case.findMany({
          where: { AND: whereFilter(filter) },
          orderBy: [{ dueOn: { sort: 'asc', nulls: 'last' } }, { number: 'asc' }],
        });
        return rows.map(toCase);
      }),

    setDeadline: (id: string, deadline: Deadline) =>
      session.write('cases.setDeadline', async (db) => {
        // Not a decision: version, updatedAt and lastActorId stay.
        const { count } = await db.case.updateMany({ where: { id }, data: deadlineColumns(deadline) });
        return count === 1;
      }),
  };
}
