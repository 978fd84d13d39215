import { describeStoreContract } from '../store-contract.test-kit.ts';
import { createMemoryStore } from './create-memory-store.ts';

describeStoreContract('memory', () => createMemoryStore());
