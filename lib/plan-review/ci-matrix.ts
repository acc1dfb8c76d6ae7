import { UsageError } from '../deployment/synth-target';
import type { AffectedStacks } from './affected-stacks';
import { dependencyLevels } from './stack-levels';

/**
 * The GitHub Actions matrices that fan plans and applies out over runners: a job never holds
 * stacks of two environments (each environment has its own state lock group and GitHub
 * environment), holds at most `batchSize` stacks, and a matrix never holds more jobs than GitHub
 * runs from one matrix; batches grow to fit that limit.
 */

/** GitHub's limit of jobs a matrix may generate per workflow run (docs: "Running variations of jobs"). */
export const GITHUB_MATRIX_LIMIT = 256;

/** A stack as the matrix sees it. */
export interface MatrixStack {
  /** Stack name, `<environment>-<module>`. */
  readonly name: string;
  /** Environment of the stack. */
  readonly environment: string;
  /** Module of the stack. */
  readonly module: string;
  /** Stacks whose outputs it reads. */
  readonly dependencies: readonly string[];
}

/** One job of a matrix. */
export interface MatrixJob {
  /** The job's name in the run, such as `dev: iam, sqs`. */
  readonly name: string;
  /** The environment of every stack of the job. */
  readonly environment: string;
  /** The stacks, separated by spaces, for `npm run all -- plan --include`. */
  readonly stacks: string;
  /** A name for the job's artifact, unique in the run. */
  readonly artifact: string;
}

/** How to cut the stacks into jobs. */
export interface MatrixOptions {
  /** Most stacks in one job; 0 puts every stack of an environment in one job. */
  readonly batchSize: number;
  /** Most jobs in one matrix (GITHUB_MATRIX_LIMIT unless lower). */
  readonly maxJobs?: number;
  /** Prefix of the artifact names, such as `plans` or `applied`. */
  readonly artifactPrefix?: string;
}

/** The plan matrix of a pull request: the affected stacks, environment by environment, in batches. */
export function planMatrix(
  affected: Pick<AffectedStacks, 'affected'>,
  stacks: readonly MatrixStack[],
  options: MatrixOptions,
): MatrixJob[] {
  const byName = new Map(stacks.map((s) => [s.name, s]));
  const unknown = affected.affected.map((a) => a.stack).filter((name) => !byName.has(name));
  if (unknown.length > 0)
    throw new UsageError(
      `the affected stacks name ${unknown.join(', ')}, which the synth output does not have; ` +
        'the list of affected stacks and the synth output must come from the same commit',
    );
  return batchJobs(
    affected.affected.map((a) => byName.get(a.stack)!),
    options,
  );
}

/** One environment's stacks, level by level (each level a matrix), for a deploy. */
export function levelMatrices(
  stacks: readonly MatrixStack[],
  environment: string,
  options: MatrixOptions,
): MatrixJob[][] {
  const own = stacks.filter((s) => s.environment === environment);
  if (own.length === 0) {
    const synthesized = [...new Set(stacks.map((s) => s.environment))];
    throw new UsageError(
      `no stacks for environment ${environment}; synthesized environments: ${synthesized.join(', ')}`,
    );
  }
  const byName = new Map(own.map((s) => [s.name, s]));
  return dependencyLevels(own).map((level, index) =>
    batchJobs(
      level.map((name) => byName.get(name)!),
      // The environment and the level in the name: one deploy run holds every stage's artifacts.
      { ...options, artifactPrefix: `${options.artifactPrefix ?? 'plans'}-${environment}-level-${index}` },
    ),
  );
}

/** The matrix GitHub Actions reads (`strategy.matrix: ${{ fromJSON(...) }}`). */
export function githubMatrix(jobs: readonly MatrixJob[]): { include: MatrixJob[] } {
  return { include: [...jobs] };
}

function batchJobs(stacks: readonly MatrixStack[], options: MatrixOptions): MatrixJob[] {
  const maxJobs = Math.min(options.maxJobs ?? GITHUB_MATRIX_LIMIT, GITHUB_MATRIX_LIMIT);
  const environments = new Map<string, MatrixStack[]>();
  for (const stack of stacks)
    environments.set(stack.environment, [...(environments.get(stack.environment) ?? []), stack]);
  if (environments.size > maxJobs)
    throw new UsageError(
      `${environments.size} environments need at least ${environments.size} jobs, ` +
        `more than the ${maxJobs} a matrix may hold; plan per group of environments (npm run affected -- --env)`,
    );
  const largest = Math.max(0, ...[...environments.values()].map((s) => s.length));
  let size = options.batchSize <= 0 ? largest : options.batchSize;
  const jobsAt = (n: number): number => [...environments.values()].reduce((sum, s) => sum + Math.ceil(s.length / n), 0);
  while (size < largest && jobsAt(size) > maxJobs) size++;
  const prefix = options.artifactPrefix ?? 'plans';
  return [...environments].flatMap(([environment, own]) =>
    chunks(own, Math.max(1, size)).map((batch) => ({
      name: `${environment}: ${batch.map((s) => s.module).join(', ')}`,
      environment,
      stacks: batch.map((s) => s.name).join(' '),
      artifact: `${prefix}-${batch[0]!.name}`,
    })),
  );
}

function chunks<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}
