// No request, on any route, ends `serve` or gets past the door malformed: signed nonsense is answered 400 and logged,
// a body over 1 MB 413 before it is read whole, a request stamped in the future 401 like a stale one; and after each
// of them a valid request is still answered.
import { request as httpRequest } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { logUnhandledRejections } from '../src/cli/serve-command.ts';
import { createHttpServer, listen } from '../src/adapters/http/create-http-server.ts';
import { FORM, JSON_TYPE, sendToApp, slashCommand, type SlackRequestBody } from './support/slack-requests.ts';
import { startSlackWorld, type SlackWorld } from './support/slack-world.ts';

let world: SlackWorld;
let fake: SlackWorld['fake'];
let base: string;
let log: string[];

const raw = (contentType: typeof FORM | typeof JSON_TYPE, body: string): SlackRequestBody => ({ contentType, body, payload: {} });
const form = (fields: Record<string, string>) => raw(FORM, new URLSearchParams(fields).toString());
const payload = (value: unknown) => form({ payload: JSON.stringify(value) });
const send = (r: SlackRequestBody, o: { timestamp?: number } = {}) => world.send(r, o);

let helps = 0;
/** A valid signed /kaifang help: answered 200 and replied to through its response_url. */
async function stillServing(): Promise<void> {
  const id = `help-${++helps}`;
  expect((await send(slashCommand({ userId: 'UNEWCOMER', text: 'help', responseUrl: fake.responseUrl(id) }))).status).toBe(200);
  await fake.waitForCalls(`response_url:${id}`, 1, 10_000);
}

beforeAll(async () => {
  world = await startSlackWorld({ unlinked: ['UNEWCOMER'] });
  ({ fake, base, log } = world);
});

afterAll(async () => world?.stop());

describe('signed but malformed requests', () => {
  const shapes: [string, SlackRequestBody][] = [
    ['payload null', form({ payload: 'null' })],
    ['payload not JSON', form({ payload: '{oops' })],
    ['payload an array', payload([1, 2])],
    ['payload a number', payload(42)],
    ['block_actions without a user', payload({ type: 'block_actions', actions: [{ action_id: 'kaifang_approve', type: 'button', value: 'C-0001@1' }] })],
    ['block_actions with user null', payload({ type: 'block_actions', user: null, actions: [] })],
    ['view_submission without a view', payload({ type: 'view_submission', user: { id: 'UNEWCOMER' } })],
    ['view_submission with view null', payload({ type: 'view_submission', user: { id: 'UNEWCOMER' }, view: null })],
    ['a shortcut without a user', payload({ type: 'shortcut', callback_id: 'x' })],
    ['a slash command without user_id', form({ command: '/kaifang', text: 'help', response_url: 'http://127.0.0.1:9/x', trigger_id: 't1' })],
    ['a slash command without text', form({ command: '/kaifang', user_id: 'UNEWCOMER', response_url: 'http://127.0.0.1:9/x', trigger_id: 't2' })],
    ['an empty form', form({})],
    ['JSON null', raw(JSON_TYPE, 'null')],
    ['JSON an array', raw(JSON_TYPE, '[]')],
    ['JSON not JSON', raw(JSON_TYPE, '{"type":')],
    ['event_callback with event null', raw(JSON_TYPE, JSON.stringify({ type: 'event_callback', event: null }))],
    ['event_callback without an event', raw(JSON_TYPE, JSON.stringify({ type: 'event_callback' }))],
    ['app_home_opened without a user', raw(JSON_TYPE, JSON.stringify({ type: 'event_callback', event: { type: 'app_home_opened', tab: 'home' } }))],
    ['url_verification without a challenge', raw(JSON_TYPE, JSON.stringify({ type: 'url_verification' }))],
  ];

  it.each(shapes)('%s: 400, one log line, and the next valid request is answered', async (_name, body) => {
    const before = log.length;
    const res = await send(body);
    expect(res.status).toBe(400);
    const lines = log.slice(before);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^\[slack\] request refused \(400\): /);
    await stillServing();
  });

  it('refuses a request stamped more than 5 minutes in the future, like a stale one', async () => {
    const ahead = Math.floor(Date.now() / 1000) + 6 * 60;
    expect((await send(slashCommand({ userId: 'UNEWCOMER', text: 'help', responseUrl: fake.responseUrl('future') }), { timestamp: ahead })).status).toBe(401);
    expect(log.at(-1)).toBe('[slack] request refused (401): signed more than 5 minutes from now');
    // A few seconds of clock difference is still fine.
    expect((await send(slashCommand({ userId: 'UNEWCOMER', text: 'help', responseUrl: fake.responseUrl('near') }), { timestamp: Math.floor(Date.now() / 1000) + 20 })).status).toBe(200);
    expect(fake.callsTo('response_url:future')).toEqual([]);
  });
});

describe('bodies over 1 MB', () => {
  /** POSTs `size` bytes, declared in content-length or streamed chunked without one; resolves with the status. */
  function post(size: number, chunked: boolean): Promise<number> {
    return new Promise((resolve, reject) => {
      const req = httpRequest(
        `${base}/slack/events`,
        { method: 'POST', headers: { 'content-type': FORM, ...(chunked ? { 'transfer-encoding': 'chunked' } : { 'content-length': String(size) }) } },
        (res) => {
          res.resume();
          resolve(res.statusCode ?? 0);
        },
      );
      // The server may close before everything is written: that is the point.
      req.on('error', (e: NodeJS.ErrnoException) => (e.code === 'EPIPE' || e.code === 'ECONNRESET' ? undefined : reject(e)));
      const chunk = Buffer.alloc(64 * 1024, 'a');
      let sent = 0;
      const pump = () => {
        while (sent < size) {
          sent += chunk.length;
          if (!req.write(chunk)) return void req.once('drain', pump);
        }
        req.end();
      };
      pump();
    });
  }

  it('answers 413 to a declared 100 MB body without reading it, and keeps serving', async () => {
    expect(await post(100 * 1024 * 1024, false)).toBe(413);
    expect(log.at(-1)).toMatch(/body over 1048576 bytes refused \(413\)/);
    await stillServing();
  });

  it('answers 413 once a chunked body passes 1 MB, and keeps serving', async () => {
    expect(await post(3 * 1024 * 1024, true)).toBe(413);
    await stillServing();
  });
});

describe('a rejection nobody handled', () => {
  it('is logged in one line and the process goes on serving', async () => {
    const lines: string[] = [];
    const off = logUnhandledRejections((l) => lines.push(l));
    try {
      process.emit('unhandledRejection', new Error('boom from nowhere'), Promise.resolve());
      expect(lines).toHaveLength(1);
      expect(lines[0]).toMatch(/^\[kaifang\] unhandled rejection: Error: boom from nowhere/);
    } finally {
      off();
    }
    expect(process.listeners('unhandledRejection')).not.toContain(off);
    await stillServing();
  });
});

describe('a route that fails', () => {
  it('is answered 500 and logged, thrown or rejected, and the server goes on', async () => {
    const lines: string[] = [];
    const server = createHttpServer(
      [
        { path: '/throws', listener: () => {
          throw new Error('sync boom');
        } },
        { path: '/rejects', listener: async () => {
          throw new Error('async boom');
        } },
        { path: '/echo', listener: (req, res) => void res.writeHead(200).end(req.rawBody) },
      ],
      (l) => lines.push(l),
    );
    const port = await listen(server, 0, '127.0.0.1');
    try {
      const at = (path: string, body = 'x') => fetch(`http://127.0.0.1:${port}${path}`, { method: 'POST', body });
      expect((await at('/throws')).status).toBe(500);
      expect((await at('/rejects')).status).toBe(500);
      expect(lines.map((l) => l.split('\n')[0])).toEqual(['[http] /throws: Error: sync boom', '[http] /rejects: Error: async boom']);
      const echo = await at('/echo', 'still here');
      expect([echo.status, await echo.text()]).toEqual([200, 'still here']);
    } finally {
      server.closeAllConnections();
      await new Promise((r) => server.close(r));
    }
  });
});

describe("Slack's SSL check", () => {
  it('is answered 200 unsigned, and a payload riding along is dropped, never acted on', async () => {
    const calls = fake.calls.length;
    const smuggled = form({ ssl_check: '1', token: 'x', command: '/kaifang', text: 'help', user_id: 'UNEWCOMER', response_url: fake.responseUrl('smuggled'), trigger_id: 't-smuggled' });
    const res = await sendToApp(base, '/slack/events', smuggled, { secret: 'unused', unsigned: true });
    expect(res.status).toBe(200);
    await new Promise((r) => setTimeout(r, 200));
    expect(fake.calls.slice(calls)).toEqual([]);
  });
});
