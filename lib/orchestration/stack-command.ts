import * as fs from 'fs';
import * as path from 'path';
import { UsageError } from '../deployment/synth-target';
import { type PlanSummary, summarizePlan } from '../terraform-cli/plan-summary';
import { MOCK_OUTPUTS_CHECK_PREFIX } from '../deployment/stack-dependency';
import { type PlanWarning, StackWorkspace } from '../terraform-cli/stack-workspace';
import { applySavedPlan } from './saved-plan-apply';
import { fileSha256, saveBinaryPlan } from './saved-plan-record';
import type { StackCommand } from './stack-command-names';
import type { SynthesizedStack } from './synthesized-stacks';

export { STACK_COMMANDS, type StackCommand } from './stack-command-names';

/** What a command did to one stack. */
export interface StackCommandResult {
  /** Whether `terraform init` ran (false when the stack was already initialized for this backend). */
  readonly initRan: boolean;
  /** The plan's counts (plan, apply, destroy). */
  readonly summary?: PlanSummary;
  /** Terraform's verdict on the plan: applying it changes something (plan, apply, destroy). */
  readonly hasChanges?: boolean;
  /** Where the plan was saved as `terraform show -json` output. */
  readonly planFile?: string;
  /** Where the binary plan was saved, or the saved plan that was applied. */
  readonly binaryPlanFile?: string;
  /** The stack's outputs (output). */
  readonly outputs?: Record<string, unknown>;
  /** The plan read mock outputs instead of upstream state, so it is provisional. */
  readonly provisional: boolean;
  /** Upstream stacks whose mock outputs the plan read (an offline synth reads every upstream's). */
  readonly mockedUpstreams?: readonly string[];
}

/** Where and how the commands run. */
export interface StackCommandContext {
  /** Environment of every Terraform command. */
  readonly env: NodeJS.ProcessEnv;
  /**
   * Folder the plans are saved in: `<stack>.json` (`terraform show -json`), `<stack>.tfplan` (the
   * binary plan) and `<stack>.provenance.json` each; not saved when omitted.
   */
  readonly planDir?: string;
  /** Apply the plans saved in this folder instead of planning (apply only). */
  readonly savedPlanDir?: string;
  /** How long a command that locks the state waits for the lock, such as `5m`. */
  readonly lockTimeout?: string;
  /** Stops running commands when aborted. */
  readonly signal?: AbortSignal;
}

/** The saved plan of plan, apply and destroy, in the stack's folder (what `terraform show` reads). */
export const PLAN_FILE = 'platform.tfplan';

/** Runs `command` on one synthesized stack. */
export async function runStackCommand(
  stack: SynthesizedStack,
  command: StackCommand,
  context: StackCommandContext,
): Promise<StackCommandResult> {
  const offline = stack.synthMode === 'offline';
  if (offline && (command === 'apply' || command === 'destroy')) {
    throw new UsageError(
      `${stack.name} was synthesized offline (mock outputs, local backend): it can be planned, never ` +
        `${command === 'apply' ? 'applied' : 'destroyed'}. ` +
        'Synthesize for AWS (npm run synth) or the local AWS (--local) first.',
    );
  }
  const workspace = new StackWorkspace({
    name: stack.name,
    directory: stack.directory,
    env: context.env,
    ...(context.signal ? { signal: context.signal } : {}),
    ...(context.lockTimeout ? { lockTimeout: context.lockTimeout } : {}),
  });
  const initRan = await workspace.init();
  if (command === 'apply' && context.savedPlanDir !== undefined) {
    const applied = await applySavedPlan(stack, workspace, context.savedPlanDir);
    return {
      initRan,
      summary: applied.summary,
      hasChanges: applied.hasChanges,
      provisional: false,
      binaryPlanFile: path.join(context.savedPlanDir, applied.planFile),
    };
  }
  switch (command) {
    case 'validate':
      await workspace.validate();
      return { initRan, provisional: offline };
    case 'output': {
      const outputs = await workspace.outputs();
      return {
        initRan,
        provisional: false,
        outputs: Object.fromEntries(Object.entries(outputs).map(([name, o]) => [name, o.value])),
      };
    }
    case 'plan':
    case 'apply':
    case 'destroy': {
      const plan = await workspace.plan({
        out: PLAN_FILE,
        destroy: command === 'destroy',
        showJson: context.planDir !== undefined,
        ...(offline ? { refresh: false, lock: false } : {}),
      });
      const summary = plan.json !== undefined ? summarizePlan(plan.json) : plan.summary;
      const mocked = offline ? [...stack.dependencies] : mockedUpstreams(stack, plan.warnings);
      let planFile: string | undefined;
      let binaryPlanFile: string | undefined;
      if (context.planDir !== undefined) {
        fs.mkdirSync(context.planDir, { recursive: true });
        planFile = path.join(context.planDir, `${stack.name}.json`);
        fs.writeFileSync(planFile, JSON.stringify(plan.json));
        const saved = saveBinaryPlan(context.planDir, path.join(stack.directory, PLAN_FILE), {
          stack: stack.name,
          configurationSha256: fileSha256(path.join(stack.directory, 'cdk.tf.json')),
          synthMode: stack.synthMode,
          mockedUpstreams: mocked,
          destroy: command === 'destroy',
          hasChanges: plan.hasChanges,
          summary,
        });
        binaryPlanFile = path.join(context.planDir, saved.planFile);
      }
      if (command === 'apply' && mocked.length > 0) {
        throw new UsageError(
          `${stack.name} read mock outputs of ${mocked.join(', ')}: their state does not exist yet or lacks ` +
            `outputs ${stack.name} reads, so its plan is provisional and is never applied. ` +
            `Apply ${mocked.join(', ')} first (run-all applies upstream stacks first when they are selected).`,
        );
      }
      // Terraform decides, not the counts: a plan that only forgets resources or changes outputs is applied too.
      if (command !== 'plan' && plan.hasChanges) await workspace.apply(PLAN_FILE);
      return {
        initRan,
        summary,
        hasChanges: plan.hasChanges,
        provisional: offline || mocked.length > 0,
        ...(mocked.length > 0 ? { mockedUpstreams: mocked } : {}),
        ...(planFile ? { planFile } : {}),
        ...(binaryPlanFile ? { binaryPlanFile } : {}),
      };
    }
  }
}

/** The upstream stacks whose mock-output checks failed in a plan (see StackDependency). */
export function mockedUpstreams(stack: SynthesizedStack, warnings: readonly PlanWarning[]): string[] {
  const check = `check.${MOCK_OUTPUTS_CHECK_PREFIX}`;
  const modules = new Set(
    warnings.flatMap((w) => (w.address?.startsWith(check) ? [w.address.slice(check.length)] : [])),
  );
  // The check's message names the upstream too, for Terraform versions that leave the address out.
  return stack.dependencies.filter(
    (name) =>
      modules.has(name.slice(stack.environment.length + 1).replace(/-/g, '_')) ||
      warnings.some((w) => w.detail.startsWith('PROVISIONAL:') && w.detail.includes(` mock outputs of ${name},`)),
  );
}
