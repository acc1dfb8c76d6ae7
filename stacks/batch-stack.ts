import { CloudwatchLogGroup, type CloudwatchLogGroupConfig } from '@cdktf/provider-aws/lib/cloudwatch-log-group';
import type { Construct } from 'constructs';
import type { EnvironmentConfig } from '../lib/configuration/platform-config';
import type { LogGroupConfig } from '../lib/configuration/schemas/log-groups-schema';
import {
  type ComputeEnvironmentConfig,
  type LaunchTemplateReferenceConfig,
  platformBatchRoles,
} from '../lib/configuration/schemas/compute-environment-schema';
import {
  BatchComputeEnvironment,
  type LatestLaunchTemplateVersion,
  type LaunchTemplateVersion,
} from '../lib/constructs/batch/batch-compute-environment';
import { BatchJobDefinition } from '../lib/constructs/batch/batch-job-definition';
import { BatchJobQueue } from '../lib/constructs/batch/batch-job-queue';
import { BatchLaunchTemplate } from '../lib/constructs/batch/batch-launch-template';
import { BatchSchedulingPolicy } from '../lib/constructs/batch/batch-scheduling-policy';
import { referencedOutputs, resolveDependencyPlaceholders } from '../lib/deployment/dependency-placeholders';
import { PlatformStack } from '../lib/deployment/platform-stack';
import { dependencyOn, type MockValue, type StackDependency } from '../lib/deployment/stack-dependency';
import { mapOutput, type OutputContract, type OutputName } from '../lib/deployment/stack-outputs';
import type { SynthTarget } from '../lib/deployment/synth-target';
import { computeEnvironmentArn, jobDefinitionArn, jobQueueArn } from '../lib/naming/aws-arns';
import { type IamOutput, IamStack } from './iam-stack';
import { computeEnvironmentProps } from './compute-environment-props';
import { jobDefinitionProps } from './job-definition-props';
import { type JobQueueTargets, jobQueueProps } from './job-queue-props';
import { launchTemplateProps } from './launch-template-props';
import { schedulingPolicyProps } from './scheduling-policy-props';
import { type SecurityGroupOutput, SecurityGroupStack } from './security-group-stack';
import { type SqsOutput, SqsStack } from './sqs-stack';

/** What the batch stack offers its dependents. */
export const BATCH_OUTPUTS = {
  compute_environment_arns: mapOutput(
    'ARN of each compute environment, by its compute_environment_name ' +
      '(the prefix of the real name unless the name is fixed)',
  ),
  job_queue_arns: mapOutput('ARN of each job queue, by name'),
  job_definition_arns: mapOutput('ARN of each job definition without revision (the latest ACTIVE revision), by name'),
  log_group_names: mapOutput('Name of each job log group, by its key in log-groups.json'),
};

/** An output of the batch stack. */
export type BatchOutput = OutputName<typeof BATCH_OUTPUTS>;

/** What the batch stack is built from, and the stacks whose outputs it reads. */
export interface BatchStackProps {
  /** The environment's validated configuration. */
  readonly environment: EnvironmentConfig;
  /** Where the stack will run. */
  readonly target: SynthTarget;
  /** Roles and instance profile. */
  readonly iam: IamStack;
  /** Security group, VPC and subnets. */
  readonly securityGroup: SecurityGroupStack;
  /** Queues job environment variables may name. */
  readonly sqs: SqsStack;
}

/**
 * The hybrid platform's Terragrunt batch module, grown to what AWS Batch offers: launch templates, compute environments
 * (EC2, SPOT, FARGATE, FARGATE_SPOT), fair-share scheduling policies, job queues, job definitions
 * (one container, an ECS task of several, or multinode) and their log groups.
 */
export class BatchStack extends PlatformStack<typeof BATCH_OUTPUTS> {
  public readonly outputContract = BATCH_OUTPUTS;

  /**
   * The outputs this stack will have, from the naming convention: its dependents' offline mocks.
   * A compute environment with a generated name is predicted by its prefix.
   */
  public static predictedOutputs(environment: EnvironmentConfig): Record<BatchOutput, MockValue> {
    const scope = { accountId: environment.settings.account_id, region: environment.settings.region };
    const { batch } = environment;
    return {
      compute_environment_arns: Object.fromEntries(
        batch.computeEnvironments.map(({ config }) => [
          config.compute_environment_name,
          computeEnvironmentArn(scope, config.compute_environment_name),
        ]),
      ),
      job_queue_arns: Object.fromEntries(
        batch.jobQueues.map(({ config }) => [config.name, jobQueueArn(scope, config.name)]),
      ),
      job_definition_arns: Object.fromEntries(
        batch.jobDefinitions.map(({ config }) => [config.name, jobDefinitionArn(scope, config.name)]),
      ),
      log_group_names: Object.fromEntries(
        batch.logGroups.map(({ terraformName, config }) => [terraformName, config.name]),
      ),
    };
  }

  public constructor(scope: Construct, props: BatchStackProps) {
    super(scope, { module: 'batch', ...props });
    const { batch } = this.environment;
    const fromJson = referencedOutputs(
      [...batch.jobDefinitions, ...batch.computeEnvironments].map((resource) => resource.config),
    );
    // The loader checked every {dependency.*} placeholder against the upstream output contracts.
    const reads = <N extends string>(module: string, fixed: readonly N[]): N[] =>
      [...new Set([...fixed, ...((fromJson.get(module) ?? []) as Set<N>)])].sort();

    const iam = dependencyOn(
      this,
      props.iam,
      reads<IamOutput>('iam', platformRolesRead(batch.computeEnvironments.map((ce) => ce.config))),
      IamStack.predictedOutputs(this.environment),
    );
    const network = dependencyOn(
      this,
      props.securityGroup,
      reads<SecurityGroupOutput>('security-group', ['batch_security_group_id', 'private_subnet_ids']),
      SecurityGroupStack.predictedOutputs(this.environment),
    );
    const upstream: Record<string, StackDependency<OutputContract, string>> = { iam, 'security-group': network };
    if (fromJson.has('sqs'))
      upstream.sqs = dependencyOn(
        this,
        props.sqs,
        reads<SqsOutput>('sqs', []),
        SqsStack.predictedOutputs(this.environment),
      );
    const resolve = <T>(value: T): T =>
      resolveDependencyPlaceholders(value, (reference) => {
        const dependency = upstream[reference.module]!;
        return reference.key === undefined
          ? dependency.getString(reference.output)
          : dependency.getMapValue(reference.output, reference.key);
      });

    const logGroups = batch.logGroups.map(
      ({ terraformName, config }) =>
        [terraformName, new CloudwatchLogGroup(this, terraformName, logGroupConfig(config))] as const,
    );

    const templates = new Map(
      batch.launchTemplates.map(({ terraformName, config }) => [
        config.name,
        new BatchLaunchTemplate(this, terraformName, launchTemplateProps(config)),
      ]),
    );

    const environments = new Map(
      batch.computeEnvironments.map(({ terraformName, config }) => [
        config.compute_environment_name,
        new BatchComputeEnvironment(
          this,
          terraformName,
          computeEnvironmentProps(config, {
            platformRole: (output) => iam.getString(output),
            subnetIds: () => network.getList('private_subnet_ids'),
            securityGroupId: () => network.getString('batch_security_group_id'),
            resolve,
            launchTemplate: (reference) => pinnedLaunchTemplate(reference, templates),
          }),
        ),
      ]),
    );

    const policies = new Map(
      batch.schedulingPolicies.map(({ terraformName, config }) => [
        config.name,
        new BatchSchedulingPolicy(this, terraformName, schedulingPolicyProps(config)),
      ]),
    );

    const queueTargets: JobQueueTargets = {
      computeEnvironmentArn: (name) => environments.get(name)!.environment.arn,
      schedulingPolicyArn: (name) => policies.get(name)!.policy.arn,
    };
    const queues = batch.jobQueues.map(
      ({ terraformName, config }) =>
        [config.name, new BatchJobQueue(this, terraformName, jobQueueProps(config, queueTargets))] as const,
    );

    const jobDefinitions = batch.jobDefinitions.map(
      ({ terraformName, config }) =>
        [config.name, new BatchJobDefinition(this, terraformName, jobDefinitionProps(config, resolve))] as const,
    );

    this.declareOutputs({
      compute_environment_arns: Object.fromEntries([...environments].map(([name, ce]) => [name, ce.environment.arn])),
      job_queue_arns: Object.fromEntries(queues.map(([name, queue]) => [name, queue.queue.arn])),
      job_definition_arns: Object.fromEntries(jobDefinitions.map(([name, job]) => [name, job.definition.arnPrefix])),
      log_group_names: Object.fromEntries(logGroups.map(([key, group]) => [key, group.name])),
    });
  }
}

/** A log group of log-groups.json: every argument of aws_cloudwatch_log_group, as written. */
function logGroupConfig(config: LogGroupConfig): CloudwatchLogGroupConfig {
  return {
    name: config.name,
    retentionInDays: config.retention_in_days,
    kmsKeyId: config.kms_key_id,
    logGroupClass: config.log_group_class,
    skipDestroy: config.skip_destroy,
    tags: config.tags,
  };
}

/** The outputs of the iam stack holding the platform roles the compute environments use. */
function platformRolesRead(environments: readonly ComputeEnvironmentConfig[]): IamOutput[] {
  const roles = platformBatchRoles(environments);
  return [
    ...(roles.serviceRole ? ['batch_service_role_arn' as const] : []),
    ...(roles.instanceRole ? ['batch_instance_profile_arn' as const] : []),
    ...(roles.spotFleetRole ? ['spot_fleet_role_arn' as const] : []),
  ];
}

/**
 * A launch template with a numeric version, never $Latest or $Default, which Batch resolves once
 * when the environment is created: the stack's own template at its latest_version (so a template
 * change shows up in the plan), or a template made elsewhere at the version configured.
 */
function pinnedLaunchTemplate(
  reference: LaunchTemplateReferenceConfig,
  templates: ReadonlyMap<string, BatchLaunchTemplate>,
): LaunchTemplateVersion | LatestLaunchTemplateVersion {
  if (reference.launch_template_id !== undefined)
    return { id: reference.launch_template_id, version: reference.version! };
  return { template: templates.get(reference.launch_template_name!)!.template };
}
