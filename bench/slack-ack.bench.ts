// The Slack benchmark: how long Slack waits for our ack. 200 concurrent signed `/kaifang <verb>` slash commands from
// linked users, sent to kaifang as `npx kaifang serve` runs it (startServing: our HTTP server, the Bolt app, the
// scheduler, a SQLite file), against a bare Bolt app that only acks, in the same run. Latency is per request, from
// sending it until its HTTP response (the ack) has arrived; the requests come from a child process, so an ack's arrival
// is timed even while the server's event loop is busy with the work that follows it.
import { once } from 'node:events';
import { mkdtempSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { App, HTTPReceiver, LogLevel } from '@slack/bolt';
import { loadConfig } from '../src/config/load-config.ts';
import { openApp, fixedClock } from '../src/main.ts';
import { seedDemo } from '../src/application/seed/seed-demo.ts';
import { startServing } from '../src/serve.ts';
import { SLACK_EVENTS_PATH } from '../src/adapters/slack/create-slack-app.ts';
import { listen } from '../src/adapters/http/create-http-server.ts';
import { startFakeSlackApi, type FakeSlackApi } from '../test/support/fake-slack-api.ts';
import { sendToApp, slashCommand, type SlackRequestBody } from '../test/support/slack-requests.ts';
import { acrossRuns, median, pairedRatio, runFigures, startAckClient, type AckClient, type AckLatency } from './ack-load.ts';

export type { AckLatency } from './ack-load.ts';

export interface SlackAckBenchResult {
  requests: number;
  runs: number;
  /** The commands sent, in equal shares. */
  mix: string[];
  kaifang: AckLatency & {
    /** Median over the runs of the time from sending until all the app's replies reached the response_urls. */
    allRepliedMs: number;
  };
  bare: AckLatency;
  /** kaifang ÷ bare. */
  ratio: { median: number; p99: number };
}

const SECRET = 'bench-signing-secret-1234';
const TOKEN = 'xoxb-bench-token';
const SLACKBOT_AGENT = 'Slackbot 1.0 (+https://api.slack.com/robots)';
const SLACK_IDS: Record<string, string> = { alice: 'UALICE', bob: 'UBOB', carol: 'UCAROL', dave: 'UDAVE', frank: 'UFRANK' };
// Commands answered after the ack through the response_url; none opens a modal.
const VERBS = ['help', 'mine', 'queue', 'datasets', 'status C-0001'];

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** A Bolt app that only acks: same receiver settings, on a plain http.Server on loopback. */
async function startBareBolt(apiUrl: string): Promise<{ url: string; close(): Promise<void> }> {
  const receiver = new HTTPReceiver({ signingSecret: SECRET, endpoints: SLACK_EVENTS_PATH, processBeforeResponse: false, logLevel: LogLevel.ERROR });
  // `authorize` as kaifang has it: no auth.test round trip (and nothing leaves the machine).
  const bolt = new App({ receiver, authorize: async () => ({ botToken: TOKEN }), logLevel: LogLevel.ERROR, clientOptions: { slackApiUrl: apiUrl } });
  bolt.command('/kaifang', async ({ ack }) => {
    await ack();
  });
  const server: Server = createServer(receiver.requestListener);
  const port = await listen(server, 0, '127.0.0.1');
  return {
    url: `http://127.0.0.1:${port}${SLACK_EVENTS_PATH}`,
    async close() {
      const closed = once(server, 'close');
      server.close();
      server.closeAllConnections();
      await closed;
    },
  };
}

async function waitForReplies(fake: FakeSlackApi, prefix: string, count: number, timeoutMs = 60_000): Promise<void> {
  const start = Date.now();
  const method = `response_url:${prefix}`;
  for (;;) {
    const arrived = fake.calls.filter((c) => c.method.startsWith(method));
    if (arrived.length >= count) return;
    if (Date.now() - start > timeoutMs) throw new Error(`waited ${timeoutMs} ms for ${count} replies to ${prefix}*, saw ${arrived.length}`);
    await sleep(5);
  }
}

export async function runSlackAckBench(requests = 200, runs = 7): Promise<SlackAckBenchResult> {
  const dir = mkdtempSync(join(tmpdir(), 'kaifang-bench-slack-'));
  const url = `file:${join(dir, 'slack.db')}`;
  const fake = await startFakeSlackApi({ token: TOKEN });
  for (const id of Object.values(SLACK_IDS)) fake.setUser(id, { locale: 'en-US' });
  const config = loadConfig({ DATABASE_URL: url, SLACK_BOT_TOKEN: TOKEN, SLACK_SIGNING_SECRET: SECRET, SLACK_API_URL: fake.url, HOST: '127.0.0.1', KAIFANG_LOCALE: 'en' });
  const now = new Date('2026-11-23T10:00:00+08:00');
  const app = await openApp(config, { clock: fixedClock(now) });
  let serving: Awaited<ReturnType<typeof startServing>> | null = null;
  let bare: Awaited<ReturnType<typeof startBareBolt>> | null = null;
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
    const kaifangUrl = `http://127.0.0.1:${serving.port}${SLACK_EVENTS_PATH}`;
    // Deliver the task messages now, so the scheduler's rounds during the measurement have nothing to send.
    await serving.scheduler.runNow();

    // Link every Slack account as a person would: a one-time code, then `/kaifang link <code>`.
    for (const [user, slackId] of Object.entries(SLACK_IDS)) {
      const invite = await app.identities.invite(user, now, { actorId: 'operator', channel: 'cli' });
      if (!invite.ok) throw new Error(`invite failed for ${user}`);
      const res = await sendToApp(kaifangUrl, SLACK_EVENTS_PATH, slashCommand({ userId: slackId, text: `link ${invite.value.code}`, responseUrl: fake.responseUrl(`link-${user}`) }), { secret: SECRET });
      if (res.status !== 200) throw new Error(`link for ${user}: HTTP ${res.status}`);
      const [answer] = await fake.waitForCalls(`response_url:link-${user}`, 1);
      if (!/^Linked:/.test(String(answer!.args.text))) throw new Error(`link for ${user}: ${String(answer!.args.text)}`);
    }

    bare = await startBareBolt(fake.url);
    client = await startAckClient();
    const load = client;

    // Every request has its own trigger id (kaifang skips a trigger id it has seen: a retried delivery) and its own
    // response_url, so each run does the whole work and its replies can be counted.
    const slackIds = Object.values(SLACK_IDS);
    const batch = (tag: string, n: number) =>
      Array.from({ length: n }, (_, i) =>
        slashCommand({ userId: slackIds[i % slackIds.length]!, text: VERBS[Math.floor(i / slackIds.length) % VERBS.length]!, responseUrl: fake.responseUrl(`${tag}-${i}`) }),
      );
    const fire = (target: string, bodies: SlackRequestBody[]) =>
      load.fire(
        target,
        bodies.map((b) => ({ body: b.body, headers: { 'content-type': b.contentType, 'user-agent': SLACKBOT_AGENT } })),
        { slackSigningSecret: SECRET },
      );

    // Warm-up: a few requests each, and the work they start on kaifang finished.
    for (let w = 0; w < 3; w++) {
      await fire(kaifangUrl, batch(`warm${w}`, 10));
      await waitForReplies(fake, `warm${w}-`, 10);
      await fire(bare.url, batch(`bare-warm${w}`, 10));
    }
    const first = fake.callsTo('response_url:warm0-0')[0];
    if (/not linked/.test(String(first?.args.text))) throw new Error(`kaifang answered as if unlinked: ${String(first?.args.text)}`);

    const ours: { medianMs: number; p99Ms: number; allRepliedMs: number }[] = [];
    const theirs: { medianMs: number; p99Ms: number }[] = [];
    for (let run = 0; run < runs; run++) {
      const tag = `run${run}`;
      const t0 = performance.now();
      const latencies = await fire(kaifangUrl, batch(tag, requests));
      // The next run starts only when this one's work is done: runs do not overlap.
      await waitForReplies(fake, `${tag}-`, requests);
      ours.push({ ...runFigures(latencies), allRepliedMs: performance.now() - t0 });
      theirs.push(runFigures(await fire(bare.url, batch(`bare-${tag}`, requests))));
    }
    const refused = fake.calls.filter((c) => c.method.startsWith('response_url:run') && /not linked/.test(String(c.args.text)));
    if (refused.length > 0) throw new Error(`${refused.length} commands were answered as if unlinked`);
    const failures = log.filter((l) => /\[slack\]|failed/.test(l));
    if (failures.length > 0) throw new Error(`kaifang logged during the bench:\n${failures.slice(0, 5).join('\n')}`);

    const kaifang = { ...acrossRuns(ours.map(({ medianMs, p99Ms }) => ({ medianMs, p99Ms }))), allRepliedMs: median(ours.map((r) => r.allRepliedMs)) };
    const bareLatency = acrossRuns(theirs);
    return {
      requests,
      runs,
      mix: VERBS.map((v) => `/kaifang ${v}`),
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
