import type { OutboxMessage, OutboxRepository } from '../../application/ports.ts';
import type { Params } from '../../domain/errors.ts';
import { storeError } from '../store-errors.ts';
import type { OutboxMessage as OutboxRow } from './generated/client.ts';
import type { PrismaSession } from './prisma-session.ts';
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
    sentAt: row.sentAt,
  };
}

export function createOutboxRepository(session: PrismaSession): OutboxRepository {
  return {
    enqueue: (msg: { userId: string; caseId: string | null; message: string; params: Params }, at: Date) =>
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

    markSent: (id: number, at: Date) =>
      session.write('outbox.markSent', async (db) => {
        const { count } = await db.outboxMessage.updateMany({
          where: { id },
          data: { status: 'sent', sentAt: at, attempts: { increment: 1 } },
        });
        if (count === 0) throw storeError('STORE_NOT_FOUND', `Outbox message ${id} does not exist.`);
      }),
  };
}
