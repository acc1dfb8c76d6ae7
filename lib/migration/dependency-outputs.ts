import type { DependencyOutput } from './hcl-values';
import type { TerragruntUnit } from './terragrunt-config';
import type { PlatformModule } from './terragrunt-tree';

/** What the translation knows of the new stacks' outputs, to map old dependency outputs onto them. */
export interface OutputNames {
  /** The module each unit folder became. */
  readonly modulesByDir: ReadonlyMap<string, PlatformModule>;
  /** What each old role key (terraform-aws-iam-roles) became, as an iam output (`job_role_arns.batch_job`). */
  readonly iamRoles: Readonly<Record<string, string>>;
  /** The job role the old `job_role_arn` output was (terraform-aws-iam-roles' `batch_job`). */
  readonly jobRoleKey?: string;
  /** The job queue name of job-queue.json. */
  readonly jobQueueName?: string;
  /** Job definition names by batch-json file name without .json. */
  readonly jobDefinitionNames: Readonly<Record<string, string>>;
  /** The compute environment name of compute-environment.json. */
  readonly computeEnvironmentName?: string;
}

/** An upstream output of the new stacks: module, output and, for maps, the key. */
export interface StackOutputReference {
  /** Upstream module. */
  readonly module: PlatformModule;
  /** Its output. */
  readonly output: string;
  /** Entry of a map output. */
  readonly key?: string;
}

/**
 * The new stack output an old module's output corresponds to, by seed 000's module contracts:
 * terraform-aws-iam-roles, -security-group, -sqs, -batch and -step-function.
 */
export function stackOutputOf(
  unit: TerragruntUnit,
  reference: DependencyOutput,
  names: OutputNames,
): StackOutputReference | undefined {
  const dependency = unit.dependencies[reference.dependency];
  if (!dependency) return undefined;
  const module = names.modulesByDir.get(dependency.unitDir);
  if (!module) return undefined;
  const [output, key] = reference.path.map(String);
  const ref = (o: string, k?: string): StackOutputReference => ({
    module,
    output: o,
    ...(k !== undefined ? { key: k } : {}),
  });
  switch (module) {
    case 'iam': {
      const direct = [
        'batch_service_role_arn',
        'batch_instance_profile_arn',
        'spot_fleet_role_arn',
        'execution_role_arn',
      ];
      if (direct.includes(output!)) return ref(output!);
      if (output === 'job_role_arn' && names.jobRoleKey) return ref('job_role_arns', names.jobRoleKey);
      if (output === 'role_arns' && key !== undefined) {
        const mapped = names.iamRoles[key];
        if (!mapped) return undefined;
        const [o, k] = mapped.split('.');
        return ref(o!, k);
      }
      return undefined;
    }
    case 'security-group':
      return output === 'security_group_id'
        ? ref('batch_security_group_id')
        : output === 'vpc_id'
          ? ref('vpc_id')
          : undefined;
    case 'sqs':
      return {
        queue_url: ref('core_queue_url'),
        queue_arn: ref('core_queue_arn'),
        dlq_url: ref('core_dead_letter_queue_url'),
        dlq_arn: ref('core_dead_letter_queue_arn'),
      }[output!];
    case 'batch':
      if (output === 'job_queue_arn' && names.jobQueueName) return ref('job_queue_arns', names.jobQueueName);
      if (output === 'compute_environment_arn' && names.computeEnvironmentName)
        return ref('compute_environment_arns', names.computeEnvironmentName);
      if (output === 'job_definition_arns' && key !== undefined && names.jobDefinitionNames[key])
        return ref('job_definition_arns', names.jobDefinitionNames[key]);
      return undefined;
    case 'step-function':
      return output === 'state_machine_arn' ? ref('state_machine_arns', 'hybrid_router') : undefined;
  }
}

/** The batch-json placeholder that reads an output: `{dependency.<module>.<output>[.<key>]}`. */
export function dependencyPlaceholder(reference: StackOutputReference): string {
  return `{dependency.${reference.module}.${reference.output}${reference.key !== undefined ? `.${reference.key}` : ''}}`;
}
