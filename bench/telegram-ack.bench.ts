// The Telegram benchmark: how long Telegram waits for our webhook's answer. 200 concurrent updates (private-chat
// commands from linked users) POSTed to kaifang's /telegram as `npx kaifang serve` runs it (startServing: our HTTP
// server, the grammY bot, the scheduler, a SQLite file), against a bare grammY webhookCallback whose bot does nothing,
// in the same run. Latency is per request, from sending it until its HTTP response has arrived; the requests come from
// a child process, so a response's arrival is timed even while the server's event loop is busy with the replies.
import { once } from 'node:events';
import { mkdtempSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { Bot, webhookCallback } from 'grammy';
import type { Update } from 'grammy/types';
import { loadConfig } from '../src/config/load-config.ts';
import { openApp, fixedClock } from '../src/main.ts';
import { seedDemo } from '../src/application/seed/seed-demo.ts';
import { startServing } from '../src/serve.ts';
import { listen } from '../src/adapters/http/create-http-server.ts';
import { TELEGRAM_WEBHOOK_PATH } from '../src/adapters/telegram/create-telegram-bot.ts';
import { createFakeTelegramApi, type FakeTelegramApi, type FakeTelegramUser } from '../test/support/fake-telegram-api.ts';
import { acrossRuns, median, pairedRatio, runFigures, startAckClient, type AckClient, type AckLatency, type FireRequest } from './ack-load.ts';

export interface TelegramAckBenchResult {
  requests: number;
  runs: number;
  /** The commands sent, in equal shares. */
  mix: string[];
  kaifang: AckLatency & {
    /** Median over the runs of the time from sending until all the bot's replies (sendMessage) reached the Bot API. */
    allRepliedMs: number;
  };
  bare: AckLatency;
  /** kaifang ÷ bare. */
  ratio: { median: number; p99: number };
}

const SECRET = 'bench-telegram-webhook-secret_0123';
const TOKEN = '123456:BENCH-telegram-token';
const TELEGRAM_IDS: Record<string, number> = { alice: 1001, bob: 1002, carol: 1003, dave: 1004, frank: 1005 };
// Typed commands answered with messages only; none starts a form.
const COMMANDS = ['/help', '/mine', '/queue', '/datasets', '/status C-0001'];
const SECRET_HEADER = 'x-telegram-bot-api-secret-token';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** A grammY bot that handles every message by doing nothing, behind grammY's own webhook adapter on loopback. */
async function startBareGrammy(fake: FakeTelegramApi): Promise<{ url: string; close(): Promise<void> }> {
  // botInfo given: no getMe before the first update (kaifang has it from its start-up check too).
  const bot = new Bot(fake.token, { botInfo: fake.bot, client: { apiRoot: fake.apiRoot } });
  bot.on('message', () => {});
  const server: Server = createServer(webhookCallback(bot, 'http', { secretToken: SECRET }));
  const port = await listen(server, 0, '127.0.0.1');
  return {
    url: `http://127.0.0.1:${port}${TELEGRAM_WEBHOOK_PATH}`,
    async close() {
      const closed = once(server, 'close');
      server.close();
      server.closeAllConnections();
      await closed;
    },
  };
}

/** Counts the bot's sendMessage calls as they arrive, scanning only the calls it has not seen. */
function sendMessageCounter(fake: FakeTelegramApi) {
  let scanned = 0;
  let count = 0;
  const update = () => {
    for (; scanned < fake.calls.length; scanned++) if (fake.calls[scanned]!.method === 'sendMessage') count++;
    return count;
  };
  return {
    count: update,
    async waitFor(total: number, timeoutMs = 60_000): Promise<void> {
      const start = Date.now();
      while (update() < total) {
        if (Date.now() - start > timeoutMs) throw new Error(`waited ${timeoutMs} ms for ${total} sendMessage calls, saw ${count}`);
        await sleep(5);
      }
    },
    /** Until no call has come for `quietMs`: the bot's work for what was sent is over. */
    async settle(quietMs = 150, timeoutMs = 10_000): Promise<void> {
      const start = Date.now();
      let seen = -1;
      while (seen !== fake.calls.length) {
        if (Date.now() - start > timeoutMs) throw new Error(`the Bot API was still being called after ${timeoutMs} ms`);
        seen = fake.calls.length;
        await sleep(quietMs);
      }
      update();
    },
  };
}

export async function runTelegramAckBench(requests = 200, runs = 7): Promise<TelegramAckBenchResult> {
  const dir = mkdtempSync(join(tmpdir(), 'kaifang-bench-telegram-'));
  const fake = await createFakeTelegramApi({ token: TOKEN });
  const config = loadConfig({
    DATABASE_URL: `file:${join(dir, 'kaifang.db')}`,
    TELEGRAM_BOT_TOKEN: fake.token,
    TELEGRAM_API_ROOT: fake.apiRoot,
    TELEGRAM_WEBHOOK_URL: 'https://bench.example/telegram',
    TELEGRAM_WEBHOOK_SECRET: SECRET,
    HOST: '127.0.0.1',
    KAIFANG_LOCALE: 'en',
  });
  const now = new Date('2026-11-23T02:00:00Z');
  const app = await openApp(config, { clock: fixedClock(now) });
  let serving: Awaited<ReturnType<typeof startServing>> | null = null;
  let bare: Awaited<ReturnType<typeof startBareGrammy>> | null = null;
  let client: AckClient | null = null;
  const log: string[] = [];
  try {
    await seedDemo(app.store, { locale: 'en' });
    // Cases to list and look at: C-0001 in Carol's queue (formal review), C-0002 in Frank's.
    for (const apply of [
      'apply DS-0002 title="Bus study" reason="network planning" type=api period=2027-06-30 result=report scenario=planning commit=yes meets=yes',
      'apply DS-0004 title="Emission study" reason=research type=dataset period=2027-12-31 result=report scenario=oversight commit=yes meets=yes',
    ]) {
      const [reply] = await app.handler.handle({ channel: 'console', userId: 'alice', text: apply });
      if (!/C-\d+/.test(reply ?? '')) throw new Error(`apply did not create a case: ${reply}`);
    }

    serving = await startServing(app, { log: (l) => log.push(l), port: 0, tickSeconds: 59 });
    const kaifangUrl = `http://127.0.0.1:${serving.port}${TELEGRAM_WEBHOOK_PATH}`;
    const sent = sendMessageCounter(fake);
    const person = (id: number): FakeTelegramUser => ({ id, first_name: `user${id}`, language_code: 'en' });

    // Link every Telegram account as a person would: a one-time code, then `/start <code>` in the private chat.
    for (const [user, telegramId] of Object.entries(TELEGRAM_IDS)) {
      const invite = await app.identities.invite(user, now, { actorId: 'operator', channel: 'cli' });
      if (!invite.ok) throw new Error(`invite failed for ${user}`);
      const before = sent.count();
      const delivery = await fake.postToWebhook(kaifangUrl, fake.message(person(telegramId), `/start ${invite.value.code}`), SECRET);
      if (delivery.status !== 200) throw new Error(`link for ${user}: HTTP ${delivery.status}`);
      await sent.waitFor(before + 1, 10_000);
      const answer = fake.callsTo('sendMessage').filter((c) => c.params.chat_id === telegramId).at(-1);
      if (!/^Linked/.test(String(answer?.params.text))) throw new Error(`link for ${user}: ${String(answer?.params.text)}`);
      const linked = await app.store.identities.find('telegram', String(telegramId));
      if (linked?.userId !== user) throw new Error(`link for ${user}: the store has ${linked?.userId ?? 'nothing'}`);
    }
    // Deliver the task messages now (the linked reviewers' copies), so the scheduler's rounds during the measurement
    // have nothing to send and every sendMessage from here on is a reply.
    await serving.scheduler.runNow();
    await sent.settle();

    bare = await startBareGrammy(fake);
    client = await startAckClient();
    const load = client;

    // Every update has its own update_id (kaifang skips one it has seen: a redelivery), so each run does the whole work.
    let nextUpdateId = 1_000_000;
    const telegramIds = Object.values(TELEGRAM_IDS);
    const plan = (n: number) =>
      Array.from({ length: n }, (_, i) => ({ from: telegramIds[i % telegramIds.length]!, text: COMMANDS[Math.floor(i / telegramIds.length) % COMMANDS.length]! }));
    const toRequest = ({ from, text }: { from: number; text: string }): FireRequest => {
      const update: Update = { ...fake.message(person(from), text), update_id: nextUpdateId++ };
      return { body: JSON.stringify(update), headers: { 'content-type': 'application/json', [SECRET_HEADER]: SECRET } };
    };
    const batch = (n: number): FireRequest[] => plan(n).map(toRequest);

    // How many messages each person's command is answered with (a reply of several lines is several messages), one
    // command at a time; the commands only read, so the same command from the same person is answered alike each time.
    const repliesFor = new Map<string, number>();
    const key = (from: number, text: string) => `${from} ${text}`;
    for (const { from, text } of plan(telegramIds.length * COMMANDS.length)) {
      const before = sent.count();
      await load.fire(kaifangUrl, [toRequest({ from, text })]);
      await sent.waitFor(before + 1, 10_000);
      await sent.settle(100);
      repliesFor.set(key(from, text), sent.count() - before);
    }
    const expectedReplies = (n: number) => plan(n).reduce((sum, { from, text }) => sum + repliesFor.get(key(from, text))!, 0);

    // Warm-up: a few concurrent batches each, and the work they start on kaifang finished.
    for (let w = 0; w < 3; w++) {
      const before = sent.count();
      await load.fire(kaifangUrl, batch(10));
      await sent.waitFor(before + expectedReplies(10));
      await load.fire(bare.url, batch(10));
    }

    const ours: { medianMs: number; p99Ms: number; allRepliedMs: number }[] = [];
    const theirs: { medianMs: number; p99Ms: number }[] = [];
    for (let run = 0; run < runs; run++) {
      const before = sent.count();
      const updates = batch(requests);
      const t0 = performance.now();
      const latencies = await load.fire(kaifangUrl, updates);
      // The next run starts only when this one's work is done: runs do not overlap.
      await sent.waitFor(before + expectedReplies(requests));
      ours.push({ ...runFigures(latencies), allRepliedMs: performance.now() - t0 });
      theirs.push(runFigures(await load.fire(bare.url, batch(requests))));
    }
    // More messages than counted would mean the counts were wrong, and "all replied" too early.
    const counted = sent.count();
    await sent.settle();
    if (sent.count() !== counted) throw new Error(`${sent.count() - counted} more sendMessage calls came after the last run's replies were counted`);
    const failures = log.filter((l) => /\[telegram\]|failed/.test(l));
    if (failures.length > 0) throw new Error(`kaifang logged during the bench:\n${failures.slice(0, 5).join('\n')}`);

    const kaifang = { ...acrossRuns(ours.map(({ medianMs, p99Ms }) => ({ medianMs, p99Ms }))), allRepliedMs: median(ours.map((r) => r.allRepliedMs)) };
    const bareLatency = acrossRuns(theirs);
    return {
      requests,
      runs,
      mix: COMMANDS,
      kaifang,
      bare: bareLatency,
      ratio: pairedRatio(kaifang.perRun, bareLatency.perRun),
    };
  } finally {
    await client?.close();
    await bare?.close();
    await serving?.stop();
    await app.close();
    await fake.close();
  }
}
