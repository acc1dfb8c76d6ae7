import type {
  ComputeEnvironmentConfig,
  LaunchTemplateReferenceConfig,
} from '../lib/configuration/schemas/compute-environment-schema';
import type {
  BatchComputeEnvironmentProps,
  LatestLaunchTemplateVersion,
  LaunchTemplateVersion,
} from '../lib/constructs/batch/batch-compute-environment';

/** A platform role of the iam stack a compute environment may run with. */
export type PlatformRoleOutput = 'batch_service_role_arn' | 'batch_instance_profile_arn' | 'spot_fleet_role_arn';

/**
 * What a compute environment reads from elsewhere. Functions, called only for what the environment
 * uses: each read of an upstream output becomes part of the stack.
 */
export interface ComputeEnvironmentUpstream {
  /** A platform role's ARN, from the iam stack. */
  readonly platformRole: (output: PlatformRoleOutput) => string;
  /** The private subnets, from the security-group stack. */
  readonly subnetIds: () => string[];
  /** The batch security group, from the security-group stack. */
  readonly securityGroupId: () => string;
  /** Resolves the {dependency.*} placeholders of an ARN written in compute-environment.json. */
  readonly resolve: (value: string) => string;
  /** The launch template a reference names, pinned at a numeric version. */
  readonly launchTemplate: (
    reference: LaunchTemplateReferenceConfig,
  ) => LaunchTemplateVersion | LatestLaunchTemplateVersion;
}

/**
 * A compute environment of compute-environment.json as the construct takes it: the platform roles
 * unless the file names its own, the stack's network, and instance and Spot roles only for the
 * capacity types that take them.
 */
export function computeEnvironmentProps(
  config: ComputeEnvironmentConfig,
  upstream: ComputeEnvironmentUpstream,
): BatchComputeEnvironmentProps {
  const cr = config.compute_resources;
  const ec2 = cr !== undefined && (cr.type === 'EC2' || cr.type === 'SPOT');
  const serviceRoleArn =
    config.service_role === 'platform'
      ? upstream.platformRole('batch_service_role_arn')
      : config.service_role === 'service_linked'
        ? undefined
        : upstream.resolve(config.service_role);
  return {
    name: config.compute_environment_name,
    fixedName: config.fixed_name,
    type: config.type,
    state: config.state,
    serviceRoleArn,
    tags: config.tags,
    updatePolicy: config.update_policy && {
      terminateJobsOnUpdate: config.update_policy.terminate_jobs_on_update,
      jobExecutionTimeoutMinutes: config.update_policy.job_execution_timeout_minutes,
    },
    computeResources: cr && {
      type: cr.type,
      maxVcpus: cr.max_vcpus,
      subnetIds: upstream.subnetIds(),
      securityGroupIds: [upstream.securityGroupId()],
      allocationStrategy: cr.allocation_strategy,
      bidPercentage: cr.bid_percentage,
      minVcpus: cr.min_vcpus,
      desiredVcpus: cr.desired_vcpus,
      instanceTypes: cr.instance_types,
      instanceRoleArn: ec2
        ? cr.instance_role
          ? upstream.resolve(cr.instance_role)
          : upstream.platformRole('batch_instance_profile_arn')
        : undefined,
      spotFleetRoleArn:
        cr.type === 'SPOT'
          ? cr.spot_iam_fleet_role
            ? upstream.resolve(cr.spot_iam_fleet_role)
            : upstream.platformRole('spot_fleet_role_arn')
          : undefined,
      launchTemplate: cr.launch_template && upstream.launchTemplate(cr.launch_template),
      ec2Configuration: cr.ec2_configuration?.map((c) => ({
        imageType: c.image_type,
        imageIdOverride: c.image_id_override,
      })),
      ec2KeyPair: cr.ec2_key_pair,
      placementGroup: cr.placement_group,
      tags: cr.tags,
    },
  };
}
