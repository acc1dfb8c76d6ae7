import { z } from 'zod';
import { Tags, WHEN_FIELDS_VALID } from './common-fields';
import { TerraformName } from './environment-schema';

const FARGATE_TYPES = ['FARGATE', 'FARGATE_SPOT'];

/** compute_resources of a managed compute environment (Batch CreateComputeEnvironment). */
const ComputeResources = z.strictObject({
  type: z.enum(['EC2', 'SPOT', 'FARGATE', 'FARGATE_SPOT']),
  allocation_strategy: z.enum(['BEST_FIT', 'BEST_FIT_PROGRESSIVE', 'SPOT_CAPACITY_OPTIMIZED', 'SPOT_PRICE_CAPACITY_OPTIMIZED']).optional(),
  /** Maximum Spot price as a percentage of On-Demand (SPOT only). */
  bid_percentage: z.number().int().min(0).max(100).optional(),
  min_vcpus: z.number().int().min(0).optional(),
  max_vcpus: z.number().int().min(1),
  desired_vcpus: z.number().int().min(0).optional(),
  instance_types: z.array(z.string().regex(/^([a-z][a-z0-9-]*(\.[a-z0-9]+)?|optimal|default_x86_64|default_arm64)$/, 'an instance type or family such as "c5.4xlarge", "c5" or "default_x86_64"')).min(1).optional(),
  /** The launch template of launch-template.json, by name; its latest version is pinned. */
  launch_template: z.strictObject({ launch_template_name: z.string().min(1) }).optional(),
  ec2_configuration: z.array(z.strictObject({
    image_type: z.enum(['ECS_AL2', 'ECS_AL2_NVIDIA', 'ECS_AL2023', 'ECS_AL2023_NVIDIA']),
    image_id_override: z.string().regex(/^ami-[0-9a-f]{8,17}$/, 'an AMI id such as "ami-0123456789abcdef0"').optional(),
  })).min(1).max(2).optional(),
  ec2_key_pair: z.string().min(1).optional(),
  placement_group: z.string().min(1).optional(),
  /** Tags of the instances; kept apart from global tags because changing them replaces the environment. */
  tags: Tags.optional(),
}).superRefine((cr, ctx) => {
  const fail = (path: string, input: unknown, message: string): void => ctx.addIssue({ code: 'custom', path: [path], input, message });
  const fargate = FARGATE_TYPES.includes(cr.type);
  if (cr.bid_percentage !== undefined && cr.type !== 'SPOT') fail('bid_percentage', cr.bid_percentage, 'bid_percentage only with type "SPOT"');
  if (cr.allocation_strategy?.startsWith('SPOT_') && cr.type !== 'SPOT') fail('allocation_strategy', cr.allocation_strategy, `BEST_FIT or BEST_FIT_PROGRESSIVE with type "${cr.type}" (SPOT_* strategies need type "SPOT")`);
  if (fargate) {
    for (const key of ['min_vcpus', 'desired_vcpus', 'instance_types', 'launch_template', 'ec2_configuration', 'ec2_key_pair', 'placement_group', 'allocation_strategy', 'tags'] as const) {
      if (cr[key] !== undefined) fail(key, cr[key], `no ${key} with type "${cr.type}" (Fargate manages the capacity)`);
    }
  } else {
    if (cr.instance_types === undefined) fail('instance_types', undefined, `a list of instance types: type "${cr.type}" needs them`);
    if (cr.min_vcpus === undefined) fail('min_vcpus', undefined, `a number >= 0: type "${cr.type}" needs min_vcpus`);
    const min = cr.min_vcpus ?? 0;
    if (min > cr.max_vcpus) fail('min_vcpus', min, `a number <= max_vcpus (${cr.max_vcpus})`);
    if (cr.desired_vcpus !== undefined && (cr.desired_vcpus < min || cr.desired_vcpus > cr.max_vcpus)) fail('desired_vcpus', cr.desired_vcpus, `a number between min_vcpus (${min}) and max_vcpus (${cr.max_vcpus})`);
    if (cr.instance_types?.includes('optimal')) fail('instance_types', cr.instance_types, '"default_x86_64" or explicit types: "optimal" is deprecated by AWS Batch');
  }
}, WHEN_FIELDS_VALID);

/** seed 000's compute-environment.json, in Terraform argument names. */
export const ComputeEnvironmentSchema = z.strictObject({
  terraform_name: TerraformName.optional(),
  compute_environment_name: z.string().regex(/^[A-Za-z0-9_-]{1,128}$/, 'a compute environment name: 1-128 letters, digits, dashes or underscores'),
  type: z.enum(['MANAGED', 'UNMANAGED']),
  state: z.enum(['ENABLED', 'DISABLED']).default('ENABLED'),
  compute_resources: ComputeResources.optional(),
  tags: Tags.optional(),
}).superRefine((ce, ctx) => {
  if (ce.type === 'MANAGED' && ce.compute_resources === undefined) ctx.addIssue({ code: 'custom', path: ['compute_resources'], input: undefined, message: 'compute_resources: a MANAGED compute environment needs them' });
  if (ce.type === 'UNMANAGED' && ce.compute_resources !== undefined) ctx.addIssue({ code: 'custom', path: ['compute_resources'], input: ce.compute_resources, message: 'no compute_resources with type "UNMANAGED"' });
}, WHEN_FIELDS_VALID);

/** A validated compute environment. */
export type ComputeEnvironmentConfig = z.infer<typeof ComputeEnvironmentSchema>;

/** True for Fargate and Fargate Spot environments. */
export function isFargate(ce: ComputeEnvironmentConfig): boolean {
  return ce.compute_resources !== undefined && FARGATE_TYPES.includes(ce.compute_resources.type);
}
