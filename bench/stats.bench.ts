// The evaluation benchmark: `stats` for a year over 100,000 closed cases on SQLite (about 430,000 audit entries), by
// agency and by workflow, as `npx kaifang stats` and the weekly report do: the first reading computes every case's
// handling from its entries and keeps the memo; the readings after take the trail of only the cases changed since.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import Database from 'better-sqlite3';
import { loadConfig } from '../src/config/load-config.ts';
import { openApp } from '../src/main.ts';
import { addWorkingDays } from '../src/domain/calendar/working-calendar.ts';

export interface StatsBenchResult {
  cases: number;
  entries: number;
  /** The first `stats` on the file: every case read from its trail, and the memo put. */
  firstMs: number;
  /** Median ms of one `stats` computation for the year, by agency, nothing changed since the last. */
  byAgencyMs: number;
  byWorkflowMs: number;
  /** After 1% of the cases got an entry: those read from their trails again, the memo put back. */
  afterChangeMs: number;
  changedCases: number;
  closedCounted: number;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const iso = (d: Date) => d.toISOString().replace('Z', '+00:00');
const PROVIDERS = ['transport', 'ecology', 'health', 'education', 'housing'];

export async function runStatsBench(cases = 100_000, runs = 3): Promise<StatsBenchResult> {
  const dir = mkdtempSync(join(tmpdir(), 'kaifang-bench-stats-'));
  const url = `file:${join(dir, 'stats.db')}`;
  const app = await openApp(loadConfig({ DATABASE_URL: url, KAIFANG_NOW: '2026-12-31T12:00:00+08:00' }));
  const { store, calendar } = app;
  await store.agencies.upsert({ id: 'bdb', name: '市大数据局', kind: 'authority', level: 'city' });
  for (const id of PROVIDERS) await store.agencies.upsert({ id, name: id, kind: 'provider', level: 'city' });

  // Bulk load with plain SQL (Prisma's writes would take minutes at this size): W5 applications through formal review
  // at the bureau and the provider's review to an accepted agreement, a tenth returned once, a twentieth escalated.
  const db = new Database(join(dir, 'stats.db'));
  const insertCase = db.prepare(
    `INSERT INTO "Case" (id, number, workflow, state, data, applicantId, datasetId, assigneeAgencyId, assigneeRole, deadline, dueOn, version, createdAt, updatedAt, lastActorId)
     VALUES (?, ?, 'W5', 'approved', '{}', 'alice', NULL, NULL, NULL, NULL, NULL, ?, ?, ?, 'alice')`,
  );
  const insertEntry = db.prepare(
    `INSERT INTO AuditEntry (seq, at, actorId, channel, action, caseId, detail, prevHash, hash) VALUES (?, ?, 'u', 'cli', ?, ?, ?, ?, ?)`,
  );
  let seq = 0;
  db.transaction(() => {
    for (let i = 1; i <= cases; i++) {
      const id = `C-${String(i).padStart(6, '0')}`;
      const provider = PROVIDERS[i % PROVIDERS.length]!;
      let day = addWorkingDays(calendar, '2026-01-05', i % 230).dueOn;
      const entries: Array<[string, string, Record<string, string | number>]> = [];
      let version = 0;
      const add = (action: string, detail: Record<string, string | number>, later = 0) => {
        if (later) day = addWorkingDays(calendar, day, later).dueOn;
        entries.push([day, action, { ...detail, version: ++version }]);
      };
      const formal = (action: string) => add(action, { dueOn: addWorkingDays(calendar, day, 5).dueOn, taskAgency: 'bdb', taskRole: 'reviewer', state: 'formal_review' });
      formal('W5.submit');
      if (i % 10 === 0) {
        add('W5.return_formal', { reasons: '1. x', count: 1, state: 'returned' }, 2);
        day = addWorkingDays(calendar, day, 3).dueOn;
        formal('W5.resubmit');
      }
      add('W5.approve_formal', { dueOn: addWorkingDays(calendar, day, 1 + 10).dueOn, taskAgency: provider, taskRole: 'reviewer', state: 'provider_review' }, 1);
      if (i % 20 === 0) entries.push([addWorkingDays(calendar, day, 11).dueOn, 'reminder.escalation', { level: 1, stage: version, to: 'tom' }]);
      add('W5.approve_provider', { offered: `AG-${id}`, state: 'awaiting_acceptance' }, 3 + (i % 20 === 0 ? 10 : i % 7));
      add('W5.accept', { grant: `G-${i}`, state: 'approved' }, 1);
      const created = new Date(`${entries[0]![0]}T02:00:00Z`);
      const closed = new Date(`${entries.at(-1)![0]}T02:00:00Z`);
      insertCase.run(id, i, version, iso(created), iso(closed));
      for (const [on, action, detail] of entries) {
        seq++;
        insertEntry.run(seq, iso(new Date(`${on}T02:00:00Z`)), action, id, JSON.stringify(detail), `p${seq}`, `h${seq}`);
      }
    }
  })();
  db.close();

  const year = { from: '2026-01-01', to: '2026-12-31', scope: null };
  let t0 = performance.now();
  await app.statistics.compute({ ...year, by: 'agency' }, '2026-12-31');
  const firstMs = performance.now() - t0;
  const byAgency: number[] = [];
  const byWorkflow: number[] = [];
  let closedCounted = 0;
  for (let r = 0; r < runs; r++) {
    t0 = performance.now();
    const a = await app.statistics.compute({ ...year, by: 'agency' }, '2026-12-31');
    byAgency.push(performance.now() - t0);
    t0 = performance.now();
    const w = await app.statistics.compute({ ...year, by: 'workflow' }, '2026-12-31');
    byWorkflow.push(performance.now() - t0);
    closedCounted = w.total.closed;
    if (a.rows.length !== PROVIDERS.length + 1) throw new Error(`stats bench: expected ${PROVIDERS.length + 1} agencies, got ${a.rows.length}`);
  }

  // A late escalation on every hundredth case (after it closed: it changes no figure, but the case must be read again).
  const changed = Math.floor(cases / 100);
  const late = new Database(join(dir, 'stats.db'));
  late.transaction(() => {
    for (let i = 1; i <= changed; i++) {
      seq++;
      insertEntryOn(late, seq, `C-${String(i * 100).padStart(6, '0')}`);
    }
  })();
  late.close();
  t0 = performance.now();
  const after = await app.statistics.compute({ ...year, by: 'agency' }, '2026-12-31');
  const afterChangeMs = performance.now() - t0;
  if (after.total.closed !== closedCounted) throw new Error('stats bench: the change moved the figures');
  await app.close();
  return { cases, entries: seq, firstMs, byAgencyMs: median(byAgency), byWorkflowMs: median(byWorkflow), afterChangeMs, changedCases: changed, closedCounted };
}

function insertEntryOn(db: Database.Database, seq: number, caseId: string): void {
  db.prepare(`INSERT INTO AuditEntry (seq, at, actorId, channel, action, caseId, detail, prevHash, hash) VALUES (?, ?, 'u', 'cli', 'task.nudge', ?, '{}', ?, ?)`).run(
    seq,
    '2026-12-30T02:00:00.000+00:00',
    caseId,
    `p${seq}`,
    `h${seq}`,
  );
}
