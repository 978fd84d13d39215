// The parent side of the ack benchmarks: forks the load generator (bench/ack.client.ts), hands it one batch at a time,
// and the figures both benchmarks report.
import { fork, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import type { ClientReply, FireMessage, FireRequest } from './ack.client.ts';

export type { FireRequest } from './ack.client.ts';

export interface AckLatency {
  /** Median over the runs of each run's median, in ms. */
  medianMs: number;
  /** Median over the runs of each run's p99, in ms. */
  p99Ms: number;
  /** Each run's own figures, in the order they ran. */
  perRun: { medianMs: number; p99Ms: number }[];
}

export interface AckClient {
  /** Sends every request at once; resolves with each one's ms until its response, in order. */
  fire(url: string, requests: FireRequest[], options?: { slackSigningSecret?: string }): Promise<number[]>;
  close(): Promise<void>;
}

export const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

function quantile(sorted: number[], q: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
}

/** One run's median and p99. */
export function runFigures(latencies: number[]): { medianMs: number; p99Ms: number } {
  const sorted = [...latencies].sort((a, b) => a - b);
  return { medianMs: quantile(sorted, 0.5), p99Ms: quantile(sorted, 0.99) };
}

/** The medians over the runs of their medians and p99s. */
export function acrossRuns(perRun: { medianMs: number; p99Ms: number }[]): AckLatency {
  return { medianMs: median(perRun.map((r) => r.medianMs)), p99Ms: median(perRun.map((r) => r.p99Ms)), perRun };
}

/**
 * kaifang over the bare baseline, run by run: each of our runs against the baseline's run right after it, under the
 * same load of the machine, and the median of those ratios. A machine that slows down for a while moves both sides
 * of a pair, where a ratio of the two medians over all runs would take it for the app's doing.
 */
export function pairedRatio(ours: { medianMs: number; p99Ms: number }[], theirs: { medianMs: number; p99Ms: number }[]): { median: number; p99: number } {
  const pairs = ours.map((o, i) => ({ median: o.medianMs / theirs[i]!.medianMs, p99: o.p99Ms / theirs[i]!.p99Ms }));
  return { median: median(pairs.map((p) => p.median)), p99: median(pairs.map((p) => p.p99)) };
}

/** The load generator, in its own process. */
export async function startAckClient(): Promise<AckClient> {
  const child: ChildProcess = fork(fileURLToPath(new URL('./ack.client.ts', import.meta.url)), [], {
    // Not process.execArgv: under `tsx -e` that is the eval'd code. The child needs only the TypeScript loader.
    execArgv: ['--import', import.meta.resolve('tsx')],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  await once(child, 'spawn');
  // One batch at a time: the reply (or the child's exit) settles the batch in flight.
  let pending: { resolve(reply: ClientReply): void; reject(error: Error): void } | null = null;
  const settle = () => {
    const p = pending;
    pending = null;
    return p;
  };
  child.on('message', (reply: ClientReply) => settle()?.resolve(reply));
  child.on('exit', (code, signal) => settle()?.reject(new Error(`the bench client exited (${signal ?? code})`)));
  return {
    async fire(url, requests, options = {}) {
      const message: FireMessage = { type: 'fire', url, requests, ...(options.slackSigningSecret !== undefined ? { slackSigningSecret: options.slackSigningSecret } : {}) };
      const answer = await new Promise<ClientReply>((resolve, reject) => {
        pending = { resolve, reject };
        child.send(message);
      });
      if (answer.type === 'failed') throw new Error(`bench client: ${answer.error}`);
      return answer.latenciesMs;
    },
    async close() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = once(child, 'exit');
      child.send({ type: 'exit' });
      await exited;
    },
  };
}
