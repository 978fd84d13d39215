// Real concurrency against one SQLite file: separate Store instances (each its own PrismaClient and connection) in
// this process, and separate processes, racing for the same rows. The contract tests cover one instance.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import type { NewCase } from '../src/application/ports/cases.ts';
import type { Store } from '../src/application/ports/store.ts';
import { createPrismaStore } from '../src/adapters/prisma/create-prisma-store.ts';

const REPO_ROOT = fileURLToPath(new URL('../', import.meta.url));
const root = mkdtempSync(join(tmpdir(), 'kaifang-concurrency-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

let n = 0;
function freshUrl(): string {
  n += 1;
  return `file:${join(root, `db-${n}`, 'kaifang.db')}`;
}

const AT = new Date('2025-03-03T02:00:00.000Z');
const NEW_CASE: NewCase = {
  workflow: 'W5',
  state: 'submitted',
  data: {},
  applicantId: 'applicant',
  datasetId: null,
  assignee: { agencyId: 'agency-a', role: 'reviewer' },
  deadline: null,
};
const DECISION = { state: 'approved', data: {}, assignee: null, deadline: null };

function expectedIds(count: number): string[] {
  return Array.from({ length: count }, (_, i) => `C-${String(i + 1).padStart(4, '0')}`);
}

async function withStores<T>(url: string, count: number, work: (stores: Store[]) => Promise<T>): Promise<T> {
  const stores: Store[] = [];
  try {
    for (let i = 0; i < count; i += 1) stores.push(await createPrismaStore({ url }));
    return await work(stores);
  } finally {
    await Promise.all(stores.map((s) => s.close()));
  }
}

// A child process: loads the store, says "ready", waits for "go" on stdin so all children start together, runs its
// part and prints the result as JSON.
const CHILD_SCRIPT = `
import { createInterface } from 'node:readline';
const [mode, url, who, count] = process.argv.slice(2);
const { applyMigrations } = await import(${JSON.stringify(pathToFileURL(join(REPO_ROOT, 'src/adapters/prisma/apply-migrations.ts')).href)});
const { createPrismaStore } = await import(${JSON.stringify(pathToFileURL(join(REPO_ROOT, 'src/adapters/prisma/create-prisma-store.ts')).href)});
const store = mode === 'migrate' ? null : await createPrismaStore({ url });
process.stdout.write('ready\\n');
await new Promise((resolve) => createInterface({ input: process.stdin }).once('line', resolve));
let result;
if (mode === 'migrate') {
  result = await applyMigrations(url);
} else if (mode === 'create') {
  const input = ${JSON.stringify(NEW_CASE)};
  const created = await Promise.all(Array.from({ length: Number(count) }, () => store.cases.create(input, new Date(), who)));
  result = created.map((c) => c.id);
} else if (mode === 'decide') {
  result = [];
  for (let i = 1; i <= Number(count); i += 1) {
    const id = 'C-' + String(i).padStart(4, '0');
    const won = await store.transaction(async (repos) => {
      await repos.cases.get(id);
      const updated = await repos.cases.update(id, 1, ${JSON.stringify(DECISION)}, new Date(), who);
      if (updated !== null) await repos.audit.append({ at: new Date(), actorId: who, channel: 'cli', action: 'decide', caseId: id, detail: {} });
      return updated !== null;
    });
    result.push(won);
  }
}
await store?.close();
process.stdout.write(JSON.stringify(result) + '\\n');
`;
const childScript = join(root, 'child.mjs');
writeFileSync(childScript, CHILD_SCRIPT);

interface Child {
  ready: Promise<void>;
  result: Promise<unknown>;
  go(): void;
}

function startChild(args: string[]): Child {
  const child = spawn(process.execPath, ['--import', 'tsx', childScript, ...args], {
    cwd: REPO_ROOT,
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  let markReady: () => void = () => undefined;
  const ready = new Promise<void>((resolve) => (markReady = resolve));
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
    out += chunk;
    if (out.startsWith('ready\n')) markReady();
  });
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (err += chunk));
  const result = new Promise<unknown>((resolve, reject) => {
    child.on('close', (code) => {
      if (code !== 0) return reject(new Error(`child ${args.join(' ')} exited ${code}: ${err}`));
      resolve(JSON.parse(out.slice('ready\n'.length)));
    });
  });
  return { ready: Promise.race([ready, result.then(() => undefined)]), result, go: () => child.stdin.end('go\n') };
}

/** Starts the children, waits until all are loaded, then releases them at once. */
async function race(argsList: string[][]): Promise<unknown[]> {
  const children = argsList.map(startChild);
  await Promise.all(children.map((c) => c.ready));
  for (const c of children) c.go();
  return Promise.all(children.map((c) => c.result));
}

describe('two Store instances on one SQLite file', () => {
  it('lets exactly one of two simultaneous updates of the same version through, round after round', async () => {
    await withStores(freshUrl(), 2, async ([a, b]) => {
      for (let round = 0; round < 20; round += 1) {
        const created = await a!.cases.create(NEW_CASE, AT, 'applicant');
        // Both read version 1, then decide at the same moment, each inside its own transaction.
        const [seenByA, seenByB] = await Promise.all([a!.cases.get(created.id), b!.cases.get(created.id)]);
        expect([seenByA?.version, seenByB?.version]).toEqual([1, 1]);

        const decide = (store: Store, who: string) =>
          store.transaction(async (repos) => {
            await repos.cases.get(created.id); // a read first: the transaction must not work from a stale snapshot
            return repos.cases.update(created.id, 1, DECISION, AT, who);
          });
        const results = await Promise.all([decide(a!, 'reviewer-a'), decide(b!, 'reviewer-b')]);

        const winners = results.filter((r) => r !== null);
        expect(winners).toHaveLength(1);
        const stored = await b!.cases.get(created.id);
        expect(stored).toMatchObject({ version: 2, lastActorId: winners[0]!.lastActorId });
      }
    });
  });

  it('gives many concurrent creates from both instances unique, consecutive ids', async () => {
    await withStores(freshUrl(), 2, async ([a, b]) => {
      const created = await Promise.all(
        Array.from({ length: 60 }, (_, i) => (i % 2 === 0 ? a! : b!).cases.create(NEW_CASE, AT, `u${i}`)),
      );
      expect(created.map((c) => c.id).sort()).toEqual(expectedIds(60));
    });
  });

  it('gives a link code to exactly one of two instances redeeming it at once, round after round', async () => {
    await withStores(freshUrl(), 2, async ([a, b]) => {
      for (let round = 0; round < 20; round += 1) {
        const code = `RACE${String(round).padStart(4, '0')}`;
        await a!.linkCodes.create({ code, userId: 'bob', expiresAt: new Date(AT.getTime() + 60_000), createdAt: AT });
        // Each redeems and links in its own transaction, as the identity service does.
        const redeem = (store: Store, externalId: string) =>
          store.transaction(async (repos) => {
            const result = await repos.linkCodes.redeem(code, AT, { platform: 'slack', externalId });
            if (result.ok) await repos.identities.link({ platform: 'slack', externalId, userId: result.userId, linkedAt: AT });
            return result;
          });
        const results = await Promise.all([redeem(a!, `U-A${round}`), redeem(b!, `U-B${round}`)]);
        expect(results.filter((r) => r.ok)).toEqual([{ ok: true, userId: 'bob' }]);
        expect(results.filter((r) => !r.ok)).toEqual([{ ok: false, reason: 'used' }]);
        const winner = results[0]!.ok ? `U-A${round}` : `U-B${round}`;
        expect(await b!.identities.findByUser('slack', 'bob')).toMatchObject({ externalId: winner });
        expect((await a!.linkCodes.get(code))?.usedBy).toEqual({ platform: 'slack', externalId: winner });
      }
    });
  });

  it('keeps the audit chain whole when both instances append at once', async () => {
    await withStores(freshUrl(), 2, async ([a, b]) => {
      await Promise.all(
        Array.from({ length: 30 }, (_, i) =>
          (i % 2 === 0 ? a! : b!).audit.append({ at: AT, actorId: `u${i}`, channel: 'cli', action: 'x', caseId: null, detail: { i } }),
        ),
      );
      const entries = await a!.audit.list();
      expect(entries).toHaveLength(30);
      expect(b!.auditIntegrity.checkChain(entries)).toEqual({ ok: true, legacyThrough: 0 });
      // Both instances appended to one head file: a whole line for every entry, none torn or lost.
      const head = await a!.auditIntegrity.readHead();
      expect(head?.unreadableLines).toEqual([]);
      expect(head?.records.map((r) => [r.seq, r.hash]).sort(([x], [y]) => Number(x) - Number(y))).toEqual(entries.map((e) => [e.seq, e.hash]));
    });
  });
});

describe('separate processes on one SQLite file', () => {
  it('migrate a fresh file at the same moment: one applies, the others find it done', async () => {
    const url = freshUrl();
    const results = (await race([1, 2, 3, 4].map((i) => ['migrate', url, `p${i}`]))) as { applied: string[] }[];
    const appliers = results.filter((r) => r.applied.length > 0);
    expect(appliers).toHaveLength(1);
    const db = new Database(url.slice('file:'.length), { readonly: true });
    const rows = db.prepare(`SELECT migration_name FROM "_prisma_migrations"`).pluck().all();
    db.close();
    expect(rows).toEqual(appliers[0]!.applied);
  });

  it('create cases at the same moment with unique, consecutive ids', async () => {
    const url = freshUrl();
    const results = (await race([
      ['create', url, 'p1', '40'],
      ['create', url, 'p2', '40'],
    ])) as string[][];
    expect(results.flat().sort()).toEqual(expectedIds(80));
  });

  it('race to decide the same cases: each is decided exactly once', async () => {
    const url = freshUrl();
    const store = await createPrismaStore({ url });
    for (let i = 0; i < 20; i += 1) await store.cases.create(NEW_CASE, AT, 'applicant');

    const [p1, p2] = (await race([
      ['decide', url, 'p1', '20'],
      ['decide', url, 'p2', '20'],
    ])) as boolean[][];

    for (let i = 0; i < 20; i += 1) expect([p1![i], p2![i]].filter(Boolean)).toHaveLength(1);
    const cases = await store.cases.list();
    expect(cases.every((c) => c.version === 2)).toBe(true);
    const audit = await store.audit.list();
    expect(audit).toHaveLength(20);
    expect(store.auditIntegrity.checkChain(audit)).toEqual({ ok: true, legacyThrough: 0 });
    // Two processes appended to the one head file beside the database, each line whole.
    const head = await store.auditIntegrity.readHead();
    expect(head?.unreadableLines).toEqual([]);
    expect(new Map(head?.records.map((r) => [r.seq, r.hash]))).toEqual(new Map(audit.map((e) => [e.seq, e.hash])));
    await store.close();
  });
});
