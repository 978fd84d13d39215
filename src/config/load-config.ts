// The one place that reads the environment. Every variable is documented in .env.example (a test checks it).
import { z } from 'zod';
import { LOCALES } from '../domain/model.ts';
import { PLATFORMS, type PlatformSettings } from '../adapters/platforms.ts';
import type { PlatformModule } from '../adapters/platform.ts';
import { AUDIT_KEY_MIN_LENGTH } from '../adapters/audit-key.ts';
import { configInvalid } from './config-invalid.ts';
import { blankToUndefined } from './env-values.ts';

function isTimeZone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}


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
  KAIFANG_PROFILE_FILE: z.preprocess(blankToUndefined, z.string().optional()),
  KAIFANG_LOCALE: z.preprocess(blankToUndefined, z.enum(LOCALES as [string, ...string[]]).default('zh-CN')),
  KAIFANG_TICK_SECONDS: z.preprocess(
    blankToUndefined,
    z.coerce.number().int().min(1, 'must be a whole number of seconds from 1 to 59').max(59, 'must be a whole number of seconds from 1 to 59').default(30),
  ),
  KAIFANG_OUTBOX_MAX_ATTEMPTS: z.preprocess(
    blankToUndefined,
    z.coerce.number().int().min(1, 'must be a whole number from 1 to 100').max(100, 'must be a whole number from 1 to 100').default(5),
  ),
  KAIFANG_FORM_EXPIRY_HOURS: z.preprocess(
    blankToUndefined,
    z.coerce.number().int().min(1, 'must be a whole number of hours from 1 to 720').max(720, 'must be a whole number of hours from 1 to 720').default(24),
  ),
  HOST: z.preprocess(blankToUndefined, z.string().default('0.0.0.0')),
  PORT: z.preprocess(blankToUndefined, z.coerce.number().int().min(1, 'must be a TCP port, 1–65535').max(65535, 'must be a TCP port, 1–65535').default(3000)),
  KAIFANG_NOW: z.preprocess(
    blankToUndefined,
    z.iso.datetime({ offset: true, message: 'must be an ISO 8601 date-time with offset, e.g. 2026-11-23T10:00:00+08:00' }).optional(),
  ),
  KAIFANG_AUDIT_KEY: z.preprocess(
    blankToUndefined,
    z
      .string()
      .trim()
      .min(AUDIT_KEY_MIN_LENGTH, `must be a secret of at least ${AUDIT_KEY_MIN_LENGTH} characters, e.g. the 64 hex digits of \`openssl rand -hex 32\``)
      .optional(),
  ),
  KAIFANG_AUDIT_HEAD_FILE: z.preprocess(blankToUndefined, z.string().optional()),
  KAIFANG_AUDIT_DIGEST: z.preprocess(blankToUndefined, z.enum(['on', 'off'], 'must be on or off').default('off')),
  KAIFANG_REPORT_DIR: z.preprocess(blankToUndefined, z.string().default('data/reports')),
  KAIFANG_WEEKLY_REPORT: z.preprocess(blankToUndefined, z.enum(['on', 'off'], 'must be on or off').default('off')),
});

/** The chat platforms' own variables. */
const platformEnvSchema = (modules: readonly PlatformModule[]) => z.object(Object.assign({}, ...modules.map((p) => p.env)) as z.ZodRawShape);

export interface Config {
  databaseUrl: string;
  profileId: string;
  timeZone: string;
  calendarFile: string | null;
  /** KAIFANG_PROFILE_FILE: the city's amendments to its profile, each with its source. */
  profileFile: string | null;
  defaultLocale: 'zh-CN' | 'en';
  /** A fixed "now" for demos and scripted runs; null means the real clock. */
  fixedNow: Date | null;
  /** How often each process runs the scheduler's tick and delivery round. */
  tickSeconds: number;
  /** Delivery attempts before an outbox message is parked for the operator. */
  outboxMaxAttempts: number;
  /** Hours an unfinished chat form waits before it is dropped. */
  formExpiryHours: number;
  /** The one HTTP server of `serve`: Slack's requests, Telegram's webhook, a health check. */
  port: number;
  /** The address `serve` listens on (0.0.0.0: every interface, for a load balancer in front). */
  host: string;
  /**
   * The secret the audit chain is sealed with (HMAC-SHA256). null: the key generated into the data folder on the first
   * start, beside the database (`kaifang.audit-key`).
   */
  auditKey: string | null;
  /** The append-only audit head file; null: beside the database (`kaifang.audit-head`). */
  auditHeadFile: string | null;
  /** Each working day, the audit head goes to the authority's supervisors as a short message. */
  auditDigest: boolean;
  /** Where the console writes the pictures it is sent (the weekly report's chart) to print their path. */
  reportDir: string;
  /** KAIFANG_WEEKLY_REPORT=on: the week's figures to every supervisor and the authority's staff (weekly-report-sender.ts). */
  weeklyReport: boolean;
  /** The settings of each configured chat platform (src/adapters/platforms.ts), by id. */
  platforms: PlatformSettings;
}

/**
 * Validates the environment; a bad value fails at start naming the variable and what it must be. The platforms are
 * PLATFORMS unless a test brings its own.
 */
export function loadConfig(env: NodeJS.ProcessEnv = process.env, knownProfiles?: readonly string[], platforms: readonly PlatformModule[] = PLATFORMS): Config {
  const parsed = configSchema.safeParse(env);
  const platformEnv = platformEnvSchema(platforms).safeParse(env);
  const issues = [...(parsed.error?.issues ?? []), ...(platformEnv.error?.issues ?? [])];
  if (!parsed.success || !platformEnv.success) throw configInvalid(issues.map((i) => ({ variable: i.path.join('.'), problem: i.message })));
  const c = parsed.data;
  if (knownProfiles && !knownProfiles.includes(c.KAIFANG_PROFILE))
    throw configInvalid([{ variable: 'KAIFANG_PROFILE', problem: `unknown profile "${c.KAIFANG_PROFILE}"; one of ${knownProfiles.join(', ')}` }]);
  return {
    databaseUrl: c.DATABASE_URL,
    profileId: c.KAIFANG_PROFILE,
    timeZone: c.KAIFANG_TIME_ZONE,
    calendarFile: c.KAIFANG_CALENDAR_FILE ?? null,
    profileFile: c.KAIFANG_PROFILE_FILE ?? null,
    defaultLocale: c.KAIFANG_LOCALE as Config['defaultLocale'],
    fixedNow: c.KAIFANG_NOW ? new Date(c.KAIFANG_NOW) : null,
    tickSeconds: c.KAIFANG_TICK_SECONDS,
    outboxMaxAttempts: c.KAIFANG_OUTBOX_MAX_ATTEMPTS,
    formExpiryHours: c.KAIFANG_FORM_EXPIRY_HOURS,
    port: c.PORT,
    host: c.HOST,
    auditKey: c.KAIFANG_AUDIT_KEY ?? null,
    auditHeadFile: c.KAIFANG_AUDIT_HEAD_FILE ?? null,
    auditDigest: c.KAIFANG_AUDIT_DIGEST === 'on',
    reportDir: c.KAIFANG_REPORT_DIR,
    weeklyReport: c.KAIFANG_WEEKLY_REPORT === 'on',
    platforms: platformSettings(platformEnv.data, platforms),
  };
}

function platformSettings(env: Record<string, unknown>, platforms: readonly PlatformModule[]): PlatformSettings {
  const settings: Record<string, unknown> = {};
  for (const p of platforms) {
    const s = p.settings(env);
    if (s !== null) settings[p.id] = s;
  }
  return settings as PlatformSettings;
}

/** Loads `.env` from the working directory when there is one (real environment variables win). */
export function loadDotEnv(path = '.env'): void {
  try {
    process.loadEnvFile(path);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
  }
}
