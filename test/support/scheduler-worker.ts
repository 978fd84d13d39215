// A scheduler process for the multi-process tests: opens the database, walks a simulated clock from `from` to `to`
// running one round per step (tick, then dispatch), and appends every delivery to a JSON-lines log.
// Usage: node --import tsx test/support/scheduler-worker.ts <databaseUrl> <fromIso> <toIso> <stepMinutes> <logFile> <name> [shared:<startFile>:<speed>]
// With `shared`, the clock is not stepped but runs `speed` times faster than the wall clock from a real instant t0
// (ms since the epoch), so processes started together read the same simulated time, as real processes share one clock;
// rounds then follow each other as fast as they can. Each process says `ready` on stdout once its app is open and waits
// for the parent to write t0 into `startFile`: however long a busy machine takes to start one, none begins late.
import { appendFileSync } from 'node:fs';
import { createPrismaStore } from '../../src/adapters/prisma/create-prisma-store.ts';
import { loadConfig } from '../../src/config/load-config.ts';
import { openApp } from '../../src/main.ts';
import { awaitSharedStart } from './shared-clock-start.ts';

const [url, fromIso, toIso, stepMinutes, logFile, name, sharedSpec] = process.argv.slice(2);
if (!url || !fromIso || !toIso || !stepMinutes || !logFile || !name) {
  process.stderr.write('usage: scheduler-worker <databaseUrl> <fromIso> <toIso> <stepMinutes> <logFile> <name>\n');
  process.exit(64);
}

const start = new Date(fromIso).getTime();
const end = new Date(toIso).getTime();
const shared = sharedSpec ? /^shared:(.+):(\d+)$/.exec(sharedSpec) : null;
if (sharedSpec && !shared) {
  process.stderr.write(`bad clock spec ${sharedSpec}\n`);
  process.exit(64);
}
let t0 = 0;
const sharedNow = () => new Date(Math.min(end, start + (Date.now() - t0) * Number(shared![2])));
let now = new Date(start);
const store = await createPrismaStore({ url });
const app = await openApp(loadConfig({ DATABASE_URL: url }), { store, clock: { now: () => new Date(now) } });
if (shared) {
  t0 = await awaitSharedStart(shared[1]!);
  now = sharedNow();
}
// A claimed message is reserved for its sender for a simulated day. A real process's two-minute lease is thousands of
// times the few milliseconds a send takes; at a shared clock's speed a simulated day keeps that proportion (a few real
// seconds against the tenth of a second a batch of ten takes here).
const dispatcher = app.dispatcher(
  {
  async send(m) {
    // One write per line with O_APPEND: lines from two processes never interleave.
    appendFileSync(logFile, `${JSON.stringify({ by: name, at: now.toISOString(), id: m.id, userId: m.userId, message: m.message, caseId: m.caseId, level: m.params.level ?? 0 })}\n`);
    return { ok: true };
  },
  },
  { leaseMs: 86_400_000, batchSize: 10 },
);

for (;;) {
  await app.tick.tick(now);
  await dispatcher.dispatch(now);
  if (now.getTime() >= end) break;
  now = shared ? sharedNow() : new Date(Math.min(now.getTime() + Number(stepMinutes) * 60_000, end));
}
await store.close();
process.stdout.write(`${name} done\n`);
