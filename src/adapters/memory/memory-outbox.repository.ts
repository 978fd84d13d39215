import type { OutboxMessage, OutboxRepository } from '../../application/ports.ts';
import type { Params } from '../../domain/errors.ts';
import { storeError } from '../store-errors.ts';
import { jsonRoundTrip } from '../store-rules.ts';
import type { MemorySession } from './memory-state.ts';

function copyMessage(m: OutboxMessage): OutboxMessage {
  return { ...m, params: { ...m.params }, createdAt: new Date(m.createdAt), sentAt: m.sentAt && new Date(m.sentAt) };
}

export function createMemoryOutboxRepository(session: MemorySession): OutboxRepository {
  return {
    enqueue: (msg: { userId: string; caseId: string | null; message: string; params: Params }, at: Date) =>
      session.run((state) => {
        const stored: OutboxMessage = {
          id: ++state.counters.outbox,
          userId: msg.userId,
          caseId: msg.caseId,
          message: msg.message,
          params: jsonRoundTrip(msg.params) as Params,
          status: 'pending',
          attempts: 0,
          createdAt: new Date(at),
          sentAt: null,
        };
        state.outbox.set(stored.id, stored);
        return copyMessage(stored);
      }),

    listPending: (limit?: number) =>
      session.run((state) =>
        [...state.outbox.values()]
          .filter((m) => m.status === 'pending')
          .sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime() || a.id - b.id)
          .slice(0, limit)
          .map(copyMessage),
      ),

    markSent: (id: number, at: Date) =>
      session.run((state) => {
        const m = state.outbox.get(id);
        if (m === undefined) throw storeError('STORE_NOT_FOUND', `Outbox message ${id} does not exist.`);
        state.outbox.set(id, { ...m, status: 'sent', sentAt: new Date(at), attempts: m.attempts + 1 });
      }),
  };
}
