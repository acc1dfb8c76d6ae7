import type { EnvironmentSettings } from '../lib/configuration/schemas/environment-schema';
import type { JobRoleConfig } from '../lib/configuration/schemas/iam-settings-schema';
import { containersOf, type JobDefinitionConfig } from '../lib/configuration/schemas/job-definition-schema';
import type { BatchTriggerConfig } from '../lib/configuration/schemas/queue-pipeline-schema';
import type { QueueConfig } from '../lib/configuration/schemas/queue-schema';
import type { StateMachineConfig } from '../lib/configuration/schemas/state-machine-schema';
import type { ServiceRoleProps } from '../lib/constructs/iam/service-role';
import { type ArnScope, awsManagedPolicyArn } from '../lib/naming/aws-arns';
import { jobRoleStatements, secretReadStatements } from '../lib/permissions/job-role-statements';
import { pipeRoleStatements } from '../lib/permissions/pipe-role-statements';
import { stateMachineNeeds, stateMachineStatements } from '../lib/state-machines/state-machine-permissions';

/** What every role of the platform shares: the configured path and permissions boundary. */
function platformRoleFields(settings: EnvironmentSettings): Pick<ServiceRoleProps, 'path' | 'permissionsBoundaryArn'> {
  return { path: settings.iam.path, permissionsBoundaryArn: settings.iam.permissions_boundary_arn };
}

/** The platform's Batch roles, by their construct id: who assumes each, what for, and its AWS managed policy. */
const PLATFORM_BATCH_ROLES = {
  batch_service_role: {
    description: 'AWS Batch service role: manages the compute environments',
    servicePrincipal: 'batch.amazonaws.com',
    managedPolicy: 'service-role/AWSBatchServiceRole',
  },
  batch_instance_role: {
    description: 'Batch EC2 instances: the ECS agent only; jobs use their job role',
    servicePrincipal: 'ec2.amazonaws.com',
    managedPolicy: 'service-role/AmazonEC2ContainerServiceforEC2Role',
    instanceProfile: true,
  },
  spot_fleet_role: {
    description: 'Spot Fleet requests of SPOT compute environments',
    servicePrincipal: 'spotfleet.amazonaws.com',
    managedPolicy: 'service-role/AmazonEC2SpotFleetTaggingRole',
  },
} as const;

/** A platform Batch role: the service role, the EC2 instance role (with its instance profile), the Spot Fleet role. */
export type PlatformBatchRole = keyof typeof PLATFORM_BATCH_ROLES;

/** A platform Batch role, named by iam.<role>_name; only when the configuration names it. */
export function platformBatchRoleProps(settings: EnvironmentSettings, role: PlatformBatchRole): ServiceRoleProps {
  const { iam, region } = settings;
  const { managedPolicy, ...fields } = PLATFORM_BATCH_ROLES[role];
  return {
    ...platformRoleFields(settings),
    ...fields,
    name: iam[`${role}_name`]!,
    managedPolicyArns: [awsManagedPolicyArn(region, managedPolicy), ...iam.additional_policy_arns[role]],
  };
}

/** The ECS execution role of Batch jobs: image pulls, log streams, and the secrets the job definitions inject. */
export function executionRoleProps(
  settings: EnvironmentSettings,
  jobDefinitions: readonly JobDefinitionConfig[],
): ServiceRoleProps {
  const { iam, region } = settings;
  return {
    ...platformRoleFields(settings),
    name: iam.execution_role_name,
    description: 'ECS execution role of Batch jobs: image pulls, log streams, injected secrets',
    servicePrincipal: 'ecs-tasks.amazonaws.com',
    sourceAccount: settings.account_id,
    managedPolicyArns: [
      awsManagedPolicyArn(region, 'service-role/AmazonECSTaskExecutionRolePolicy'),
      ...iam.additional_policy_arns.execution_role,
    ],
    statements: secretReadStatements(
      region,
      injectedSecretArns(jobDefinitions),
      iam.execution_role_secret_kms_key_arns,
    ),
  };
}

/**
 * The secrets, log secrets and private registry credentials of every container, by ARN, sorted:
 * ECS reads them with the execution role (ECS developer guide, "Private registry authentication for
 * tasks": secretsmanager:GetSecretValue). A placeholder that is no ARN yet is left out.
 */
function injectedSecretArns(jobDefinitions: readonly JobDefinitionConfig[]): string[] {
  const arns = jobDefinitions
    .flatMap((job) => containersOf(job))
    .flatMap(({ container }) => [
      ...(container.secrets ?? []).map((secret) => secret.valueFrom),
      ...(container.logConfiguration?.secretOptions ?? []).map((secret) => secret.valueFrom),
      ...(container.repositoryCredentials ? [container.repositoryCredentials.credentialsParameter] : []),
    ])
    .filter((arn) => arn.startsWith('arn:'));
  return [...new Set(arns)].sort();
}

/** A job role under iam.job_roles, by its key: what the job containers may do. */
export function jobRoleProps(
  settings: EnvironmentSettings,
  scope: ArnScope,
  key: string,
  role: JobRoleConfig,
): ServiceRoleProps {
  return {
    ...platformRoleFields(settings),
    name: role.name,
    description: `Batch job role ${key}: what the job containers may do`,
    servicePrincipal: 'ecs-tasks.amazonaws.com',
    sourceAccount: settings.account_id,
    statements: jobRoleStatements(scope, role, settings.sqs.core_queue.kms_master_key_id),
    managedPolicyArns: role.additional_policy_arns,
  };
}

/** A state machine's role: exactly what its states call. */
export function stateMachineRoleProps(
  settings: EnvironmentSettings,
  scope: ArnScope,
  machine: StateMachineConfig,
): ServiceRoleProps {
  return {
    ...platformRoleFields(settings),
    name: machine.role_name,
    description: `Step Functions state machine ${machine.name}`,
    servicePrincipal: 'states.amazonaws.com',
    sourceAccount: settings.account_id,
    statements: stateMachineStatements(scope, stateMachineNeeds(machine)),
  };
}

/** The role of a pipeline's pipe to Batch: consume its queue, submit its job, write its logs. */
export function pipeRoleProps(
  settings: EnvironmentSettings,
  scope: ArnScope,
  queue: QueueConfig,
  trigger: BatchTriggerConfig,
): ServiceRoleProps {
  return {
    ...platformRoleFields(settings),
    name: trigger.role_name,
    description: `EventBridge pipe ${trigger.name}: from the queue ${queue.name} to AWS Batch`,
    servicePrincipal: 'pipes.amazonaws.com',
    sourceAccount: settings.account_id,
    statements: pipeRoleStatements(scope, {
      pipeName: trigger.name,
      queueName: queue.name,
      queueKmsKeyArn: queue.kms_master_key_id,
      jobQueueName: trigger.job_queue,
      jobDefinitionName: trigger.job_definition,
    }),
  };
}
