import { Token } from 'cdktf';
import type { Construct } from 'constructs';
import type { EnvironmentConfig } from '../lib/configuration/platform-config';
import { platformBatchRoles } from '../lib/configuration/schemas/compute-environment-schema';
import { ServiceRole } from '../lib/constructs/iam/service-role';
import { PlatformStack } from '../lib/deployment/platform-stack';
import type { MockValue } from '../lib/deployment/stack-dependency';
import { mapOutput, type OutputName, stringOutput } from '../lib/deployment/stack-outputs';
import type { SynthTarget } from '../lib/deployment/synth-target';
import { instanceProfileArn, roleArn } from '../lib/naming/aws-arns';
import { triggeredPipelines } from '../lib/configuration/schemas/queue-pipeline-schema';
import {
  executionRoleProps,
  jobRoleProps,
  type PlatformBatchRole,
  pipeRoleProps,
  platformBatchRoleProps,
  stateMachineRoleProps,
} from './service-role-props';

/** What the iam stack offers its dependents. */
export const IAM_OUTPUTS = {
  batch_service_role_arn: stringOutput(
    'ARN of the AWS Batch service role; null when every compute environment uses another role',
  ),
  batch_instance_profile_arn: stringOutput(
    'ARN of the instance profile of the Batch EC2 instances; null without EC2 or SPOT compute environments using it',
  ),
  spot_fleet_role_arn: stringOutput(
    'ARN of the Spot Fleet role of SPOT compute environments; null without SPOT compute environments using it',
  ),
  execution_role_arn: stringOutput('ARN of the ECS execution role (image pulls, secrets, logs) of Batch jobs'),
  job_role_arns: mapOutput('ARN of each job role, by its key under iam.job_roles', (settings) =>
    Object.keys(settings.iam.job_roles),
  ),
  state_machine_role_arns: mapOutput('ARN of each state machine role, by state machine key', (settings) =>
    Object.keys(settings.step_functions.state_machines),
  ),
  pipe_role_arns: mapOutput(
    "ARN of the role of each pipeline's pipe to Batch, by its key under sqs.pipelines",
    (settings) => triggeredPipelines(settings.sqs),
  ),
};

/** An output of the iam stack. */
export type IamOutput = OutputName<typeof IAM_OUTPUTS>;

/** What the iam stack is built from. */
export interface IamStackProps {
  /** The environment's validated configuration. */
  readonly environment: EnvironmentConfig;
  /** Where the stack will run. */
  readonly target: SynthTarget;
}

/**
 * The roles of the platform, each with exactly what it needs. Resources of other stacks are
 * named by the naming convention, never read from their state, so no stack depends on another
 * stack that depends on this one.
 */
export class IamStack extends PlatformStack<typeof IAM_OUTPUTS> {
  public readonly outputContract = IAM_OUTPUTS;

  /** The outputs this stack will have, from the naming convention: its dependents' offline mocks. */
  public static predictedOutputs(environment: EnvironmentConfig): Record<IamOutput, MockValue> {
    const { iam, account_id: accountId, region } = environment.settings;
    const scope = { accountId, region };
    return {
      // A role the configuration does not name is not created, and no stack reads its output.
      batch_service_role_arn: iam.batch_service_role_name ? roleArn(scope, iam.path, iam.batch_service_role_name) : '',
      batch_instance_profile_arn: iam.batch_instance_role_name
        ? instanceProfileArn(scope, iam.path, iam.batch_instance_role_name)
        : '',
      spot_fleet_role_arn: iam.spot_fleet_role_name ? roleArn(scope, iam.path, iam.spot_fleet_role_name) : '',
      execution_role_arn: roleArn(scope, iam.path, iam.execution_role_name),
      job_role_arns: Object.fromEntries(
        Object.entries(iam.job_roles).map(([key, role]) => [key, roleArn(scope, iam.path, role.name)]),
      ),
      state_machine_role_arns: Object.fromEntries(
        Object.entries(environment.settings.step_functions.state_machines).map(([key, sm]) => [
          key,
          roleArn(scope, iam.path, sm.role_name),
        ]),
      ),
      pipe_role_arns: Object.fromEntries(
        triggeredPipelines(environment.settings.sqs).map((key) => [
          key,
          roleArn(scope, iam.path, environment.settings.sqs.pipelines[key]!.trigger!.role_name),
        ]),
      ),
    };
  }

  public constructor(scope: Construct, props: IamStackProps) {
    super(scope, { module: 'iam', ...props });
    const settings = this.settings;
    // Only the Batch roles some compute environment uses: a Fargate-only platform has no instances.
    const batchRoles = platformBatchRoles(this.environment.batch.computeEnvironments.map((ce) => ce.config));
    const jobDefinitions = this.environment.batch.jobDefinitions.map((job) => job.config);

    const platformRole = (role: PlatformBatchRole, used: boolean): ServiceRole | undefined =>
      used ? new ServiceRole(this, role, platformBatchRoleProps(settings, role)) : undefined;
    const batchService = platformRole('batch_service_role', batchRoles.serviceRole);
    const instance = platformRole('batch_instance_role', batchRoles.instanceRole);
    const spotFleet = platformRole('spot_fleet_role', batchRoles.spotFleetRole);
    const execution = new ServiceRole(this, 'execution_role', executionRoleProps(settings, jobDefinitions));
    const jobRoles = Object.entries(settings.iam.job_roles).map(
      ([key, role]) => [key, new ServiceRole(this, key, jobRoleProps(settings, this.arnScope, key, role))] as const,
    );
    const stateMachineRoles = Object.entries(settings.step_functions.state_machines).map(
      ([key, machine]) =>
        [
          key,
          new ServiceRole(this, `${key}_state_machine_role`, stateMachineRoleProps(settings, this.arnScope, machine)),
        ] as const,
    );
    const pipeRoles = triggeredPipelines(settings.sqs).map((key) => {
      const { queue, trigger } = settings.sqs.pipelines[key]!;
      return [
        key,
        new ServiceRole(this, `${key}_pipe_role`, pipeRoleProps(settings, this.arnScope, queue, trigger!)),
      ] as const;
    });

    this.declareOutputs({
      batch_service_role_arn: batchService?.role.arn ?? Token.nullValue(),
      batch_instance_profile_arn: instance?.instanceProfile!.arn ?? Token.nullValue(),
      spot_fleet_role_arn: spotFleet?.role.arn ?? Token.nullValue(),
      execution_role_arn: execution.role.arn,
      job_role_arns: Object.fromEntries(jobRoles.map(([key, role]) => [key, role.role.arn])),
      state_machine_role_arns: Object.fromEntries(stateMachineRoles.map(([key, role]) => [key, role.role.arn])),
      pipe_role_arns: Object.fromEntries(pipeRoles.map(([key, role]) => [key, role.role.arn])),
    });
  }
}
