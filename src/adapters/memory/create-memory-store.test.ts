import { describeStoreContract } from '../../../test/support/store-contract.ts';
import { createMemoryStore } from './create-memory-store.ts';

describeStoreContract('memory', () => createMemoryStore());
