// Socket Mode: the real Bolt app with `SLACK_APP_TOKEN` instead of a signing secret, served by `startServing`
// as `npx kaifang serve` runs it. The app opens the connection itself: `apps.connections.open` on the fake Web API (with
// the app-level token, at SLACK_API_URL), then a WebSocket to the fake Socket Mode server; slash commands and clicks
// arrive as envelopes on that socket and are acknowledged on it. Everything listens on 127.0.0.1 only.
import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPrismaStore } from '../src/adapters/prisma/create-prisma-store.ts';
import { seedDemo } from '../src/application/seed/seed-demo.ts';
import { loadConfig } from '../src/config/load-config.ts';
import { openApp, type App } from '../src/main.ts';
import { startServing, type Serving } from '../src/serve.ts';
import { startFakeSlackApi, type FakeSlackApi, type FakeSlackCall } from './support/fake-slack-api.ts';
import { startFakeSlackSocket, type FakeSlackSocket } from './support/fake-slack-socket.ts';
import { BIN, tempDatabaseUrl } from './support/run-cli.ts';
import { appHomeOpened, blockActions, eventCallback, slashCommand } from './support/slack-requests.ts';
import { freePort } from './support/free-port.ts';

const TOKEN = 'xoxb-socket-test-token';
const APP_TOKEN = 'xapp-1-A0KAIFANG-1-socket-test-token';
const APPLY = 'title="Bus study" reason="network planning" type=api period=2027-06-30 result=report scenario=planning commit=yes meets=yes';

let api: FakeSlackApi;
let socket: FakeSlackSocket;
let app: App;
let serving: Serving | null = null;
const now = new Date('2026-11-23T10:00:00+08:00');
let responses = 0;
const log: string[] = [];

/** A slash command pushed down the socket: resolves with its ack and what the app answered through the response_url. */
async function command(slackUser: string, text: string) {
  const id = `r${++responses}`;
  const envelopeId = socket.push('slash_commands', slashCommand({ userId: slackUser, text, responseUrl: api.responseUrl(id) }).payload);
  const ack = await socket.waitForAck(envelopeId);
  const [answer] = await api.waitForCalls(`response_url:${id}`, 1);
  return { envelopeId, ack, answer: String(answer!.args.text) };
}

function lastDm(slackUser: string): FakeSlackCall | undefined {
  return api.callsTo('chat.postMessage').filter((c) => c.args.channel === `D${slackUser}`).at(-1);
}

function buttonsOf(call: FakeSlackCall | undefined): { action_id: string; value: string }[] {
  const blocks = (call?.args.blocks ?? []) as { type: string; elements?: { action_id: string; value: string }[] }[];
  return blocks.find((b) => b.type === 'actions')?.elements ?? [];
}


beforeAll(async () => {
  socket = await startFakeSlackSocket();
  api = await startFakeSlackApi({ token: TOKEN, appToken: APP_TOKEN, socketModeUrl: () => socket.connectionUrl() });
  for (const id of ['UALICE', 'UCAROL', 'UBOB']) api.setUser(id, { locale: 'en-US' });
  const url = tempDatabaseUrl();
  const config = loadConfig({ DATABASE_URL: url, SLACK_BOT_TOKEN: TOKEN, SLACK_APP_TOKEN: APP_TOKEN, SLACK_API_URL: api.url, HOST: '127.0.0.1', KAIFANG_LOCALE: 'en' });
  // Socket Mode needs no signing secret.
  expect(config.platforms.slack).toMatchObject({ signingSecret: '', appToken: APP_TOKEN });
  app = await openApp(config, { store: await createPrismaStore({ url }), clock: { now: () => new Date(now) } });
  await seedDemo(app.store, { locale: 'en' });
  serving = await startServing(app, { log: (l) => log.push(l), port: 0, tickSeconds: 59 });
});

afterAll(async () => {
  await serving?.stop();
  await app?.close();
  await api?.close();
  await socket?.close();
});

describe('Slack Socket Mode: the connection', () => {
  it('opens it with the app-level token at SLACK_API_URL, and is greeted before startServing returns', () => {
    const opens = api.callsTo('apps.connections.open');
    expect(opens).toHaveLength(1);
    expect(opens[0]).toMatchObject({ token: APP_TOKEN, status: 200, response: { ok: true, url: expect.stringMatching(/^ws:\/\/127\.0\.0\.1:\d+\/link\/\?ticket=/) } });
    expect(socket.connections).toHaveLength(1);
    expect(socket.openCount()).toBe(1);
    expect(serving!.platforms).toEqual(['slack']);
  });

  it('serves no /slack/events over HTTP: only the health check', async () => {
    expect(serving!.running.get('slack')!.routes).toEqual([]);
    const base = `http://127.0.0.1:${serving!.port}`;
    expect((await fetch(`${base}/healthz`)).status).toBe(200);
    const post = await fetch(`${base}/slack/events`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
    expect(post.status).toBe(404);
  });
});

describe('Slack Socket Mode: commands', () => {
  it('acks an unlinked person’s /kaifang help by its envelope id, then answers through the response_url', async () => {
    const help = await command('UALICE', 'help');
    expect(help.ack).toMatchObject({ envelope_id: help.envelopeId, payload: {}, connection: 1 });
    expect(help.answer).toMatch(/not linked to a user yet/);
    const mine = await command('UALICE', 'mine');
    expect(mine.answer).toMatch(/not linked to a kaifang user yet, so only help is available/);
    // Every envelope was acked exactly once.
    expect(socket.acks.map((a) => a.envelope_id).sort()).toEqual([help.envelopeId, mine.envelopeId].sort());
  });

  it('links people and answers a linked person’s /kaifang mine', async () => {
    for (const [user, slackId] of [['alice', 'UALICE'], ['carol', 'UCAROL'], ['bob', 'UBOB']] as const) {
      const invite = await app.identities.invite(user, now, { actorId: 'operator', channel: 'cli' });
      if (!invite.ok) throw new Error('invite failed');
      expect((await command(slackId, `link ${invite.value.code}`)).answer).toMatch(/^Linked: your Slack account now acts as/);
    }
    expect((await command('UALICE', 'mine')).answer).not.toMatch(/C-0001/);
    const replies = await app.handler.handle({ channel: 'console', userId: 'alice', text: `apply DS-0002 ${APPLY}` });
    expect(replies.join('\n')).toMatch(/C-0001/);
    expect((await command('UALICE', 'mine')).answer).toMatch(/^Your cases \(1\):\nC-0001 · Conditional data application · in formal review · DS-0002 .* · due by 2026-11-30 \(inclusive\)$/);
  });
});

describe('Slack Socket Mode: buttons', () => {
  it('decides a case with a block_actions envelope for the task’s Approve button', async () => {
    await serving!.scheduler.runNow();
    const task = lastDm('UCAROL')!;
    expect(String(task.args.text)).toMatch(/C-0001/);
    const approve = buttonsOf(task).find((b) => b.action_id === 'kaifang_approve')!;
    expect(approve.value).toBe('C-0001@1');

    const id = `r${++responses}`;
    const payload = blockActions({
      userId: 'UCAROL',
      actionId: approve.action_id,
      value: approve.value,
      message: { ts: String((task.response as { ts: string }).ts), channel: String(task.args.channel) },
      responseUrl: api.responseUrl(id),
    }).payload;
    const ack = await socket.send('interactive', payload);
    expect(ack.payload).toEqual({});
    const [answer] = await api.waitForCalls(`response_url:${id}`, 1);
    expect(String(answer!.args.text)).toMatch(/C-0001/);
    expect(await app.store.cases.get('C-0001')).toMatchObject({ state: 'provider_review', version: 2, lastActorId: 'carol' });
    // The task message is edited in place: who decided, no buttons.
    const [update] = await api.waitForCalls('chat.update', 1);
    expect(update!.args).toMatchObject({ channel: task.args.channel, ts: (task.response as { ts: string }).ts });
    expect(String(update!.args.text)).toMatch(/C-0001: decided by Carol .* at 2026-11-23 10:00/);
    expect(JSON.stringify(update!.args.blocks)).not.toMatch(/"actions"/);
    // The app-level token only ever opened the connection; the Web API calls all went out with the bot token.
    expect(api.calls.filter((c) => c.method !== 'apps.connections.open' && !c.method.startsWith('response_url:')).every((c) => c.token === TOKEN)).toBe(true);
  });
});

describe('Slack Socket Mode: events', () => {
  it('acks an events_api envelope and publishes the home tab it asks for', async () => {
    const ack = await socket.send('events_api', eventCallback({ event: appHomeOpened('UALICE') }).payload);
    expect(ack.payload).toEqual({});
    const [published] = await api.waitForCalls('views.publish', 1);
    expect(published).toMatchObject({ token: TOKEN, args: { user_id: 'UALICE', view: { type: 'home' } } });
    expect(JSON.stringify(published!.args.view)).toMatch(/C-0001/);
  });
});

describe('Slack Socket Mode: Slack recycling the connection', () => {
  it('reconnects with a fresh URL when Slack asks it to, through a failed apps.connections.open, and keeps answering', async () => {
    // Slack asks for a new connection, and its Web API happens to fail the first try: the socket client (socket-mode
    // 2.0) would reject a promise nobody handles here; kaifang logs it and tries again.
    api.failNext('apps.connections.open', { status: 503 });
    socket.askToReconnect();
    // The socket client waits its ping timeout (5 s) before reconnecting, kaifang 5 s more after the failure.
    await socket.waitForConnections(2, 20_000);
    const [first, second] = socket.connections;
    expect(first).toMatchObject({ closeCode: 1000, endedByFake: false });
    expect(second!.ticket).not.toBe(first!.ticket);
    expect(api.callsTo('apps.connections.open').map((c) => [c.token, c.status])).toEqual([
      [APP_TOKEN, 200],
      [APP_TOKEN, 503],
      [APP_TOKEN, 200],
    ]);
    expect(log.filter((l) => /Socket Mode could not reconnect/.test(l))).toEqual([
      '[slack] Socket Mode could not reconnect (An HTTP protocol error occurred: statusCode = 503); trying again in 5 s',
    ]);
    const help = await command('UBOB', 'help');
    expect(help.ack.connection).toBe(2);
    // Bob is linked: the full command list.
    expect(help.answer).toMatch(/^kaifang, the public data open platform assistant — commands:/);
    log.length = 0;
  }, 40_000);
});

describe('Slack Socket Mode: stopping', () => {
  it('closes the socket cleanly on stop and does not reconnect', async () => {
    const opens = api.callsTo('apps.connections.open').length;
    await serving!.stop();
    serving = null;
    // stop() waits for the close handshake: by the time it returns the fake has seen a clean close.
    expect(socket.openCount()).toBe(0);
    expect(socket.connections.at(-1)).toMatchObject({ closeCode: 1000, endedByFake: false });
    expect(api.callsTo('apps.connections.open')).toHaveLength(opens);
    expect(log.filter((l) => /error|fail/i.test(l))).toEqual([]);
  });

  it('cuts the connection after 3 s when Slack does not answer the close frame, instead of hanging on stop', async () => {
    const url = tempDatabaseUrl();
    const config = loadConfig({ DATABASE_URL: url, SLACK_BOT_TOKEN: TOKEN, SLACK_APP_TOKEN: APP_TOKEN, SLACK_API_URL: api.url, HOST: '127.0.0.1' });
    const other = await openApp(config, { store: await createPrismaStore({ url }), clock: { now: () => new Date(now) } });
    try {
      const second = await startServing(other, { log: () => {}, port: 0, tickSeconds: 59 });
      expect(socket.openCount()).toBe(1);
      const resume = socket.stopReading();
      const started = Date.now();
      await second.stop();
      const took = Date.now() - started;
      resume();
      expect(took).toBeGreaterThanOrEqual(2_900);
      expect(took).toBeLessThan(6_000);
      // The app cut the connection itself (the fake, reading again, finds it gone; not the fake's doing).
      await socket.waitForClosed(socket.connections.length);
      expect(socket.connections.at(-1)).toMatchObject({ closedAt: expect.any(Number), endedByFake: false });
      expect(socket.openCount()).toBe(0);
    } finally {
      await other.close();
    }
  }, 20_000);

  it('refuses to start with a wrong app-level token, naming the variables, and leaves nothing open', async () => {
    const url = tempDatabaseUrl();
    const config = loadConfig({ DATABASE_URL: url, SLACK_BOT_TOKEN: TOKEN, SLACK_APP_TOKEN: 'xapp-1-wrong', SLACK_API_URL: api.url, HOST: '127.0.0.1' });
    const other = await openApp(config, { store: await createPrismaStore({ url }), clock: { now: () => new Date(now) } });
    try {
      const lines: string[] = [];
      await expect(startServing(other, { log: (l) => lines.push(l), port: 0, tickSeconds: 59 })).rejects.toMatchObject({
        code: 'SLACK_CONNECT_FAILED',
        message: expect.stringMatching(/SLACK_APP_TOKEN[\s\S]*invalid_auth/),
      });
      expect(api.callsTo('apps.connections.open').at(-1)).toMatchObject({ token: 'xapp-1-wrong', response: { ok: false, error: 'invalid_auth' } });
      expect(socket.openCount()).toBe(0);
    } finally {
      await other.close();
    }
  });

  it('lets `npx kaifang serve` in Socket Mode exit 0 on SIGTERM, closing the socket cleanly (no handle left behind)', async () => {
    const connectionsBefore = socket.connections.length;
    const port = await freePort();
    const run = serve({ PORT: String(port), SLACK_APP_TOKEN: APP_TOKEN });
    try {
      await run.within(Promise.race([run.printed, run.exited]), 20_000, 'serve printed nothing');
      expect(run.out()).toBe(`kaifang is serving slack on http://127.0.0.1:${port} (Slack: Socket Mode; health: /healthz); the scheduler runs every 30 s.\n`);
      // Connected (hello received) before it said so.
      expect(socket.connections).toHaveLength(connectionsBefore + 1);
      expect(socket.openCount()).toBe(1);
      expect(run.child.kill('SIGTERM')).toBe(true);
      // The process ends by itself: nothing (a ping timer, a reconnect) keeps its event loop alive.
      expect(await run.within(run.exited, 10_000, 'serve did not exit')).toBe(0);
    } finally {
      run.kill();
    }
    expect(run.out().trimEnd().split('\n').at(-1)).toBe('SIGTERM: stopping.');
    expect(run.err()).toBe('');
    expect(socket.connections.at(-1)).toMatchObject({ closeCode: 1000, endedByFake: false });
    expect(socket.openCount()).toBe(0);
  }, 40_000);

  it('lets `npx kaifang serve` with an app token Slack refuses exit 1 at once, naming the variables', async () => {
    const run = serve({ PORT: String(await freePort()), SLACK_APP_TOKEN: 'xapp-1-refused' });
    try {
      expect(await run.within(run.exited, 20_000, 'serve did not exit')).toBe(1);
    } finally {
      run.kill();
    }
    expect(run.out()).toBe('');
    // The socket client's own log line, then kaifang's: one line naming the variables, no stack trace.
    expect(run.err().trimEnd().split('\n').at(-1)).toBe('SLACK_CONNECT_FAILED: Slack Socket Mode could not connect (SLACK_APP_TOKEN, SLACK_BOT_TOKEN): An API error occurred: invalid_auth');
    expect(run.err()).not.toMatch(/\n\s+at /);
  }, 40_000);
});

/** `node bin/kaifang.js serve` in Socket Mode against the fakes, with only the given environment, in an empty directory. */
function serve(env: Record<string, string>) {
  const child = spawn(process.execPath, [BIN, 'serve'], {
    cwd: mkdtempSync(join(tmpdir(), 'kaifang-serve-')),
    env: {
      PATH: process.env.PATH ?? '',
      HOME: process.env.HOME ?? '',
      TZ: 'America/Los_Angeles',
      HOST: '127.0.0.1',
      DATABASE_URL: tempDatabaseUrl(),
      KAIFANG_LOCALE: 'en',
      SLACK_BOT_TOKEN: TOKEN,
      SLACK_API_URL: api.url,
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  const printed = new Promise<void>((resolve) => {
    child.stdout.setEncoding('utf8').on('data', (c: string) => {
      out += c;
      if (out.includes('\n')) resolve();
    });
  });
  child.stderr.setEncoding('utf8').on('data', (c: string) => (err += c));
  // 'close', not 'exit': by then stdout and stderr have been read to the end.
  const exited = new Promise<number | string>((resolve) => child.once('close', (code, signal) => resolve(code ?? signal ?? 'unknown')));
  return {
    child,
    printed,
    exited,
    out: () => out,
    err: () => err,
    /** Resolves as `p` does, or rejects (with what the process printed) when it takes longer than `ms`. */
    within<T>(p: Promise<T>, ms: number, what: string): Promise<T> {
      let timer: NodeJS.Timeout | undefined;
      const late = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`${what} within ${ms} ms\nstdout:\n${out}\nstderr:\n${err}`)), ms)));
      return Promise.race([p, late]).finally(() => clearTimeout(timer));
    },
    /** Whatever happened: no child outlives its test. */
    kill() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    },
  };
}
