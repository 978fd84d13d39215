import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { PLATFORMS } from '../adapters/platforms.ts';
import { configSchema, loadConfig } from './load-config.ts';

describe('loadConfig', () => {
  it('has working defaults with an empty environment', () => {
    expect(loadConfig({})).toEqual({
      databaseUrl: 'file:./data/kaifang.db',
      profileId: 'taian',
      timeZone: 'Asia/Shanghai',
      calendarFile: null,
      profileFile: null,
      defaultLocale: 'zh-CN',
      fixedNow: null,
      tickSeconds: 30,
      outboxMaxAttempts: 5,
      formExpiryHours: 24,
      port: 3000,
      host: '0.0.0.0',
      auditKey: null,
      auditHeadFile: null,
      auditDigest: false,
      reportDir: 'data/reports',
      weeklyReport: false,
      platforms: {},
    });
  });

  it('reads every variable', () => {
    const c = loadConfig({
      DATABASE_URL: 'file:/var/lib/kaifang/k.db',
      KAIFANG_PROFILE: 'suzhou',
      KAIFANG_TIME_ZONE: 'Asia/Urumqi',
      KAIFANG_CALENDAR_FILE: './cal.txt',
      KAIFANG_LOCALE: 'en',
      KAIFANG_NOW: '2026-11-23T10:00:00+08:00',
      KAIFANG_TICK_SECONDS: '10',
      KAIFANG_OUTBOX_MAX_ATTEMPTS: '3',
    });
    expect(c.tickSeconds).toBe(10);
    expect(c.outboxMaxAttempts).toBe(3);
    expect(c.profileId).toBe('suzhou');
    expect(c.fixedNow?.toISOString()).toBe('2026-11-23T02:00:00.000Z');
    expect(c.calendarFile).toBe('./cal.txt');
  });

  it.each([
    ['KAIFANG_TIME_ZONE', 'Mars/Olympus'],
    ['KAIFANG_LOCALE', 'fr'],
    ['DATABASE_URL', 'mysql://x'],
    ['DATABASE_URL', 'postgresql://u@127.0.0.1:5432/k'],
    ['KAIFANG_NOW', 'tomorrow'],
    ['KAIFANG_TICK_SECONDS', '0'],
    ['KAIFANG_TICK_SECONDS', '60'],
    ['KAIFANG_TICK_SECONDS', 'often'],
    ['KAIFANG_OUTBOX_MAX_ATTEMPTS', '0'],
    ['KAIFANG_OUTBOX_MAX_ATTEMPTS', '2.5'],
  ])('names the bad variable %s', (name, value) => {
    expect(() => loadConfig({ [name]: value })).toThrow(new RegExp(`${name}:`));
  });

  it('reads Slack for HTTP mode or Socket Mode, and refuses half a configuration naming the missing variable', () => {
    expect(loadConfig({ SLACK_BOT_TOKEN: 'xoxb-1', SLACK_SIGNING_SECRET: 'shhh-secret', SLACK_API_URL: 'http://127.0.0.1:9/api/', PORT: '8080' })).toMatchObject({
      port: 8080,
      platforms: { slack: { botToken: 'xoxb-1', signingSecret: 'shhh-secret', appToken: null, apiUrl: 'http://127.0.0.1:9/api/' } },
    });
    expect(loadConfig({ SLACK_BOT_TOKEN: 'xoxb-1', SLACK_APP_TOKEN: 'xapp-1' }).platforms.slack).toMatchObject({ appToken: 'xapp-1' });
    expect(() => loadConfig({ SLACK_BOT_TOKEN: 'xoxb-1' })).toThrow(/SLACK_SIGNING_SECRET: required/);
    expect(() => loadConfig({ SLACK_SIGNING_SECRET: 'shhh-secret' })).toThrow(/SLACK_BOT_TOKEN: required/);
    expect(() => loadConfig({ SLACK_BOT_TOKEN: 'token' })).toThrow(/SLACK_BOT_TOKEN: must be a bot token/);
    expect(() => loadConfig({ PORT: '70000' })).toThrow(/PORT: must be a TCP port/);
  });

  it('reads the audit key and head file, and refuses a key too short to be a secret', () => {
    const key = 'a'.repeat(64);
    expect(loadConfig({ KAIFANG_AUDIT_KEY: ` ${key}\n`, KAIFANG_AUDIT_HEAD_FILE: '/var/log/kaifang/audit-head' })).toMatchObject({
      auditKey: key,
      auditHeadFile: '/var/log/kaifang/audit-head',
    });
    expect(() => loadConfig({ KAIFANG_AUDIT_KEY: 'secret' })).toThrow(/KAIFANG_AUDIT_KEY: must be a secret of at least 32 characters/);
    expect(loadConfig({ KAIFANG_AUDIT_KEY: '  ' }).auditKey).toBeNull();
    expect(loadConfig({ KAIFANG_AUDIT_DIGEST: 'on' }).auditDigest).toBe(true);
    expect(() => loadConfig({ KAIFANG_AUDIT_DIGEST: 'daily' })).toThrow(/KAIFANG_AUDIT_DIGEST: must be on or off/);
  });

  it('refuses an unknown profile, listing the known ones', () => {
    expect(() => loadConfig({ KAIFANG_PROFILE: 'beijing' }, ['taian', 'suzhou'])).toThrow(/KAIFANG_PROFILE: unknown profile "beijing"; one of taian, suzhou/);
  });

  it('has every variable, its own and each platform\'s, documented in .env.example with a comment', () => {
    const example = readFileSync(new URL('../../.env.example', import.meta.url), 'utf8').split('\n');
    const documented = new Map<string, string>();
    example.forEach((line, i) => {
      const m = /^([A-Z][A-Z0-9_]*)=/.exec(line);
      if (m) documented.set(m[1]!, example[i - 1] ?? '');
    });
    const variables = [...Object.keys(configSchema.shape), ...PLATFORMS.flatMap((p) => Object.keys(p.env))];
    expect(variables).toContain('SLACK_BOT_TOKEN');
    for (const v of variables) {
      expect(documented.has(v), `${v} in .env.example`).toBe(true);
      expect(documented.get(v), `${v} has a comment above it`).toMatch(/^#/);
    }
    // Nothing documented that is not read.
    expect([...documented.keys()].filter((v) => !variables.includes(v))).toEqual([]);
  });
});
