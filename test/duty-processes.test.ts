// Two scheduler processes on one database over a simulated two months open every duty that falls due exactly once:
// each W13 key is claimed in the transaction that creates its case, whichever process gets there first.
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { createPrismaStore } from '../src/adapters/prisma/create-prisma-store.ts';
import { addDays } from '../src/domain/calendar/local-date.ts';
import { FRESHNESS_DUTY } from '../src/domain/duties/freshness-duty.ts';
import { UPDATE_FREQUENCIES, type CatalogEntry } from '../src/domain/model.ts';
import { seedWorld } from './support/reminder-world.ts';
import { tempDatabaseUrl } from './support/run-cli.ts';

const WORKER = resolve(import.meta.dirname, 'support', 'duty-worker.ts');
const fileOf = (url: string) => url.slice('file:'.length);

interface Logged {
  by: string;
  at: string;
  key: string;
  caseId?: string;
  refused?: string;
}

function runWorker(args: string[]): Promise<{ code: number | null; stderr: string }> {
  return new Promise((done) => {
    const child = spawn(process.execPath, ['--import', 'tsx', WORKER, ...args], { env: { ...process.env, TZ: 'America/Los_Angeles' } });
    let stderr = '';
    child.stderr.on('data', (c) => (stderr += String(c)));
    child.on('exit', (code) => done({ code, stderr }));
  });
}

const entry = (name: string, updateFrequency: CatalogEntry['updateFrequency']): CatalogEntry => ({
  name,
  summary: name,
  fields: ['a'],
  attribute: 'unconditional',
  conditions: null,
  formats: ['CSV'],
  dataType: 'dataset',
  updateFrequency,
});

describe('two scheduler processes on one database', () => {
  it('open every duty of a simulated two months exactly once', async () => {
    const url = tempDatabaseUrl();
    const store = await createPrismaStore({ url });
    await seedWorld(store);
    // 48 datasets of every frequency, last updated on staggered days, so that duties fall due all through the period.
    for (let i = 0; i < 48; i++) {
      const frequency = UPDATE_FREQUENCIES[i % UPDATE_FREQUENCIES.length]!;
      await store.datasets.create(entry(`Data ${i}`, frequency), 'transport', 'published', { lastUpdatedOn: addDays('2025-11-20', i * 2) });
    }
    const datasets = await store.datasets.search({ status: 'published' });
    await store.close();
    const expected = FRESHNESS_DUTY.due({ datasets, today: '2026-02-28' }).map((d) => d.key).sort();
    // Some at the start, more as the weeks pass; archived data never.
    expect(FRESHNESS_DUTY.due({ datasets, today: '2026-01-01' }).length).toBeLessThan(expected.length);
    expect(expected.length).toBeGreaterThan(20);

    // Both read one clock: the two months pass in about 12 s, starting six seconds from now so both are up first.
    const log = join(fileOf(url), '..', 'duties.jsonl');
    const from = '2026-01-01T00:00:00+08:00';
    const to = '2026-02-28T12:00:00+08:00';
    const speed = String(Math.round((59 * 86_400) / 12));
    const t0 = String(Date.now() + 6_000);
    const [a, b] = await Promise.all([runWorker([url, from, to, log, 'a', t0, speed]), runWorker([url, from, to, log, 'b', t0, speed])]);
    expect(a.code, a.stderr).toBe(0);
    expect(b.code, b.stderr).toBe(0);

    const logged: Logged[] = existsSync(log) ? readFileSync(log, 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l) as Logged) : [];
    expect(logged.filter((l) => l.refused)).toEqual([]);
    expect(logged.map((l) => l.key).sort()).toEqual(expected);
    // Opened as they fell due, on many days of the period, not all at once.
    expect(new Set(logged.map((l) => l.at.slice(0, 10))).size).toBeGreaterThan(5);
    const db = new Database(fileOf(url), { readonly: true });
    try {
      const cases = db.prepare("SELECT id, datasetId, data FROM \"Case\" WHERE workflow = 'W13'").all() as { id: string; datasetId: string; data: string }[];
      expect(cases).toHaveLength(expected.length);
      expect(new Set(cases.map((c) => `W13:${c.datasetId}:${(JSON.parse(c.data) as { dueOn: string }).dueOn}`))).toEqual(new Set(expected));
      const claims = db.prepare("SELECT count(*) AS n FROM OnceKey WHERE key LIKE 'duty:%'").get() as { n: number };
      expect(claims.n).toBe(expected.length);
      const audited = db.prepare("SELECT count(*) AS n FROM AuditEntry WHERE action = 'W13.open'").get() as { n: number };
      expect(audited.n).toBe(expected.length);
    } finally {
      db.close();
    }
  }, 120_000);
});
