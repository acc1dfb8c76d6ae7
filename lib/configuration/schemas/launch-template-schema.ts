import * as z from 'zod';
import { arn, Tags } from './common-fields';
import { TerraformName } from './environment-schema';

/** EBS volume of a block device mapping (EC2 CreateLaunchTemplate). */
const EbsVolume = z.strictObject({
  volume_size: z.number().int().min(1).max(16_384),
  volume_type: z.enum(['gp2', 'gp3', 'io1', 'io2', 'st1', 'sc1', 'standard']),
  encrypted: z.boolean(),
  kms_key_id: arn('kms', '(key|alias)/.+').optional(),
  iops: z.number().int().min(100).max(256_000).optional(),
  throughput: z.number().int().min(125).max(2000).optional(),
  delete_on_termination: z.boolean(),
});

/** seed 000's launch-template.json, in Terraform argument names. */
export const LaunchTemplateSchema = z.strictObject({
  /** Terraform name of the resource; derived from the file name when omitted. */
  terraform_name: TerraformName.optional(),
  name: z.string().regex(/^[A-Za-z0-9().\/_-]{3,128}$/, 'a launch template name: 3-128 letters, digits or ().-/_'),
  description: z.string().max(255).optional(),
  ebs_optimized: z.boolean().optional(),
  metadata_options: z.strictObject({
    http_endpoint: z.enum(['enabled', 'disabled']),
    http_tokens: z.enum(['required', 'optional']),
    http_put_response_hop_limit: z.number().int().min(1).max(64),
    instance_metadata_tags: z.enum(['enabled', 'disabled']).optional(),
  }),
  block_device_mappings: z
    .array(
      z.strictObject({
        device_name: z.string().regex(/^\/dev\/[a-z0-9]+$/, 'a device name such as "/dev/xvda"'),
        ebs: EbsVolume,
      }),
    )
    .min(1),
  monitoring: z.strictObject({ enabled: z.boolean() }),
  /** File under config/ with the EC2 user data; Batch requires MIME multi-part format. */
  user_data_file: z
    .string()
    .regex(/^[A-Za-z0-9._/-]+$/, 'a path relative to config/, such as "batch_user_data.sh"')
    .optional(),
  /** Tags the launched instances and volumes get (tag_specifications). */
  instance_tags: Tags.optional(),
  /** Batch picks instance types from the compute environment and ignores the template's. */
  instance_type: z
    .never({
      error:
        'no instance_type: AWS Batch ignores it in launch templates; set compute_resources.instance_types in compute-environment.json',
    })
    .optional(),
});

/** A validated launch template. */
export type LaunchTemplateConfig = z.infer<typeof LaunchTemplateSchema>;
