// The in-memory fake of the store: the same ports, the same ids, ordering and conflict rules as the SQL store (both
// pass test/support/store-contract.ts), for tests and demos that need no database.
import { randomBytes } from 'node:crypto';
import type { AuditEntry } from '../../application/ports/cases.ts';
import type { Repositories, Store } from '../../application/ports/store.ts';
import { verifyAuditChain, type AuditSealing } from '../audit-hash.ts';
import { createMemoryAuditHead } from '../audit-head.ts';
import { storeError } from '../store-errors.ts';
import { createStoreLock } from '../store-lock.ts';
import { createMemoryAgencyRepository } from './memory-agency.repository.ts';
import { createMemoryAuditRepository } from './memory-audit.repository.ts';
import { createMemoryCaseRepository } from './memory-case.repository.ts';
import { createMemoryConversationRepository } from './memory-conversation.repository.ts';
import { createMemoryDatasetRepository } from './memory-dataset.repository.ts';
import { createMemoryDelegationRepository } from './memory-delegation.repository.ts';
import { createMemoryGrantRepository } from './memory-grant.repository.ts';
import { createMemoryHandlingMemoRepository } from './memory-handling-memo.repository.ts';
import { createMemoryIdentityRepository } from './memory-identity.repository.ts';
import { createMemoryLinkCodeRepository } from './memory-link-code.repository.ts';
import { createMemoryOnceRepository } from './memory-once.repository.ts';
import { createMemoryOutboxRepository } from './memory-outbox.repository.ts';
import { createMemoryPostedMessageRepository } from './memory-posted-message.repository.ts';
import { createMemoryPreferenceRepository } from './memory-preference.repository.ts';
import { createMemoryScheduleRepository } from './memory-schedule.repository.ts';
import { createMemorySettingRepository } from './memory-setting.repository.ts';
import { createMemoryState, type MemorySession, type MemoryState } from './memory-state.ts';
import { createMemoryUserRepository } from './memory-user.repository.ts';

function createMemoryRepositories(session: MemorySession, audit: AuditSealing): Repositories {
  return {
    cases: createMemoryCaseRepository(session),
    datasets: createMemoryDatasetRepository(session),
    users: createMemoryUserRepository(session),
    agencies: createMemoryAgencyRepository(session),
    grants: createMemoryGrantRepository(session),
    audit: createMemoryAuditRepository(session, audit),
    outbox: createMemoryOutboxRepository(session),
    conversations: createMemoryConversationRepository(session),
    schedule: createMemoryScheduleRepository(session),
    once: createMemoryOnceRepository(session),
    delegations: createMemoryDelegationRepository(session),
    preferences: createMemoryPreferenceRepository(session),
    settings: createMemorySettingRepository(session),
    identities: createMemoryIdentityRepository(session),
    linkCodes: createMemoryLinkCodeRepository(session),
    postedMessages: createMemoryPostedMessageRepository(session),
    handlingMemo: createMemoryHandlingMemoRepository(session),
  };
}

export interface MemoryStoreOptions {
  /** The key the audit chain is sealed with. Default: a random one, good for this store's life (it keeps no file). */
  auditKey?: string;
}

export function createMemoryStore(options: MemoryStoreOptions = {}): Store {
  const state: MemoryState = createMemoryState();
  const lock = createStoreLock();
  const key = options.auditKey ?? randomBytes(32).toString('hex');
  // The head lives beside the state, not in it: a rolled-back transaction puts the state back, never the head.
  const head = createMemoryAuditHead();
  // Outside a transaction each call waits its turn; inside, the transaction already holds the lock.
  const topLevel: MemorySession = { run: (fn) => lock.run(async () => fn(state)) };

  return {
    ...createMemoryRepositories(topLevel, { key, appended: (entry) => head.record([entry]) }),
    // All or nothing: a snapshot of every table and counter is put back when `work` throws.
    transaction: <T>(work: (repos: Repositories) => Promise<T>) =>
      lock.run(async () => {
        const snapshot = structuredClone(state);
        let open = true;
        const inTransaction: MemorySession = {
          run: async (fn) => {
            // Like a finished database transaction, its repositories cannot be used afterwards.
            if (!open) throw storeError('STORE_MISUSE', 'The repositories of a transaction that has ended were called.');
            return fn(state);
          },
        };
        const appended: AuditEntry[] = [];
        try {
          const result = await work(createMemoryRepositories(inTransaction, { key, appended: (entry) => appended.push(entry) }));
          // Committed: its entries reach the head, as the SQL store's do after COMMIT.
          head.record(appended);
          return result;
        } catch (error) {
          Object.assign(state, snapshot);
          throw error;
        } finally {
          open = false;
        }
      }),
    auditIntegrity: {
      checkChain: (entries) => verifyAuditChain(entries, key),
      readHead: () => head.read(),
    },
    close: () => lock.run(async () => undefined),
  };
}
