// A served kaifang with Slack in HTTP mode against the fake Slack API on 127.0.0.1: an in-memory store with the demo
// data, the clock the test moves, and chat accounts linked for the people named. For tests that need Slack's side of
// things without the setup in each file.
import { createMemoryStore } from '../../src/adapters/memory/create-memory-store.ts';
import { seedDemo } from '../../src/application/seed/seed-demo.ts';
import { loadConfig } from '../../src/config/load-config.ts';
import { openApp, type App } from '../../src/main.ts';
import { startServing, type Serving } from '../../src/serve.ts';
import { startFakeSlackApi, type FakeSlackApi } from './fake-slack-api.ts';
import { sendToApp, slashCommand, type AppResponse, type SlackRequestBody } from './slack-requests.ts';

export const WORLD_SECRET = 'test-signing-secret-1234';
export const WORLD_TOKEN = 'xoxb-test-token';

export interface SlackWorld {
  fake: FakeSlackApi;
  app: App;
  serving: Serving;
  base: string;
  /** What the server logged. */
  log: string[];
  /** Signed as Slack signs, unless told otherwise. */
  send(request: SlackRequestBody, options?: { timestamp?: number }): Promise<AppResponse>;
  /** Moves the clock of the app. */
  setNow(at: Date): void;
  now(): Date;
  stop(): Promise<void>;
}

/** `linked` maps kaifang users to their Slack ids, e.g. `{ alice: 'UALICE' }`; each is linked with an invite code. */
export async function startSlackWorld(options: { linked?: Record<string, string>; unlinked?: string[]; now?: Date } = {}): Promise<SlackWorld> {
  let now = options.now ?? new Date('2026-11-23T10:00:00+08:00');
  const log: string[] = [];
  const fake = await startFakeSlackApi({ token: WORLD_TOKEN });
  const linked = Object.entries(options.linked ?? {});
  for (const slackId of [...linked.map(([, id]) => id), ...(options.unlinked ?? [])]) fake.setUser(slackId, { locale: 'en-US' });
  const config = loadConfig({ SLACK_BOT_TOKEN: WORLD_TOKEN, SLACK_SIGNING_SECRET: WORLD_SECRET, SLACK_API_URL: fake.url, HOST: '127.0.0.1', KAIFANG_LOCALE: 'en' });
  const store = createMemoryStore();
  const app = await openApp(config, { store, clock: { now: () => new Date(now) }, log: () => {} });
  await seedDemo(store, { locale: 'en' });
  const serving = await startServing(app, { log: (l) => log.push(l), port: 0, tickSeconds: 59 });
  const base = `http://127.0.0.1:${serving.port}`;
  const send = (request: SlackRequestBody, o: { timestamp?: number } = {}) => sendToApp(base, '/slack/events', request, { secret: WORLD_SECRET, ...o });
  let links = 0;
  for (const [user, slackId] of linked) {
    const invite = await app.identities.invite(user, now, { actorId: 'operator', channel: 'cli' });
    if (!invite.ok) throw new Error(`invite for ${user} failed`);
    const id = `link-${++links}`;
    await send(slashCommand({ userId: slackId, text: `link ${invite.value.code}`, responseUrl: fake.responseUrl(id) }));
    await fake.waitForCalls(`response_url:${id}`, 1);
  }
  return {
    fake,
    app,
    serving,
    base,
    log,
    send,
    setNow: (at) => (now = at),
    now: () => new Date(now),
    async stop() {
      await serving.stop();
      await app.close();
      await fake.close();
    },
  };
}
