import * as fs from 'fs';
import * as path from 'path';
import { ConfigError } from '../configuration/config-error';
import { UsageError } from '../deployment/synth-target';
import { type StackWorkspace, TerraformCommandError } from '../terraform-cli/stack-workspace';
import { fileSha256, type PlanProvenance, provenanceName, readProvenance } from './saved-plan-record';
import type { SynthesizedStack } from './synthesized-stacks';

/** A saved plan that must not be applied, and why; nothing was applied. */
export class SavedPlanRefusedError extends UsageError {
  public constructor(stack: string, why: string) {
    super(`${stack}: the saved plan is not applied: ${why}`);
    this.name = 'SavedPlanRefusedError';
  }
}

/** Terraform's own words when the state moved on after the plan was made (an apply, an import, a state edit). */
const STALE_PLAN = /Saved plan is stale/;

/**
 * The record of the stack's saved plan in `planDir`, once it is known to be applicable: made from
 * this very cdk.tf.json, in a mode that reads real state, without mock outputs, not a destroy, and
 * the binary plan is the file recorded. Throws SavedPlanRefusedError otherwise.
 */
export function applicableSavedPlan(stack: SynthesizedStack, planDir: string): PlanProvenance {
  const record = readRecord(planDir, stack.name);
  const folder = path.relative(process.cwd(), planDir) || planDir;
  if (!record)
    throw new SavedPlanRefusedError(stack.name, `${folder} holds no ${provenanceName(stack.name)}; plan it first`);
  if (record.synthMode === 'offline')
    throw new SavedPlanRefusedError(
      stack.name,
      'it was planned offline (mock outputs, a local backend, no state): plan it against AWS or the local AWS',
    );
  if (record.mockedUpstreams.length > 0)
    throw new SavedPlanRefusedError(
      stack.name,
      `it read mock outputs of ${record.mockedUpstreams.join(', ')} (their state was missing), so it is provisional; ` +
        'apply those stacks, then plan this one again',
    );
  if (record.destroy)
    throw new SavedPlanRefusedError(stack.name, 'it is a destroy plan; only the plans of `plan` are applied this way');
  const configuration = path.join(stack.directory, 'cdk.tf.json');
  if (fileSha256(configuration) !== record.configurationSha256)
    throw new SavedPlanRefusedError(
      stack.name,
      `${path.relative(process.cwd(), configuration)} is not the configuration the plan was made from ` +
        '(synthesize the commit that was planned)',
    );
  const binary = path.join(planDir, record.planFile);
  if (!fs.existsSync(binary) || fileSha256(binary) !== record.planSha256)
    throw new SavedPlanRefusedError(
      stack.name,
      `${path.relative(process.cwd(), binary)} is ${fs.existsSync(binary) ? 'not the plan recorded' : 'missing'}`,
    );
  return record;
}

function readRecord(planDir: string, stack: string): PlanProvenance | undefined {
  try {
    return readProvenance(planDir, stack);
  } catch (error) {
    if (error instanceof ConfigError)
      throw new SavedPlanRefusedError(stack, `its record is not valid:\n${error.message}`);
    throw error;
  }
}

/**
 * `terraform apply <planfile>` of an applicable saved plan, never planning again; a plan without
 * changes is not run. Terraform refuses a plan whose state has moved on: that is reported as a
 * stale plan, and nothing is applied.
 */
export async function applySavedPlan(
  stack: SynthesizedStack,
  workspace: StackWorkspace,
  planDir: string,
): Promise<PlanProvenance> {
  const record = applicableSavedPlan(stack, planDir);
  if (!record.hasChanges) return record;
  try {
    await workspace.apply(path.resolve(planDir, record.planFile));
  } catch (error) {
    if (error instanceof TerraformCommandError && STALE_PLAN.test(error.result.stdout + error.result.stderr))
      throw new SavedPlanRefusedError(
        stack.name,
        'Terraform says "Saved plan is stale": the state changed after the plan was made (another apply or a ' +
          'state operation). Nothing was applied; plan again and review the new plan',
      );
    throw error;
  }
  return record;
}
