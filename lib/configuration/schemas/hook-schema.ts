import * as z from 'zod';
import { findSecrets } from '../../secrets/secret-patterns';
import { eachOnce, WHEN_FIELDS_VALID } from './common-fields';
import { STACK_COMMANDS } from './stack-commands';

/** When a hook runs: Terragrunt's before_hook, after_hook and error_hook. */
export const HOOK_TIMINGS = ['before', 'after', 'error'] as const;

/**
 * Placeholders of `execute` filled for each run of a hook, not when the configuration loads:
 * the loader leaves them as they are, run-all fills them (lib/orchestration/stack-hooks.ts).
 */
export const HOOK_RUN_PLACEHOLDERS = ['module', 'stack', 'command', 'stack_dir', 'project_root'] as const;

/** How long a hook may run when its settings do not say (Terragrunt has no limit; Gruntwork Pipelines' default). */
export const DEFAULT_HOOK_TIMEOUT_SECONDS = 300;

/** A hook's name: its key under `hooks`. Starting with a letter keeps the keys in the order the layers write them. */
export const HookName = z
  .string()
  .regex(/^[A-Za-z][A-Za-z0-9_-]{0,63}$/, 'a hook name: a letter, then up to 63 letters, digits, "_" or "-"');

/** A regular expression matched against the failure's text. */
const ErrorPattern = z
  .string()
  .min(1)
  .refine((pattern) => {
    try {
      new RegExp(pattern);
      return true;
    } catch {
      return false;
    }
  }, 'a regular expression (JavaScript syntax) such as "Error acquiring the state lock" or ".*"');

/** Program and arguments; no shell, so no quoting: ["sh", "-c", "..."] for a pipeline. */
const Execute = z
  .array(z.string())
  .min(1)
  .superRefine((argv, ctx) => {
    if (argv[0]!.trim() === '')
      ctx.addIssue({
        code: 'custom',
        path: [0],
        input: argv[0],
        message: 'a program to run (a name on the PATH or a path)',
      });
    argv.forEach((arg, i) => {
      const secrets = findSecrets(arg);
      if (secrets.length > 0)
        ctx.addIssue({
          code: 'custom',
          path: [i],
          input: '<redacted>',
          message:
            `no secret in clear text (${secrets.join(', ')}): hooks are written to cdk.tf.json; read ` +
            `it from run-all's environment ("$NAME" inside ["sh", "-c", ...])`,
        });
    });
  }, WHEN_FIELDS_VALID);

/** One hook: a command run-all runs around a stack's Terraform command (docs/deploying.md, Hooks). */
export const HookSettings = z
  .strictObject({
    /**
     * before: ahead of the command, a failure stops it; after: once it succeeded (also after a failure with
     * run_on_error); error: once it failed, when on_errors match.
     */
    when: z.enum(HOOK_TIMINGS),
    /** The run-all commands it runs around. */
    commands: z.array(z.enum(STACK_COMMANDS)).min(1).refine(eachOnce, 'each command once'),
    /** Modules whose stacks run it, such as ["batch"]; every stack of the environment when omitted. */
    modules: z
      .array(z.string().regex(/^[a-z][a-z0-9-]*$/, 'a module name such as "batch"'))
      .min(1)
      .refine(eachOnce, 'each module once')
      .optional(),
    /**
     * Program and arguments, run without a shell; {module}, {stack}, {command}, {stack_dir} and
     * {project_root} are filled in for each run.
     */
    execute: Execute,
    /** Where it runs: the stack's folder in cdktf.out, where Terraform runs (default), or the project root. */
    working_dir: z.enum(['stack', 'project']).default('stack'),
    /** Before and after hooks: run even when an earlier hook or the Terraform command failed. */
    run_on_error: z.boolean().default(false),
    /** Error hooks: regular expressions; the hook runs when one matches the failure's text ([".*"]: any failure). */
    on_errors: z.array(ErrorPattern).min(1).optional(),
    /** Seconds it may run; then it is stopped and fails the stack. */
    timeout_seconds: z.number().int().min(1).max(3600).default(DEFAULT_HOOK_TIMEOUT_SECONDS),
    /** Also run for stacks synthesized offline (npm test, pull-request plans with mock outputs). */
    offline: z.boolean().default(false),
  })
  .superRefine((hook, ctx) => {
    if (hook.when === 'error') {
      if (hook.on_errors === undefined)
        ctx.addIssue({
          code: 'custom',
          path: ['on_errors'],
          input: undefined,
          message:
            'a list of regular expressions: an error hook runs when one matches the failure ([".*"] for any failure)',
        });
      if (hook.run_on_error)
        ctx.addIssue({
          code: 'custom',
          path: ['run_on_error'],
          input: true,
          message: 'false, or no run_on_error: an error hook runs only after a failure anyway',
        });
    } else if (hook.on_errors !== undefined) {
      ctx.addIssue({
        code: 'custom',
        path: ['on_errors'],
        input: hook.on_errors,
        message: `no on_errors on a ${hook.when} hook: only error hooks match failures (set "when": "error")`,
      });
    }
  }, WHEN_FIELDS_VALID);

/** Every hook of an environment, by name; before hooks run in this order, so do after and error hooks. */
export const HooksSettings = z.record(HookName, HookSettings).default({});

/** One hook's validated settings. */
export type HookConfig = z.infer<typeof HookSettings>;

/** A hook as a stack's metadata carries it to run-all: named, and for that stack only (no `modules`). */
export type StackHook = Omit<HookConfig, 'modules'> & { readonly name: string };

/** The hooks of one module's stack, in the order of the configuration. */
export function hooksOfModule(hooks: Readonly<Record<string, HookConfig>>, module: string): StackHook[] {
  return Object.entries(hooks)
    .filter(([, hook]) => hook.modules === undefined || hook.modules.includes(module))
    .map(([name, hook]) => {
      const stackHook: Omit<HookConfig, 'modules'> & { readonly name: string; modules?: unknown } = { name, ...hook };
      delete stackHook.modules;
      return stackHook;
    });
}
