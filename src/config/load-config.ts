// The one place that reads the environment (conventions §7). Every variable is documented in .env.example.
import { z } from 'zod';
import { KaifangError } from '../domain/errors.ts';
import { LOCALES } from '../domain/model.ts';

function isTimeZone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

const blankToUndefined = (v: unknown) => (typeof v === 'string' && v.trim() === '' ? undefined : v);

export const configSchema = z.object({
  DATABASE_URL: z.preprocess(
    blankToUndefined,
    z
      .string()
      // PostgreSQL joins SQLite in a later release; until then only file: urls open.
      .regex(/^file:.+/, 'must be a SQLite file url such as file:./data/kaifang.db (PostgreSQL is not supported yet)')
      .default('file:./data/kaifang.db'),
  ),
  KAIFANG_PROFILE: z.preprocess(blankToUndefined, z.string().default('taian')),
  KAIFANG_TIME_ZONE: z.preprocess(
    blankToUndefined,
    z.string().refine(isTimeZone, 'must be an IANA time zone such as Asia/Shanghai').default('Asia/Shanghai'),
  ),
  KAIFANG_CALENDAR_FILE: z.preprocess(blankToUndefined, z.string().optional()),
  KAIFANG_LOCALE: z.preprocess(blankToUndefined, z.enum(LOCALES as [string, ...string[]]).default('zh-CN')),
  KAIFANG_TICK_SECONDS: z.preprocess(
    blankToUndefined,
    z.coerce.number().int().min(1, 'must be a whole number of seconds from 1 to 59').max(59, 'must be a whole number of seconds from 1 to 59').default(30),
  ),
  KAIFANG_OUTBOX_MAX_ATTEMPTS: z.preprocess(
    blankToUndefined,
    z.coerce.number().int().min(1, 'must be a whole number from 1 to 100').max(100, 'must be a whole number from 1 to 100').default(5),
  ),
  HOST: z.preprocess(blankToUndefined, z.string().default('0.0.0.0')),
  PORT: z.preprocess(blankToUndefined, z.coerce.number().int().min(1, 'must be a TCP port, 1–65535').max(65535, 'must be a TCP port, 1–65535').default(3000)),
  SLACK_BOT_TOKEN: z.preprocess(blankToUndefined, z.string().regex(/^xoxb-/, 'must be a bot token (xoxb-…)').optional()),
  SLACK_SIGNING_SECRET: z.preprocess(blankToUndefined, z.string().min(8, 'must be the app signing secret from the Slack app settings').optional()),
  SLACK_APP_TOKEN: z.preprocess(blankToUndefined, z.string().regex(/^xapp-/, 'must be an app-level token (xapp-…) for Socket Mode').optional()),
  SLACK_API_URL: z.preprocess(blankToUndefined, z.url({ message: 'must be a URL such as https://slack.com/api/' }).optional()),
  KAIFANG_NOW: z.preprocess(
    blankToUndefined,
    z.iso.datetime({ offset: true, message: 'must be an ISO 8601 date-time with offset, e.g. 2026-11-23T10:00:00+08:00' }).optional(),
  ),
});

export interface Config {
  databaseUrl: string;
  profileId: string;
  timeZone: string;
  calendarFile: string | null;
  defaultLocale: 'zh-CN' | 'en';
  /** A fixed "now" for demos and scripted runs; null means the real clock. */
  fixedNow: Date | null;
  /** How often each process runs the scheduler's tick and delivery round. */
  tickSeconds: number;
  /** Delivery attempts before an outbox message is parked for the operator. */
  outboxMaxAttempts: number;
  /** The one HTTP server of `serve`: Slack's requests, Telegram's webhook, a health check. */
  port: number;
  /** The address `serve` listens on (0.0.0.0: every interface, for a load balancer in front). */
  host: string;
  /** Set when Slack is configured (bot token plus signing secret, or plus an app token for Socket Mode). */
  slack: { botToken: string; signingSecret: string; appToken: string | null; apiUrl: string | null } | null;
}

/** Validates the environment; a bad value fails at start naming the variable and what it must be. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env, knownProfiles?: readonly string[]): Config {
  const parsed = configSchema.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new KaifangError('CONFIG_INVALID', `Invalid configuration:\n${lines.join('\n')}\nSee .env.example for every variable.`);
  }
  const c = parsed.data;
  if (knownProfiles && !knownProfiles.includes(c.KAIFANG_PROFILE))
    throw new KaifangError(
      'CONFIG_INVALID',
      `Invalid configuration:\n  KAIFANG_PROFILE: unknown profile "${c.KAIFANG_PROFILE}"; one of ${knownProfiles.join(', ')}\nSee .env.example for every variable.`,
    );
  return {
    databaseUrl: c.DATABASE_URL,
    profileId: c.KAIFANG_PROFILE,
    timeZone: c.KAIFANG_TIME_ZONE,
    calendarFile: c.KAIFANG_CALENDAR_FILE ?? null,
    defaultLocale: c.KAIFANG_LOCALE as Config['defaultLocale'],
    fixedNow: c.KAIFANG_NOW ? new Date(c.KAIFANG_NOW) : null,
    tickSeconds: c.KAIFANG_TICK_SECONDS,
    outboxMaxAttempts: c.KAIFANG_OUTBOX_MAX_ATTEMPTS,
    port: c.PORT,
    host: c.HOST,
    slack: slackConfig(c),
  };
}

function slackConfig(c: z.infer<typeof configSchema>): Config['slack'] {
  if (!c.SLACK_BOT_TOKEN) {
    if (c.SLACK_SIGNING_SECRET || c.SLACK_APP_TOKEN)
      throw new KaifangError('CONFIG_INVALID', 'Invalid configuration:\n  SLACK_BOT_TOKEN: required when SLACK_SIGNING_SECRET or SLACK_APP_TOKEN is set\nSee .env.example for every variable.');
    return null;
  }
  // Bolt verifies every request with the signing secret in HTTP mode; Socket Mode needs the app token instead.
  if (!c.SLACK_SIGNING_SECRET && !c.SLACK_APP_TOKEN)
    throw new KaifangError(
      'CONFIG_INVALID',
      'Invalid configuration:\n  SLACK_SIGNING_SECRET: required with SLACK_BOT_TOKEN (or set SLACK_APP_TOKEN for Socket Mode)\nSee .env.example for every variable.',
    );
  return { botToken: c.SLACK_BOT_TOKEN, signingSecret: c.SLACK_SIGNING_SECRET ?? '', appToken: c.SLACK_APP_TOKEN ?? null, apiUrl: c.SLACK_API_URL ?? null };
}

/** Loads `.env` from the working directory when there is one (real environment variables win). */
export function loadDotEnv(path = '.env'): void {
  try {
    process.loadEnvFile(path);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
  }
}
