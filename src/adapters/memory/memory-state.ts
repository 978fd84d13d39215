// Everything the fake store holds. Plain data, so a transaction can snapshot it with structuredClone and put it back.
import type { AuditEntry, CaseRecord } from '../../application/ports/cases.ts';
import type { Delegation, UserPreferences } from '../../application/ports/directory.ts';
import type { OutboxMessage, ScheduleStep } from '../../application/ports/delivery.ts';
import type { ChatIdentity, Conversation, LinkCode, PostedMessage } from '../../application/ports/chat.ts';
import type { HandlingMemo } from '../../application/ports/evaluation.ts';
import type { Agency, Channel, ChatPlatform, Dataset, Grant, User } from '../../domain/model.ts';

export interface MemoryState {
  /** Last number handed out per sequence, like the Counter table. */
  counters: { case: number; dataset: number; grant: number; audit: number; outbox: number; schedule: number };
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
  /** By id. */
  schedule: Map<number, ScheduleStep>;
  /** The unique key (see scheduleKey in store-rules.ts) to the step's id, like the SQL store's unique index. */
  scheduleKeys: Map<string, number>;
  /** Claimed keys and when. */
  once: Map<string, Date>;
  /** By the absent user's id. */
  delegations: Map<string, Delegation>;
  /** Only users who chose; the others have the defaults. */
  preferences: Map<string, UserPreferences>;
  settings: Map<string, string>;
  /** By chatKey(platform, externalId); at most one per (platform, userId), like the SQL store's unique index. */
  identities: Map<string, ChatIdentity>;
  /** By code. */
  linkCodes: Map<string, LinkCode>;
  /** By chatKey(platform, channel, messageRef). */
  postedMessages: Map<string, PostedMessage>;
  handlingMemo: HandlingMemo | null;
}

export function createMemoryState(): MemoryState {
  return {
    counters: { case: 0, dataset: 0, grant: 0, audit: 0, outbox: 0, schedule: 0 },
    cases: new Map(),
    datasets: new Map(),
    users: new Map(),
    agencies: new Map(),
    grants: [],
    audit: [],
    outbox: new Map(),
    conversations: new Map(),
    schedule: new Map(),
    scheduleKeys: new Map(),
    once: new Map(),
    delegations: new Map(),
    preferences: new Map(),
    settings: new Map(),
    identities: new Map(),
    linkCodes: new Map(),
    postedMessages: new Map(),
    handlingMemo: null,
  };
}

export function conversationKey(channel: Channel, userId: string): string {
  return `${channel}\u0000${userId}`;
}

/** A composite key as one string: a chat platform and the ids that are unique within it. */
export function chatKey(platform: ChatPlatform, ...ids: string[]): string {
  return [platform, ...ids].join('\u0000');
}

/** Runs (synchronous) repository code against the state: serialised at the top level, directly inside a transaction. */
export interface MemorySession {
  run<T>(fn: (state: MemoryState) => T): Promise<T>;
}
