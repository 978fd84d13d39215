// The one HTTP server of `npx kaifang serve`: Slack's requests and, later, Telegram's webhook share it,
// behind whatever load balancer fronts the bot. Transport only: each route hands the request to its platform's listener.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';

/** The largest body any route accepts; Slack's largest real payloads fit in 1 MB. */
export const MAX_BODY_BYTES = 1024 * 1024;

/** A request whose body the server has read (within MAX_BODY_BYTES) before the route sees it. */
export type BufferedRequest = IncomingMessage & { rawBody: Buffer };

export interface HttpRoute {
  /** Exact path, e.g. /slack/events. */
  path: string;
  /**
   * Gets the request with its body already read (`rawBody`, which Bolt's receiver uses as it is). A throw or a
   * rejection is answered 500 and logged; the server goes on.
   */
  listener: (req: BufferedRequest, res: ServerResponse) => void | Promise<void>;
}

class TooLarge extends Error {}

/** Reads the body, refusing more than `max` bytes before reading it whole. */
async function readBody(req: IncomingMessage, max: number): Promise<Buffer> {
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > max) throw new TooLarge();
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > max) throw new TooLarge();
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

export function createHttpServer(routes: readonly HttpRoute[], log: (line: string) => void, maxBodyBytes = MAX_BODY_BYTES): Server {
  const byPath = new Map(routes.map((r) => [r.path, r.listener]));
  const fail = (res: ServerResponse, status: number) => {
    if (!res.headersSent) res.writeHead(status, { 'content-type': 'text/plain' }).end(status === 413 ? 'request body too large\n' : '');
    else if (!res.writableEnded) res.end();
  };
  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const path = (req.url ?? '/').split('?')[0]!;
    // For the load balancer's health check.
    if (path === '/healthz' && (req.method === 'GET' || req.method === 'HEAD')) {
      res.writeHead(200, { 'content-type': 'text/plain' }).end('ok\n');
      return;
    }
    const listener = byPath.get(path);
    if (!listener || req.method !== 'POST') {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('not found\n');
      return;
    }
    let body: Buffer;
    try {
      body = await readBody(req, maxBodyBytes);
    } catch (e) {
      if (!(e instanceof TooLarge)) throw e;
      log(`[http] ${path}: body over ${maxBodyBytes} bytes refused (413)`);
      // The rest is not read: the connection closes after the answer.
      res.setHeader('connection', 'close');
      fail(res, 413);
      res.on('finish', () => req.destroy());
      return;
    }
    const buffered = Object.assign(req, { rawBody: body });
    await listener(buffered, res);
  }
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    // The one boundary of every route: nothing a request carries may end the process.
    handle(req, res).catch((e: unknown) => {
      log(`[http] ${(req.url ?? '/').split('?')[0]}: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
      fail(res, 500);
    });
  });
  // A malformed request line or headers: answered 400 by the socket, never thrown.
  server.on('clientError', (err, socket) => {
    if (socket.writable) socket.end('HTTP/1.1 400 Bad Request\r\nconnection: close\r\n\r\n');
    else socket.destroy(err);
  });
  return server;
}

/** Listens and resolves with the bound port (0 picks a free one, for tests). */
export function listen(server: Server, port: number, host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      const address = server.address();
      resolve(typeof address === 'object' && address ? address.port : port);
    });
  });
}
