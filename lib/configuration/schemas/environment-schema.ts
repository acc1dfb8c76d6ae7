import * as z from 'zod';
import { AdoptionSchema } from './adoption-schema';
import {
  AccountId,
  additionalPolicyArns,
  arn,
  AwsRegion,
  BucketName,
  ec2Id,
  Ipv4Cidr,
  LayerName,
  Port,
  RoleArn,
  RoleName,
  Tags,
  TerraformName,
  WHEN_FIELDS_VALID,
} from './common-fields';
import { DependencySettingsSchema } from './dependency-settings-schema';
import { PolicySettingsSchema, ProtectionSettingsSchema, STATEFUL_RESOURCE_TYPES } from './guardrails-schema';
import { HooksSettings } from './hook-schema';
import { SqsSettings } from './queue-pipeline-schema';
import { QueueName } from './queue-schema';
import { StepFunctionsSettings } from './state-machine-schema';

export { BucketName, TerraformName } from './common-fields';
export type { HybridRouterConfig } from './hybrid-router-schema';
export type { QueueConfig } from './queue-schema';
export type { StateMachineConfig } from './state-machine-schema';

/** Where each stack keeps its state: Terragrunt's remote_state block. */
const StateSettings = z.strictObject({
  /** S3 bucket holding the state of every stack of the account. */
  bucket: BucketName,
  /** Region of the state bucket. */
  region: AwsRegion,
  /** Object key; Terragrunt's default is path_relative_to_include()/terraform.tfstate. */
  key_template: z
    .string()
    .refine(
      (t) =>
        t.includes('{module}') &&
        !/\{(?!module\}|environment\}|account\}|account_id\}|region\}|project\}|prefix\})[^}]*\}/.test(t),
      'a key template using {module} (so stacks never share a state) and only {account}, {account_id}, ' +
        '{region}, {environment}, {project}, {prefix}',
    ),
  /** Server-side encryption of the state object; always on. */
  encrypt: z.literal(true),
  /** S3-native state locking (Terraform >= 1.10). */
  use_lockfile: z.boolean(),
  /** DynamoDB lock table, for teams that still lock with DynamoDB. */
  dynamodb_table: z
    .string()
    .regex(/^[A-Za-z0-9_.-]{3,255}$/, 'a DynamoDB table name')
    .optional(),
  /** Role the backend assumes to reach the bucket, when it is not the deploy role. */
  role_arn: RoleArn.optional(),
  /**
   * Exact keys by module, where the template cannot reproduce a Terragrunt unit's key (`npm run migrate`
   * writes them).
   */
  keys: z
    .record(
      z.string().regex(/^[a-z][a-z0-9-]*$/, 'a module name such as "iam"'),
      z.string().regex(/^[^\s{}]+$/, 'an S3 object key without spaces or placeholders'),
    )
    .optional(),
});

/** Values for `{name}` placeholders, by name. */
export const VariablesSettings = z.record(
  z.string().regex(/^[a-z][a-z0-9_]*$/, 'a variable name: lower-case letters, digits and underscores'),
  z.string(),
);

/** One outbound rule of a security group; exactly one destination. */
const EgressRule = z
  .strictObject({
    description: z.string().min(1).max(255),
    ip_protocol: z.enum(['tcp', 'udp', 'icmp', '-1']),
    from_port: Port.optional(),
    to_port: Port.optional(),
    cidr_ipv4: Ipv4Cidr.optional(),
    prefix_list_id: ec2Id('pl').optional(),
    referenced_security_group_id: ec2Id('sg').optional(),
  })
  .superRefine((rule, ctx) => {
    const destinations = [rule.cidr_ipv4, rule.prefix_list_id, rule.referenced_security_group_id].filter(
      (d) => d !== undefined,
    );
    if (destinations.length !== 1) {
      ctx.addIssue({
        code: 'custom',
        path: [],
        input: rule,
        message: 'exactly one of cidr_ipv4, prefix_list_id, referenced_security_group_id',
      });
    }
    if (rule.ip_protocol === '-1') {
      if (rule.from_port !== undefined || rule.to_port !== undefined)
        ctx.addIssue({
          code: 'custom',
          path: ['from_port'],
          input: rule.from_port,
          message: 'no ports with ip_protocol "-1" (all traffic)',
        });
    } else if (rule.from_port === undefined || rule.to_port === undefined) {
      ctx.addIssue({
        code: 'custom',
        path: [rule.from_port === undefined ? 'from_port' : 'to_port'],
        input: undefined,
        message: `a port: ip_protocol "${rule.ip_protocol}" needs from_port and to_port`,
      });
    } else if (rule.from_port > rule.to_port) {
      ctx.addIssue({
        code: 'custom',
        path: ['to_port'],
        input: rule.to_port,
        message: `a port >= from_port (${rule.from_port})`,
      });
    }
  }, WHEN_FIELDS_VALID);

/** The VPC the platform runs in (owned elsewhere) and the batch security group (owned here). */
const NetworkSettings = z.strictObject({
  vpc_id: ec2Id('vpc'),
  private_subnet_ids: z.array(ec2Id('subnet')).min(1),
  batch_security_group: z.strictObject({
    name: z.string().min(1).max(255),
    description: z.string().min(1).max(255),
    egress: z
      .array(EgressRule)
      .min(1)
      .superRefine((rules, ctx) => {
        const seen = new Map<string, number>();
        rules.forEach((rule, i) => {
          const key = [
            rule.ip_protocol,
            rule.from_port,
            rule.to_port,
            rule.cidr_ipv4 ?? rule.prefix_list_id ?? rule.referenced_security_group_id,
          ].join(' ');
          const first = seen.get(key);
          if (first !== undefined)
            ctx.addIssue({
              code: 'custom',
              path: [i],
              input: rule,
              message:
                `a rule unlike the others (rule ${first} already allows the same protocol, ports and ` +
                `destination; AWS rejects duplicates)`,
            });
          seen.set(key, i);
        });
      }, WHEN_FIELDS_VALID),
  }),
});

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
const IamSettings = z.strictObject({
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

/** An environment's settings, merged from defaults, account, region and environment layers. */
export const EnvironmentSettingsSchema = z.strictObject({
  /** Name of the environment; must match its file name. */
  environment: LayerName,
  /** Account layer (`config/accounts/<account>.json`). */
  account: LayerName,
  /** Region layer (`config/regions/<region>.json`) and the AWS region deployed to. */
  region: AwsRegion,
  account_id: AccountId,
  /** Role the provider assumes to deploy into the account (real mode). */
  deploy_role_arn: RoleArn.optional(),
  project: z.string().regex(/^[a-z][a-z0-9-]{1,19}$/, 'a short lower-case project name (2-20 characters)'),
  /** The `{prefix}` of resource names. */
  name_prefix: z.string().regex(/^[a-z][a-z0-9-]{1,30}$/, 'a lower-case name prefix (2-31 characters)'),
  /** Tags on every taggable resource (provider default_tags). */
  tags: Tags,
  state: StateSettings,
  /** Values for `{name}` placeholders in batch-json and in this configuration. */
  variables: VariablesSettings.default({}),
  network: NetworkSettings,
  iam: IamSettings,
  sqs: SqsSettings,
  step_functions: StepFunctionsSettings,
  /** The policy pack every synth runs (README: Guardrails). */
  policy: PolicySettingsSchema.default({ required_tags: [], enable_rules: [], suppressions: [] }),
  /** prevent_destroy on stateful resources (README: Guardrails). */
  protection: ProtectionSettingsSchema.default({
    prevent_destroy: false,
    stateful_resource_types: STATEFUL_RESOURCE_TYPES,
  }),
  /** How stacks read upstream outputs: mock outputs and their merge strategy. */
  dependencies: DependencySettingsSchema,
  /** Resources each stack adopts from existing states: moved, import and removed blocks by module. */
  adoption: AdoptionSchema,
  /**
   * Commands run-all runs before, after or on the failure of a stack's Terraform command, by name (README:
   * Deploying, Hooks).
   */
  hooks: HooksSettings,
  /** Per-environment overrides of batch-json files, by file name, merged over the shared files. */
  batch_json: z
    .record(
      z.string().regex(/^[a-z0-9-]+\.json$/, 'a batch-json file name such as "compute-environment.json"'),
      z.record(z.string(), z.unknown()),
    )
    .default({}),
});

/** An environment's validated settings. */
export type EnvironmentSettings = z.infer<typeof EnvironmentSettingsSchema>;
/** A job role's validated settings. */
export type JobRoleConfig = z.infer<typeof JobRoleSettings>;
/** One egress rule's validated settings. */
export type EgressRuleConfig = z.infer<typeof EgressRule>;
