import { UsageError } from '../deployment/synth-target';

/** A stack and the stacks it reads. */
export interface LevelledStack {
  /** Stack name. */
  readonly name: string;
  /** Stacks whose outputs it reads; those outside the set are taken as already applied. */
  readonly dependencies: readonly string[];
}

/**
 * The dependency levels of a set of stacks: level 0 reads no stack of the set, level n reads at
 * least one of level n - 1 and none above. A level's stacks can run side by side once every lower
 * level is applied. Each level keeps the input order.
 */
export function dependencyLevels(stacks: readonly LevelledStack[]): string[][] {
  const names = new Set(stacks.map((s) => s.name));
  const level = new Map<string, number>();
  const visiting = new Set<string>();
  const byName = new Map(stacks.map((s) => [s.name, s]));
  const levelOf = (name: string): number => {
    const known = level.get(name);
    if (known !== undefined) return known;
    if (visiting.has(name)) throw new UsageError(`the stacks depend on each other in a cycle through ${name}`);
    visiting.add(name);
    const upstream = byName.get(name)!.dependencies.filter((d) => names.has(d));
    const own = upstream.length === 0 ? 0 : 1 + Math.max(...upstream.map(levelOf));
    visiting.delete(name);
    level.set(name, own);
    return own;
  };
  const levels: string[][] = [];
  for (const stack of stacks) (levels[levelOf(stack.name)] ??= []).push(stack.name);
  return levels;
}
