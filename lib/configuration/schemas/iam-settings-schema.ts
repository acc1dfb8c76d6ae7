import * as z from 'zod';
import { additionalPolicyArns, arn, BucketName, RoleName, TerraformName } from './common-fields';
import { QueueName } from './queue-schema';

/** S3 access a job role gets. */
const BucketGrant = z.strictObject({
  bucket: BucketName,
  access: z.enum(['read', 'write', 'read_write']),
  /** Key prefix the grant is limited to; the whole bucket when omitted. */
  prefix: z
    .string()
    .regex(/^[^*]*$/, 'a key prefix without wildcards')
    .optional(),
});

/** A role assumed by Batch job containers (ECS tasks). */
const JobRoleSettings = z.strictObject({
  name: RoleName,
  s3: z.array(BucketGrant).default([]),
  /** MSK cluster and topics the jobs write to with IAM authentication. */
  msk: z
    .strictObject({
      cluster_arn: arn(
        'kafka',
        'cluster/[^/]+/[0-9a-f-]+(-\\d+)?',
        'arn:aws:kafka:eu-west-1:111111111111:cluster/name/uuid',
      ),
      topics: z.array(z.string().regex(/^[A-Za-z0-9._-]{1,249}$/, 'a Kafka topic name')).min(1),
    })
    .optional(),
  /** Queues of the sqs stack the jobs send to, by queue name. */
  sqs_send: z.array(QueueName).default([]),
  /** Queues of the sqs stack the jobs receive from and delete on, by queue name. */
  sqs_consume: z.array(QueueName).default([]),
  /** Managed policies attached on top of the grants above, such as a team's own DynamoDB read policy. */
  additional_policy_arns: additionalPolicyArns(0),
});

/** IAM settings of the iam stack. */
export const IamSettings = z.strictObject({
  path: z.string().regex(/^\/([\w+=,.@-]+\/)*$/, 'an IAM path such as "/" or "/platform/"'),
  permissions_boundary_arn: arn('iam', 'policy/.+').optional(),
  /** The Batch service role, created when a compute environment has service_role "platform". */
  batch_service_role_name: RoleName.optional(),
  /** The EC2 instance role and profile, created when an EC2 or SPOT compute environment takes the platform's. */
  batch_instance_role_name: RoleName.optional(),
  /** The Spot Fleet role, created when a SPOT compute environment takes the platform's. */
  spot_fleet_role_name: RoleName.optional(),
  execution_role_name: RoleName,
  /**
   * Managed policies attached to the platform's roles on top of the AWS managed one each gets
   * (terraform-aws-batch's *_additional_policies).
   */
  additional_policy_arns: z
    .strictObject({
      batch_service_role: additionalPolicyArns(1),
      batch_instance_role: additionalPolicyArns(1),
      spot_fleet_role: additionalPolicyArns(1),
      execution_role: additionalPolicyArns(1),
    })
    .prefault({}),
  /**
   * Customer managed KMS keys of the secrets the execution role reads: it may decrypt with them through
   * Secrets Manager and SSM only.
   */
  execution_role_secret_kms_key_arns: z
    .array(arn('kms', 'key/[0-9a-f-]+', 'arn:aws:kms:eu-west-1:111111111111:key/uuid'))
    .default([]),
  job_roles: z.record(TerraformName, JobRoleSettings),
});

/** A job role's validated settings. */
export type JobRoleConfig = z.infer<typeof JobRoleSettings>;
