import type { NewOutboxMessage, OutboxMessage, OutboxRepository, OutboxStatus } from '../../application/ports/delivery.ts';
import { storeError } from '../store-errors.ts';
import { earliestFirst, emptyOutboxCounts } from '../store-rules.ts';
import type { OutboxMessage as OutboxRow } from './generated/client.ts';
import type { Db, PrismaSession } from './prisma-session.ts';
import { outboxStatusSchema, paramsSchema, parseColumn, parseJsonColumn } from './row-schemas.ts';

function toMessage(row: OutboxRow): OutboxMessage {
  const where = `outbox message ${row.id}`;
  return {
    id: row.id,
    userId: row.userId,
    caseId: row.caseId,
    message: row.message,
    params: parseJsonColumn(paramsSchema, row.params, `${where}.params`),
    status: parseColumn(outboxStatusSchema, row.status, `${where}.status`),
    attempts: row.attempts,
    createdAt: row.createdAt,
    nextAttemptAt: row.nextAttemptAt,
    lastError: row.lastError,
    sentAt: row.sentAt,
  };
}

/** Claimable: pending and due, or sending with its lease run out. */
const CLAIMABLE = ['pending', 'sending'] as const satisfies readonly OutboxStatus[];
const NOT_CLAIMABLE = outboxStatusSchema.options.filter((s) => !(CLAIMABLE as readonly string[]).includes(s));

/**
 * The `limit` claimable messages that have waited longest: per claimable status, one range of the
 * (status, nextAttemptAt, id) index read in index order with a LIMIT, so the cost does not grow with the backlog.
 */
async function readyCandidates(db: Db, at: Date, limit: number): Promise<OutboxRow[]> {
  const candidates: OutboxRow[] = [];
  for (const status of CLAIMABLE) {
    candidates.push(
      ...(await db.outboxMessage.findMany({
        where: { status, nextAttemptAt: { lte: at } },
        orderBy: [{ nextAttemptAt: 'asc' }, { id: 'asc' }],
        take: limit,
      })),
    );
  }
  return candidates.sort(earliestFirst((c) => c.nextAttemptAt)).slice(0, limit);
}

export function createOutboxRepository(session: PrismaSession): OutboxRepository {
  return {
    enqueue: (msg: NewOutboxMessage, at: Date) =>
      session.write('outbox.enqueue', async (db) => {
        const row = await db.outboxMessage.create({
          data: {
            userId: msg.userId,
            caseId: msg.caseId,
            message: msg.message,
            params: JSON.stringify(msg.params),
            status: 'pending',
            attempts: 0,
            createdAt: at,
            nextAttemptAt: msg.notBefore ?? at,
            lastError: null,
          },
        });
        return toMessage(row);
      }),

    listPending: (limit?: number) =>
      session.read('outbox.listPending', async (db) => {
        const rows = await db.outboxMessage.findMany({
          where: { status: 'pending' },
          orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
          ...(limit === undefined ? {} : { take: limit }),
        });
        return rows.map(toMessage);
      }),

    claimReady: async (at: Date, leaseUntil: Date, limit: number) => {
      // Most rounds find nothing ready: look first with a plain read, so they never take the write lock.
      if (limit <= 0 || (await session.read('outbox.claimReady', (db) => readyCandidates(db, at, 1))).length === 0) return [];
      return session.write('outbox.claimReady', async (db) => {
        const candidates = await readyCandidates(db, at, limit);
        if (candidates.length === 0) return [];
        const ids = candidates.map((c) => c.id);
        // One statement for the batch, still conditional on each message being claimable. SQLite writers hold the
        // write lock from their first statement, so nobody claims in between and every candidate matches. Should
        // another writer ever get in (a database without that lock), which rows were ours is unknown: give up, and
        // the rollback hands them all back.
        // The status test is `notIn` on purpose: with `in`, SQLite (which keeps no statistics) picks the
        // (status, nextAttemptAt) index and walks the whole backlog instead of looking the ids up.
        const { count } = await db.outboxMessage.updateMany({
          where: { id: { in: ids }, status: { notIn: NOT_CLAIMABLE }, nextAttemptAt: { lte: at } },
          data: { status: 'sending', nextAttemptAt: leaseUntil },
        });
        if (count !== ids.length) {
          throw storeError('STORE_BUSY', `Another dispatcher claimed outbox messages at the same moment (${count} of ${ids.length}); try again.`);
        }
        return candidates
          .map((row) => toMessage({ ...row, status: 'sending', nextAttemptAt: leaseUntil }))
          .sort((a, b) => a.id - b.id);
      });
    },

    markSent: (id: number, at: Date) =>
      session.write('outbox.markSent', async (db) => {
        const { count } = await db.outboxMessage.updateMany({
          where: { id },
          data: { status: 'sent', sentAt: at, attempts: { increment: 1 } },
        });
        if (count === 0) throw storeError('STORE_NOT_FOUND', `Outbox message ${id} does not exist.`);
      }),

    markFailed: (id: number, error: string, retryAt: Date | null) =>
      session.write('outbox.markFailed', async (db) => {
        const { count } = await db.outboxMessage.updateMany({
          where: { id },
          data: {
            attempts: { increment: 1 },
            lastError: error,
            ...(retryAt === null ? { status: 'parked' } : { status: 'pending', nextAttemptAt: retryAt }),
          },
        });
        if (count === 0) throw storeError('STORE_NOT_FOUND', `Outbox message ${id} does not exist.`);
        return toMessage(await db.outboxMessage.findUniqueOrThrow({ where: { id } }));
      }),

    requeue: (id: number, at: Date) =>
      session.write('outbox.requeue', async (db) => {
        const { count } = await db.outboxMessage.updateMany({
          where: { id, status: 'parked' },
          data: { status: 'pending', nextAttemptAt: at },
        });
        return count === 1;
      }),

    list: (filter: { status?: OutboxStatus[]; caseId?: string } = {}, limit?: number) =>
      session.read('outbox.list', async (db) => {
        const rows = await db.outboxMessage.findMany({
          where: {
            ...(filter.status === undefined ? {} : { status: { in: filter.status } }),
            ...(filter.caseId === undefined ? {} : { caseId: filter.caseId }),
          },
          orderBy: { id: 'desc' },
          ...(limit === undefined ? {} : { take: limit }),
        });
        return rows.map(toMessage);
      }),

    countByStatus: () =>
      session.read('outbox.countByStatus', async (db) => {
        const groups = await db.outboxMessage.groupBy({ by: ['status'], _count: { _all: true } });
        const counts = emptyOutboxCounts();
        for (const group of groups) {
          counts[parseColumn(outboxStatusSchema, group.status, 'outbox status')] = group._count._all;
        }
        return counts;
      }),
  };
}
