import type { ConfigProblem } from './config-error';
import type { Located, LocatedBatchResources } from './located-batch';

/** Two resources of one kind with one name (AWS refuses the second) or one Terraform name (an address twice). */
export function uniqueNameProblems(batch: LocatedBatchResources): ConfigProblem[] {
  return [
    ...duplicates('launch template', batch.launchTemplates, (c) => c.name, 'name'),
    ...duplicates(
      'compute environment',
      batch.computeEnvironments,
      (c) => c.compute_environment_name,
      'compute_environment_name',
    ),
    ...duplicates('job queue', batch.jobQueues, (c) => c.name, 'name'),
    ...duplicates('job definition', batch.jobDefinitions, (c) => c.name, 'name'),
    ...duplicates('log group', batch.logGroups, (c) => c.name, 'name'),
    ...duplicates('scheduling policy', batch.schedulingPolicies, (c) => c.name, 'name'),
  ];
}

function duplicates<T>(
  kind: string,
  resources: readonly Located<T>[],
  nameOf: (config: T) => string,
  field: string,
): ConfigProblem[] {
  const problems: ConfigProblem[] = [];
  const names = new Map<string, Located<T>>();
  const terraformNames = new Set<string>();
  for (const resource of resources) {
    const name = nameOf(resource.config);
    const first = names.get(name);
    if (first)
      problems.push(
        resource.document.problemAt(
          [...resource.at, field],
          `the ${kind} name "${name}" a second time`,
          `a name no other ${kind} has (also used in ${first.document.problemAt(first.at, '', '').file})`,
        ),
      );
    names.set(name, resource);
    if (terraformNames.has(resource.terraformName))
      problems.push(
        resource.document.problemAt(
          [...resource.at, 'terraform_name'],
          `the Terraform name "${resource.terraformName}" a second time`,
          `a terraform_name no other ${kind} has`,
        ),
      );
    terraformNames.add(resource.terraformName);
  }
  return problems;
}
