// The `kaifang` command run in this process (`main(args, io, env)`), its output collected: faster than spawning the
// bin, and the same code path.
import { PassThrough, Readable } from 'node:stream';
import { main } from '../../src/cli.ts';

export interface InProcessRun {
  status: number;
  /** Lines written with `out`, and what the console wrote to its stdout. */
  stdout: string;
  stderr: string;
}

export async function runInProcess(args: string[], env: Record<string, string>, input = ''): Promise<InProcessRun> {
  const out: string[] = [];
  const err: string[] = [];
  const stdout = new PassThrough();
  const written: Buffer[] = [];
  stdout.on('data', (chunk: Buffer) => written.push(chunk));
  const status = await main(
    args,
    { out: (line) => out.push(line), err: (line) => err.push(line), stdin: Readable.from([input]), stdout, interactive: false },
    env,
  );
  const console = Buffer.concat(written).toString('utf8');
  return { status, stdout: [...out.map((l) => `${l}\n`), console].join(''), stderr: err.map((l) => `${l}\n`).join('') };
}
