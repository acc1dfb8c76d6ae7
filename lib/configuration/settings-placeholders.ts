import * as z from 'zod';
import { type Checked, checked, failed } from './checked';
import type { ConfigProblem } from './config-error';
import type { JsonPath } from './json-path';
import { isPlainObject, type LayeredDocument } from './layered-document';
import { resolveVariables } from './placeholder-variables';
import { expandPlaceholders } from './placeholders';
import { VariablesSettings } from './schemas/environment-schema';
import { HOOK_RUN_PLACEHOLDERS } from './schemas/hook-schema';
import { problemsFromZod } from './zod-problems';

/** The placeholders every environment has, besides its variables. */
export const BUILT_IN_PLACEHOLDERS = ['project', 'environment', 'account', 'account_id', 'region', 'prefix'] as const;

/** What the placeholders are filled from; checked first, as nothing can be filled while they are wrong. */
const PlaceholderSources = z.object({
  project: z.string(),
  environment: z.string(),
  account: z.string(),
  account_id: z.string(),
  region: z.string(),
  name_prefix: z.string(),
  variables: VariablesSettings.optional(),
});

/** An environment's settings with their placeholders filled. */
export interface ExpandedSettings {
  /** What `{name}` placeholders stand for: the built-ins and the variables. */
  readonly values: Readonly<Record<string, string>>;
  /** The merged settings, filled; undefined when a placeholder could not be (reported, not validated again). */
  readonly settings: Record<string, unknown> | undefined;
}

/**
 * Fills the placeholders of an environment's merged settings. The state key template keeps its
 * placeholders (filled per stack, with {module}), so do `batch_json` (filled per file, where
 * {dependency.*} may be read) and a hook's run-time placeholders ({stack}, {command}...), which
 * run-all fills.
 */
export function expandSettingsPlaceholders(document: LayeredDocument): Checked<ExpandedSettings> {
  const merged = document.value;
  const problems: ConfigProblem[] = [];
  const report = (path: JsonPath, found: string, allowed: string): void => {
    problems.push(document.problemAt(path, found, allowed));
  };
  const sources = PlaceholderSources.safeParse(merged, { reportInput: true });
  if (!sources.success)
    return failed(
      problemsFromZod(sources.error.issues, PlaceholderSources, (path, found, allowed) =>
        document.problemAt(path, found, allowed),
      ),
    );
  const { name_prefix: namePrefix, variables = {}, ...identity } = sources.data;
  const prefix = expandPlaceholders(namePrefix, { values: identity }, (_path, found, allowed) =>
    report(['name_prefix'], found, allowed),
  ) as string;
  if (problems.length > 0) return failed(problems);
  const builtIns: Record<string, string> = { ...identity, prefix };
  const own: Record<string, string> = {};
  for (const [name, value] of Object.entries(variables)) {
    if ((BUILT_IN_PLACEHOLDERS as readonly string[]).includes(name))
      report(
        ['variables', name],
        `a variable named "${name}"`,
        `a name other than the built-in placeholders ${BUILT_IN_PLACEHOLDERS.join(', ')}`,
      );
    else own[name] = value;
  }
  const resolved = resolveVariables(builtIns, own, report);
  if (resolved === undefined) return failed(problems);
  const values = { ...builtIns, ...resolved };

  const { batch_json: overrides, hooks, ...rest } = merged;
  const keyTemplate = isPlainObject(rest.state) ? rest.state.key_template : undefined;
  if (isPlainObject(rest.state)) rest.state = { ...rest.state, key_template: '' };
  const expanded = expandPlaceholders(rest, { values }, report) as Record<string, unknown>;
  if (isPlainObject(expanded.state)) expanded.state.key_template = keyTemplate;
  expanded.batch_json = overrides;
  const runTime = Object.fromEntries(HOOK_RUN_PLACEHOLDERS.map((name) => [name, `{${name}}`]));
  if (hooks !== undefined)
    expanded.hooks = expandPlaceholders(hooks, { values: { ...values, ...runTime } }, report, ['hooks']);
  return checked({ values, settings: problems.length === 0 ? expanded : undefined }, problems);
}
