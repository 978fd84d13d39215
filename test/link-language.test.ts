// Linking a chat account follows the platform's language only until the person chooses one: `lang` wins.
import { describe, expect, it } from 'vitest';
import { createMemoryStore } from '../src/adapters/memory/create-memory-store.ts';
import { loadConfig } from '../src/config/load-config.ts';
import { fixedClock, openApp } from '../src/main.ts';
import { seedDemo } from '../src/application/seed/seed-demo.ts';


const NOW = new Date('2026-11-23T02:00:00Z');

describe('the language on linking a chat account', () => {
  it('follows the platform for someone who never chose, and keeps what someone chose with lang', async () => {
    const store = createMemoryStore();
    const app = await openApp(loadConfig({}), { store, clock: fixedClock(NOW) });
    await seedDemo(store, { locale: 'zh-CN' });
    const by = { actorId: 'operator', channel: 'cli' as const };
    const link = async (userId: string, externalId: string, platformLocale: 'en' | 'zh-CN') => {
      const invite = await app.identities.invite(userId, NOW, by);
      if (!invite.ok) throw new Error('invite failed');
      return app.chat.command({ platform: 'slack', externalId, locale: async () => platformLocale }, `link ${invite.value.code}`);
    };

    // Alice chose Chinese herself; her Slack is in English: she keeps Chinese, and is answered in it.
    expect(await app.handler.handle({ channel: 'console', userId: 'alice', text: 'lang zh-CN' })).toEqual(['已切换为中文回复。']);
    const alice = await link('alice', 'UALICE', 'en');
    expect(alice.kind === 'replies' && alice.lines[0]).toMatch(/绑定成功/);
    expect((await store.users.get('alice'))?.locale).toBe('zh-CN');

    // Bob never chose: he follows his Slack's English.
    await link('bob', 'UBOB', 'en');
    expect((await store.users.get('bob'))?.locale).toBe('en');
    await app.close();
  });
});
