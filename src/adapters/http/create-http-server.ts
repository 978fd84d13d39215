// The one HTTP server of `npx kaifang serve`: Slack's requests and, later, Telegram's webhook share it,
// behind whatever load balancer fronts the bot. Transport only: each route hands the request to its platform's listener.
import { createServer, type IncomingMessage, type RequestListener, type Server, type ServerResponse } from 'node:http';

export interface HttpRoute {
  /** Exact path, e.g. /slack/events. */
  path: string;
  listener: RequestListener;
}

export function createHttpServer(routes: readonly HttpRoute[], log: (line: string) => void): Server {
  const byPath = new Map(routes.map((r) => [r.path, r.listener]));
  return createServer((req: IncomingMessage, res: ServerResponse) => {
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
    try {
      listener(req, res);
    } catch (e) {
      log(`[http] ${path}: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
      if (!res.headersSent) res.writeHead(500).end();
    }
  });
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
