// Everything the fake store holds. Plain data, so a transaction can snapshot it with structuredClone and put it back.
import type { AuditEntry, CaseRecord, Conversation, OutboxMessage } from '../../application/ports.ts';
import type { Agency, Channel, Dataset, Grant, User } from '../../domain/model.ts';

export interface MemoryState {
  /** Last number handed out per sequence, like the Counter table. */
  counters: { case: number; dataset: number; grant: number; audit: number; outbox: number };
  /** By id; `number` orders them as the SQL store does. */
  cases: Map<string, { number: number; record: CaseRecord }>;
  datasets: Map<string, { number: number; dataset: Dataset }>;
  users: Map<string, User>;
  agencies: Map<string, Agency>;
  /** In creation order. */
  grants: Grant[];
  /** In seq order. */
  audit: AuditEntry[];
  outbox: Map<number, OutboxMessage>;
  conversations: Map<string, Conversation>;
}

export function createMemoryState(): MemoryState {
  return {
    counters: { case: 0, dataset: 0, grant: 0, audit: 0, outbox: 0 },
    cases: new Map(),
    datasets: new Map(),
    users: new Map(),
    agencies: new Map(),
    grants: [],
    audit: [],
    outbox: new Map(),
    conversations: new Map(),
  };
}

export function conversationKey(channel: Channel, userId: string): string {
  return `${channel}\u0000${userId}`;
}

/** Runs (synchronous) repository code against the state: serialised at the top level, directly inside a transaction. */
export interface MemorySession {
  run<T>(fn: (state: MemoryState) => T): Promise<T>;
}
