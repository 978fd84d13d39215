// `npx kaifang serve` (issue 4 §0): every platform whose credentials are set, the scheduler, and one HTTP server. The
// composition lives here so the end-to-end tests run exactly what production runs, with their own clock and port.
import type { Server } from 'node:http';
import type { App } from './main.ts';
import { KaifangError } from './domain/errors.ts';
import { createSlackApp, SLACK_EVENTS_PATH, type SlackApp } from './adapters/slack/create-slack-app.ts';
import { createSlackSender } from './adapters/slack/slack-sender.ts';
import { createHttpServer, listen, type HttpRoute } from './adapters/http/create-http-server.ts';
import type { MessageSender } from './application/reminders/outbox-dispatcher.ts';
import { startScheduler, type RunningScheduler } from './scheduler/run-scheduler.ts';

export interface Serving {
  port: number;
  /** Which platforms are connected, e.g. ['slack']. */
  platforms: string[];
  slack: SlackApp | null;
  scheduler: RunningScheduler;
  stop(): Promise<void>;
}

export interface ServeOptions {
  log: (line: string) => void;
  /** Overrides config.port (0: any free port, for tests). */
  port?: number;
  /** Overrides config.tickSeconds. */
  tickSeconds?: number;
}

export async function startServing(app: App, options: ServeOptions): Promise<Serving> {
  const { config, store, translator, clock } = app;
  const routes: HttpRoute[] = [];
  const senders: { platform: string; sender: MessageSender & { reaches(userId: string): Promise<boolean> } }[] = [];
  let slack: SlackApp | null = null;

  if (config.slack) {
    slack = createSlackApp(
      { chat: app.chat, store, now: () => clock.now(), log: options.log },
      {
        botToken: config.slack.botToken,
        signingSecret: config.slack.signingSecret,
        ...(config.slack.appToken ? { appToken: config.slack.appToken } : {}),
        ...(config.slack.apiUrl ? { apiUrl: config.slack.apiUrl } : {}),
      },
    );
    if (slack.requestListener) routes.push({ path: SLACK_EVENTS_PATH, listener: slack.requestListener });
    senders.push({
      platform: 'slack',
      sender: createSlackSender({
        client: slack.client,
        store,
        chat: app.chat,
        translator,
        defaultLocale: config.defaultLocale,
        timeZone: config.timeZone,
        now: () => clock.now(),
      }),
    });
  }
  if (senders.length === 0) throw new Error('startServing: no platform is configured');

  // Each message goes to the first platform the person is reachable on; nobody reachable: parked for the operator.
  const sender: MessageSender = {
    async send(message) {
      for (const s of senders) if (await s.sender.reaches(message.userId)) return s.sender.send(message);
      return { ok: false, error: 'no chat account linked for this person', permanent: true };
    },
  };

  const moved = await app.recomputeIfCalendarChanged();
  if (moved && moved.length > 0) options.log(`[kaifang] the holiday calendar changed: ${moved.length} open deadline(s) recomputed`);

  const server: Server = createHttpServer(routes, options.log);
  const wanted = options.port ?? config.port;
  let port: number;
  try {
    port = await listen(server, wanted, config.host);
  } catch (e) {
    throw new KaifangError('SERVE_FAILED', `Cannot listen on ${config.host}:${wanted} (HOST, PORT): ${e instanceof Error ? e.message : String(e)}`, { cause: e });
  }
  try {
    await slack?.start();
  } catch (e) {
    await new Promise<void>((resolve) => server.close(() => resolve()));
    throw new KaifangError('SLACK_CONNECT_FAILED', `Slack Socket Mode could not connect (SLACK_APP_TOKEN, SLACK_BOT_TOKEN): ${e instanceof Error ? e.message : String(e)}`, { cause: e });
  }
  // After each commit, wherever the decision was made (a console, another copy, a button), Slack's old copies of the
  // case are edited to say so.
  const unsubscribe = slack ? app.changes.subscribe((caseId) => slack!.refreshCopies(caseId)) : () => {};
  const scheduler = startScheduler({ tick: app.tick, dispatcher: app.dispatcher(sender), clock, log: options.log }, options.tickSeconds ?? config.tickSeconds);

  return {
    port,
    platforms: senders.map((s) => s.platform),
    slack,
    scheduler,
    async stop() {
      await scheduler.stop();
      unsubscribe();
      await app.changes.idle();
      await slack?.stop();
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      // Keep-alive connections would hold close() open.
      server.closeAllConnections();
      await closed;
    },
  };
}
