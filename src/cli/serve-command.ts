// `npx kaifang serve`: runs the bot for real until SIGINT or SIGTERM. Without any platform configured it names the
// variables to set and exits 78 (EX_CONFIG).
import type { Config } from '../config/load-config.ts';
import type { Translate } from '../i18n/translator.ts';
import type { App } from '../main.ts';
import { startServing } from '../serve.ts';
import { configuredPlatforms, noPlatformMessage } from '../adapters/platforms.ts';
import type { CommandIo } from './operator-command.ts';

export async function runServeCommand(
  config: Config,
  io: CommandIo,
  t: Translate,
  withApp: (work: (app: App) => Promise<number>) => Promise<number>,
  stopSignal: Promise<string> = untilSignal(),
): Promise<number> {
  if (configuredPlatforms(config.platforms).length === 0) {
    io.err(noPlatformMessage(t));
    return 78;
  }
  return withApp(async (app) => {
    const stopLogging = logUnhandledRejections(io.err);
    const serving = await startServing(app, { log: io.err });
    const reachedBy = [...serving.running.values()].map((p) => p.reachedBy(t)).join('; ');
    io.out(t('cli.serve.listening', { host: config.host, port: serving.port, platforms: serving.platforms.join(', '), reachedBy, seconds: config.tickSeconds }));
    const signal = await stopSignal;
    io.out(t('cli.serve.stopping', { signal }));
    await serving.stop();
    stopLogging();
    return 0;
  });
}

/**
 * While serving, a promise rejection nobody handled (a library's background task, a listener's stray promise) is
 * logged in one line and the process goes on: no request may end it. Returns the function that removes the handler.
 */
export function logUnhandledRejections(log: (line: string) => void): () => void {
  const onRejection = (reason: unknown) => {
    const text = reason instanceof Error ? (reason.stack ?? reason.message) : String(reason);
    log(`[kaifang] unhandled rejection: ${text.split('\n')[0]}`);
  };
  process.on('unhandledRejection', onRejection);
  return () => void process.off('unhandledRejection', onRejection);
}

function untilSignal(): Promise<string> {
  return new Promise((resolve) => {
    const on = (signal: NodeJS.Signals) => {
      process.off('SIGINT', on);
      process.off('SIGTERM', on);
      resolve(signal);
    };
    process.on('SIGINT', on);
    process.on('SIGTERM', on);
  });
}
