import { storeError } from '../store-errors.ts';

/**
 * The file behind a `file:` database url, as the better-sqlite3 adapter opens it (relative paths from the working
 * directory). In-memory databases are refused: the migration step and the client would each get their own.
 */
export function sqliteFilePath(url: string): string {
  if (!url.startsWith('file:')) {
    throw storeError('STORE_MISUSE', `DATABASE_URL must be a SQLite file url such as file:./data/kaifang.db, not "${url}".`);
  }
  const path = url.slice('file:'.length);
  if (path === '' || path === ':memory:' || path.includes('?')) {
    throw storeError(
      'STORE_MISUSE',
      `DATABASE_URL "${url}" is not a plain SQLite file path. Use file:<path>; for tests without a file use the memory store.`,
    );
  }
  return path;
}
