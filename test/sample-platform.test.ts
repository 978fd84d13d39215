// A chat platform is one module: loopchat, defined entirely under test/fixtures/, is read by the config loader,
// named by serve's "no platform configured" message, mounted on serve's one HTTP server, reached by the scheduler's
// deliveries and told of every changed case, through its module alone.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PLATFORMS, noPlatformMessage } from '../src/adapters/platforms.ts';
import { createMemoryStore } from '../src/adapters/memory/create-memory-store.ts';
import { seedDemo } from '../src/application/seed/seed-demo.ts';
import { loadConfig } from '../src/config/load-config.ts';
import { loadTranslator } from '../src/i18n/load-locales.ts';
import { fixedClock, openApp, type App } from '../src/main.ts';
import { startServing, type Serving } from '../src/serve.ts';
import { createLoopchat, LOOPCHAT_LOCALES, LOOPCHAT_PATH } from './fixtures/sample-platform/loopchat-platform.ts';

const loopchat = createLoopchat({ 'L-ALICE': 'alice', 'L-BOB': 'bob' });
const modules = [...PLATFORMS, loopchat.module];

describe('a fixture platform in the configuration', () => {
  it('reads its variables with the others and refuses a bad value naming it', () => {
    expect(loadConfig({ LOOPCHAT_TOKEN: 'lc-1' }, undefined, modules).platforms).toEqual({ loopchat: { token: 'lc-1' } });
    expect(loadConfig({}, undefined, modules).platforms).toEqual({});
    expect(() => loadConfig({ LOOPCHAT_TOKEN: 'xyz' }, undefined, modules)).toThrow(/LOOPCHAT_TOKEN: must be a loopchat token/);
    expect(() => loadConfig({ LOOPCHAT_TOKEN: 'lc-' }, undefined, modules)).toThrow(/LOOPCHAT_TOKEN: is only the prefix/);
    // Without its module the variable means nothing.
    expect(loadConfig({ LOOPCHAT_TOKEN: 'lc-1' }).platforms).toEqual({});
  });

  it('is one of the ways serve names when no platform is configured', () => {
    const t = loadTranslator(undefined, [LOOPCHAT_LOCALES]).for('en');
    expect(noPlatformMessage(t, modules)).toMatch(
      /Set one of:\n {2}SLACK_BOT_TOKEN \+ SLACK_SIGNING_SECRET \(HTTP mode\)\n {2}SLACK_BOT_TOKEN \+ SLACK_APP_TOKEN \(Socket Mode\)\n {2}TELEGRAM_BOT_TOKEN \(long polling: no public address needed\)\n {2}TELEGRAM_BOT_TOKEN \+ TELEGRAM_WEBHOOK_URL \+ TELEGRAM_WEBHOOK_SECRET \(webhook: Telegram calls \/telegram\)\n {2}LOOPCHAT_TOKEN \(the loopback chat of the tests\)\n/,
    );
  });
});

describe('a fixture platform served', () => {
  let app: App;
  let serving: Serving;
  const say = (userId: string, text: string) => app.handler.handle({ channel: 'console', userId, text });

  beforeAll(async () => {
    const store = createMemoryStore();
    app = await openApp(loadConfig({ KAIFANG_LOCALE: 'en', HOST: '127.0.0.1', LOOPCHAT_TOKEN: 'lc-secret' }, undefined, modules), {
      store,
      clock: fixedClock(new Date('2026-11-23T02:00:00Z')),
      localeDirs: [LOOPCHAT_LOCALES],
    });
    await seedDemo(store, { locale: 'en' });
    serving = await startServing(app, { log: () => {}, port: 0, tickSeconds: 59, platforms: modules });
  });
  afterAll(async () => {
    await serving?.stop();
    await app?.close();
  });

  it('runs alone when it is the only one configured, its token checked, then started once', () => {
    expect(serving.platforms).toEqual(['loopchat']);
    expect(serving.running.get('loopchat')!.reachedBy(app.translator.for('en'))).toBe(`Loopchat: ${LOOPCHAT_PATH}`);
    expect(loopchat.lifecycle).toEqual(['verify', 'start']);
  });

  it('has its route on the shared server, beside the health check', async () => {
    const base = `http://127.0.0.1:${serving.port}`;
    expect((await fetch(`${base}/healthz`)).status).toBe(200);
    const post = (authorization: string) =>
      fetch(`${base}${LOOPCHAT_PATH}`, { method: 'POST', headers: { authorization }, body: JSON.stringify({ account: 'L-ALICE' }) });
    expect((await post('Bearer wrong')).status).toBe(401);
    const home = await post('Bearer lc-secret');
    expect(home.status).toBe(200);
    expect(await home.text()).toMatch(/My tasks/);
  });

  it('gets the messages for the people it reaches, and is told of each changed case', async () => {
    await say('alice', 'apply DS-0002 title=t reason=r type=api period=2027-06-30 result=x scenario=s commit=yes meets=yes');
    await serving.scheduler.runNow();
    await app.changes.idle();
    expect(loopchat.changed).toContain('C-0001');
    const messages = await app.store.outbox.list({ caseId: 'C-0001' });
    const sent = messages.filter((m) => m.status === 'sent').map((m) => m.userId);
    const parked = messages.filter((m) => m.status === 'parked');
    expect(sent).toContain('alice');
    expect(loopchat.delivered.map((d) => d.userId).sort()).toEqual([...sent].sort());
    expect(loopchat.delivered.find((d) => d.userId === 'alice')!.text).toMatch(/C-0001/);
    // Whoever loopchat does not reach is parked for the operator, with the reason.
    expect(parked.length).toBeGreaterThan(0);
    for (const m of parked) {
      expect(['alice', 'bob']).not.toContain(m.userId);
      expect(m.lastError).toBe('no chat account linked for this person');
    }
  });

  it('stops when serve stops', async () => {
    await serving.stop();
    expect(loopchat.lifecycle).toEqual(['verify', 'start', 'stop']);
    serving = { ...serving, stop: async () => {} };
  });
});

describe('a fixture platform that refuses its token', () => {
  it('stops serve at its check (Platform.verify): nothing started, listened on or sent', async () => {
    const refusing = createLoopchat({ 'L-ALICE': 'alice' });
    const store = createMemoryStore();
    const other = await openApp(loadConfig({ KAIFANG_LOCALE: 'en', HOST: '127.0.0.1', LOOPCHAT_TOKEN: 'lc-refused' }, undefined, [refusing.module]), {
      store,
      clock: fixedClock(new Date('2026-11-23T02:00:00Z')),
      localeDirs: [LOOPCHAT_LOCALES],
    });
    try {
      await seedDemo(store, { locale: 'en' });
      await expect(startServing(other, { log: () => {}, port: 0, tickSeconds: 59, platforms: [refusing.module] })).rejects.toMatchObject({
        code: 'PLATFORM_CREDENTIALS_REFUSED',
        problem: 'refused',
        detail: { platform: 'Loopchat', reason: 'bad_token', variable: 'LOOPCHAT_TOKEN' },
      });
      expect(refusing.lifecycle).toEqual(['verify']);
      expect(refusing.delivered).toEqual([]);
    } finally {
      await other.close();
    }
  });
});
