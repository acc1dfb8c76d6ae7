import * as z from 'zod';
import { AdoptionSchema } from './adoption-schema';
import { AccountId, AwsRegion, BucketName, LayerName, RoleArn, Tags } from './common-fields';
import { DependencySettingsSchema } from './dependency-settings-schema';
import { PolicySettingsSchema, ProtectionSettingsSchema, STATEFUL_RESOURCE_TYPES } from './guardrails-schema';
import { HooksSettings } from './hook-schema';
import { IamSettings } from './iam-settings-schema';
import { NetworkSettings } from './network-settings-schema';
import { SqsSettings } from './queue-pipeline-schema';
import { StepFunctionsSettings } from './state-machine-schema';

export { BucketName, TerraformName } from './common-fields';
export type { JobRoleConfig } from './iam-settings-schema';
export type { EgressRuleConfig } from './network-settings-schema';
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
  /** The policy pack every synth runs (docs/guardrails.md). */
  policy: PolicySettingsSchema.default({ required_tags: [], enable_rules: [], suppressions: [] }),
  /** prevent_destroy on stateful resources (docs/guardrails.md). */
  protection: ProtectionSettingsSchema.default({
    prevent_destroy: false,
    stateful_resource_types: STATEFUL_RESOURCE_TYPES,
  }),
  /** How stacks read upstream outputs: mock outputs and their merge strategy. */
  dependencies: DependencySettingsSchema,
  /** Resources each stack adopts from existing states: moved, import and removed blocks by module. */
  adoption: AdoptionSchema,
  /**
   * Commands run-all runs before, after or on the failure of a stack's Terraform command, by name
   * (docs/deploying.md, Hooks).
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
