import * as fs from 'fs';
import * as path from 'path';
import { Command, InvalidArgumentError } from 'commander';
import { ConfigError } from '../lib/configuration/config-error';
import { UsageError } from '../lib/deployment/synth-target';
import { readSynthesizedStacks } from '../lib/orchestration/synthesized-stacks';
import { readAffectedStacks } from '../lib/plan-review/affected-stacks';
import { githubMatrix, levelMatrices, type MatrixJob, planMatrix } from '../lib/plan-review/ci-matrix';
import { writeStepOutputs } from '../lib/plan-review/github-actions-output';

/** Options of `npm run plan:matrix`. */
interface PlanMatrixCliOptions {
  readonly outdir: string;
  readonly affected?: string;
  readonly env?: string;
  readonly batchSize: number;
  readonly maxJobs?: number;
  readonly levelSlots: number;
  readonly json?: string;
  readonly githubOutput?: string;
}

function wholeNumber(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) throw new InvalidArgumentError('a whole number >= 0');
  return n;
}

function describe(jobs: readonly MatrixJob[]): string {
  return jobs.map((j) => `  ${j.name}`).join('\n');
}

function execute(options: PlanMatrixCliOptions): number {
  if ((options.affected === undefined) === (options.env === undefined))
    throw new UsageError('pass --affected <file> (the plan matrix of a pull request) or --env <name> (deploy levels)');
  const stacks = readSynthesizedStacks(path.resolve(options.outdir));
  const cut = { batchSize: options.batchSize, ...(options.maxJobs ? { maxJobs: options.maxJobs } : {}) };
  const githubOutput = options.githubOutput ?? process.env.GITHUB_OUTPUT;
  if (options.affected !== undefined) {
    const jobs = planMatrix(readAffectedStacks(path.resolve(options.affected)), stacks, cut);
    process.stderr.write(`${jobs.length} plan ${jobs.length === 1 ? 'job' : 'jobs'}\n${describe(jobs)}\n`);
    const matrix = JSON.stringify(githubMatrix(jobs));
    if (options.json) fs.writeFileSync(options.json, `${matrix}\n`);
    if (githubOutput) writeStepOutputs(githubOutput, { matrix, count: jobs.length });
    return 0;
  }
  const levels = levelMatrices(stacks, options.env!, { ...cut, artifactPrefix: 'plans' });
  if (levels.length > options.levelSlots)
    throw new UsageError(
      `the stacks of ${options.env} have ${levels.length} dependency levels, ` +
        `but the workflow has ${options.levelSlots} level jobs: ` +
        'add a level job to .github/workflows/deploy-stage.yml and raise --level-slots',
    );
  const outputs: Record<string, string | number> = { levels: levels.length };
  for (let slot = 0; slot < options.levelSlots; slot++) {
    const jobs = levels[slot] ?? [];
    outputs[`level_${slot}`] = JSON.stringify(githubMatrix(jobs));
    outputs[`level_${slot}_count`] = jobs.length;
    if (jobs.length > 0) process.stderr.write(`level ${slot}: ${jobs.length} jobs\n${describe(jobs)}\n`);
  }
  if (options.json) fs.writeFileSync(options.json, `${JSON.stringify(levels.map(githubMatrix))}\n`);
  if (githubOutput) writeStepOutputs(githubOutput, outputs);
  return 0;
}

const program = new Command('plan-matrix')
  .description(
    'Builds the GitHub Actions matrices that fan plans out over runners: the affected stacks of a pull request ' +
      '(--affected), or the dependency levels of one environment for a deploy (--env); a job holds stacks of one ' +
      'environment only, at most --batch-size of them.',
  )
  .option('--outdir <dir>', 'the synth output (stacks and their graph)', 'cdktf.out')
  .option('--affected <file>', 'the JSON `npm run affected -- --json <file>` wrote')
  .option('-e, --env <name>', 'the environment whose dependency levels to build, for a deploy')
  .option('--batch-size <n>', 'most stacks in one job; 0: one job per environment', wholeNumber, 5)
  .option('--max-jobs <n>', 'most jobs in one matrix (GitHub runs at most 256); batches grow to fit', wholeNumber)
  .option('--level-slots <n>', 'level jobs the deploy workflow has (outputs level_0 ... level_<n-1>)', wholeNumber, 3)
  .option('--json <file>', 'also write the matrix (or the list of level matrices) here')
  .option('--github-output <file>', 'append the step outputs here (default: $GITHUB_OUTPUT)')
  .action((options: PlanMatrixCliOptions) => {
    process.exitCode = execute(options);
  });

try {
  program.parse(process.argv);
} catch (error) {
  if (error instanceof ConfigError) process.stderr.write(`Bad input (no matrix written):\n${error.message}\n`);
  else if (error instanceof UsageError) process.stderr.write(`error: ${error.message}\n`);
  else throw error;
  process.exitCode = 1;
}
