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
  return timeCommands([command], runs)[0]!;
}

/**
 * Times commands that are compared with each other, interleaved: one warm-up round, then `runs`
 * rounds each running every command once, in turn. A slow spell of the host (this 2-core VM's
 * speed varies by ~40 % within minutes) then slows every command of a round alike instead of all
 * the runs of one of them, and the ratios between the medians hold. Throws when a run fails.
 */
export function timeCommands(commands: readonly TimedCommand[], runs: number): Timing[] {
  const rssDir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-rss-'));
  const rssFiles = commands.map((_, i) => path.join(rssDir, `rss-${i}`));
  const times: number[][] = commands.map(() => []);
  for (let round = 0; round <= runs; round++) {
    commands.forEach((command, i) => {
      // The warm-up's memory is not counted: a first run may build the bundle.
      if (round <= 1) fs.writeFileSync(rssFiles[i]!, '');
      const started = performance.now();
      const result = spawnSync(command.command[0]!, command.command.slice(1), {
        cwd: command.cwd,
        env: {
          ...process.env,
          ...command.env,
          BENCH_RSS_FILE: rssFiles[i],
          NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ''} --require ${RSS_RECORDER}`.trim(),
        },
        encoding: 'utf8',
      });
      const seconds = (performance.now() - started) / 1000;
      if (result.status !== 0)
        throw new Error(`${command.name} failed (exit ${result.status}):\n${result.stderr || result.stdout}`);
      if (round > 0) times[i]!.push(seconds);
    });
  }
  const timings = commands.map((command, i) => {
    const peakKiB = Math.max(
      0,
      ...fs
        .readFileSync(rssFiles[i]!, 'utf8')
        .split('\n')
        .filter(Boolean)
        .map((line) => Number(line.split(' ')[1])),
    );
    return {
      name: command.name,
      runs: times[i]!,
      median: median(times[i]!),
      peakMemoryMiB: Math.round(peakKiB / 1024),
    };
  });
  fs.rmSync(rssDir, { recursive: true, force: true });
  return timings;
}

/** The middle value (the mean of the two middle ones for an even count). */
export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}
