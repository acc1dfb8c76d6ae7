import * as path from 'path';
import { Command } from 'commander';
import { ConfigError } from '../lib/configuration/config-error';
import { UsageError } from '../lib/deployment/synth-target';
import { projectPolicyFile, readPlanPolicyIfPresent } from '../lib/plan-review/plan-policy';
import { reviewPlans } from '../lib/plan-review/plan-review';
import { describeGate, evaluatePolicy } from '../lib/plan-review/policy-gate';
import { readSavedPlans } from '../lib/plan-review/saved-plans';

/** Options of `npm run plan:gate`. */
interface PlanGateCliOptions {
  readonly plans: string;
  readonly outdir: string;
  readonly policy: string;
}

const projectRoot = path.resolve(__dirname, '..');

function execute(options: PlanGateCliOptions): number {
  const stacks = readSavedPlans({ outdir: path.resolve(options.outdir), planDir: path.resolve(options.plans) });
  const policyFile = path.resolve(options.policy);
  const result = evaluatePolicy(reviewPlans(stacks), readPlanPolicyIfPresent(policyFile));
  process.stdout.write(`${describeGate(result, path.relative(process.cwd(), policyFile) || policyFile)}\n`);
  return result.passed ? 0 : 1;
}

const program = new Command('plan-gate')
  .description(
    'The policy gate on the saved plans: exits 1 when a plan destroys or replaces a resource of a protected type ' +
      '(queues, log groups, compute environments, state machines) that the policy file does not allow for that ' +
      'stack and address.',
  )
  .option('--plans <dir>', 'folder of saved plans, <stack>.json each', path.join('cdktf.out', 'plans'))
  .option('--outdir <dir>', 'the synth output the plans were made from', 'cdktf.out')
  .option(
    '--policy <file>',
    'the policy file (protected resource types, allowed destroys)',
    path.relative(process.cwd(), projectPolicyFile(projectRoot)) || 'plan-policy.json',
  )
  .action((options: PlanGateCliOptions) => {
    process.exitCode = execute(options);
  });

try {
  program.parse(process.argv);
} catch (error) {
  if (error instanceof ConfigError) process.stderr.write(`Bad input (the gate did not run):\n${error.message}\n`);
  else if (error instanceof UsageError) process.stderr.write(`error: ${error.message}\n`);
  else throw error;
  process.exitCode = 1;
}
