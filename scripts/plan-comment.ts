import * as fs from 'fs';
import * as path from 'path';
import { Command, InvalidArgumentError } from 'commander';
import { ConfigError } from '../lib/configuration/config-error';
import { UsageError } from '../lib/deployment/synth-target';
import { readAffectedStacks } from '../lib/plan-review/affected-stacks';
import { writeStepOutputs } from '../lib/plan-review/github-actions-output';
import { GITHUB_COMMENT_LIMIT, renderPlanComment } from '../lib/plan-review/plan-comment';
import { projectPolicyFile, readPlanPolicyIfPresent } from '../lib/plan-review/plan-policy';
import { reviewPlans } from '../lib/plan-review/plan-review';
import { evaluatePolicy } from '../lib/plan-review/policy-gate';
import { readSavedPlans } from '../lib/plan-review/saved-plans';

/** Options of `npm run plan:comment`. */
interface PlanCommentCliOptions {
  readonly plans: string;
  readonly outdir: string;
  readonly affected?: string;
  readonly policy: string;
  readonly output?: string;
  readonly context?: string;
  readonly artifactHint?: string;
  readonly githubOutput?: string;
  readonly detailedExitcode?: boolean;
  readonly maxLength: number;
}

/** Exit code of --detailed-exitcode when the plans destroy or replace something. */
const EXIT_DESTROYS = 2;

const projectRoot = path.resolve(__dirname, '..');

function positiveInteger(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1000) throw new InvalidArgumentError('a whole number >= 1000');
  return n;
}

function execute(options: PlanCommentCliOptions): number {
  // With a list of affected stacks, no plan folder means no stack was affected.
  const stacks = readSavedPlans({
    outdir: path.resolve(options.outdir),
    planDir: path.resolve(options.plans),
    planDirMayBeMissing: options.affected !== undefined,
  });
  const review = reviewPlans(stacks, options.affected ? readAffectedStacks(path.resolve(options.affected)) : undefined);
  const policyFile = path.resolve(options.policy);
  const gate = evaluatePolicy(review, readPlanPolicyIfPresent(policyFile));
  const comment = renderPlanComment(review, {
    gate,
    policyFile: path.relative(process.cwd(), policyFile) || policyFile,
    maxLength: options.maxLength,
    ...(options.context ? { context: options.context } : {}),
    ...(options.artifactHint ? { artifactHint: options.artifactHint } : {}),
  });
  if (options.output) fs.writeFileSync(options.output, comment);
  else process.stdout.write(comment);
  const destroys = review.totals.destroy;
  const replacements = review.totals.replace;
  const planned = review.stacks.filter((s) => s.status === 'planned');
  process.stderr.write(
    `${planned.length} plans reviewed: ${destroys} to destroy, ${replacements} to replace; ` +
      `policy gate ${gate.passed ? 'passed' : 'FAILED'}; ` +
      `comment ${comment.length.toLocaleString('en-US')} characters${options.output ? ` in ${options.output}` : ''}\n`,
  );
  const githubOutput = options.githubOutput ?? process.env.GITHUB_OUTPUT;
  if (githubOutput) {
    writeStepOutputs(githubOutput, {
      destroys,
      replacements,
      destructive: destroys + replacements > 0,
      changes: planned.some(
        (s) =>
          s.counts.create +
            s.counts.update +
            s.counts.replace +
            s.counts.destroy +
            s.counts.move +
            s.counts.import +
            s.counts.forget +
            s.outputChanges >
          0,
      ),
      policy: gate.passed ? 'passed' : 'failed',
      provisional: planned.some((s) => s.provisional !== undefined),
      missing: review.stacks
        .filter((s) => s.status === 'missing')
        .map((s) => s.name)
        .join(' '),
    });
  }
  return options.detailedExitcode && destroys + replacements > 0 ? EXIT_DESTROYS : 0;
}

const program = new Command('plan-comment')
  .description(
    'Turns the plans run-all saved (terraform show -json) into one GitHub-flavoured Markdown comment: totals, ' +
      'destroys and replacements with what forces them, the policy gate, a table per environment, drift, a picture ' +
      "of the affected stacks, each plan collapsed and trimmed under GitHub's limit.",
  )
  .option('--plans <dir>', 'folder of saved plans, <stack>.json each', path.join('cdktf.out', 'plans'))
  .option('--outdir <dir>', 'the synth output the plans were made from (stacks, graph, metadata)', 'cdktf.out')
  .option(
    '--affected <file>',
    'the JSON `npm run affected -- --json <file>` wrote: says why stacks were or were not planned',
  )
  .option(
    '--policy <file>',
    'the policy file (protected resource types, allowed destroys)',
    path.relative(process.cwd(), projectPolicyFile(projectRoot)) || 'plan-policy.json',
  )
  .option('-o, --output <file>', 'write the comment here (default: standard output)')
  .option('--context <line>', 'a line under the heading, such as the commit and a link to the run')
  .option('--artifact-hint <words>', 'where the full plans are, such as "the plans artifact of this run"')
  .option(
    '--github-output <file>',
    'append step outputs (destroys, replacements, destructive, changes, policy, provisional, missing) here ' +
      '(default: $GITHUB_OUTPUT)',
  )
  .option(
    '--detailed-exitcode',
    `exit ${EXIT_DESTROYS} when a plan destroys or replaces something (0 otherwise, 1 on error)`,
  )
  .option(
    '--max-length <n>',
    'the comment stays shorter than this many characters',
    positiveInteger,
    GITHUB_COMMENT_LIMIT,
  )
  .action((options: PlanCommentCliOptions) => {
    process.exitCode = execute(options);
  });

try {
  program.parse(process.argv);
} catch (error) {
  if (error instanceof ConfigError) process.stderr.write(`Bad input (no comment written):\n${error.message}\n`);
  else if (error instanceof UsageError) process.stderr.write(`error: ${error.message}\n`);
  else throw error;
  process.exitCode = 1;
}
