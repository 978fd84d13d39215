// `npx kaifang serve`: runs the bot for real until SIGINT or SIGTERM. Without any platform configured it names the
// variables to set and exits 78 (EX_CONFIG); a platform that refuses its token at start says so in one line, exit 78.
import type { Config } from '../config/load-config.ts';
import type { Translate } from '../i18n/translator.ts';
import type { App } from '../main.ts';
import { startServing, type Serving } from '../serve.ts';
import { configuredPlatforms, noPlatformMessage } from '../adapters/platforms.ts';
import { PlatformCheckFailed } from '../adapters/platform-check-failed.ts';
import { EXIT, type CommandIo } from './operator-command.ts';

export async function runServeCommand(
  config: Config,
  io: CommandIo,
  t: Translate,
  withApp: (work: (app: App) => Promise<number>) => Promise<number>,
  listenForStop: () => StopSignals = stopSignals,
): Promise<number> {
  if (configuredPlatforms(config.platforms).length === 0) {
    io.err(noPlatformMessage(t));
    return EXIT.config;
  }
  return withApp(async (app) => {
    // From the start on: a SIGTERM while starting stops the bot as soon as it runs.
    const stop = listenForStop();
    const stopLogging = logUnhandledRejections(io.err);
    try {
      let serving: Serving;
      try {
        serving = await startServing(app, { log: io.err });
      } catch (e) {
        if (!(e instanceof PlatformCheckFailed)) throw e;
        io.err(t(e.problem === 'refused' ? 'cli.serve.credentialsRefused' : 'cli.serve.unreachable', { ...e.detail, url: e.detail.url ?? '' }));
        // A refused token is configuration to fix (78, as any other). An API that did not answer is not: the same
        // settings may work on the next start, so 69 (EX_UNAVAILABLE), which a process manager may retry.
        return e.problem === 'refused' ? EXIT.config : EXIT.unavailable;
      }
      const reachedBy = [...serving.running.values()].map((p) => p.reachedBy(t)).join('; ');
      io.out(t('cli.serve.listening', { host: config.host, port: serving.port, platforms: serving.platforms.join(', '), reachedBy, seconds: config.tickSeconds }));
      const signal = await stop.received;
      io.out(t('cli.serve.stopping', { signal }));
      await serving.stop();
      return EXIT.ok;
    } finally {
      stopLogging();
      stop.off();
    }
  });
}

export interface StopSignals {
  /** The first SIGINT or SIGTERM's name. */
  received: Promise<string>;
  /** Stops listening (serve returned, or never got to run). */
  off(): void;
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

function stopSignals(): StopSignals {
  let off = () => {};
  const received = new Promise<string>((resolve) => {
    const on = (signal: NodeJS.Signals) => {
      off();
      resolve(signal);
    };
    off = () => {
      process.off('SIGINT', on);
      process.off('SIGTERM', on);
    };
    process.on('SIGINT', on);
    process.on('SIGTERM', on);
  });
  return { received, off };
}
