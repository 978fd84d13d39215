// The load generator of the ack benchmarks (bench/slack-ack.bench.ts, bench/telegram-ack.bench.ts), run as a child
// process so that timing an ack's arrival never waits on the server's event loop (the app's after-ack work runs
// there). On each `fire` it sends every request at once and answers with each request's ms until its response.
import { request, Agent } from 'node:http';
import { performance } from 'node:perf_hooks';
import { signSlackRequest } from '../test/support/slack-requests.ts';

export interface FireRequest {
  body: string;
  /** Sent as given; content-length is added. */
  headers: Record<string, string>;
}

export interface FireMessage {
  type: 'fire';
  /** Full URL of the endpoint, on loopback. */
  url: string;
  requests: FireRequest[];
  /** Slack's signing secret: each request gets its timestamp and signature the moment it is sent, as from Slack. */
  slackSigningSecret?: string;
}

export type ClientReply = { type: 'done'; latenciesMs: number[] } | { type: 'failed'; error: string };

// A new connection per request (as a fresh delivery from Slack or Telegram would be), no cap on how many are open at once.
const agent = new Agent({ keepAlive: false, maxSockets: Infinity });

function send(url: URL, r: FireRequest, slackSigningSecret: string | undefined): Promise<number> {
  return new Promise((resolve, reject) => {
    const headers: Record<string, string> = { ...r.headers, 'content-length': String(Buffer.byteLength(r.body)) };
    if (slackSigningSecret !== undefined) {
      const timestamp = Math.floor(Date.now() / 1000);
      headers['x-slack-request-timestamp'] = String(timestamp);
      headers['x-slack-signature'] = signSlackRequest(slackSigningSecret, timestamp, r.body);
    }
    const t0 = performance.now();
    const req = request(url, { method: 'POST', agent, headers }, (res) => {
      res.resume();
      res.on('end', () => {
        const ms = performance.now() - t0;
        if (res.statusCode !== 200) reject(new Error(`HTTP ${res.statusCode} from ${url.href}`));
        else resolve(ms);
      });
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(r.body);
  });
}

async function fire(m: FireMessage): Promise<ClientReply> {
  const url = new URL(m.url);
  if (url.hostname !== '127.0.0.1') return { type: 'failed', error: `refusing non-loopback URL ${url.href}` };
  // All requests leave in the same turn of the event loop.
  const sent = m.requests.map((r) => send(url, r, m.slackSigningSecret));
  try {
    return { type: 'done', latenciesMs: await Promise.all(sent) };
  } catch (e) {
    await Promise.allSettled(sent);
    return { type: 'failed', error: e instanceof Error ? e.message : String(e) };
  }
}

// Only when forked by a benchmark (an import of this module's types does nothing).
if (process.send) {
  process.on('message', (m: FireMessage | { type: 'exit' }) => {
    if (m.type === 'exit') {
      agent.destroy();
      process.disconnect();
      return;
    }
    void fire(m).then((reply) => process.send!(reply));
  });
}
