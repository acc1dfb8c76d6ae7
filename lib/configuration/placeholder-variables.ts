import type { JsonPath } from './json-path';
import { DEPENDENCY_PREFIX, describeScope, PLACEHOLDER, type PlaceholderProblem } from './placeholders';

/**
 * The environment's `variables` with their own placeholders filled (`data_bucket: "{prefix}-chunks"`),
 * in any depth; undefined when one names nothing, or variables refer to each other in a cycle,
 * reported once at the variable, not again at every string that uses it. `{dependency.*}`
 * placeholders stay for the stack to resolve.
 */
export function resolveVariables(
  builtIns: Readonly<Record<string, string>>,
  variables: Readonly<Record<string, string>>,
  report: PlaceholderProblem,
): Record<string, string> | undefined {
  const resolved = new Map<string, string>();
  const unusable = new Set<string>();
  const at = (name: string): JsonPath => ['variables', name];
  const scope = { values: { ...variables, ...builtIns } };
  const resolve = (name: string, trail: readonly string[]): string | undefined => {
    if (resolved.has(name)) return resolved.get(name);
    if (unusable.has(name)) return undefined;
    if (trail.includes(name)) {
      const cycle = [...trail.slice(trail.indexOf(name)), name].map((n) => `{${n}}`).join(' -> ');
      report(
        at(name),
        `${JSON.stringify(variables[name])}, which refers back to itself: ${cycle}`,
        'variables that do not refer to themselves, directly or through other variables',
      );
      return undefined;
    }
    let complete = true;
    const text = variables[name]!.replace(PLACEHOLDER, (whole, reference: string) => {
      if (reference.startsWith(`${DEPENDENCY_PREFIX}.`)) return whole;
      if (Object.hasOwn(builtIns, reference)) return builtIns[reference]!;
      const value = Object.hasOwn(variables, reference) ? resolve(reference, [...trail, name]) : undefined;
      if (value !== undefined) return value;
      complete = false;
      if (!Object.hasOwn(variables, reference))
        report(at(name), `the placeholder {${reference}} that nothing fills`, describeScope(scope));
      return whole;
    });
    if (!complete) {
      unusable.add(name);
      return undefined;
    }
    resolved.set(name, text);
    return text;
  };
  for (const name of Object.keys(variables)) resolve(name, []);
  return unusable.size === 0 ? Object.fromEntries(resolved) : undefined;
}
