import * as path from 'path';
import { type SynthMode, UsageError } from '../deployment/synth-target';
import { runSynth } from '../synthesis/synth-process';
import { holdCurrentVersion } from '../synthesis/versioned-outdir';
import { terraformEnvironment } from '../terraform-cli/terraform-cli-config';
import { progressLine, resultTable } from './run-report';
import { runStackCommand, type StackCommand, type StackCommandResult } from './stack-command';
import { stacksWithSavedPlans } from './saved-plan-record';
import { runStackGraph, type TaskOutcome } from './stack-graph-runner';
import { withStackHooks } from './stack-hooks';
import { type StackFilter, selectStacks } from './stack-selection';
import { readSynthesizedStacks, type SynthesizedStack } from './synthesized-stacks';

/** A run of one command over the stack graph. */
export interface RunAllOptions {
  /** The project folder. */
  readonly projectRoot: string;
  /** What to do to each stack. */
  readonly command: StackCommand;
  /** Which stacks. */
  readonly filter: StackFilter;
  /** Synthesize first in this mode, or use `outdir` as it is. */
  readonly synth:
    | {
        readonly mode: SynthMode;
        readonly localEndpoint?: string;
        readonly localStateDir?: string;
        readonly configRoot?: string;
      }
    | 'skip';
  /** The synth output folder. */
  readonly outdir: string;
  /**
   * Where plans are saved (`terraform show -json`, the binary plan and its provenance); not saved
   * when omitted (saves one Terraform run per stack).
   */
  readonly planDir?: string;
  /**
   * Apply the plans saved in this folder, never planning again (apply only): the selected stacks
   * that have a saved plan there, in dependency order.
   */
  readonly savedPlanDir?: string;
  /** How long a command that locks the state waits for the lock, such as `5m` (DEFAULT_LOCK_TIMEOUT when omitted). */
  readonly lockTimeout?: string;
  /** Stacks at once. */
  readonly parallelism: number;
  /** Start nothing new after a failure. */
  readonly failFast: boolean;
  /** Endpoint for every AWS call Terraform makes (the local AWS); the AWS default when omitted. */
  readonly awsEndpoint?: string;
  /** Receives progress lines and the hooks' output, one whole line a call. */
  readonly log: (line: string) => void;
  /** Environment of the synth (default process.env): the output lock's holder passes it down. */
  readonly synthEnv?: NodeJS.ProcessEnv;
}

/** How a run went. */
export interface RunAllReport {
  /** Stacks run, in manifest order. */
  readonly stacks: readonly string[];
  /** Each stack's outcome. */
  readonly outcomes: ReadonlyMap<string, TaskOutcome<StackCommandResult>>;
  /** True when every stack succeeded. */
  readonly ok: boolean;
  /** The final table. */
  readonly table: string;
  /** Wall time of the Terraform part, in milliseconds. */
  readonly wallMs: number;
  /** Sum of the stacks' own times, in milliseconds (wall time without parallelism). */
  readonly sumMs: number;
}

/**
 * Synthesizes, selects stacks and runs the command over them in dependency order (reverse for
 * destroy), independent stacks in parallel, each between its hooks; a failed stack stops its dependents only.
 */
export async function runAll(options: RunAllOptions): Promise<RunAllReport> {
  if (options.synth !== 'skip') {
    const environments = options.filter.environments;
    options.log(
      `synthesizing (${options.synth.mode})${environments.length > 0 ? ` for ${environments.join(', ')}` : ''}`,
    );
    runSynth({
      projectRoot: options.projectRoot,
      outdir: options.outdir,
      environments: options.filter.environments,
      ...options.synth,
      ...(options.synthEnv ? { env: options.synthEnv } : {}),
    });
  }
  // The version synthesized (or found) now, whatever a later synth makes current: this run keeps it.
  const version = holdCurrentVersion(options.outdir);
  const stacks = withSavedPlans(selectStacks(readSynthesizedStacks(version), options.filter), options);
  const byName = new Map(stacks.map((s) => [s.name, s]));
  const env = terraformEnvironment(options.projectRoot);
  if (options.awsEndpoint)
    Object.assign(env, {
      AWS_ENDPOINT_URL: options.awsEndpoint,
      AWS_ACCESS_KEY_ID: 'local-aws',
      AWS_SECRET_ACCESS_KEY: 'local-aws',
    });
  const started = performance.now();
  const context = {
    env,
    ...(options.planDir !== undefined ? { planDir: path.resolve(options.planDir) } : {}),
    ...(options.savedPlanDir !== undefined ? { savedPlanDir: path.resolve(options.savedPlanDir) } : {}),
    ...(options.lockTimeout !== undefined ? { lockTimeout: options.lockTimeout } : {}),
  };
  const run = (stack: SynthesizedStack): Promise<StackCommandResult> =>
    withStackHooks({ stack, command: options.command, projectRoot: options.projectRoot, env, log: options.log }, () =>
      runStackCommand(stack, options.command, context),
    );
  const outcomes = await runStackGraph(stacks, (name) => run(byName.get(name)!), {
    parallelism: options.parallelism,
    reverse: options.command === 'destroy',
    failFast: options.failFast,
    onStart: (name) => options.log(`${name}: ${options.command}...`),
    onOutcome: (name, outcome) =>
      options.log(progressLine(name, options.command, outcome as TaskOutcome<StackCommandResult>)),
  });
  const wallMs = performance.now() - started;
  const names = stacks.map((s) => s.name);
  const sumMs = [...outcomes.values()].reduce((sum, o) => sum + (o.status === 'skipped' ? 0 : o.durationMs), 0);
  return {
    stacks: names,
    outcomes,
    ok: [...outcomes.values()].every((o) => o.status === 'succeeded'),
    table: resultTable(names, options.command, outcomes),
    wallMs,
    sumMs,
  };
}

/** With saved plans, the selected stacks that have one (the others are named in the log); all of them otherwise. */
function withSavedPlans(stacks: SynthesizedStack[], options: RunAllOptions): SynthesizedStack[] {
  if (options.savedPlanDir === undefined) return stacks;
  if (options.command !== 'apply')
    throw new UsageError(`saved plans are applied, never ${options.command === 'destroy' ? 'destroyed' : 'run'}`);
  const saved = new Set(stacksWithSavedPlans(path.resolve(options.savedPlanDir)));
  const folder = path.relative(process.cwd(), path.resolve(options.savedPlanDir)) || options.savedPlanDir;
  const withPlan = stacks.filter((s) => saved.has(s.name));
  if (withPlan.length === 0)
    throw new UsageError(
      `${folder} holds no saved plan of the selected stacks (${stacks.map((s) => s.name).join(', ')}); ` +
        'run `npm run all -- plan` first (it saves <stack>.tfplan and <stack>.provenance.json)',
    );
  const without = stacks.filter((s) => !saved.has(s.name)).map((s) => s.name);
  if (without.length > 0) options.log(`no saved plan in ${folder}, not applied: ${without.join(', ')}`);
  return withPlan;
}
