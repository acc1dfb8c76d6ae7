import { HookName } from '../configuration/schemas/hook-schema';
import { STACK_COMMANDS } from '../configuration/schemas/stack-commands';
import { describe, type HclValue, Untranslatable } from './hcl-values';
import type { MigrationNotes } from './migration-notes';
import type { TerragruntHook } from './terragrunt-config';
import { PLATFORM_MODULES, type PlatformModule } from './platform-modules';
import type { TerragruntUnit } from './terragrunt-config';

/** A hook's settings in the project's format (config `hooks.<name>`), without its modules. */
type HookDraft = Record<string, unknown> & { readonly when: string };

const TIMING: Readonly<Record<TerragruntHook['block'], string>> = {
  before_hook: 'before',
  after_hook: 'after',
  error_hook: 'error',
};
const ATTRIBUTES = ['commands', 'execute', 'working_dir', 'run_on_error', 'on_errors', 'if', 'suppress_stdout'];
/** What the loader reads as a placeholder (lib/configuration/placeholders.ts). */
const PLACEHOLDER = /(?<![$%])\{[A-Za-z][A-Za-z0-9_]*(?:\.[A-Za-z0-9_-]+)*\}/;

/**
 * The hooks of one environment's units as config `hooks`: one entry per hook, with the modules
 * whose units have it (none when every module's does). What has no equivalent is a warning naming
 * the file: extra_arguments, an `if` that is not a literal, commands run-all does not have, an
 * `execute` that cannot be evaluated (run_cmd, get_env without a value...).
 */
export function translateHooks(
  units: Partial<Record<PlatformModule, TerragruntUnit>>,
  notes: MigrationNotes,
): Record<string, HookDraft> {
  const variants = new Map<string, { key: string; draft: HookDraft; modules: PlatformModule[] }[]>();
  const order: string[] = [];
  const keysByModule = new Map<PlatformModule, { key: string; when: string }[]>();
  for (const module of PLATFORM_MODULES) {
    const unit = units[module];
    if (!unit) continue;
    for (const extra of unit.extraArguments) {
      notes.warn(
        extra.file,
        `extra_arguments "${extra.name}": not translated: run-all passes Terraform its own arguments, and the ` +
          `stacks have no variables or var files; set what it passed in config, or as TF_CLI_ARGS_<command> in ` +
          `run-all's environment`,
      );
    }
    const keys: { key: string; when: string }[] = [];
    for (const hook of unit.hooks) {
      const draft = translateHook(hook, notes);
      if (!draft) continue;
      const named = variants.get(hook.name) ?? [];
      variants.set(hook.name, named);
      let variant = named.find((v) => JSON.stringify(v.draft) === JSON.stringify(draft));
      if (!variant) {
        // The same label with other settings in another unit: a hook of its own.
        const key = configName(hook, notes) + (named.length > 0 ? `-${module}` : '');
        variant = { key, draft, modules: [] };
        named.push(variant);
        order.push(key);
      }
      variant.modules.push(module);
      keys.push({ key: variant.key, when: draft.when });
    }
    keysByModule.set(module, keys);
  }
  const byKey = new Map([...variants.values()].flat().map((v) => [v.key, v]));
  for (const [module, keys] of keysByModule) {
    for (const when of ['before', 'after', 'error']) {
      const own = keys.filter((k) => k.when === when).map((k) => k.key);
      if (JSON.stringify(own) !== JSON.stringify(order.filter((k) => own.includes(k)))) {
        notes.warn(
          `${units[module]!.relativePath}/terragrunt.hcl`,
          `its ${when} hooks run in the order ${own.join(', ')}, which differs from another unit's: the migrated ` +
            `hooks run in the order ${order.filter((k) => own.includes(k)).join(', ')}; reorder "hooks" by hand if ` +
            `it matters`,
        );
      }
    }
  }
  return Object.fromEntries(
    order.map((key) => {
      const { draft, modules } = byKey.get(key)!;
      return [key, { ...draft, ...(modules.length < Object.keys(units).length ? { modules } : {}) }];
    }),
  );
}

/** One hook block in the project's format; undefined, with a warning, when it cannot be translated. */
function translateHook(hook: TerragruntHook, notes: MigrationNotes): HookDraft | undefined {
  const label = `${hook.block} "${hook.name}"`;
  const warn = (message: string): void => notes.warn(hook.file, `${label}: ${message}`);
  const a = hook.attributes;
  const when = TIMING[hook.block];
  for (const key of Object.keys(a).filter((k) => !ATTRIBUTES.includes(k)))
    warn(`the attribute ${key} has no equivalent: left out`);

  if ('if' in a && a.if !== true) {
    if (a.if === false)
      notes.info(hook.file, `${label}: its if is false here, so Terragrunt never runs it: not translated`);
    else
      warn(
        `its if (${explain(a.if!)}) has no equivalent (a hook runs whenever its commands do): not translated; add ` +
          `it under "hooks" by hand where it should run`,
      );
    return undefined;
  }
  const commands = stringList(a.commands);
  if (typeof commands === 'string') {
    warn(`commands ${commands}: not translated`);
    return undefined;
  }
  const known = commands.filter((c) => (STACK_COMMANDS as readonly string[]).includes(c));
  const unknown = commands.filter((c) => !known.includes(c));
  if (unknown.length > 0) {
    warn(
      `${unknown.join(', ')} ${unknown.length === 1 ? 'has' : 'have'} no run-all equivalent (its commands are ` +
        `${STACK_COMMANDS.join(', ')}; terraform init runs as part of each): ` +
        (known.length > 0 ? `the hook runs for ${known.join(', ')} only` : 'not translated'),
    );
  }
  if (known.length === 0) return undefined;

  const execute = stringList(a.execute);
  if (typeof execute === 'string' || execute.length === 0) {
    warn(
      `execute ${typeof execute === 'string' ? execute : 'is empty'}: not translated; write the command under ` +
        `"hooks" by hand`,
    );
    return undefined;
  }
  const placeholder = execute.find((arg) => PLACEHOLDER.test(arg));
  if (placeholder !== undefined) {
    warn(
      `execute holds ${JSON.stringify(placeholder)}, whose {...} the project reads as a placeholder: not ` +
        `translated; write it under "hooks" by hand`,
    );
    return undefined;
  }
  if (execute[0] === 'tflint')
    warn(
      "Terragrunt runs tflint itself (tflint --init, the unit's inputs as variables); run-all runs the tflint " +
        "program as it is, in the stack's folder of cdktf.out: check that it finds its .tflint.hcl",
    );
  const draft: HookDraft = { when, commands: known, execute };

  if (a.run_on_error === true && when !== 'error') draft.run_on_error = true;
  else if (a.run_on_error === true) warn('run_on_error means nothing on an error hook: left out');
  else if (a.run_on_error !== undefined && a.run_on_error !== false)
    warn(
      `run_on_error is not a literal boolean (${explain(a.run_on_error)}): left out, so the hook does not run after ` +
        `a failure`,
    );

  if (when === 'error') {
    const patterns = stringList(a.on_errors);
    if (typeof patterns === 'string') {
      warn(`on_errors ${patterns}: not translated`);
      return undefined;
    }
    const usable = patterns.filter(isRegularExpression);
    for (const pattern of patterns.filter((p) => !usable.includes(p)))
      warn(
        `the on_errors pattern ${JSON.stringify(pattern)} is no JavaScript regular expression (Terragrunt's are ` +
          `Go's; inline flags such as (?i) have no equivalent): left out`,
      );
    if (usable.length === 0) {
      warn('no on_errors pattern is left: not translated');
      return undefined;
    }
    draft.on_errors = usable;
  } else if ('on_errors' in a) {
    warn('on_errors means nothing on a before or after hook: left out');
  }
  if ('working_dir' in a)
    warn(
      `working_dir has no equivalent: the hook runs in the stack's folder of cdktf.out, where Terraform runs (as ` +
        `Terragrunt's default, the module's folder, did); "working_dir": "project" runs it in the project root`,
    );
  if (a.suppress_stdout === true) warn("suppress_stdout has no equivalent: run-all logs the hook's output");
  return draft;
}

/** A list of literal strings, or why the value is not one. */
function stringList(value: HclValue | undefined): string[] | string {
  if (value === undefined) return 'is missing';
  if (value instanceof Untranslatable) return `could not be evaluated (${value.reason})`;
  if (!Array.isArray(value)) return `is not a list (${explain(value)})`;
  const bad = value.find((item) => typeof item !== 'string');
  if (bad !== undefined)
    return bad instanceof Untranslatable
      ? `holds a value that could not be evaluated (${bad.reason})`
      : `holds ${explain(bad)}, not a string`;
  return value as string[];
}

function explain(value: HclValue): string {
  return value instanceof Untranslatable ? value.reason : describe(value);
}

function isRegularExpression(pattern: string): boolean {
  try {
    new RegExp(pattern);
    return true;
  } catch {
    return false;
  }
}

/** The hook's label as a config key: a HookName, made one when Terragrunt's label is not. */
function configName(hook: TerragruntHook, notes: MigrationNotes): string {
  if (HookName.safeParse(hook.name).success) return hook.name;
  const name = `hook_${hook.name.replace(/[^A-Za-z0-9_-]/g, '_')}`.slice(0, 64);
  notes.info(
    hook.file,
    `${hook.block} "${hook.name}": the label is no hook name here (a letter, then letters, digits, "_" or "-"): it ` +
      `is hooks.${name}`,
  );
  return name;
}
