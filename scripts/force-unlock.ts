import * as path from 'path';
import { UsageError } from '../lib/deployment/synth-target';
import { unknownStackMessage } from '../lib/orchestration/stack-selection';
import { readSynthesizedStacks } from '../lib/orchestration/synthesized-stacks';
import { withOutputLock } from '../lib/synthesis/output-lock';
import { holdCurrentVersion } from '../lib/synthesis/versioned-outdir';
import { StackWorkspace, TerraformCommandError } from '../lib/terraform-cli/stack-workspace';
import { terraformEnvironment } from '../lib/terraform-cli/terraform-cli-config';
import { runTerraform } from '../lib/terraform-cli/terraform-process';

/**
 * Releases a stack's state lock that an interrupted run left behind (Terraform's force-unlock, on
 * the stack as cdktf.out holds it now, with the project's Terraform environment):
 *
 *   npm run force-unlock -- dev-batch 1b0ac9c4-8d3f-4e0b-a5b1-6a1e2b3c4d5e
 *
 * The lock ID is in the error of the run that could not take the lock.
 */
async function main(args: readonly string[]): Promise<number> {
  const [stackName, lockId, ...extra] = args;
  if (!stackName || !lockId || extra.length > 0)
    throw new UsageError('usage: npm run force-unlock -- <stack> <lock ID>; the ID is in the error of the locked run');
  const projectRoot = path.resolve(__dirname, '..');
  const outdir = path.join(projectRoot, 'cdktf.out');
  const log = (line: string): void => void process.stderr.write(`${line}\n`);
  return withOutputLock(outdir, { command: `npm run force-unlock -- ${stackName}`, log }, async () => {
    const stacks = readSynthesizedStacks(holdCurrentVersion(outdir));
    const stack = stacks.find((s) => s.name === stackName);
    if (!stack)
      throw new UsageError(
        unknownStackMessage(
          stackName,
          stacks.map((s) => s.name),
        ),
      );
    const env = terraformEnvironment(projectRoot);
    await new StackWorkspace({ name: stack.name, directory: stack.directory, env }).init();
    const result = await runTerraform(['force-unlock', '-force', '-no-color', lockId], { cwd: stack.directory, env });
    if (result.exitCode !== 0) throw new TerraformCommandError(stack.name, 'force-unlock', result);
    process.stdout.write(`${stack.name}: lock ${lockId} released\n`);
    return 0;
  });
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    if (error instanceof UsageError || error instanceof TerraformCommandError)
      process.stderr.write(`error: ${error.message}\n`);
    else throw error;
    process.exitCode = 1;
  },
);
