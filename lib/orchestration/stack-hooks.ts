import * as fs from 'fs';
import * as path from 'path';
import type { HOOK_RUN_PLACEHOLDERS, StackHook } from '../configuration/schemas/hook-schema';
import { expandPlaceholders } from '../configuration/placeholders';
import { UsageError } from '../deployment/synth-target';
import { terraformBinary } from '../terraform-cli/terraform-process';
import { HookFailedError, StackRunFailures } from './hook-failure';
import { runHookProcess } from './hook-process';
import { errorMessage } from './run-report';
import { PLAN_FILE, type StackCommand, type StackCommandResult } from './stack-command';
import type { SynthesizedStack } from './synthesized-stacks';

/** Where a stack's hooks run and where their output goes. */
export interface StackHookContext {
  /** The stack. */
  readonly stack: SynthesizedStack;
  /** The run-all command. */
  readonly command: StackCommand;
  /** The project folder: {project_root}, and where a hook with working_dir "project" runs. */
  readonly projectRoot: string;
  /** Terraform's environment, which the hooks run with (so `terraform output` in the stack's folder works). */
  readonly env: NodeJS.ProcessEnv;
  /** Receives whole lines, each starting with the stack's name. */
  readonly log: (line: string) => void;
  /** Stops a running hook when aborted. */
  readonly signal?: AbortSignal;
}

/** Variables set only for some hooks: removed from the environment the others inherit. */
const OCCASIONAL_VARIABLES = [
  'PLATFORM_PLAN_FILE',
  'PLATFORM_PLAN_JSON',
  'PLATFORM_PLAN_HAS_CHANGES',
  'PLATFORM_ERROR',
];
/**
 * The failure's text passed in PLATFORM_ERROR is cut to its end past this (the kernel limits one variable to 128 KiB).
 */
const MAX_ERROR_TEXT = 16_384;

/**
 * Runs `action` (the stack's Terraform command) between its hooks, as Terragrunt does: before
 * hooks in order, and a failing one stops the command (later ones run only with run_on_error);
 * after hooks once the command succeeded, or whatever happened with run_on_error; then error
 * hooks, when the command or a before hook failed and one of their on_errors matches its text.
 * A stack synthesized offline runs only the hooks whose `offline` says they may.
 */
export async function withStackHooks(
  context: StackHookContext,
  action: () => Promise<StackCommandResult>,
): Promise<StackCommandResult> {
  const { stack, command } = context;
  const hooks = stack.hooks.filter((h) => h.commands.includes(command));
  const offline = stack.synthMode === 'offline';
  const runnable = hooks.filter((h) => !offline || h.offline);
  if (runnable.length < hooks.length)
    context.log(
      `${stack.name}: ${hooks.length - runnable.length} hook(s) not run: the stack was synthesized offline (a hook ` +
        `with "offline": true runs there too)`,
    );
  if (runnable.length === 0) return action();

  const failures: unknown[] = [];
  const runHooksOf = async (when: StackHook['when'], result?: StackCommandResult): Promise<void> => {
    for (const hook of runnable.filter((h) => h.when === when)) {
      if (failures.length > 0 && !hook.run_on_error) {
        context.log(
          `${stack.name}: hook ${hook.name} skipped ` +
            `(${when === 'before' ? 'an earlier hook' : 'the command or a hook'} failed; run_on_error is false)`,
        );
        continue;
      }
      await runHook(context, hook, result).catch((error: unknown) => failures.push(error));
    }
  };

  await runHooksOf('before');
  let result: StackCommandResult | undefined;
  if (failures.length === 0) {
    try {
      result = await action();
    } catch (error) {
      failures.push(error);
    }
  }
  const failed = failures.length;
  await runHooksOf('after', result);
  if (failed > 0) {
    // Terragrunt's error hooks see the failures of the before hooks and the command, not the after hooks'.
    const text = failures.slice(0, failed).map(errorMessage).join('\n');
    for (const hook of runnable.filter((h) => h.when === 'error')) {
      if (!hook.on_errors!.some((pattern) => new RegExp(pattern).test(text))) {
        context.log(`${stack.name}: error hook ${hook.name} not run: none of its on_errors matches the failure`);
        continue;
      }
      await runHook(context, hook, undefined, text).catch((error: unknown) => failures.push(error));
    }
  }
  if (failures.length === 1) throw failures[0];
  if (failures.length > 1) throw new StackRunFailures(failures);
  return result!;
}

async function runHook(
  context: StackHookContext,
  hook: StackHook,
  result: StackCommandResult | undefined,
  failure?: string,
): Promise<void> {
  const { stack, command } = context;
  const argv = expandPlaceholders(hook.execute, { values: runValues(context) }, (at, found, allowed) => {
    throw new UsageError(
      `${stack.name}: hook "${hook.name}" execute[${String(at[0])}]: found ${found}; allowed: ${allowed}`,
    );
  }) as string[];
  const cwd = hook.working_dir === 'project' ? context.projectRoot : stack.directory;
  context.log(`${stack.name}: hook ${hook.name} (${hook.when} ${command}): ${argv.join(' ')}`);
  const started = performance.now();
  const outcome = await runHookProcess({
    argv,
    cwd,
    env: hookEnvironment(context, hook, result, failure),
    timeoutMs: hook.timeout_seconds * 1000,
    onLine: (line) => context.log(`${stack.name}: [${hook.name}] ${line}`),
    ...(context.signal ? { signal: context.signal } : {}),
  });
  if (outcome.exitCode !== 0 || outcome.timedOut) {
    throw new HookFailedError({
      stack: stack.name,
      hook: hook.name,
      when: hook.when,
      command,
      result: outcome,
      timeoutSeconds: hook.timeout_seconds,
    });
  }
  context.log(`${stack.name}: hook ${hook.name} ok in ${((performance.now() - started) / 1000).toFixed(1)}s`);
}

/** The run-time placeholders of `execute` (and {environment}, filled at load already, for hand-written metadata). */
function runValues(context: StackHookContext): Record<(typeof HOOK_RUN_PLACEHOLDERS)[number] | 'environment', string> {
  const { stack } = context;
  return {
    environment: stack.environment,
    module: stack.module,
    stack: stack.name,
    command: context.command,
    stack_dir: stack.directory,
    project_root: context.projectRoot,
  };
}

/**
 * Terraform's environment, with what the hook is run for; Terragrunt's TG_CTX_* too, so scripts
 * carried over from a Terragrunt tree keep working.
 */
function hookEnvironment(
  context: StackHookContext,
  hook: StackHook,
  result: StackCommandResult | undefined,
  failure: string | undefined,
): NodeJS.ProcessEnv {
  const { stack, command } = context;
  const env: NodeJS.ProcessEnv = {
    ...context.env,
    PLATFORM_HOOK: hook.name,
    PLATFORM_HOOK_WHEN: hook.when,
    PLATFORM_COMMAND: command,
    PLATFORM_STACK: stack.name,
    PLATFORM_ENVIRONMENT: stack.environment,
    PLATFORM_MODULE: stack.module,
    PLATFORM_STACK_DIR: stack.directory,
    PLATFORM_PROJECT_ROOT: context.projectRoot,
    PLATFORM_SYNTH_MODE: stack.synthMode,
    TG_CTX_COMMAND: command,
    TG_CTX_HOOK_NAME: hook.name,
    TG_CTX_TF_PATH: terraformBinary(context.env),
  };
  for (const name of OCCASIONAL_VARIABLES) delete env[name];
  // Only a plan this run made: a plan file left by an earlier run must never pass for this one's.
  const planFile = path.join(stack.directory, PLAN_FILE);
  if (result?.hasChanges !== undefined && fs.existsSync(planFile)) {
    env.PLATFORM_PLAN_FILE = planFile;
    env.PLATFORM_PLAN_HAS_CHANGES = String(result.hasChanges);
  }
  if (result?.planFile !== undefined) env.PLATFORM_PLAN_JSON = result.planFile;
  if (failure !== undefined)
    env.PLATFORM_ERROR = failure.length > MAX_ERROR_TEXT ? failure.slice(-MAX_ERROR_TEXT) : failure;
  return env;
}
