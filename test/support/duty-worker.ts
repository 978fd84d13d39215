// A scheduler process for the multi-process duty test: opens the database and, on a clock shared with the other
// processes (running `speed` times faster than the wall clock from the real instant t0), runs rounds as the bot does —
// the duty opener, then the tick — appending every case it opened to a JSON-lines log. It says `ready` on stdout once
// its app is open and waits for the parent to write t0 into `startFile`, so that no process begins late.
// Usage: node --import tsx test/support/duty-worker.ts <databaseUrl> <fromIso> <toIso> <logFile> <name> <startFile> <speed>
import { appendFileSync } from 'node:fs';
import { createPrismaStore } from '../../src/adapters/prisma/create-prisma-store.ts';
import { loadConfig } from '../../src/config/load-config.ts';
import { openApp } from '../../src/main.ts';
import { awaitSharedStart } from './shared-clock-start.ts';

const [url, fromIso, toIso, logFile, name, startFile, speed] = process.argv.slice(2);
if (!url || !fromIso || !toIso || !logFile || !name || !startFile || !speed) {
  process.stderr.write('usage: duty-worker <databaseUrl> <fromIso> <toIso> <logFile> <name> <startFile> <speed>\n');
  process.exit(64);
}
const start = new Date(fromIso).getTime();
const end = new Date(toIso).getTime();
let t0 = 0;
const sharedNow = () => new Date(Math.min(end, start + Math.max(0, Date.now() - t0) * Number(speed)));

const store = await createPrismaStore({ url });
let now = new Date(start);
const app = await openApp(loadConfig({ DATABASE_URL: url }), { store, clock: { now: () => new Date(now) } });
t0 = await awaitSharedStart(startFile);
now = sharedNow();
for (;;) {
  const round = await app.duties.open(now);
  // One write per line with O_APPEND: lines from two processes never interleave.
  for (const o of round.opened) appendFileSync(logFile, `${JSON.stringify({ by: name, at: now.toISOString(), key: o.duty.key, caseId: o.caseId })}\n`);
  for (const r of round.refused) appendFileSync(logFile, `${JSON.stringify({ by: name, at: now.toISOString(), key: r.duty.key, refused: r.refusal.error })}\n`);
  await app.tick.tick(now);
  if (now.getTime() >= end) break;
  now = sharedNow();
}
await store.close();
process.stdout.write(`${name} done\n`);
