import picomatch from 'picomatch';
import { UsageError } from '../deployment/synth-target';
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

/** The stacks the filter selects, in manifest order; an error when it selects none. */
export function selectStacks(stacks: readonly SynthesizedStack[], filter: StackFilter): SynthesizedStack[] {
  const environments = new Set(stacks.map((s) => s.environment));
  const unknown = filter.environments.filter((e) => !environments.has(e));
  if (unknown.length > 0)
    throw new UsageError(
      `no stacks for environment ${unknown.join(', ')}; synthesized environments: ${[...environments].sort().join(', ')}`,
    );
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
