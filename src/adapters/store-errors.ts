// The ways a store can fail that are nobody's input mistake: thrown as KaifangError with a stable code,
// the underlying error kept as `cause`, and logged once at the adapter boundary.
import { KaifangError } from '../domain/errors.ts';

export const STORE_ERROR_CODES = [
  /** The database could not be opened or a query failed. */
  'STORE_UNAVAILABLE',
  /** Another process held the write lock for longer than we are willing to wait. */
  'STORE_BUSY',
  /** A stored row does not have the shape the code expects (hand-edited database, bad migration). */
  'STORE_CORRUPT',
  /** An update named a row that does not exist: the caller should have checked first. */
  'STORE_NOT_FOUND',
  /** Applying a migration failed; the database was left as it was before. */
  'STORE_MIGRATION_FAILED',
  /** The store was used in a way that cannot work, e.g. a top-level call from inside `transaction(work)`. */
  'STORE_MISUSE',
] as const;

export type StoreErrorCode = (typeof STORE_ERROR_CODES)[number];

export function storeError(code: StoreErrorCode, message: string, cause?: unknown): KaifangError {
  return new KaifangError(code, message, cause === undefined ? undefined : { cause });
}
