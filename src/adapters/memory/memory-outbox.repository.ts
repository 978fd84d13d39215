import type { NewOutboxMessage, OutboxMessage, OutboxRepository, OutboxStatus } from '../../application/ports/delivery.ts';
import type { Params } from '../../domain/errors.ts';
import { storeError } from '../store-errors.ts';
import { earliestFirst, emptyOutboxCounts, jsonRoundTrip } from '../store-rules.ts';
import type { MemorySession, MemoryState } from './memory-state.ts';

function copyMessage(m: OutboxMessage): OutboxMessage {
  return {
    ...m,
    params: { ...m.params },
    createdAt: new Date(m.createdAt),
    nextAttemptAt: new Date(m.nextAttemptAt),
    sentAt: m.sentAt && new Date(m.sentAt),
  };
}

function existing(state: MemoryState, id: number): OutboxMessage {
  const m = state.outbox.get(id);
  if (m === undefined) throw storeError('STORE_NOT_FOUND', `Outbox message ${id} does not exist.`);
  return m;
}

/** Pending and due, or sending with its lease run out. */
function isClaimable(m: OutboxMessage, at: Date): boolean {
  return (m.status === 'pending' || m.status === 'sending') && m.nextAttemptAt.getTime() <= at.getTime();
}

export function createMemoryOutboxRepository(session: MemorySession): OutboxRepository {
  return {
    enqueue: (msg: NewOutboxMessage, at: Date) =>
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
          nextAttemptAt: new Date(msg.notBefore ?? at),
          lastError: null,
          sentAt: null,
        };
        state.outbox.set(stored.id, stored);
        return copyMessage(stored);
      }),

    listPending: (limit?: number) =>
      session.run((state) =>
        [...state.outbox.values()]
          .filter((m) => m.status === 'pending')
          .sort(earliestFirst((m) => m.createdAt))
          .slice(0, limit)
          .map(copyMessage),
      ),

    // Like the SQL store: the `limit` that have waited longest (nextAttemptAt, then id), handed back in id order.
    claimReady: (at: Date, leaseUntil: Date, limit: number) =>
      session.run((state) =>
        [...state.outbox.values()]
          .filter((m) => isClaimable(m, at))
          .sort(earliestFirst((m) => m.nextAttemptAt))
          .slice(0, Math.max(0, limit))
          .map((m) => {
            const claimed: OutboxMessage = { ...m, status: 'sending', nextAttemptAt: new Date(leaseUntil) };
            state.outbox.set(m.id, claimed);
            return copyMessage(claimed);
          })
          .sort((a, b) => a.id - b.id),
      ),

    markSent: (id: number, at: Date) =>
      session.run((state) => {
        const m = existing(state, id);
        state.outbox.set(id, { ...m, status: 'sent', sentAt: new Date(at), attempts: m.attempts + 1 });
      }),

    markFailed: (id: number, error: string, retryAt: Date | null) =>
      session.run((state) => {
        const m = existing(state, id);
        const failed: OutboxMessage = {
          ...m,
          attempts: m.attempts + 1,
          lastError: error,
          ...(retryAt === null ? { status: 'parked' } : { status: 'pending', nextAttemptAt: new Date(retryAt) }),
        };
        state.outbox.set(id, failed);
        return copyMessage(failed);
      }),

    requeue: (id: number, at: Date) =>
      session.run((state) => {
        const m = state.outbox.get(id);
        if (m === undefined || m.status !== 'parked') return false;
        state.outbox.set(id, { ...m, status: 'pending', nextAttemptAt: new Date(at) });
        return true;
      }),

    list: (filter: { status?: OutboxStatus[]; caseId?: string } = {}, limit?: number) =>
      session.run((state) =>
        [...state.outbox.values()]
          .filter((m) => filter.status === undefined || filter.status.includes(m.status))
          .filter((m) => filter.caseId === undefined || m.caseId === filter.caseId)
          .sort((a, b) => b.id - a.id)
          .slice(0, limit)
          .map(copyMessage),
      ),

    countByStatus: () =>
      session.run((state) => {
        const counts = emptyOutboxCounts();
        for (const m of state.outbox.values()) counts[m.status] += 1;
        return counts;
      }),
  };
}
