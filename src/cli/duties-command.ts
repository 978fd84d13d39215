// `kaifang duties --dry-run [--at <time>] [--json]`: the cases the platform would open by itself at that moment (W13
// data updates that fall due), read without claiming or writing anything. `kaifang duties --open` opens the due ones
// now, with the same claims as the scheduler's round, so running it beside the bot never opens a duty twice.
import type { DueDuty } from '../domain/duties/duty-definition.ts';
import { errorText, formatInstant, workflowName } from '../application/commands/render.ts';
import type { App } from '../main.ts';
import { EXIT, usageError, type CommandIo, type OperatorCommandDeps } from './operator-command.ts';
import { atOption } from './parse-instant.ts';
import { exportJson } from './export-json.ts';
import { parseOptions } from './parse-options.ts';


/** One duty the dry run found, as `--json` prints it. */
export interface DryRunDuty {
  key: string;
  workflow: string;
  datasetCode: string;
  datasetName: string;
  agency: string;
  opensOn: string;
}

export async function runDutiesCommand(args: string[], io: CommandIo, deps: OperatorCommandDeps): Promise<number> {
  const { t, timeZone } = deps;
  const usage = t('cli.duties.usage');
  const parsed = parseOptions(args, { flags: ['--dry-run', '--open', '--json', '--help'], values: ['--at'] });
  if (!parsed.ok) return usageError(io, t, usage, parsed);
  if (parsed.flags.has('--help')) {
    io.out(usage);
    return EXIT.ok;
  }
  const { at, bad, rest } = atOption(parsed.values.get('--at'), parsed.positional, timeZone);
  if (rest.length > 0) return usageError(io, t, usage, { error: 'extraArgs', option: rest.join(' ') });
  const dryRun = parsed.flags.has('--dry-run');
  const open = parsed.flags.has('--open');
  // Opening happens now or not at all: `--at` is for looking ahead.
  if (dryRun === open || (open && parsed.values.has('--at'))) {
    io.err(t('cli.duties.needsMode'));
    io.err(usage);
    return EXIT.usage;
  }
  if (bad !== null) {
    io.err(t('cli.duties.badAt', { value: bad, timeZone }));
    return EXIT.badValue;
  }
  return deps.withApp(async (app) => {
    if (open) {
      const round = await app.duties.open(app.clock.now());
      io.out(t('cli.duties.opened', { count: round.opened.length }));
      for (const o of round.opened) io.out(t('cli.duties.openedLine', { caseId: o.caseId, key: o.duty.key }));
      for (const r of round.refused) io.out(t('cli.duties.refusedLine', { key: r.duty.key, reason: errorText(t, r.refusal) }));
      return EXIT.ok;
    }
    const when = at ?? app.clock.now();
    const duties = await describe(app, await app.duties.wouldOpen(when));
    if (parsed.flags.has('--json')) {
      io.out(exportJson({ at: when.toISOString(), timeZone: app.config.timeZone, duties }));
      return EXIT.ok;
    }
    const stamp = { at: formatInstant(when, app.config.timeZone), timeZone: app.config.timeZone };
    if (duties.length === 0) {
      io.out(t('cli.duties.nothingDue', stamp));
      return EXIT.ok;
    }
    io.out(t('cli.duties.header', { ...stamp, count: duties.length }));
    for (const d of duties) io.out(t('cli.duties.line', { ...d, workflow: workflowName(t, d.workflow) }));
    io.out(t('cli.duties.footer'));
    return EXIT.ok;
  });
}

async function describe(app: App, due: readonly DueDuty[]): Promise<DryRunDuty[]> {
  const out: DryRunDuty[] = [];
  for (const d of due) {
    const ds = d.datasetId === null ? null : await app.store.datasets.get(d.datasetId);
    const agencyId = ds?.providerAgencyId ?? d.agencyId ?? null;
    const agency = agencyId ? await app.store.agencies.get(agencyId) : null;
    out.push({ key: d.key, workflow: d.workflow, datasetCode: ds?.code ?? d.datasetId ?? '—', datasetName: ds?.name ?? '', agency: agency?.name ?? '', opensOn: d.opensOn });
  }
  return out;
}
