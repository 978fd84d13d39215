// The in-memory fake of the store: the same ports, the same ids, ordering and conflict rules as the SQL store (both
// pass test/support/store-contract.ts), for tests and demos that need no database.
import type { Repositories, Store } from '../../application/ports/store.ts';
import { storeError } from '../store-errors.ts';
import { createStoreLock } from '../store-lock.ts';
import { createMemoryAgencyRepository } from './memory-agency.repository.ts';
import { createMemoryAuditRepository } from './memory-audit.repository.ts';
import { createMemoryCaseRepository } from './memory-case.repository.ts';
import { createMemoryConversationRepository } from './memory-conversation.repository.ts';
import { createMemoryDatasetRepository } from './memory-dataset.repository.ts';
import { createMemoryDelegationRepository } from './memory-delegation.repository.ts';
import { createMemoryGrantRepository } from './memory-grant.repository.ts';
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

function createMemoryRepositories(session: MemorySession): Repositories {
  return {
    cases: createMemoryCaseRepository(session),
    datasets: createMemoryDatasetRepository(session),
    users: createMemoryUserRepository(session),
    agencies: createMemoryAgencyRepository(session),
    grants: createMemoryGrantRepository(session),
    audit: createMemoryAuditRepository(session),
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
  };
}

export function createMemoryStore(): Store {
  const state: MemoryState = createMemoryState();
  const lock = createStoreLock();
  // Outside a transaction each call waits its turn; inside, the transaction already holds the lock.
  const topLevel: MemorySession = { run: (fn) => lock.run(async () => fn(state)) };

  return {
    ...createMemoryRepositories(topLevel),
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
        try {
          return await work(createMemoryRepositories(inTransaction));
        } catch (error) {
          Object.assign(state, snapshot);
          throw error;
        } finally {
          open = false;
        }
      }),
    close: () => lock.run(async () => undefined),
  };
}
