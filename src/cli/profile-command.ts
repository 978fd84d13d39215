// `kaifang profile [city] [--json]`: every workflow's steps in a city's procedure — who takes each, in how many working
// days, and the article each value comes from — so an operator can check a city's configuration against its
// regulation. Without a city: the configured one, with KAIFANG_PROFILE_FILE's amendments.
import type { PolicyProfile, ProfileStep } from '../domain/policy/policy-profile.ts';
import { PROFILES, getProfile } from '../domain/policy/profiles.ts';
import type { WorkflowRegistry } from '../domain/workflows/registry.ts';
import type { Locale } from '../domain/model.ts';
import type { Translate } from '../i18n/translator.ts';
import { EXIT, usageError, type CommandIo } from './operator-command.ts';
import { exportJson } from './export-json.ts';
import { parseOptions } from './parse-options.ts';

export interface ProfileCommandDeps {
  t: Translate;
  locale: Locale;
  workflows: WorkflowRegistry;
  /** The configured city's profile as the bot runs it (its file applied). */
  configured: PolicyProfile;
}

export function runProfileCommand(args: string[], io: CommandIo, deps: ProfileCommandDeps): number {
  const { t } = deps;
  const usage = t('cli.profile.usage');
  const parsed = parseOptions(args, { flags: ['--json', '--help'], values: [] });
  if (!parsed.ok) return usageError(io, t, usage, parsed);
  if (parsed.flags.has('--help')) {
    io.out(usage);
    return EXIT.ok;
  }
  const [id, ...extra] = parsed.positional;
  if (extra.length > 0) return usageError(io, t, usage, { error: 'extraArgs', option: extra.join(' ') });
  const wanted = id === undefined ? deps.configured : id.toLowerCase() === deps.configured.id ? deps.configured : getProfile(id.toLowerCase());
  if (!wanted) {
    io.err(t('cli.profile.unknown', { city: id ?? '', known: Object.keys(PROFILES).join(', ') }));
    return EXIT.usage;
  }
  if (parsed.flags.has('--json')) {
    io.out(exportJson(profileJson(wanted, deps.workflows)));
    return EXIT.ok;
  }
  for (const line of profileLines(t, deps.locale, wanted, deps.workflows)) io.out(line);
  return EXIT.ok;
}

function stepsOf(profile: PolicyProfile, workflows: WorkflowRegistry): { workflow: string; steps: readonly ProfileStep[] }[] {
  return workflows.workflows.map((w) => ({ workflow: w.id, steps: Object.hasOwn(profile.steps, w.id) ? profile.steps[w.id]! : [] }));
}

function profileJson(profile: PolicyProfile, workflows: WorkflowRegistry) {
  return {
    id: profile.id,
    name: profile.name,
    source: profile.source,
    workflows: stepsOf(profile, workflows),
    clocks: Object.entries(profile.clockSources).map(([key, source]) => ({ key, workingDays: profile.clocks[key], source })),
    limits: Object.entries(profile.limits).map(([key, l]) => ({ key, value: l.value, source: l.source })),
    dates: Object.entries(profile.dates).map(([key, d]) => ({ key, monthDay: d.monthDay, source: d.source })),
    rules: [
      { key: 'W2.downgrade', value: profile.attributeDowngrade.rule, source: profile.attributeDowngrade.source },
      { key: 'W6.requester', value: profile.demandRequester.rule, source: profile.demandRequester.source },
    ],
  };
}

/** The profile as an operator reads it, one step a line. */
export function profileLines(t: Translate, locale: Locale, profile: PolicyProfile, workflows: WorkflowRegistry): string[] {
  const lines = [t('cli.profile.header', { name: profile.name[locale], id: profile.id, source: profile.source })];
  for (const { workflow, steps } of stepsOf(profile, workflows)) {
    lines.push(t('cli.profile.workflow', { workflow, name: t(`common.workflow.${workflow}`) }));
    if (steps.length === 0) lines.push(`  ${t('cli.profile.noSteps')}`);
    steps.forEach((s, i) => {
      const days = s.workingDays === null ? t('cli.profile.noClock') : t('cli.profile.days', { days: s.workingDays });
      const clock = s.workingDays !== null && s.clockSource !== null && s.clockSource !== s.source ? t('cli.profile.clockSource', { source: s.clockSource }) : '';
      // S23, G(二)5 自收到申请之日起: the days count from the day the case was received.
      const receipt = s.countsFrom === 'receipt' ? t('cli.profile.fromReceipt') : '';
      lines.push(
        `  ${t('cli.profile.step', {
          n: i + 1,
          step: t(`cli.profile.kind.${s.kind}`),
          state: s.state,
          actor: t(`cli.profile.actor.${s.actor}`),
          days,
          source: s.source,
        })}${clock}${receipt}`,
      );
    });
  }
  if (Object.keys(profile.clockSources).length > 0) lines.push(t('cli.profile.pendingHeader'));
  for (const [key, source] of Object.entries(profile.clockSources))
    lines.push(`  ${t('cli.profile.value', { key, value: t('cli.profile.days', { days: profile.clocks[key]! }), source })}`);
  // Calendar dates a duty runs on (W12: T7 原则上5月底前), every year.
  lines.push(t('cli.profile.datesHeader'));
  for (const [key, d] of Object.entries(profile.dates)) lines.push(`  ${t('cli.profile.value', { key, value: d.monthDay, source: d.source })}`);
  lines.push(t('cli.profile.limitsHeader'));
  for (const [key, l] of Object.entries(profile.limits)) lines.push(`  ${t('cli.profile.value', { key, value: l.value, source: l.source })}`);
  // The rule a decision must meet (W2: what a downgrade of the open attribute carries).
  lines.push(t('cli.profile.rulesHeader'));
  const downgrade = profile.attributeDowngrade;
  lines.push(`  ${t('cli.profile.value', { key: 'W2.downgrade', value: t(`cli.profile.downgrade.${downgrade.rule}`), source: downgrade.source })}`);
  // Who may file a data demand (W6).
  const requester = profile.demandRequester;
  lines.push(`  ${t('cli.profile.value', { key: 'W6.requester', value: t(`cli.profile.requester.${requester.rule}`), source: requester.source })}`);
  return lines;
}
