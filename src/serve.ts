// `npx kaifang serve`: every platform of PLATFORMS whose settings are present, the scheduler, and one HTTP server. The
// composition lives here so the end-to-end tests run exactly what production runs, with their own clock and port.
import type { Server } from 'node:http';
import type { App } from './main.ts';
import { KaifangError } from './domain/errors.ts';
import { createHttpServer, listen } from './adapters/http/create-http-server.ts';
import type { Platform, PlatformModule } from './adapters/platform.ts';
import { configuredPlatforms } from './adapters/platforms.ts';
import type { RunningScheduler } from './scheduler/run-scheduler.ts';
import { createChats } from './run-chats.ts';

export interface Serving {
  port: number;
  /** Which platforms are connected, e.g. ['slack']. */
  platforms: string[];
  /** Each running platform by id. */
  running: ReadonlyMap<string, Platform>;
  scheduler: RunningScheduler;
  stop(): Promise<void>;
}

export interface ServeOptions {
  log: (line: string) => void;
  /** Overrides config.port (0: any free port, for tests). */
  port?: number;
  /** Overrides config.tickSeconds. */
  tickSeconds?: number;
  /** The platform modules to run when configured (default PLATFORMS); a test adds its own here. */
  platforms?: readonly PlatformModule[];
}

export async function startServing(app: App, options: ServeOptions): Promise<Serving> {
  const { config } = app;
  const configured = configuredPlatforms(config.platforms, options.platforms);
  if (configured.length === 0) throw new Error('startServing: no platform is configured');
  const chats = await createChats(
    app,
    configured.map(({ module, settings }) => ({ id: module.id, create: (deps) => module.create(deps, settings) })),
    options.log,
  );
  // Credentials first: a token the platform refuses stops the start before anything is written, listened on or sent.
  await chats.verify();

  const moved = await app.recomputeIfCalendarChanged();
  if (moved && moved.length > 0) options.log(`[kaifang] the holiday calendar changed: ${moved.length} open deadline(s) recomputed`);

  const server: Server = createHttpServer(
    [...chats.running.values()].flatMap((p) => p.routes),
    options.log,
  );
  const closeServer = () => {
    const closed = new Promise<void>((resolve) => server.close(() => resolve()));
    // Keep-alive connections would hold close() open.
    server.closeAllConnections();
    return closed;
  };
  const wanted = options.port ?? config.port;
  let port: number;
  try {
    port = await listen(server, wanted, config.host);
  } catch (e) {
    throw new KaifangError('SERVE_FAILED', `Cannot listen on ${config.host}:${wanted} (HOST, PORT): ${e instanceof Error ? e.message : String(e)}`, { cause: e });
  }
  let scheduler: RunningScheduler;
  try {
    scheduler = await chats.start(options.tickSeconds ?? config.tickSeconds);
  } catch (e) {
    await closeServer();
    throw e;
  }

  return {
    port,
    platforms: [...chats.running.keys()],
    running: chats.running,
    scheduler,
    async stop() {
      await chats.stop();
      await closeServer();
    },
  };
}
