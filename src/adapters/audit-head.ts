// The audit head: after each commit that appended audit entries, one line per entry — its number, its hash and when
// the line was written — at the end of a file that nothing ever rewrites. A table rewritten or cut short no longer
// agrees with it: a head number past the table's end names the entries removed, a head hash that differs from the
// table's names the entry rewritten.
//
// Lines are appended with O_APPEND, a whole commit's lines in one write, so several processes on one database never
// interleave or overwrite each other's lines; each write is fsync'ed before the call returns (a commit's head line
// survives a crash as the commit does). The order of lines does not matter: the check keys them by number.
import { closeSync, fsyncSync, openSync, readFileSync, writeSync } from 'node:fs';
import type { AuditEntry, AuditHeadReading, AuditHeadRecord } from '../application/ports/cases.ts';

/** Where the store writes the head of what it committed, and where `audit --verify` reads it back. */
export interface AuditHead {
  /** Entries that were just committed. Never throws: a head that cannot be written is reported through `onError`. */
  record(entries: readonly AuditEntry[], now?: Date): void;
  read(): Promise<AuditHeadReading | null>;
}

const LINE = /^(\d+) ([0-9a-f]{64}) (\S+)$/;

/** `<seq> <hash> <ISO time>`, e.g. `42 9f86d0…0f00a08 2026-11-23T02:00:00.123Z`. */
export function formatHeadLine(record: AuditHeadRecord): string {
  return `${record.seq} ${record.hash} ${record.at.toISOString()}`;
}

/** Reads a head file's text; lines that are not records are counted, not dropped silently. */
export function parseHead(text: string): AuditHeadReading {
  const records: AuditHeadRecord[] = [];
  const unreadableLines: number[] = [];
  const lines = text.split('\n');
  // The text ends with a newline: the last, empty, piece is not a line.
  if (lines.at(-1) === '') lines.pop();
  lines.forEach((line, i) => {
    const m = LINE.exec(line);
    const at = m ? new Date(m[3]!) : null;
    if (!m || !at || Number.isNaN(at.getTime()) || Number(m[1]) < 1) unreadableLines.push(i + 1);
    else records.push({ seq: Number(m[1]), hash: m[2]!, at });
  });
  return { records, unreadableLines };
}

function headLines(entries: readonly AuditEntry[], now: Date): string {
  return entries.map((e) => `${formatHeadLine({ seq: e.seq, hash: e.hash, at: now })}\n`).join('');
}

/** The head as a file (append-only, created on the first commit). */
export function createAuditHeadFile(path: string, onError: (message: string) => void): AuditHead {
  return {
    record(entries, now = new Date()) {
      if (entries.length === 0) return;
      let fd: number | null = null;
      try {
        fd = openSync(path, 'a');
        writeSync(fd, headLines(entries, now));
        fsyncSync(fd);
      } catch (error) {
        // The commit stands; `audit --verify` will say the head is behind.
        const seqs = entries.map((e) => e.seq);
        onError(`The audit head ${path} could not record entries ${seqs[0]}–${seqs.at(-1)}: ${(error as Error).message}`);
      } finally {
        try {
          if (fd !== null) closeSync(fd);
        } catch {
          // Written and synced already, or reported above.
        }
      }
    },
    async read() {
      let text: string;
      try {
        text = readFileSync(path, 'utf8');
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
        throw error;
      }
      return parseHead(text);
    },
  };
}

/** The head of the in-memory store: the same lines, kept in memory, written only after a transaction commits. */
export function createMemoryAuditHead(): AuditHead {
  let text: string | null = null;
  return {
    record(entries, now = new Date()) {
      if (entries.length === 0) return;
      text = (text ?? '') + headLines(entries, now);
    },
    async read() {
      return text === null ? null : parseHead(text);
    },
  };
}
