// Configuration for the Prisma CLI (generate, migrate deploy/diff/status). It runs the JavaScript schema engine over
// the better-sqlite3 driver adapter, so no engine binary has to be downloaded.
// With a config file the CLI no longer reads .env by itself: load it here, and fall back to the default database so
// `prisma generate` (run by postinstall on a fresh clone) needs no environment at all.
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { defineConfig } from 'prisma/config';
import { PrismaBetterSQLite3 } from '@prisma/adapter-better-sqlite3';

try {
  process.loadEnvFile();
} catch {
  // No .env file: the defaults below apply.
}

const DEFAULT_DATABASE_URL = 'file:./data/kaifang.db';
const url = process.env.DATABASE_URL ?? DEFAULT_DATABASE_URL;
process.env.DATABASE_URL = url;

export default defineConfig({
  experimental: { adapter: true },
  engine: 'js',
  adapter: async () => {
    // SQLite creates the file but not its folder; without this the CLI fails with a bare "External error".
    const path = url.replace(/^file:/, '');
    if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
    return new PrismaBetterSQLite3({ url });
  },
  schema: 'prisma/schema.prisma',
  migrations: { path: 'prisma/migrations' },
});
