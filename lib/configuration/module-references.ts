import { describeChoices } from './closest-match';
import type { JsonPath } from './json-path';
import type { OutputCatalogue } from './platform-config';
import type { ReferenceProblem } from './reference-problem';
import type { EnvironmentSettings } from './schemas/environment-schema';

/**
 * The modules (stacks) an environment's settings name must exist: mock outputs (each output one
 * the module declares, in its shape), adoption, exact state keys, hooks and policy suppressions.
 */
export function moduleReferenceProblems(settings: EnvironmentSettings, catalogue: OutputCatalogue): ReferenceProblem[] {
  const modules = Object.keys(catalogue);
  const problems: ReferenceProblem[] = [];
  const checkModule = (module: string, path: JsonPath): boolean => {
    if (Object.hasOwn(catalogue, module)) return true;
    problems.push({
      path,
      found: `the module "${module}"`,
      allowed: describeChoices(module, modules, 'one of the modules:'),
    });
    return false;
  };
  for (const [module, outputs] of Object.entries(settings.dependencies.mock_outputs)) {
    if (!checkModule(module, ['dependencies', 'mock_outputs', module])) continue;
    const contract = catalogue[module]!;
    for (const [output, value] of Object.entries(outputs)) {
      const path = ['dependencies', 'mock_outputs', module, output];
      const shape = Object.hasOwn(contract, output) ? contract[output] : undefined;
      const kind = typeof value === 'string' ? 'string' : Array.isArray(value) ? 'list' : 'map';
      if (!shape)
        problems.push({
          path,
          found: `the output "${output}"`,
          allowed: `an output ${module} declares: ${Object.keys(contract).join(', ')}`,
        });
      else if (shape.kind !== kind)
        problems.push({ path, found: `a ${kind}`, allowed: `a ${shape.kind}, the shape of the output ${output}` });
    }
  }
  for (const module of Object.keys(settings.adoption)) checkModule(module, ['adoption', module]);
  for (const module of Object.keys(settings.state.keys ?? {})) checkModule(module, ['state', 'keys', module]);
  for (const [name, hook] of Object.entries(settings.hooks))
    (hook.modules ?? []).forEach((module, i) => checkModule(module, ['hooks', name, 'modules', i]));
  settings.policy.suppressions.forEach((suppression, i) =>
    checkModule(suppression.module, ['policy', 'suppressions', i, 'module']),
  );
  return problems;
}
