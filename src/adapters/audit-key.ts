// The audit key: KAIFANG_AUDIT_KEY when it is set, otherwise a key generated into the data folder on the first start
// (a file readable by its owner only) and read from there on every start after.
import { linkSync, readFileSync, unlinkSync, writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { basename, dirname, extname, join } from 'node:path';
import { KaifangError } from '../domain/errors.ts';

/** The shortest key accepted, in characters (a generated key is 64 hex digits: 32 random bytes). */
export const AUDIT_KEY_MIN_LENGTH = 32;

/** A file beside the database with another extension: `./data/kaifang.db` → `./data/kaifang.<extension>`. */
export function besideDatabase(databasePath: string, extension: string): string {
  const name = basename(databasePath, extname(databasePath));
  return join(dirname(databasePath), `${name}.${extension}`);
}

function readKeyFile(path: string): string {
  const key = readFileSync(path, 'utf8').trim();
  if (key.length < AUDIT_KEY_MIN_LENGTH)
    throw new KaifangError(
      'CONFIG_INVALID',
      `The audit key file ${path} holds no usable key (at least ${AUDIT_KEY_MIN_LENGTH} characters). Restore it from a backup: the audit log is sealed with it.`,
    );
  return key;
}

/**
 * The key in `path`, created there first when there is none. Two processes starting at once agree on one key: each
 * writes its candidate to a file of its own and links it into place, which only the first can do.
 */
export function loadOrCreateAuditKey(path: string): string {
  try {
    return readKeyFile(path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  const candidate = `${path}.${process.pid}.${randomBytes(4).toString('hex')}`;
  writeFileSync(candidate, `${randomBytes(32).toString('hex')}\n`, { mode: 0o600, flag: 'wx' });
  try {
    linkSync(candidate, path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  } finally {
    unlinkSync(candidate);
  }
  return readKeyFile(path);
}
