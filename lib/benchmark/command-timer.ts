import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

/** A command to time. */
export interface TimedCommand {
  /** Label in the results. */
  readonly name: string;
  /** Program and arguments. */
  readonly command: readonly string[];
  /** Working directory. */
  readonly cwd: string;
  /** Extra environment. */
  readonly env?: NodeJS.ProcessEnv;
}

/** Wall time and peak memory of repeated runs. */
export interface Timing {
  /** Label of the command. */
  readonly name: string;
  /** Wall time of each measured run, in seconds. */
  readonly runs: readonly number[];
  /** Median wall time, in seconds. */
  readonly median: number;
  /** Largest resident set of any node process of any run, in MiB. */
  readonly peakMemoryMiB: number;
}

const RSS_RECORDER = path.resolve(__dirname, '..', '..', 'scripts', 'bench', 'record-max-rss.js');

/**
 * Runs `command` once to warm caches, then `runs` times, timing each; every node process it starts
 * reports its peak resident set through a preloaded module. Throws when a run fails.
 */
export function timeCommand(command: TimedCommand, runs: number): Timing {
  const rssFile = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'bench-rss-')), 'rss');
  const times: number[] = [];
  for (let i = 0; i <= runs; i++) {
    fs.writeFileSync(rssFile, '');
    const started = performance.now();
    const result = spawnSync(command.command[0]!, command.command.slice(1), {
      cwd: command.cwd,
      env: { ...process.env, ...command.env, BENCH_RSS_FILE: rssFile, NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ''} --require ${RSS_RECORDER}`.trim() },
      encoding: 'utf8',
    });
    const seconds = (performance.now() - started) / 1000;
    if (result.status !== 0) throw new Error(`${command.name} failed (exit ${result.status}):\n${result.stderr || result.stdout}`);
    if (i > 0) times.push(seconds);
  }
  const peakKiB = Math.max(0, ...fs.readFileSync(rssFile, 'utf8').split('\n').filter(Boolean).map((line) => Number(line.split(' ')[1])));
  fs.rmSync(path.dirname(rssFile), { recursive: true, force: true });
  return { name: command.name, runs: times, median: median(times), peakMemoryMiB: Math.round(peakKiB / 1024) };
}

/** The middle value (the mean of the two middle ones for an even count). */
export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}
