import type { AffectedStacks } from './affected-stacks';
import { GITHUB_MATRIX_LIMIT, levelMatrices, type MatrixStack, planMatrix } from './ci-matrix';
import { dependencyLevels } from './stack-levels';

/**
 * What fanning plans out over GitHub Actions runners buys, simulated from stack times measured on
 * one machine: the matrices the workflows would build (ci-matrix.ts, the same code), the jobs of
 * each deploy level, and how long the longest chain of work takes against one runner doing it all.
 * Runners are taken as free (GitHub's concurrent-job limit of the plan is not modelled) and alike.
 */

/** A stack and how long planning it took. */
export interface TimedStack extends MatrixStack {
  /** Seconds its plan took, alone on the machine. */
  readonly seconds: number;
}

/** The simulated figures for one configuration size. */
export interface FanOutFigures {
  /** Environments. */
  readonly environments: number;
  /** Stacks. */
  readonly stacks: number;
  /** Plan jobs of a pull request that affects every stack, one job per environment. */
  readonly planJobsPerEnvironment: number;
  /** Plan jobs with one stack per job (grown into batches past GitHub's matrix limit). */
  readonly planJobsPerStack: number;
  /** Jobs of each deploy level of one environment, one stack per job. */
  readonly deployJobsPerLevel: readonly number[];
  /** Seconds of the critical path of one environment: the slowest stack of each level, added up. */
  readonly criticalPathSeconds: number;
  /** Seconds until every plan of the pull request is done, one job per environment (2 stacks at once each). */
  readonly fannedOutSeconds: number;
  /** Seconds of the same plans on one runner, 2 stacks at once, in dependency order. */
  readonly oneRunnerSeconds: number;
}

/** Simulates a change that affects every stack (a change to config/defaults.json). */
export function simulateFanOut(stacks: readonly TimedStack[], coresPerRunner = 2): FanOutFigures {
  const everything: Pick<AffectedStacks, 'affected'> = {
    affected: stacks.map((s) => ({ stack: s.name, reason: 'config/defaults.json changed' })),
  };
  const environments = [...new Set(stacks.map((s) => s.environment))];
  const first = environments[0]!;
  const perEnvironment = planMatrix(everything, stacks, { batchSize: 0 });
  const perStack = planMatrix(everything, stacks, { batchSize: 1, maxJobs: GITHUB_MATRIX_LIMIT });
  const seconds = new Map(stacks.map((s) => [s.name, s.seconds]));
  const own = stacks.filter((s) => s.environment === first);
  const critical = dependencyLevels(own).reduce(
    (sum, level) => sum + Math.max(...level.map((name) => seconds.get(name)!)),
    0,
  );
  const slowestEnvironment = Math.max(
    ...environments.map((e) =>
      schedule(
        stacks.filter((s) => s.environment === e),
        coresPerRunner,
      ),
    ),
  );
  return {
    environments: environments.length,
    stacks: stacks.length,
    planJobsPerEnvironment: perEnvironment.length,
    planJobsPerStack: perStack.length,
    deployJobsPerLevel: levelMatrices(stacks, first, { batchSize: 1 }).map((level) => level.length),
    criticalPathSeconds: critical,
    fannedOutSeconds: slowestEnvironment,
    oneRunnerSeconds: schedule(stacks, coresPerRunner),
  };
}

/**
 * How long `slots` workers take for the stacks when each starts as soon as its upstream stacks in
 * the set are done and a worker is free, longest first among the ready ones (as run-all's graph
 * runner with that parallelism would, give or take its order).
 */
export function schedule(stacks: readonly TimedStack[], slots: number): number {
  const names = new Set(stacks.map((s) => s.name));
  const done = new Map<string, number>();
  const free = Array.from({ length: Math.max(1, slots) }, () => 0);
  const waiting = [...stacks];
  while (waiting.length > 0) {
    const ready = waiting
      .filter((s) => s.dependencies.every((d) => !names.has(d) || done.has(d)))
      .map((s) => ({
        stack: s,
        readyAt: Math.max(0, ...s.dependencies.filter((d) => names.has(d)).map((d) => done.get(d)!)),
      }))
      .sort((a, b) => a.readyAt - b.readyAt || b.stack.seconds - a.stack.seconds);
    const next = ready[0]!;
    const worker = free.indexOf(Math.min(...free));
    const start = Math.max(free[worker]!, next.readyAt);
    free[worker] = start + next.stack.seconds;
    done.set(next.stack.name, free[worker]!);
    waiting.splice(waiting.indexOf(next.stack), 1);
  }
  return Math.max(0, ...done.values());
}
