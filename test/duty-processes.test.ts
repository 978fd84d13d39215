// Two scheduler processes on one database over a simulated year open every duty that falls due exactly once — each
// dataset's update (W13) and each re-assessment of a conditional or closed attribute (W2R): each key is claimed in the
// transaction that creates its case, whichever process gets there first.
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { createPrismaStore } from '../src/adapters/prisma/create-prisma-store.ts';
import { addDays } from '../src/domain/calendar/local-date.ts';
import { DUTIES } from '../src/domain/duties/duties.ts';
import { UPDATE_FREQUENCIES, type Agency, type CatalogEntry, type Dataset, type LocalDate, type OpenAttribute } from '../src/domain/model.ts';
import { PROFILES } from '../src/domain/policy/profiles.ts';
import { seedWorld } from './support/reminder-world.ts';
import { tempDatabaseUrl } from './support/run-cli.ts';
import { runTogether, startWorker } from './support/shared-clock-start.ts';

const WORKER = resolve(import.meta.dirname, 'support', 'duty-worker.ts');
const fileOf = (url: string) => url.slice('file:'.length);

interface Logged {
  by: string;
  at: string;
  key: string;
  caseId?: string;
  refused?: string;
}

const workerRun = (args: string[]) => startWorker(['--import', 'tsx', WORKER, ...args]);

const ATTRIBUTES: readonly OpenAttribute[] = ['unconditional', 'conditional', 'closed'];

const entry = (name: string, updateFrequency: CatalogEntry['updateFrequency'], attribute: OpenAttribute): CatalogEntry => ({
  name,
  summary: name,
  fields: ['a'],
  attribute,
  conditions: attribute === 'conditional' ? '限科研用途' : null,
  formats: ['CSV'],
  dataType: 'dataset',
  updateFrequency,
  sharing: 'unconditional',
  sharingConditions: null,
  sharingBasis: null,
});

/**
 * Every duty key due on `today` over the catalog and the agencies (the default profile's: a re-assessment a year after
 * the last; the annual plans from 1 March).
 */
const dueKeys = (datasets: Dataset[], agencies: Agency[], today: LocalDate) =>
  DUTIES.flatMap((d) => d.due({ datasets, grants: [], agencies, timeZone: 'Asia/Shanghai', today, profile: PROFILES.taian! })).map((d) => d.key).sort();

describe('two scheduler processes on one database', () => {
  it('open every duty of a simulated year exactly once: updates, re-assessments and the annual plans', async () => {
    const url = tempDatabaseUrl();
    const store = await createPrismaStore({ url });
    await seedWorld(store);
    // 48 datasets of every frequency and attribute (8 and 3 are coprime: every pair), last updated and re-assessed on
    // days staggered over the year before, so that duties of both kinds fall due all through the year.
    for (let i = 0; i < 48; i++) {
      const frequency = UPDATE_FREQUENCIES[i % UPDATE_FREQUENCIES.length]!;
      const day = addDays('2025-01-10', i * 7);
      await store.datasets.create(entry(`Data ${i}`, frequency, ATTRIBUTES[i % ATTRIBUTES.length]!), 'transport', 'published', { lastUpdatedOn: day, attributeAssessedOn: day });
    }
    const datasets = await store.datasets.search({ status: 'published' });
    const agencies = await store.agencies.list();
    await store.close();
    // The year's plans (W12) open between 1 March and 31 May: due at its end are those of the datasets and, seen by
    // then, the year's plans.
    const expected = [...dueKeys(datasets, agencies, '2026-12-31'), ...dueKeys([], agencies, '2026-05-31')].sort();
    const plans = expected.filter((k) => k.startsWith('W12:'));
    const reassessments = expected.filter((k) => k.startsWith('W2R:'));
    const updates = expected.filter((k) => k.startsWith('W13:'));
    // Some at the start, more as the months pass; archived data never, unconditional data never re-assessed.
    expect(dueKeys(datasets, agencies, '2026-01-01').length).toBeLessThan(expected.length);
    expect(reassessments.length).toBe(32);
    expect(plans).toEqual(['W12:bdb:2026', 'W12:transport:2026']);
    expect(updates.length).toBeGreaterThan(20);

    // Both read one clock: the year passes in about 30 s, from the moment both are up (each says so, then the start
    // file gives them the instant).
    const log = join(fileOf(url), '..', 'duties.jsonl');
    const from = '2026-01-01T00:00:00+08:00';
    const to = '2026-12-31T12:00:00+08:00';
    const speed = String(Math.round((365 * 86_400) / 30));
    const startFile = join(fileOf(url), '..', 'start-at');
    const [a, b] = await runTogether([workerRun([url, from, to, log, 'a', startFile, speed]), workerRun([url, from, to, log, 'b', startFile, speed])], startFile);
    expect(a.code, a.stderr).toBe(0);
    expect(b.code, b.stderr).toBe(0);

    const logged: Logged[] = existsSync(log) ? readFileSync(log, 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l) as Logged) : [];
    expect(logged.filter((l) => l.refused)).toEqual([]);
    expect(logged.map((l) => l.key).sort()).toEqual(expected);
    // Opened as they fell due, in every month of the year (in the platform's time zone, +08:00), not all at once.
    const monthOf = (at: string) => new Date(new Date(at).getTime() + 8 * 3_600_000).toISOString().slice(0, 7);
    expect(new Set(logged.map((l) => monthOf(l.at))).size).toBe(12);
    const db = new Database(fileOf(url), { readonly: true });
    try {
      const cases = db.prepare("SELECT id, workflow, datasetId, data FROM \"Case\" WHERE workflow IN ('W13', 'W2R')").all() as { id: string; workflow: string; datasetId: string; data: string }[];
      expect(cases).toHaveLength(expected.length - plans.length);
      expect(new Set(cases.map((c) => `${c.workflow}:${c.datasetId}:${(JSON.parse(c.data) as { dueOn: string }).dueOn}`))).toEqual(new Set(expected.filter((k) => !k.startsWith('W12:'))));
      const planCases = db.prepare("SELECT count(*) AS n FROM \"Case\" WHERE workflow = 'W12'").get() as { n: number };
      expect(planCases.n).toBe(plans.length);
      const claims = db.prepare("SELECT count(*) AS n FROM OnceKey WHERE key LIKE 'duty:%'").get() as { n: number };
      expect(claims.n).toBe(expected.length);
      const audited = (action: string) => (db.prepare('SELECT count(*) AS n FROM AuditEntry WHERE action = ?').get(action) as { n: number }).n;
      expect(audited('W13.open')).toBe(updates.length);
      expect(audited('W2R.open')).toBe(reassessments.length);
      expect(audited('W12.open')).toBe(plans.length);
    } finally {
      db.close();
    }
  }, 120_000);
});
