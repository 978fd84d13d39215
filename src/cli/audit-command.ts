// `kaifang audit --verify`: the chain, the head and the replay of every case (application/audit-verification.ts), each
// finding on its own line on stderr, exit 1 when there is any. `kaifang audit --json`: the log as JSON.
import { verifyAudit, type AuditFinding } from '../application/audit-verification.ts';
import { maskJson } from '../domain/privacy/mask-personal-data.ts';
import type { Translate } from '../i18n/translator.ts';
import { EXIT, type CommandIo, type OperatorCommandDeps } from './operator-command.ts';

/**
 * The export is masked like every other (Z29, Z31): every string of every entry, return reasons, notes, feedback and
 * legal bases included. Only `hash` and `prevHash` are written as they are (to `raw`), hex digests that masking could
 * garble, so the export can still be matched entry by entry against the chain. They were computed over the entries as
 * filed, not as exported: verification (`audit --verify`) reads the store, never an export.
 */
export async function runAuditCommand(args: string[], io: CommandIo, deps: OperatorCommandDeps, raw: CommandIo = io): Promise<number> {
  const { t } = deps;
  if (!args.includes('--verify') && !args.includes('--json')) {
    io.err(t('cli.auditUsage'));
    return EXIT.usage;
  }
  return deps.withApp(async (app) => {
    if (args.includes('--json')) {
      const shown = (await app.store.audit.list()).map((e) => ({ ...(maskJson(e) as object), hash: e.hash, prevHash: e.prevHash }));
      raw.out(JSON.stringify(shown, null, 2));
    }
    if (!args.includes('--verify')) return EXIT.ok;
    const report = await verifyAudit({ store: app.store, workflows: app.workflows });
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
