import { createHash } from 'crypto';
import * as fs from 'fs';
import * as path from 'path';
import { UsageError } from '../deployment/synth-target';
import type { TerraformPlan } from '../plan-review/terraform-plan';
import { backendChangeMessage, backendChanges } from './backend-change';
import { type PlanSummary, summarizePlanEvents } from './plan-summary';
import { withPluginCacheLock } from './plugin-cache-lock';
import { type TerraformResult, runTerraform } from './terraform-process';

/** A Terraform command that failed, with what Terraform said. */
export class TerraformCommandError extends Error {
  /** The failed command's result. */
  public readonly result: TerraformResult;
  /** The stack it ran in. */
  public readonly stackName: string;

  public constructor(stack: string, command: string, result: TerraformResult) {
    super(`${stack}: terraform ${command} failed (exit ${result.exitCode}):\n${errorText(result)}`);
    this.name = 'TerraformCommandError';
    this.result = result;
    this.stackName = stack;
  }
}

/** One synthesized stack's folder and how to run Terraform in it. */
export interface StackWorkspaceProps {
  /** Stack name, for messages. */
  readonly name: string;
  /** The folder holding cdk.tf.json. */
  readonly directory: string;
  /** Environment of every command, from terraformEnvironment(). */
  readonly env: NodeJS.ProcessEnv;
  /** Stops running commands when aborted. */
  readonly signal?: AbortSignal;
  /** How long a command that locks the state waits for the lock (Terraform's duration, such as `5m`). */
  readonly lockTimeout?: string;
}

/**
 * How long a command waits for a state lock held by another run (a deploy, a pull request's plan)
 * before it fails; Terraform's own default is 0s: fail at once.
 */
export const DEFAULT_LOCK_TIMEOUT = '5m';

/** How to plan. */
export interface PlanOptions {
  /** File the plan is saved to, relative to the stack folder. */
  readonly out: string;
  /** Read the real infrastructure first (default true). */
  readonly refresh?: boolean;
  /** Lock the state while planning (default true). */
  readonly lock?: boolean;
  /** Plan a destroy. */
  readonly destroy?: boolean;
  /** Also return the plan as `terraform show -json` gives it (one more Terraform run, ~4 s with the AWS provider). */
  readonly showJson?: boolean;
}

/** A warning Terraform printed while planning, such as a failed check block assertion. */
export interface PlanWarning {
  /** What it is about, such as `check.mock_outputs_of_iam`, when Terraform names it. */
  readonly address?: string;
  /** Its one-line summary, such as "Check block assertion failed". */
  readonly summary: string;
  /** Its message. */
  readonly detail: string;
}

/** A saved plan. */
export interface PlanResult {
  /** What the plan changes. */
  readonly summary: PlanSummary;
  /** Terraform's verdict (`-detailed-exitcode` 2): applying the plan changes AWS, the state or the outputs. */
  readonly hasChanges: boolean;
  /** The plan as `terraform show -json` gives it, when asked for. */
  readonly json?: TerraformPlan;
  /** The warnings of the plan. */
  readonly warnings: readonly PlanWarning[];
}

const INIT_KEY_FILE = path.join('.terraform', 'platform-init.key');

/** Runs init, validate, plan, apply, destroy and output in one stack's folder. */
export class StackWorkspace {
  public constructor(private readonly props: StackWorkspaceProps) {}

  /** The stack's folder. */
  public get directory(): string {
    return this.props.directory;
  }

  /**
   * `terraform init`, skipped when the backend, the required providers, the CLI config and the
   * lock file are what the last successful init saw. Returns whether it ran. Refuses, saying what
   * changed, when the backend is not the one the stack's working data was initialised for.
   */
  public async init(): Promise<boolean> {
    const changes = backendChanges(this.props.directory);
    if (changes.length > 0) throw new UsageError(backendChangeMessage(this.props.name, this.props.directory, changes));
    const key = this.initKey();
    const keyFile = path.join(this.props.directory, INIT_KEY_FILE);
    if (
      fs.existsSync(path.join(this.props.directory, '.terraform.lock.hcl')) &&
      fs.existsSync(keyFile) &&
      fs.readFileSync(keyFile, 'utf8') === key
    )
      return false;
    await withPluginCacheLock(this.props.env, async () => {
      await this.run(['init', '-input=false', '-no-color', this.lockTimeoutFlag()], 'init');
    });
    // The key is taken again: init has just written (or rewritten) the lock file it covers.
    // A configuration without providers (only built-in resources) gets no .terraform folder from init.
    fs.mkdirSync(path.dirname(keyFile), { recursive: true });
    fs.writeFileSync(keyFile, this.initKey());
    return true;
  }

  /** `terraform validate`. */
  public async validate(): Promise<void> {
    await this.run(['validate', '-no-color'], 'validate');
  }

  /** `terraform plan -out`; the counts come from its JSON event stream, the full plan from `show -json` on request. */
  public async plan(options: PlanOptions): Promise<PlanResult> {
    const args = [
      'plan',
      '-input=false',
      '-json',
      '-detailed-exitcode',
      `-out=${options.out}`,
      ...(options.refresh === false ? ['-refresh=false'] : []),
      ...(options.lock === false ? ['-lock=false'] : [this.lockTimeoutFlag()]),
      ...(options.destroy ? ['-destroy'] : []),
    ];
    const result = await runTerraform(args, this.options());
    // -detailed-exitcode: 0 no changes, 2 changes, 1 error.
    if (result.exitCode !== 0 && result.exitCode !== 2)
      throw new TerraformCommandError(this.props.name, 'plan', withDiagnostics(result));
    const summary = summarizePlanEvents(result.stdout);
    const warnings = planWarnings(result.stdout);
    const hasChanges = result.exitCode === 2;
    if (!options.showJson) return { summary, hasChanges, warnings };
    return {
      summary,
      hasChanges,
      warnings,
      json: JSON.parse((await this.run(['show', '-json', '-no-color', options.out], 'show')).stdout) as TerraformPlan,
    };
  }

  /** Applies a saved plan. */
  public async apply(planFile: string): Promise<void> {
    await this.run(['apply', '-input=false', '-no-color', '-auto-approve', this.lockTimeoutFlag(), planFile], 'apply');
  }

  /** `terraform destroy`. */
  public async destroy(): Promise<void> {
    await this.run(['destroy', '-input=false', '-no-color', '-auto-approve', this.lockTimeoutFlag()], 'destroy');
  }

  /** The stack's outputs, by name. */
  public async outputs(): Promise<Record<string, { value: unknown; type: unknown; sensitive: boolean }>> {
    return JSON.parse((await this.run(['output', '-json', '-no-color'], 'output')).stdout) as Record<
      string,
      { value: unknown; type: unknown; sensitive: boolean }
    >;
  }

  /** Addresses in the state. */
  public async stateList(): Promise<string[]> {
    const result = await runTerraform(['state', 'list', '-no-color'], this.options());
    // An empty or missing state is not an error here: it is what a destroy should leave.
    if (result.exitCode !== 0 && /No state file was found/.test(result.stderr)) return [];
    if (result.exitCode !== 0) throw new TerraformCommandError(this.props.name, 'state list', result);
    return result.stdout
      .split('\n')
      .map((line) => line.trim())
      .filter((line) => line.length > 0);
  }

  private lockTimeoutFlag(): string {
    return `-lock-timeout=${this.props.lockTimeout ?? DEFAULT_LOCK_TIMEOUT}`;
  }

  private async run(args: string[], command: string): Promise<TerraformResult> {
    const result = await runTerraform(args, this.options());
    if (result.exitCode !== 0) throw new TerraformCommandError(this.props.name, command, result);
    return result;
  }

  private options(): { cwd: string; env: NodeJS.ProcessEnv; signal?: AbortSignal } {
    return {
      cwd: this.props.directory,
      env: this.props.env,
      ...(this.props.signal ? { signal: this.props.signal } : {}),
    };
  }

  private stackJson(): {
    terraform?: { backend?: unknown; required_providers?: Record<string, { source?: string; version?: string }> };
  } {
    return JSON.parse(fs.readFileSync(path.join(this.props.directory, 'cdk.tf.json'), 'utf8'));
  }

  private initKey(): string {
    const stack = this.stackJson();
    const cliConfig =
      this.props.env.TF_CLI_CONFIG_FILE && fs.existsSync(this.props.env.TF_CLI_CONFIG_FILE)
        ? fs.readFileSync(this.props.env.TF_CLI_CONFIG_FILE, 'utf8')
        : '';
    const lockFile = path.join(this.props.directory, '.terraform.lock.hcl');
    const lock = fs.existsSync(lockFile) ? fs.readFileSync(lockFile, 'utf8') : '';
    return createHash('sha256')
      .update(JSON.stringify([stack.terraform?.backend, stack.terraform?.required_providers, cliConfig, lock]))
      .digest('hex');
  }
}

/** A `-json` run reports its errors as diagnostic events on stdout: turn them back into text. */
function withDiagnostics(result: TerraformResult): TerraformResult {
  const messages = result.stdout.split('\n').flatMap((line) => {
    try {
      const event = JSON.parse(line) as {
        type?: string;
        diagnostic?: { severity: string; summary: string; detail?: string; address?: string };
      };
      if (event.type !== 'diagnostic' || event.diagnostic?.severity !== 'error') return [];
      const d = event.diagnostic;
      return [`Error: ${d.summary}${d.address ? ` (${d.address})` : ''}${d.detail ? `\n${d.detail}` : ''}`];
    } catch {
      return [];
    }
  });
  return messages.length > 0 ? { ...result, stdout: '', stderr: `${messages.join('\n\n')}\n${result.stderr}` } : result;
}

/** The warning diagnostics of a `-json` run's event stream. */
function planWarnings(stream: string): PlanWarning[] {
  return stream.split('\n').flatMap((line) => {
    if (!line.startsWith('{')) return [];
    const event = JSON.parse(line) as {
      type?: string;
      diagnostic?: { severity: string; summary: string; detail?: string; address?: string };
    };
    if (event.type !== 'diagnostic' || event.diagnostic?.severity !== 'warning') return [];
    const d = event.diagnostic;
    return [{ summary: d.summary, detail: d.detail ?? '', ...(d.address ? { address: d.address } : {}) }];
  });
}

/** The last lines of a failed command: Terraform's error block, without the progress chatter. */
function errorText(result: TerraformResult): string {
  const text = (result.stderr.trim() || result.stdout.trim()).split('\n');
  return text
    .slice(-40)
    .map((line) => `  ${line}`)
    .join('\n');
}
