// `kaifang audit --verify [--head <seq>:<hash>]`: the chain, the head and the replay of every case
// (application/audit-verification.ts), and the head a daily digest gave if one is named; each finding on its own line
// on stderr, exit 1 when there is any. `kaifang audit --json`: the log as JSON, masked.
import { verifyAudit, type AuditFinding, type GivenHead } from '../application/audit-verification.ts';
import { maskJson } from '../domain/privacy/mask-personal-data.ts';
import type { Translate } from '../i18n/translator.ts';
import { EXIT, usageError, type CommandIo, type OperatorCommandDeps } from './operator-command.ts';
import { parseOptions } from './parse-options.ts';

/** `42:9f86d0a1b2c3d4e5`: an entry's number and at least 16 hex digits of its hash, as the daily digest gives them. */
const GIVEN_HEAD = /^([1-9]\d*):([0-9a-fA-F]{16,64})$/;

/**
 * The export is masked like every other (Z29, Z31): every string of every entry, return reasons, notes, feedback and
 * legal bases included. Only `hash` and `prevHash` are written as they are (to `raw`), hex digests that masking could
 * garble, so the export can still be matched entry by entry against the chain. They were computed over the entries as
 * filed, not as exported: verification (`audit --verify`) reads the store, never an export.
 */
export async function runAuditCommand(args: string[], io: CommandIo, deps: OperatorCommandDeps, raw: CommandIo = io): Promise<number> {
  const { t } = deps;
  const parsed = parseOptions(args, { flags: ['--verify', '--json'], values: ['--head'] });
  if (!parsed.ok) return usageError(io, t, t('cli.auditUsage'), parsed);
  if (parsed.positional.length > 0) return usageError(io, t, t('cli.auditUsage'), { error: 'extraArgs', option: parsed.positional.join(' ') });
  const verify = parsed.flags.has('--verify');
  const json = parsed.flags.has('--json');
  const head = parsed.values.get('--head');
  if ((!verify && !json) || (head !== undefined && !verify)) {
    io.err(t('cli.auditUsage'));
    return EXIT.usage;
  }
  let givenHead: GivenHead | null = null;
  if (head !== undefined) {
    const m = GIVEN_HEAD.exec(head);
    if (!m) {
      io.err(t('cli.auditBadHead', { value: head }));
      return EXIT.usage;
    }
    givenHead = { seq: Number(m[1]), hash: m[2]!.toLowerCase() };
  }
  return deps.withApp(async (app) => {
    if (json) {
      const shown = (await app.store.audit.list()).map((e) => ({ ...(maskJson(e) as object), hash: e.hash, prevHash: e.prevHash }));
      raw.out(JSON.stringify(shown, null, 2));
    }
    if (!verify) return EXIT.ok;
    const report = await verifyAudit({ store: app.store, workflows: app.workflows, givenHead });
    // Said whether or not the rest holds: what predates the key was never protected by it.
    if (report.legacyThrough > 0) io.out(t('cli.auditLegacy', { legacyThrough: report.legacyThrough, marker: report.legacyThrough + 1 }));
    if (report.findings.length === 0) {
      io.out(t('cli.auditIntact', { count: report.entries }));
      return EXIT.ok;
    }
    for (const finding of report.findings) io.err(findingLine(t, finding, report.entries));
    return EXIT.refused;
  });
}

/** One finding as the operator reads it. */
export function findingLine(t: Translate, f: AuditFinding, entries: number): string {
  switch (f.kind) {
    case 'badEntry':
      return t('cli.auditBroken', { seq: f.seq });
    case 'gap':
      return t('cli.auditGap', { range: range(f) });
    case 'truncated':
      return t('cli.auditTruncated', { range: range(f), to: f.to });
    case 'headMissing':
      return t('cli.auditHeadMissing', { count: entries });
    case 'headBehind':
      return t('cli.auditHeadBehind', { range: range(f) });
    case 'headMismatch':
      return t('cli.auditHeadMismatch', { seq: f.seq });
    case 'headUnreadable':
      return t('cli.auditHeadUnreadable', { lines: f.lines });
    case 'givenHeadBeyond':
      return t('cli.auditGivenHeadBeyond', { seq: f.seq, last: f.last });
    case 'givenHeadMismatch':
      return t('cli.auditGivenHeadMismatch', { seq: f.seq });
    case 'caseMismatch':
      return t('cli.auditCaseMismatch', { caseId: f.caseId, state: f.state, version: f.version, auditState: f.auditState, auditVersion: f.auditVersion });
    case 'caseUnaudited':
      return t('cli.auditCaseUnaudited', { caseId: f.caseId });
    case 'caseMissing':
      return t('cli.auditCaseMissing', { caseId: f.caseId });
    case 'entryVersion':
      return t('cli.auditEntryVersion', { caseId: f.caseId, seq: f.seq, version: f.version, expected: f.expected });
    case 'grantUnbacked':
      return t('cli.auditGrantUnbacked', { caseId: f.caseId, grantId: f.grantId });
    case 'grantMissing':
      return t('cli.auditGrantMissing', { caseId: f.caseId, grantId: f.grantId, seq: f.seq });
  }
}

/** `12`, or `3–12`. */
function range({ from, to }: { from: number; to: number }): string {
  return from === to ? `${from}` : `${from}–${to}`;
}
