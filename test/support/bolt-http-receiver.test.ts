// Proves the kit against the real Bolt App in HTTP mode, mounted the way `kaifang serve` needs it: one http.Server of
// ours (Slack and, later, Telegram on the same PORT) calling HTTPReceiver#requestListener, never receiver.start().
import { once } from 'node:events';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  App,
  HTTPReceiver,
  HTTPReceiverDeferredRequestError,
  LogLevel,
  type BlockAction,
  type ButtonAction,
  type HTTPReceiverOptions,
  type Logger,
} from '@slack/bolt';
import { afterEach, describe, expect, it } from 'vitest';
import { startFakeSlackApi, type FakeSlackApi } from './fake-slack-api.ts';
import {
  appHomeOpened,
  blockActions,
  eventCallback,
  plainText,
  sendToApp,
  slashCommand,
  urlVerification,
  viewSubmission,
  type SendOptions,
  type SlackRequestBody,
} from './slack-requests.ts';

const SECRET = 'kaifang-signing-secret';
const BOT_TOKEN = 'xoxb-kaifang-test';

/** Bolt logs through this; tests read it instead of letting warnings reach the console. */
function captureLogger(): Logger & { lines: string[] } {
  const lines: string[] = [];
  let level = LogLevel.DEBUG;
  const log = (l: string) => (...msg: unknown[]) => lines.push(`${l} ${msg.map(String).join(' ')}`);
  return { lines, debug: log('debug'), info: log('info'), warn: log('warn'), error: log('error'), setLevel: (l) => (level = l), getLevel: () => level, setName: () => {} };
}

interface Harness {
  app: App;
  fake: FakeSlackApi;
  logger: ReturnType<typeof captureLogger>;
  base: string;
  send(request: SlackRequestBody, options?: Partial<SendOptions>): ReturnType<typeof sendToApp>;
}

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

async function startHarness(register: (app: App) => void, receiverOptions: Partial<HTTPReceiverOptions> = {}): Promise<Harness> {
  // The fake must be up before `new App`: with a token and token verification on, the constructor calls auth.test.
  const fake = await startFakeSlackApi();
  cleanups.push(() => fake.close());
  const logger = captureLogger();
  const receiver = new HTTPReceiver({ signingSecret: SECRET, endpoints: '/slack/events', logger, ...receiverOptions });
  const app = new App({ token: BOT_TOKEN, receiver, logger, clientOptions: { slackApiUrl: fake.url, retryConfig: { retries: 0 } } });
  register(app);
  const server: Server = createServer((req, res) => {
    try {
      receiver.requestListener(req, res);
    } catch (error) {
      // Bolt throws synchronously for anything that is not a POST to its endpoints: that is where other routes go.
      if (error instanceof HTTPReceiverDeferredRequestError) {
        res.writeHead(req.url === '/telegram/webhook' ? 204 : 404).end();
        return;
      }
      res.writeHead(500).end();
    }
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  cleanups.push(async () => {
    server.closeAllConnections();
    server.close();
  });
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { app, fake, logger, base, send: (request, options = {}) => sendToApp(base, '/slack/events', request, { secret: SECRET, ...options }) };
}

function gate() {
  let open!: () => void;
  const opened = new Promise<void>((resolve) => (open = resolve));
  return { open, opened };
}

describe('Bolt App + HTTPReceiver on our own http.Server, driven by the kit', () => {
  it('accepts a signed slash command (200, ack body returned) without receiver.start(); auth.test went to the fake', async () => {
    const seen: string[] = [];
    const h = await startHarness((app) =>
      app.command('/kaifang', async ({ ack, command }) => {
        seen.push(command.text);
        await ack({ response_type: 'ephemeral', text: `got ${command.text}` });
      }),
    );
    const r = await h.send(slashCommand({ userId: 'U0ALICE', text: 'help 帮助' }));
    expect(r.status).toBe(200);
    expect(r.json).toEqual({ response_type: 'ephemeral', text: 'got help 帮助' });
    expect(seen).toEqual(['help 帮助']);
    expect(h.fake.callsTo('auth.test')).toHaveLength(1);
    expect(h.fake.callsTo('auth.test')[0]?.token).toBe(BOT_TOKEN);
  });

  it('refuses unsigned, wrongly signed and stale (> 5 min) requests with 401, before any listener runs', async () => {
    let calls = 0;
    const h = await startHarness((app) =>
      app.command('/kaifang', async ({ ack }) => {
        calls += 1;
        await ack();
      }),
    );
    const cmd = () => slashCommand({ userId: 'U0ALICE', text: 'list' });
    expect((await h.send(cmd(), { unsigned: true })).status).toBe(401);
    expect((await h.send(cmd(), { badSignature: true })).status).toBe(401);
    expect((await h.send(cmd(), { timestamp: Math.floor(Date.now() / 1000) - 6 * 60 })).status).toBe(401);
    // url_verification is answered by the receiver itself, but only after the signature check.
    expect((await h.send(urlVerification('c1'), { unsigned: true })).status).toBe(401);
    expect(calls).toBe(0);
    expect(h.logger.lines.filter((l) => l.includes('Failed to parse and verify'))).toHaveLength(4);
    const challenge = await h.send(urlVerification('c1'));
    expect(challenge).toMatchObject({ status: 200, json: { challenge: 'c1' } });
  });

  it('hands other paths and methods back to our server through HTTPReceiverDeferredRequestError', async () => {
    const h = await startHarness(() => {});
    expect((await fetch(`${h.base}/telegram/webhook`, { method: 'POST', body: '{}' })).status).toBe(204);
    expect((await fetch(`${h.base}/slack/events`)).status).toBe(404);
  });

  it('block_actions and view_submission reach app.action / app.view; a view ack can carry response_action errors', async () => {
    const clicks: string[] = [];
    const h = await startHarness((app) => {
      app.action<BlockAction<ButtonAction>>('approve', async ({ ack, action, body, client, respond }) => {
        await ack();
        clicks.push(action.value ?? '');
        // Work after the ack goes through the bot token to the fake, and respond() to the fake's response_url.
        await client.chat.update({ channel: body.channel!.id, ts: body.message!.ts, text: 'approved' });
        await respond({ text: 'done', replace_original: false });
      });
      app.view('reject', async ({ ack, view }) => {
        const basis = view.state.values.basis?.basis_input?.value;
        if (!basis) await ack({ response_action: 'errors', errors: { basis: 'A legal basis is required' } });
        else await ack();
      });
    });
    // app.client carries the bot token given to the App, so the fake sees the same token on every call.
    const posted = await h.app.client.chat.postMessage({ channel: 'U0BOB', text: 'task' });
    const click = blockActions({ userId: 'U0BOB', actionId: 'approve', value: 'task-1', message: { ts: posted.ts!, channel: posted.channel! }, responseUrl: h.fake.responseUrl('click-1') });
    expect((await h.send(click)).status).toBe(200);
    await h.fake.waitForCalls('response_url:click-1');
    expect(clicks).toEqual(['task-1']);
    expect(h.fake.callsTo('chat.update')[0]).toMatchObject({ token: BOT_TOKEN, status: 200, args: { channel: posted.channel, ts: posted.ts } });
    expect(h.fake.message(posted.channel!, posted.ts!)?.text).toBe('approved');

    const refused = await h.send(viewSubmission({ userId: 'U0BOB', callbackId: 'reject', values: { basis: { basis_input: plainText(null) } } }));
    expect(refused).toMatchObject({ status: 200, json: { response_action: 'errors', errors: { basis: 'A legal basis is required' } } });
    const accepted = await h.send(viewSubmission({ userId: 'U0BOB', callbackId: 'reject', values: { basis: { basis_input: plainText('Art. 12') } } }));
    expect(accepted).toMatchObject({ status: 200, body: '' });
  });

  it('passes X-Slack-Retry-Num / -Reason to listeners as context.retryNum / retryReason; events are acked by Bolt itself', async () => {
    const contexts: { retryNum?: number; retryReason?: string; eventId: unknown }[] = [];
    const h = await startHarness((app) =>
      app.event('app_home_opened', async ({ context, body }) => {
        contexts.push({ retryNum: context.retryNum, retryReason: context.retryReason, eventId: body.event_id });
      }),
    );
    const delivery = eventCallback({ event: appHomeOpened('U0ALICE'), eventId: 'Ev0RETRY' });
    expect((await h.send(delivery)).status).toBe(200);
    expect((await h.send(delivery, { retryNum: 1, retryReason: 'http_timeout' })).status).toBe(200);
    await expect.poll(() => contexts.length).toBe(2);
    expect(contexts).toEqual([
      { retryNum: undefined, retryReason: undefined, eventId: 'Ev0RETRY' },
      { retryNum: 1, retryReason: 'http_timeout', eventId: 'Ev0RETRY' },
    ]);
  });

  it('processBeforeResponse false (default): the HTTP answer leaves at ack(), slow work continues after', async () => {
    const slow = gate();
    let finished = false;
    const h = await startHarness((app) =>
      app.command('/kaifang', async ({ ack }) => {
        await ack();
        await slow.opened;
        finished = true;
      }),
    );
    const r = await h.send(slashCommand({ userId: 'U0ALICE', text: 'list' }));
    expect(r.status).toBe(200);
    expect(finished).toBe(false);
    slow.open();
    await expect.poll(() => finished).toBe(true);
  });

  it('processBeforeResponse true: the answer waits until every listener has finished', async () => {
    const slow = gate();
    let finished = false;
    const h = await startHarness(
      (app) =>
        app.command('/kaifang', async ({ ack }) => {
          await ack({ text: 'stored' });
          await slow.opened;
          finished = true;
        }),
      { processBeforeResponse: true },
    );
    let answered = false;
    const pending = h.send(slashCommand({ userId: 'U0ALICE', text: 'list' })).then((r) => {
      answered = true;
      return r;
    });
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(answered).toBe(false);
    slow.open();
    const r = await pending;
    expect(finished).toBe(true);
    expect(r).toMatchObject({ status: 200, json: { text: 'stored' } });
  });

  it('a request no listener acks gets a 404 after unhandledRequestTimeoutMillis; a listener that throws before ack gets 500', async () => {
    const h = await startHarness(
      (app) => {
        // Bolt's default app.error handler logs and rethrows (App.js defaultErrorHandler), which the receiver turns
        // into a 500; a custom app.error that swallows the error would leave the request to the 404 timeout instead.
        app.command('/kaifang', async ({ command }) => {
          if (command.text === 'boom') throw new Error('listener failed before ack');
        });
      },
      { unhandledRequestTimeoutMillis: 200 },
    );
    const started = Date.now();
    const silent = await h.send(slashCommand({ userId: 'U0ALICE', text: 'no ack' }));
    expect(silent.status).toBe(404);
    expect(Date.now() - started).toBeGreaterThanOrEqual(190);
    expect(h.logger.lines.some((l) => l.includes('not acknowledged within 3 seconds'))).toBe(true);
    const failed = await h.send(slashCommand({ userId: 'U0ALICE', text: 'boom' }));
    expect(failed.status).toBe(500);
  });
});
