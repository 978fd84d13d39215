// A scheduler process for the weekly report's multi-process test: opens the database, and walks a clock shared with
// the other workers over the morning the report is due, running the weekly report chore and the outbox rounds each
// step, delivering through the real Slack sender (the Web API client on a fake Slack) and the real Telegram sender
// (grammY's Api on a fake Bot API).
// Usage: node --import tsx test/support/report-worker.ts <databaseUrl> <fromIso> <toIso> <slackApiUrl> <botApiRoot> <startFile>
import { webApi } from '@slack/bolt';
import { Api } from 'grammy';
import { createPrismaStore } from '../../src/adapters/prisma/create-prisma-store.ts';
import { createSlackSender } from '../../src/adapters/slack/slack-sender.ts';
import { createTelegramSender } from '../../src/adapters/telegram/telegram-sender.ts';
import type { MessageSender } from '../../src/application/reminders/outbox-dispatcher.ts';
import { loadConfig } from '../../src/config/load-config.ts';
import { openApp } from '../../src/main.ts';
import { awaitSharedStart } from './shared-clock-start.ts';

const [url, fromIso, toIso, slackApiUrl, apiRoot, startFile] = process.argv.slice(2);
if (!url || !fromIso || !toIso || !slackApiUrl || !apiRoot || !startFile) {
  process.stderr.write('usage: report-worker <databaseUrl> <fromIso> <toIso> <slackApiUrl> <botApiRoot> <startFile>\n');
  process.exit(64);
}
const start = new Date(fromIso).getTime();
const end = new Date(toIso).getTime();
// Ten simulated minutes per real second: both processes read the same time, as real processes share one clock.
const SPEED = 600;
let t0 = 0;
const now = () => new Date(Math.min(end, start + (Date.now() - t0) * SPEED));
const store = await createPrismaStore({ url });
const app = await openApp(loadConfig({ DATABASE_URL: url, KAIFANG_LOCALE: 'en' }), { store, clock: { now } });
const common = { store, chat: app.chat, translator: app.translator, defaultLocale: app.config.defaultLocale, now, pictures: app.pictures };
const slack = createSlackSender({ ...common, client: new webApi.WebClient('xoxb-report-test', { slackApiUrl, retryConfig: { retries: 0 } }), timeZone: app.config.timeZone });
const telegram = createTelegramSender({ ...common, api: new Api('123:report-test', { apiRoot }) });
const sender: MessageSender = {
  async send(m) {
    if (await slack.reaches(m.userId)) return slack.send(m);
    if (await telegram.reaches(m.userId)) return telegram.send(m);
    return { ok: false, error: 'no chat account linked', permanent: true };
  },
};
// A claimed message is reserved for its sender for a simulated day: at this clock's speed a real process's two-minute
// lease would run out while the picture is still being drawn (what a lease is for is a process that died).
const dispatcher = app.dispatcher(sender, { leaseMs: 86_400_000, batchSize: 2 });
t0 = await awaitSharedStart(startFile);
for (;;) {
  const at = now();
  await app.weeklyReport.send(at);
  await app.tick.tick(at);
  await dispatcher.dispatch(at);
  if (at.getTime() >= end) break;
}
await store.close();
process.stdout.write('done\n');
