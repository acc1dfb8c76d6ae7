import * as fs from 'fs';
import * as path from 'path';
import { Command } from 'commander';
import { ConfigError } from '../lib/configuration/config-error';
import { UsageError } from '../lib/deployment/synth-target';
import { readSynthesizedStacks } from '../lib/orchestration/synthesized-stacks';
import { readAffectedStacks } from '../lib/plan-review/affected-stacks';
import { writeStepOutputs } from '../lib/plan-review/github-actions-output';
import { compareWithReviewed, describeComparison, readPlanFolder } from '../lib/plan-review/plan-comparison';

/** Options of `npm run plan:compare`. */
interface PlanCompareCliOptions {
  readonly reviewed: string;
  readonly reviewedAffected?: string;
  readonly plans: string;
  readonly outdir: string;
  readonly summary?: string;
  readonly githubOutput?: string;
}

function execute(options: PlanCompareCliOptions): number {
  const reviewedDir = path.resolve(options.reviewed);
  if (!fs.existsSync(reviewedDir))
    throw new UsageError(`${options.reviewed} does not exist: download the pull request's plans there first`);
  const current = readPlanFolder(path.resolve(options.plans));
  if (current.length === 0) throw new UsageError(`${options.plans} holds no plan to compare`);
  const stacks = readSynthesizedStacks(path.resolve(options.outdir));
  const comparison = compareWithReviewed(
    {
      plans: readPlanFolder(reviewedDir),
      ...(options.reviewedAffected ? { affected: readAffectedStacks(path.resolve(options.reviewedAffected)) } : {}),
      dependencies: new Map(stacks.map((s) => [s.name, s.dependencies])),
    },
    current,
  );
  const text = describeComparison(comparison);
  process.stdout.write(`${text}\n`);
  const summary = options.summary ?? process.env.GITHUB_STEP_SUMMARY;
  if (summary) fs.appendFileSync(summary, `\n### Compared with the pull request's plans\n\n${text}\n`);
  const githubOutput = options.githubOutput ?? process.env.GITHUB_OUTPUT;
  if (githubOutput)
    writeStepOutputs(githubOutput, {
      same: comparison.differences.length === 0,
      differing: [...new Set(comparison.differences.map((d) => d.stack))].join(' '),
    });
  return comparison.differences.length === 0 ? 0 : 1;
}

const program = new Command('plan-compare')
  .description(
    "Compares new plans with the plans reviewed on the pull request, stack by stack: exits 1 when a stack's " +
      'resources change differently (the same changes, drawn alike, and the same output changes must be planned).',
  )
  .requiredOption('--reviewed <dir>', "the pull request's plan folder (<stack>.json and <stack>.provenance.json)")
  .option('--reviewed-affected <file>', "the pull request's affected-stacks file: which stacks it left unplanned")
  .option('--plans <dir>', 'the new plans', path.join('cdktf.out', 'plans'))
  .option('--outdir <dir>', 'the synth output the new plans were made from (the stack graph)', 'cdktf.out')
  .option('--summary <file>', 'append the verdict as Markdown here (default: $GITHUB_STEP_SUMMARY)')
  .option('--github-output <file>', 'append the step outputs (same, differing) here (default: $GITHUB_OUTPUT)')
  .action((options: PlanCompareCliOptions) => {
    process.exitCode = execute(options);
  });

try {
  program.parse(process.argv);
} catch (error) {
  if (error instanceof ConfigError) process.stderr.write(`Bad input (nothing compared):\n${error.message}\n`);
  else if (error instanceof UsageError) process.stderr.write(`error: ${error.message}\n`);
  else throw error;
  process.exitCode = 1;
}
