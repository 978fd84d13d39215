// One holder at a time, per store. The SQLite driver adapter runs every query, in or out of a transaction, on one
// connection: a query issued while another caller's transaction is open would silently become part of it. So each
// store serialises its own work; SQLite serialises writers anyway, so little is lost. The fake uses the same lock, so
// its transactions cannot interleave either.
import { AsyncLocalStorage } from 'node:async_hooks';
import { storeError } from './store-errors.ts';

export interface StoreLock {
  /** Runs `fn` once every earlier caller has finished. */
  run<T>(fn: () => Promise<T>): Promise<T>;
}

/**
 * Marks the async context of the current holder of a lock, to turn a would-be deadlock into an error that says what to
 * do. One for the whole process: every AsyncLocalStorage alive slows every later await in the process a little, and a
 * store per test file would add up.
 */
const holder = new AsyncLocalStorage<{ lock: object; active: boolean }>();

export function createStoreLock(): StoreLock {
  const me = {};
  let tail: Promise<unknown> = Promise.resolve();

  return {
    run<T>(fn: () => Promise<T>): Promise<T> {
      const current = holder.getStore();
      if (current?.active && current.lock === me) {
        return Promise.reject(
          storeError(
            'STORE_MISUSE',
            'The store was called from inside store.transaction(work): use the repositories passed to `work` instead.',
          ),
        );
      }
      const result = tail.then(() => {
        const mark = { lock: me, active: true };
        return holder.run(mark, () => fn().finally(() => (mark.active = false)));
      });
      tail = result.catch(() => undefined);
      return result;
    },
  };
}
