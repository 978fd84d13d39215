// The `kaifang` command. Each sub-command opens what it needs and closes it again.
// Only what every command needs is imported here; each sub-command loads its own modules (Prisma, Bolt, the workflows)
// when it runs, so `kaifang deadline …` does not pay for a database it never opens.
import { loadConfig, loadDotEnv, type Config } from './config/load-config.ts';
import { KaifangError } from './domain/errors.ts';
import { PROFILES, getProfile } from './domain/policy/profiles.ts';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { sqliteFilePath } from './adapters/prisma/sqlite-file-path.ts';
import type { OperatorCommandDeps } from './cli/operator-command.ts';
import { loadTranslator } from './i18n/load-locales.ts';
import type { Translate, Translator } from './i18n/translator.ts';
import type { WorkingCalendar } from './domain/calendar/working-calendar.ts';
import type { App } from './main.ts';
import { maskPersonalData } from './domain/privacy/mask-personal-data.ts';

export interface CliIo {
  out: (line: string) => void;
  err: (line: string) => void;
  stdin: NodeJS.ReadableStream;
  stdout: NodeJS.WritableStream;
  interactive: boolean;
}

/**
 * A reader that closed our output early (`kaifang users invite x | head -1`) ends the command quietly, as Unix tools
 * do: no EPIPE stack trace. Any other write error still surfaces.
 */
export function endQuietlyWhenOutputCloses(stream: NodeJS.WritableStream, exit: () => void): void {
  stream.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code === 'EPIPE' || e.code === 'ERR_STREAM_DESTROYED') return exit();
    throw e;
  });
}

const processIo: CliIo = {
  out: (line) => process.stdout.write(`${line}\n`),
  err: (line) => process.stderr.write(`${line}\n`),
  stdin: process.stdin,
  stdout: process.stdout,
  interactive: Boolean(process.stdin.isTTY),
};

export async function main(args: string[], raw: CliIo = processIo, env: NodeJS.ProcessEnv = process.env): Promise<number> {
  const [command, ...rest] = args;
  // Every line the CLI prints is masked (Z29, Z31): usage, errors, listings, logs. Only `audit --json` also writes to
  // `raw`, string by string masked but with the chain's hashes exact (see cli/audit-command.ts).
  const io: CliIo = { ...raw, out: (line) => raw.out(maskPersonalData(line)), err: (line) => raw.err(maskPersonalData(line)) };
  let config: Config;
  try {
    if (env === process.env) loadDotEnv();
    config = loadConfig(env, Object.keys(PROFILES));
  } catch (e) {
    io.err(e instanceof Error ? e.message : String(e));
    return 78; // EX_CONFIG
  }
  // The CLI speaks of the configured city too (its platform's name, the articles it cites).
  const translator = loadTranslator().withTerms(getProfile(config.profileId)!.terms);
  const t = translator.for(config.defaultLocale);
  const operator: OperatorCommandDeps = { t, timeZone: config.timeZone, withApp: (work) => withApp(config, work) };
  try {
    switch (command) {
      case 'deadline':
        return await deadline(config, rest, io, translator);
      case 'seed':
        return await seed(config, rest, io, t);
      case 'cases':
        return await cases(config, rest, io);
      case 'audit':
        return await (await import('./cli/audit-command.ts')).runAuditCommand(rest, io, operator, raw);
      case 'reminders':
        return await (await import('./cli/reminders-command.ts')).runRemindersCommand(rest, io, operator);
      case 'duties':
        return await (await import('./cli/duties-command.ts')).runDutiesCommand(rest, io, operator);
      case 'stats':
        return await (await import('./cli/stats-command.ts')).runStatsCommand(rest, io, operator);
      case 'report':
        return await (await import('./cli/report-command.ts')).runReportCommand(rest, io, operator);
      case 'outbox':
        return await (await import('./cli/outbox-command.ts')).runOutboxCommand(rest, io, operator);
      case 'calendar':
        return await (await import('./cli/calendar-command.ts')).runCalendarCommand(rest, io, operator);
      case 'profile': {
        const [{ profileWithFile }, { WORKFLOWS }, { runProfileCommand }] = await Promise.all([
          import('./config/read-profile-file.ts'),
          import('./domain/workflows/registry.ts'),
          import('./cli/profile-command.ts'),
        ]);
        const configured = profileWithFile(getProfile(config.profileId)!, config.profileFile, WORKFLOWS);
        return runProfileCommand(rest, io, { t, locale: config.defaultLocale, workflows: WORKFLOWS, configured });
      }
      case 'users':
        return await (await import('./cli/users-command.ts')).runUsersCommand(rest, io, operator);
      case 'serve':
        return await (await import('./cli/serve-command.ts')).runServeCommand(config, io, t, operator.withApp);
      case 'console':
      case 'start':
        return await consoleChat(config, rest, io, t, command === 'start');
      case undefined:
      case 'help':
      case '--help':
      case '-h':
        io.out(t('cli.usage'));
        return command === undefined ? 64 : 0;
      default:
        io.err(t('cli.unknownCommand', { command }));
        io.err(t('cli.usage'));
        return 64; // EX_USAGE
    }
  } catch (e) {
    if (e instanceof KaifangError) {
      io.err(`${e.code}: ${e.message}`);
      return e.code === 'CONFIG_INVALID' ? 78 : 1;
    }
    throw e;
  }
}

/** Opens the app for one sub-command and closes it again, whatever happens. */
async function withApp(config: Config, work: (app: App) => Promise<number>): Promise<number> {
  const { openApp } = await import('./main.ts');
  const app = await openApp(config);
  try {
    return await work(app);
  } finally {
    await app.close();
  }
}

/**
 * `deadline` needs no database; when there is one, it counts on the notices imported into it too, as every other
 * command does (without one there is nothing imported, and none is created just to find that out).
 */
async function deadline(config: Config, args: string[], io: CliIo, translator: Translator): Promise<number> {
  const { runDeadlineCommand } = await import('./cli/deadline-command.ts');
  const run = (calendar: WorkingCalendar) => runDeadlineCommand(args, io, { calendar, translator, locale: config.defaultLocale });
  if (!databaseExists(config.databaseUrl)) {
    const [{ calendarInForce }, { readCalendarFile }] = await Promise.all([
      import('./application/calendar/calendar-in-force.ts'),
      import('./config/read-calendar-file.ts'),
    ]);
    return run(calendarInForce({ imported: [], file: config.calendarFile ? readCalendarFile(config.calendarFile) : [] }));
  }
  return withApp(config, async (app) => run(app.calendar));
}

function databaseExists(url: string): boolean {
  try {
    return existsSync(sqliteFilePath(url));
  } catch {
    // A url no store can open holds no imported notice either; the commands that open it say what is wrong with it.
    return false;
  }
}

async function seed(config: Config, args: string[], io: CliIo, t: Translate): Promise<number> {
  if (!args.includes('--demo')) {
    io.err(t('cli.seedNeedsDemo'));
    return 64;
  }
  return withApp(config, async (app) => {
    await seedTheDemo(app, io, t, { cases: !args.includes('--no-cases') });
    return 0;
  });
}

/** The demo's people and datasets, then (unless asked not to) its cases, and the one line that says what was made. */
async function seedTheDemo(app: App, io: CliIo, t: Translate, options: { cases: boolean }): Promise<void> {
  const [{ seedDemo }, { seedDemoCases }] = await Promise.all([import('./application/seed/seed-demo.ts'), import('./application/seed/seed-demo-cases.ts')]);
  const r = await seedDemo(app.store, { locale: app.config.defaultLocale, today: app.service.today() });
  const made = options.cases
    ? await seedDemoCases({
        store: app.store,
        workflows: app.workflows,
        calendar: app.calendar,
        profile: app.profile,
        timeZone: app.config.timeZone,
        clock: app.clock,
        translator: app.translator,
        locale: app.config.defaultLocale,
      })
    : { casesCreated: 0 };
  io.out(t('cli.seeded', { agencies: r.agencies, users: r.users, datasets: r.datasetsCreated, cases: made.casesCreated }));
}

async function cases(config: Config, args: string[], io: CliIo): Promise<number> {
  const { exportJson } = await import('./cli/export-json.ts');
  return withApp(config, async (app) => {
    const rows = await app.queries.exportAll();
    if (args.includes('--json')) io.out(exportJson(rows));
    else for (const r of rows) io.out([r.id, r.workflow, r.state, r.applicant, r.dataset ?? '-', r.assignee?.agency ?? '-', r.dueOn ?? '-'].join('\t'));
    return 0;
  });
}

async function consoleChat(
  config: Config,
  args: string[],
  io: CliIo,
  t: Translate,
  seedIfEmpty: boolean,
): Promise<number> {
  const [{ isEmpty }, { movedLines }, { runConsoleChat }] = await Promise.all([
    import('./application/seed/seed-demo.ts'),
    import('./cli/recount-deadlines.ts'),
    import('./run-chats.ts'),
  ]);
  return withApp(config, async (app) => {
    if (seedIfEmpty && (await isEmpty(app.store))) await seedTheDemo(app, io, t, { cases: true });
    // A corrected or newly published holiday notice since the last start: recount the open deadlines first.
    const moved = await app.recomputeIfCalendarChanged();
    if (moved && moved.length > 0) {
      io.out(t('cli.calendar.recomputedAtStart', { count: moved.length }));
      for (const line of movedLines(t, moved)) io.out(`  ${line}`);
    }
    const asIndex = args.indexOf('--as');
    const initialUser = asIndex >= 0 ? (args[asIndex + 1] ?? null) : null;
    const end = await runConsoleChat(app, {
      io: { input: io.stdin as never, output: io.stdout as never, interactive: io.interactive },
      initialUser,
      log: io.err,
      // In a terminal the reminders keep coming while nobody types; a piped script stays deterministic.
      tickSeconds: io.interactive ? config.tickSeconds : null,
      historyFile: join(dataFolder(config.databaseUrl), 'console-history'),
    });
    // A script that ends inside a form did not do what it meant to: said on stderr, and the status is not 0. The
    // form stays stored; the person's next run is told of it.
    if (io.interactive || end.formsOpen.length === 0) return 0;
    for (const f of end.formsOpen) io.err(t('cli.console.formOpenAtEnd', { name: f.name, id: f.userId, form: f.form }));
    return 1;
  });
}

/** Where the SQLite file lives (the console's history goes beside it); for another database, ./data. */
function dataFolder(url: string): string {
  try {
    return dirname(sqliteFilePath(url));
  } catch {
    return 'data';
  }
}
