import type { JsonPath } from './json-path';

/**
 * `{name}` placeholders in configuration strings, as in `/aws/batch/{prefix}-batch-validation`.
 * `${...}` and `%{...}` are left alone: they are shell or Terraform syntax, not ours.
 */
export const PLACEHOLDER = /(?<![$%])\{([A-Za-z][A-Za-z0-9_]*(?:\.[A-Za-z0-9_-]+)*)\}/g;

/** Prefix of placeholders that read an upstream stack's output: `{dependency.<module>.<output>}`. */
export const DEPENDENCY_PREFIX = 'dependency';

/** An upstream output named by a `{dependency.<module>.<output>[.<key>]}` placeholder. */
export interface DependencyReference {
  /** Upstream module, such as `sqs`. */
  readonly module: string;
  /** Output of that module, such as `core_queue_url`. */
  readonly output: string;
  /** Entry of a map output, such as the `batch_job` of `job_role_arns`. */
  readonly key?: string;
}

/** What one upstream output accepts after its name: nothing for values, a key for maps. */
export interface DependencyOutput {
  /** `map` when the output is a map whose entries are read by key. */
  readonly kind: 'value' | 'map';
  /** The keys of a map output, when known; any key is accepted otherwise. */
  readonly keys?: readonly string[];
}

/** What a placeholder may name in one part of the configuration. */
export interface PlaceholderScope {
  /** Plain values: built-ins (`prefix`, `region`...) and the environment's `variables`. */
  readonly values: Readonly<Record<string, string>>;
  /** Upstream outputs this part may read, by module and output; absent when it may read none. */
  readonly dependencies?: Readonly<Record<string, Readonly<Record<string, DependencyOutput>>>>;
}

/** Reports a placeholder that cannot be filled. */
export type PlaceholderProblem = (path: JsonPath, found: string, allowed: string) => void;

/**
 * Replaces plain placeholders in every string of `value` (keys stay as they are), leaving
 * dependency placeholders for the stack to resolve once it has the upstream's outputs.
 */
export function expandPlaceholders(
  value: unknown,
  scope: PlaceholderScope,
  report: PlaceholderProblem,
  path: JsonPath = [],
): unknown {
  if (typeof value === 'string') return expandString(value, scope, report, path);
  if (Array.isArray(value)) return value.map((item, i) => expandPlaceholders(item, scope, report, [...path, i]));
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value).map(([k, v]) => [k, expandPlaceholders(v, scope, report, [...path, k])]),
    );
  }
  return value;
}

function expandString(text: string, scope: PlaceholderScope, report: PlaceholderProblem, path: JsonPath): string {
  // Values may themselves hold placeholders (`data_bucket: "{prefix}-chunks"`); expand until stable.
  let current = text;
  for (let round = 0; round < 5; round++) {
    let unresolved = false;
    const next = current.replace(PLACEHOLDER, (whole, name: string) => {
      if (name.startsWith(`${DEPENDENCY_PREFIX}.`)) {
        checkDependency(name, scope, report, path);
        return whole;
      }
      // Own keys only: {constructor} is not a placeholder of every object.
      const replacement = Object.hasOwn(scope.values, name) ? scope.values[name] : undefined;
      if (replacement === undefined) {
        unresolved = true;
        report(path, `the placeholder {${name}} that nothing fills`, describeScope(scope));
        return whole;
      }
      return replacement;
    });
    if (next === current || unresolved) return next;
    current = next;
  }
  report(
    path,
    `placeholders that keep expanding into each other in ${JSON.stringify(text)}`,
    'variables that do not refer to themselves',
  );
  return current;
}

function checkDependency(name: string, scope: PlaceholderScope, report: PlaceholderProblem, path: JsonPath): void {
  const [, module, output, key, ...rest] = name.split('.');
  const modules = scope.dependencies ?? {};
  const outputs = module === undefined ? undefined : modules[module];
  if (Object.keys(modules).length === 0) {
    report(
      path,
      `{${name}}`,
      'no {dependency.*} placeholders here: only files read by a stack with upstream stacks may use them',
    );
    return;
  }
  if (outputs === undefined || output === undefined || rest.length > 0) {
    report(
      path,
      `{${name}}`,
      `{dependency.<module>.<output>} with <module> one of: ${Object.keys(modules).join(', ')}`,
    );
    return;
  }
  const shape = outputs[output];
  if (shape === undefined) {
    report(path, `{${name}}`, `an output of ${module}: ${Object.keys(outputs).join(', ')}`);
  } else if (shape.kind === 'value' && key !== undefined) {
    report(path, `{${name}}`, `{dependency.${module}.${output}} (a single value, not a map)`);
  } else if (shape.kind === 'map' && (key === undefined || (shape.keys !== undefined && !shape.keys.includes(key)))) {
    report(
      path,
      `{${name}}`,
      `{dependency.${module}.${output}.<key>} with <key> ` +
        `${shape.keys ? `one of: ${shape.keys.join(', ') || '(none configured)'}` : 'an entry of the map'}`,
    );
  }
}

/** What a placeholder may name in `scope`, for a message. */
export function describeScope(scope: PlaceholderScope): string {
  const names = Object.keys(scope.values)
    .sort()
    .map((n) => `{${n}}`);
  const deps =
    scope.dependencies && Object.keys(scope.dependencies).length > 0 ? ', {dependency.<module>.<output>}' : '';
  return `${names.join(', ')}${deps} (add new names under "variables" in the environment's config)`;
}

/** Every `{dependency.*}` placeholder in `text`, in order. */
export function dependencyReferences(text: string): DependencyReference[] {
  const out: DependencyReference[] = [];
  for (const match of text.matchAll(PLACEHOLDER)) {
    const reference = parseDependency(match[1]!);
    if (reference) out.push(reference);
  }
  return out;
}

/** Replaces each `{dependency.*}` placeholder in `text` with what `resolve` returns for it. */
export function resolveDependencyReferences(text: string, resolve: (reference: DependencyReference) => string): string {
  return text.replace(PLACEHOLDER, (whole, name: string) => {
    const reference = parseDependency(name);
    return reference ? resolve(reference) : whole;
  });
}

function parseDependency(name: string): DependencyReference | undefined {
  const [prefix, module, output, key] = name.split('.');
  if (prefix !== DEPENDENCY_PREFIX || !module || !output) return undefined;
  return key === undefined ? { module, output } : { module, output, key };
}
