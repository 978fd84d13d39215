// The chat platforms `serve` can run. A new platform is one module added here (ARCHITECTURE.md, "Add a chat platform"):
// the config loader, .env.example's test, `serve` and its "no platform configured" message all iterate this list.
import type { Translate } from '../i18n/translator.ts';
import type { PlatformModule, SettingsOf } from './platform.ts';
import { slackPlatform } from './slack/slack-platform.ts';
import { telegramPlatform } from './telegram/telegram-platform.ts';

export const PLATFORMS = [slackPlatform, telegramPlatform] as const;

export type PlatformId = (typeof PLATFORMS)[number]['id'];

/** The settings of every configured platform, by id; an unconfigured one is absent. */
export type PlatformSettings = { [M in (typeof PLATFORMS)[number] as M['id']]?: SettingsOf<M> };

/** The modules whose settings are present, each with its settings (a test passes its own modules). */
export function configuredPlatforms(
  settings: Readonly<Record<string, unknown>>,
  modules: readonly PlatformModule[] = PLATFORMS,
): { module: PlatformModule; settings: unknown }[] {
  return modules.flatMap((m) => {
    const s = settings[m.id];
    return s === undefined ? [] : [{ module: m, settings: s }];
  });
}

/** What serve says when no platform is configured: every module's ways to turn it on. */
export function noPlatformMessage(t: Translate, modules: readonly PlatformModule[] = PLATFORMS): string {
  const setUp = modules.flatMap((m) => m.setUp(t)).map((line) => `  ${line}`);
  return t('cli.serve.noPlatform', { setUp: setUp.join('\n') });
}
