// `npm run bench`: every figure is measured in this run, on this machine.
import { runCalendarBench } from './calendar.bench.ts';
import { runCliStartupBench } from './cli-startup.bench.ts';
import { runConsoleCommandBench } from './console-commands.bench.ts';
import { runReminderTickBench } from './reminder-tick.bench.ts';
import { runSlackAckBench } from './slack-ack.bench.ts';
import { runTelegramAckBench } from './telegram-ack.bench.ts';
import { runStatsBench } from './stats.bench.ts';

const fmt = (n: number) => Math.round(n).toLocaleString('en-US');

console.log('kaifang benchmarks\n');
console.log('Working-day additions (addWorkingDays, n = 1..30, starts across 2024-2026):');
const calendar = await runCalendarBench();
for (const r of calendar) console.log(`  ${r.name.padEnd(42)} ${fmt(r.opsPerSec).padStart(14)} ops/s${r.note ? `  (${r.note})` : ''}`);
const ours = calendar[0]!.opsPerSec;
const chineseDays = calendar.find((r) => /chinese-days/.test(r.name));
console.log(`  goal ≥ 1,000,000 ops/s: ${ours >= 1_000_000 ? 'met' : 'NOT met'}`);
if (chineseDays) {
  const ratio = ours / chineseDays.opsPerSec;
  console.log(`  vs chinese-days: ${ratio.toFixed(1)}×  (goal ≥ 20×: ${ratio >= 20 ? 'met' : 'NOT met'})`);
}

console.log('\nConsole commands on SQLite (in-process handler, one file database):');
for (const r of await runConsoleCommandBench()) console.log(`  ${r.name.padEnd(10)} median ${r.medianMs.toFixed(2)} ms   p90 ${r.p90Ms.toFixed(2)} ms   (${r.runs} runs)`);

console.log('\nScheduler tick on SQLite (100,000 open cases with their reminder rows):');
const tickBench = await runReminderTickBench();
console.log(`  ${tickBench.cases.toLocaleString('en-US')} cases, ${tickBench.rows.toLocaleString('en-US')} schedule rows`);
console.log(`  tick with nothing due                     median ${tickBench.idleTickMs.toFixed(2)} ms`);
console.log(`  find + claim ${tickBench.due} due rows (index)         median ${tickBench.findClaimMs.toFixed(2)} ms`);
console.log(`  whole tick for ${tickBench.due} due rows (claim+audit)  median ${tickBench.fullTickMs.toFixed(2)} ms`);
console.log(`  full scan of every open case              median ${tickBench.fullScanMs.toFixed(2)} ms`);
console.log(`  goal: tick < 100 ms at 100,000 cases: ${tickBench.idleTickMs < 100 && tickBench.findClaimMs < 100 ? 'met' : 'NOT met'}; full scan is ${(tickBench.fullScanMs / tickBench.findClaimMs).toFixed(0)}× the indexed find + claim`);

const statsBench = await runStatsBench();
console.log(`\nEvaluation statistics on SQLite (${statsBench.cases.toLocaleString('en-US')} closed cases, ${statsBench.entries.toLocaleString('en-US')} audit entries, a year):`);
console.log(`  first stats on the file (every trail read) ${statsBench.firstMs.toFixed(0)} ms`);
console.log(`  stats by agency                           median ${statsBench.byAgencyMs.toFixed(0)} ms`);
console.log(`  stats by workflow                         median ${statsBench.byWorkflowMs.toFixed(0)} ms   (${statsBench.closedCounted.toLocaleString('en-US')} closed cases counted)`);
console.log(`  stats after ${statsBench.changedCases.toLocaleString('en-US')} cases changed             ${statsBench.afterChangeMs.toFixed(0)} ms`);
console.log(`  goal < 1,000 ms: ${Math.max(statsBench.byAgencyMs, statsBench.byWorkflowMs, statsBench.afterChangeMs) < 1000 ? 'met' : 'NOT met'}`);

const slack = await runSlackAckBench();
console.log(`\nSlack ack latency (${slack.requests} concurrent signed slash commands from linked users, loopback, ${slack.runs} alternating runs each):`);
console.log(`  mix: ${slack.mix.join(', ')}`);
const perRun = (r: typeof slack.bare) => r.perRun.map((x) => `${x.medianMs.toFixed(0)}/${x.p99Ms.toFixed(0)}`).join(', ');
for (const [name, r] of [['kaifang (startServing, SQLite)', slack.kaifang], ['bare Bolt app (ack only)', slack.bare]] as const)
  console.log(`  ${name.padEnd(31)} median ${r.medianMs.toFixed(1).padStart(7)} ms   p99 ${r.p99Ms.toFixed(1).padStart(7)} ms   (median/p99 per run: ${perRun(r)} ms)`);
console.log(`  kaifang's ${slack.requests} replies all reached their response_urls ${fmt(slack.kaifang.allRepliedMs)} ms after sending (median of runs)`);
const ackMet = slack.ratio.median <= 1.5 && slack.ratio.p99 <= 1.5;
console.log(`  kaifang / bare, run by run (median of the ${slack.runs} paired runs): median ${slack.ratio.median.toFixed(2)}×, p99 ${slack.ratio.p99.toFixed(2)}×  (goal ≤ 1.5×: ${ackMet ? 'met' : 'NOT met'})`);

const telegram = await runTelegramAckBench();
console.log(`\nTelegram webhook ack latency (${telegram.requests} concurrent updates from linked users, loopback, ${telegram.runs} alternating runs each):`);
console.log(`  mix: ${telegram.mix.join(', ')}`);
for (const [name, r] of [['kaifang (startServing, SQLite)', telegram.kaifang], ['bare grammY webhookCallback', telegram.bare]] as const)
  console.log(`  ${name.padEnd(31)} median ${r.medianMs.toFixed(1).padStart(7)} ms   p99 ${r.p99Ms.toFixed(1).padStart(7)} ms   (median/p99 per run: ${perRun(r)} ms)`);
console.log(`  kaifang's ${telegram.requests} replies all reached the Bot API ${fmt(telegram.kaifang.allRepliedMs)} ms after sending (median of runs)`);
const webhookMet = telegram.ratio.median <= 1.5 && telegram.ratio.p99 <= 1.5;
console.log(`  kaifang / bare, run by run (median of the ${telegram.runs} paired runs): median ${telegram.ratio.median.toFixed(2)}×, p99 ${telegram.ratio.p99.toFixed(2)}×  (goal ≤ 1.5×: ${webhookMet ? 'met' : 'NOT met'})`);

const startup = runCliStartupBench();
console.log(`\nCLI start-up (each a process spawned as from the shell, median of ${startup.floor.runs} runs after one warm-up):`);
console.log(`  ${startup.floor.name.padEnd(34)} median ${startup.floor.medianMs.toFixed(0).padStart(5)} ms   (the floor)`);
for (const r of startup.commands) {
  const met = r.goalMs !== null && r.medianMs < r.goalMs;
  console.log(`  ${r.name.padEnd(34)} median ${r.medianMs.toFixed(0).padStart(5)} ms   (goal < ${fmt(r.goalMs ?? 0)} ms: ${met ? 'met' : 'NOT met'})`);
}
