import picomatch from 'picomatch';
import { UsageError } from '../deployment/synth-target';
import { closestNames } from '../configuration/closest-match';
import type { SynthesizedStack } from './synthesized-stacks';

/** Which stacks a command runs on. */
export interface StackFilter {
  /** Environments; all when empty. */
  readonly environments: readonly string[];
  /** Stack name globs to keep, such as `dev-*` or `*-batch`; all when empty. */
  readonly include: readonly string[];
  /** Stack name globs to drop. */
  readonly exclude: readonly string[];
}

/** A stack as selection sees it: its name and environment. */
export type SelectableStack = Pick<SynthesizedStack, 'name' | 'environment'>;

/**
 * The stacks the filter selects, in manifest order. An error, before anything runs, when an
 * environment is unknown, when an include pattern matches no stack (naming the closest stack
 * names), or when the filters select none.
 */
export function selectStacks<S extends SelectableStack>(stacks: readonly S[], filter: StackFilter): S[] {
  const environments = new Set(stacks.map((s) => s.environment));
  const unknown = filter.environments.filter((e) => !environments.has(e));
  if (unknown.length > 0)
    throw new UsageError(
      `no stacks for environment ${unknown.join(', ')}; synthesized environments: ` +
        `${[...environments].sort().join(', ')}`,
    );
  const names = stacks.map((s) => s.name);
  for (const pattern of filter.include) {
    if (names.some((name) => picomatch.isMatch(name, pattern))) continue;
    throw new UsageError(unknownStackMessage(pattern, names));
  }
  const included = filter.include.length > 0 ? picomatch([...filter.include]) : () => true;
  const excluded = filter.exclude.length > 0 ? picomatch([...filter.exclude]) : () => false;
  const selected = stacks.filter(
    (s) =>
      (filter.environments.length === 0 || filter.environments.includes(s.environment)) &&
      included(s.name) &&
      !excluded(s.name),
  );
  if (selected.length === 0)
    throw new UsageError(`the filters select no stack; stacks: ${stacks.map((s) => s.name).join(', ')}`);
  return selected;
}

/** The one line for a stack name or pattern that matches no stack: the closest names, or every name. */
export function unknownStackMessage(pattern: string, names: readonly string[]): string {
  const closest = closestNames(pattern, names);
  return closest.length > 0
    ? `no stack is called ${pattern}; did you mean ${closest.join(', ')}?`
    : `no stack matches ${pattern}; stacks: ${names.join(', ')}`;
}
