import * as z from 'zod';
import { arn, eachOnce, ec2Id, orDependency, RoleArn, Tags, WHEN_FIELDS_VALID } from './common-fields';
import { TerraformName } from './environment-schema';
import { BatchInstanceType } from './instance-types';

const FARGATE_TYPES = ['FARGATE', 'FARGATE_SPOT'];

/**
 * The generated suffix of a name_prefix is 26 characters and a compute environment name at most
 * 128 (Batch CreateComputeEnvironment), so a prefix, with its trailing dash, keeps to 102.
 */
export const MAX_PREFIXED_NAME_LENGTH = 101;

/**
 * A launch template: the one of launch-template.json by name, whose latest version the stack
 * pins, or one made elsewhere by id with a pinned numeric version.
 */
const LaunchTemplateReference = z
  .strictObject({
    launch_template_name: z.string().min(1).optional(),
    launch_template_id: ec2Id('lt').optional(),
    version: z.string().optional(),
  })
  .superRefine((lt, ctx) => {
    const fail = (path: string, input: unknown, message: string): void =>
      ctx.addIssue({ code: 'custom', path: [path], input, message });
    if ((lt.launch_template_name === undefined) === (lt.launch_template_id === undefined)) {
      fail(
        lt.launch_template_id === undefined ? 'launch_template_name' : 'launch_template_id',
        lt.launch_template_id,
        'exactly one of launch_template_name (a template of launch-template.json) or launch_template_id (a ' +
          'template made elsewhere)',
      );
      return;
    }
    const frozen =
      'Batch resolves $Latest and $Default once, when the compute environment is created, so later template ' +
      'versions would never reach the instances';
    if (lt.launch_template_name !== undefined && lt.version !== undefined) {
      fail(
        'version',
        lt.version,
        `no version: the stack pins the numeric latest_version of the template of launch-template.json ` +
          `itself${lt.version.startsWith('$') ? ` (${frozen})` : ''}`,
      );
    }
    if (lt.launch_template_id !== undefined && (lt.version === undefined || !/^[1-9]\d*$/.test(lt.version)))
      fail('version', lt.version, `a numeric version such as "3": ${frozen}`);
  }, WHEN_FIELDS_VALID);

/** compute_resources of a managed compute environment (Batch CreateComputeEnvironment). */
const ComputeResources = z
  .strictObject({
    type: z.enum(['EC2', 'SPOT', 'FARGATE', 'FARGATE_SPOT']),
    /** How instances are chosen; BEST_FIT_PROGRESSIVE (EC2) or SPOT_PRICE_CAPACITY_OPTIMIZED (SPOT) when omitted. */
    allocation_strategy: z
      .enum(['BEST_FIT', 'BEST_FIT_PROGRESSIVE', 'SPOT_CAPACITY_OPTIMIZED', 'SPOT_PRICE_CAPACITY_OPTIMIZED'])
      .optional(),
    /** Maximum Spot price as a percentage of On-Demand (SPOT only). */
    bid_percentage: z.number().int().min(0).max(100).optional(),
    min_vcpus: z.number().int().min(0).optional(),
    max_vcpus: z.number().int().min(1),
    /** Initial vCPUs; Batch scales it afterwards and the stack ignores its drift. */
    desired_vcpus: z.number().int().min(0).optional(),
    instance_types: z.array(BatchInstanceType).min(1).optional(),
    launch_template: LaunchTemplateReference.optional(),
    ec2_configuration: z
      .array(
        z.strictObject({
          image_type: z.enum(['ECS_AL2', 'ECS_AL2_NVIDIA', 'ECS_AL2023', 'ECS_AL2023_NVIDIA']),
          image_id_override: z
            .string()
            .regex(/^ami-[0-9a-f]{8,17}$/, 'an AMI id such as "ami-0123456789abcdef0"')
            .optional(),
        }),
      )
      .min(1)
      .max(2)
      .optional(),
    ec2_key_pair: z.string().min(1).optional(),
    placement_group: z.string().min(1).optional(),
    /** Instance profile of the instances; the iam stack's when omitted. */
    instance_role: orDependency(
      arn('iam', 'instance-profile/[A-Za-z0-9+=,.@_/-]+', 'arn:aws:iam::111111111111:instance-profile/name'),
    ).optional(),
    /** Spot Fleet role (SPOT only); the iam stack's when omitted. */
    spot_iam_fleet_role: orDependency(RoleArn).optional(),
    /** Tags of the instances; kept apart from global tags because changing them replaces the environment. */
    tags: Tags.optional(),
  })
  .superRefine((cr, ctx) => {
    const fail = (path: string, input: unknown, message: string): void =>
      ctx.addIssue({ code: 'custom', path: [path], input, message });
    const fargate = FARGATE_TYPES.includes(cr.type);
    if (cr.bid_percentage !== undefined && cr.type !== 'SPOT')
      fail('bid_percentage', cr.bid_percentage, 'bid_percentage only with type "SPOT"');
    if (cr.spot_iam_fleet_role !== undefined && cr.type !== 'SPOT')
      fail('spot_iam_fleet_role', cr.spot_iam_fleet_role, 'spot_iam_fleet_role only with type "SPOT"');
    if (cr.allocation_strategy?.startsWith('SPOT_') && cr.type !== 'SPOT')
      fail(
        'allocation_strategy',
        cr.allocation_strategy,
        `BEST_FIT or BEST_FIT_PROGRESSIVE with type "${cr.type}" (SPOT_* strategies need type "SPOT")`,
      );
    if (fargate) {
      for (const key of [
        'min_vcpus',
        'desired_vcpus',
        'instance_types',
        'launch_template',
        'ec2_configuration',
        'ec2_key_pair',
        'placement_group',
        'allocation_strategy',
        'instance_role',
        'tags',
      ] as const) {
        if (cr[key] !== undefined)
          fail(key, cr[key], `no ${key} with type "${cr.type}" (Fargate manages the capacity)`);
      }
    } else {
      if (cr.instance_types === undefined)
        fail('instance_types', undefined, `a list of instance types: type "${cr.type}" needs them`);
      if (cr.min_vcpus === undefined) fail('min_vcpus', undefined, `a number >= 0: type "${cr.type}" needs min_vcpus`);
      const min = cr.min_vcpus ?? 0;
      if (min > cr.max_vcpus) fail('min_vcpus', min, `a number <= max_vcpus (${cr.max_vcpus})`);
      if (cr.desired_vcpus !== undefined && (cr.desired_vcpus < min || cr.desired_vcpus > cr.max_vcpus))
        fail('desired_vcpus', cr.desired_vcpus, `a number between min_vcpus (${min}) and max_vcpus (${cr.max_vcpus})`);
      if (cr.instance_types?.includes('optimal'))
        fail(
          'instance_types',
          cr.instance_types,
          '"default_x86_64" or explicit types: "optimal" is deprecated by AWS Batch',
        );
      const images = (cr.ec2_configuration ?? []).map((c) => c.image_type);
      if (!eachOnce(images)) fail('ec2_configuration', cr.ec2_configuration, 'each image_type once');
    }
  }, WHEN_FIELDS_VALID);

/** What the instances do with running jobs when an update replaces them (Batch UpdatePolicy; EC2 and SPOT only). */
const UpdatePolicy = z.strictObject({
  terminate_jobs_on_update: z.boolean(),
  /** Minutes running jobs get to finish before an infrastructure update goes on: 1-360. */
  job_execution_timeout_minutes: z.number().int().min(1).max(360),
});

/** The Terragrunt module's compute-environment.json, in Terraform argument names. */
export const ComputeEnvironmentSchema = z
  .strictObject({
    terraform_name: TerraformName.optional(),
    /** The name queues refer to; the prefix of the generated name unless fixed_name is set. */
    compute_environment_name: z
      .string()
      .regex(
        /^[A-Za-z0-9][A-Za-z0-9_-]{0,127}$/,
        'a compute environment name: 1-128 letters, digits, dashes or underscores, starting with a letter or digit',
      ),
    /**
     * Use compute_environment_name as the exact name (for an environment adopted from existing
     * infrastructure). A change that replaces the environment then fails while a queue uses it.
     */
    fixed_name: z.boolean().default(false),
    type: z.enum(['MANAGED', 'UNMANAGED']),
    state: z.enum(['ENABLED', 'DISABLED']).default('ENABLED'),
    /**
     * "platform": the iam stack's Batch service role; "service_linked": AWSServiceRoleForBatch,
     * which Batch creates itself and which in-place infrastructure updates need; or a role ARN.
     */
    service_role: z.union([z.enum(['platform', 'service_linked']), orDependency(RoleArn)]).default('platform'),
    compute_resources: ComputeResources.optional(),
    update_policy: UpdatePolicy.optional(),
    tags: Tags.optional(),
  })
  .superRefine((ce, ctx) => {
    const fail = (path: string, input: unknown, message: string): void =>
      ctx.addIssue({ code: 'custom', path: [path], input, message });
    if (ce.type === 'MANAGED' && ce.compute_resources === undefined)
      fail('compute_resources', undefined, 'compute_resources: a MANAGED compute environment needs them');
    if (ce.type === 'UNMANAGED' && ce.compute_resources !== undefined)
      fail('compute_resources', ce.compute_resources, 'no compute_resources with type "UNMANAGED"');
    if (
      ce.update_policy !== undefined &&
      (ce.compute_resources === undefined || FARGATE_TYPES.includes(ce.compute_resources.type))
    ) {
      fail(
        'update_policy',
        ce.update_policy,
        'update_policy only on a MANAGED EC2 or SPOT compute environment (Fargate and UNMANAGED environments ' +
          'have no instances to update)',
      );
    }
    if (!ce.fixed_name && ce.compute_environment_name.length > MAX_PREFIXED_NAME_LENGTH) {
      fail(
        'compute_environment_name',
        ce.compute_environment_name,
        `at most ${MAX_PREFIXED_NAME_LENGTH} characters: it is the prefix of a generated name (26 more ` +
          `characters, 128 in all), or set fixed_name`,
      );
    }
  }, WHEN_FIELDS_VALID);

/** A validated compute environment. */
export type ComputeEnvironmentConfig = z.infer<typeof ComputeEnvironmentSchema>;

/** A validated launch template reference of a compute environment. */
export type LaunchTemplateReferenceConfig = z.infer<typeof LaunchTemplateReference>;

/** True for Fargate and Fargate Spot environments. */
export function isFargate(ce: ComputeEnvironmentConfig): boolean {
  return ce.compute_resources !== undefined && FARGATE_TYPES.includes(ce.compute_resources.type);
}

/** Which of the iam stack's Batch roles the compute environments use. */
export interface PlatformBatchRoles {
  /** A compute environment has service_role "platform". */
  readonly serviceRole: boolean;
  /** An EC2 or SPOT environment takes the platform's instance profile. */
  readonly instanceRole: boolean;
  /** A SPOT environment takes the platform's Spot Fleet role. */
  readonly spotFleetRole: boolean;
}

/**
 * The iam stack's Batch roles that `environments` use: a Fargate-only platform needs no instance or Spot
 * Fleet role.
 */
export function platformBatchRoles(environments: readonly ComputeEnvironmentConfig[]): PlatformBatchRoles {
  const ec2 = (ce: ComputeEnvironmentConfig): boolean =>
    ce.compute_resources?.type === 'EC2' || ce.compute_resources?.type === 'SPOT';
  return {
    serviceRole: environments.some((ce) => ce.service_role === 'platform'),
    instanceRole: environments.some((ce) => ec2(ce) && ce.compute_resources?.instance_role === undefined),
    spotFleetRole: environments.some(
      (ce) => ce.compute_resources?.type === 'SPOT' && ce.compute_resources.spot_iam_fleet_role === undefined,
    ),
  };
}
