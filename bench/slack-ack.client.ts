// The load generator of the Slack ack benchmark (bench/slack-ack.bench.ts), run as a child process so that timing an
// ack's arrival never waits on the server's event loop (the app's after-ack work runs there). On each `fire` it
// sends every body at once, each signed the moment it is sent, and answers with each request's ms until its response.
import { request, Agent } from 'node:http';
import { performance } from 'node:perf_hooks';
import { signSlackRequest } from '../test/support/slack-requests.ts';

export interface FireMessage {
  type: 'fire';
  /** Full URL of the events endpoint, on loopback. */
  url: string;
  secret: string;
  bodies: { body: string; contentType: string }[];
}

export type ClientReply = { type: 'done'; latenciesMs: number[] } | { type: 'failed'; error: string };

// A new connection per request (as a fresh delivery from Slack would be), no cap on how many are open at once.
const agent = new Agent({ keepAlive: false, maxSockets: Infinity });

function send(url: URL, secret: string, body: string, contentType: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const timestamp = Math.floor(Date.now() / 1000);
    const headers = {
      'content-type': contentType,
      'content-length': String(Buffer.byteLength(body)),
      'user-agent': 'Slackbot 1.0 (+https://api.slack.com/robots)',
      'x-slack-request-timestamp': String(timestamp),
      'x-slack-signature': signSlackRequest(secret, timestamp, body),
    };
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
    req.end(body);
  });
}

async function fire(m: FireMessage): Promise<ClientReply> {
  const url = new URL(m.url);
  if (url.hostname !== '127.0.0.1') return { type: 'failed', error: `refusing non-loopback URL ${url.href}` };
  // All requests leave in the same turn of the event loop; each is signed just before it goes.
  const sent = m.bodies.map((b) => send(url, m.secret, b.body, b.contentType));
  try {
    return { type: 'done', latenciesMs: await Promise.all(sent) };
  } catch (e) {
    await Promise.allSettled(sent);
    return { type: 'failed', error: e instanceof Error ? e.message : String(e) };
  }
}

// Only when forked by the benchmark (an import of this module's types does nothing).
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
