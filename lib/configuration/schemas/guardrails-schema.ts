import * as z from 'zod';
import { WHEN_FIELDS_VALID } from './common-fields';
import { OPT_IN_POLICY_RULE_IDS, POLICY_RULE_IDS, POLICY_STACK_ADDRESS } from './policy-rule-ids';

/** A tag key (AWS tagging limits: 1-128 characters, `aws:` reserved). */
const TagKey = z
  .string()
  .min(1)
  .max(128)
  .refine((key) => !key.toLowerCase().startsWith('aws:'), 'a tag key not starting with "aws:" (reserved by AWS)');

/** One rule's finding on one resource of one module's stack, accepted with the reason. */
const PolicySuppressionSettings = z.strictObject({
  /** The stack's module, such as "batch"; applies to that module's stack in this environment. */
  module: z.string().regex(/^[a-z][a-z0-9-]*$/, 'a module name such as "batch"'),
  /** Terraform address of the resource, as plans show it; `terraform.backend` for the backend rule. */
  resource: z
    .string()
    .regex(
      new RegExp(`^((data\\.)?[a-z][a-z0-9_]*\\.[A-Za-z0-9_-]+|${POLICY_STACK_ADDRESS.replace('.', '\\.')})$`),
      `a Terraform address such as "aws_sqs_queue.core_queue" or "data.aws_iam_policy_document.x", or ` +
        `"${POLICY_STACK_ADDRESS}"`,
    ),
  rule: z.enum(POLICY_RULE_IDS),
  /** Why the finding is acceptable here: printed by every synth. */
  reason: z.string().trim().min(10, 'a reason of at least 10 characters saying why the finding is acceptable').max(300),
});

/** The policy pack: what it requires beyond its rules, opt-in rules, and accepted findings. */
export const PolicySettingsSchema = z
  .strictObject({
    /** Tags every taggable resource must carry, counting the provider's default_tags. */
    required_tags: z.array(TagKey).default([]),
    /** Opt-in rules to run, such as LOGS-2 (customer managed KMS keys on log groups). */
    enable_rules: z.array(z.enum(OPT_IN_POLICY_RULE_IDS)).default([]),
    /** Accepted findings, each on one resource with its reason. */
    suppressions: z.array(PolicySuppressionSettings).default([]),
  })
  .superRefine((policy, ctx) => {
    const seen = new Map<string, number>();
    policy.suppressions.forEach((s, i) => {
      const key = `${s.module} ${s.resource} ${s.rule}`;
      const first = seen.get(key);
      if (first !== undefined)
        ctx.addIssue({
          code: 'custom',
          path: ['suppressions', i],
          input: s,
          message:
            `one suppression per module, resource and rule (suppressions[${first}] already accepts ` +
            `${s.rule} on ${s.module} ${s.resource})`,
        });
      seen.set(key, i);
    });
  }, WHEN_FIELDS_VALID);

/** Resource types whose loss loses data (messages, logs): protected by prevent_destroy. */
export const STATEFUL_RESOURCE_TYPES = ['aws_sqs_queue', 'aws_cloudwatch_log_group'];

/** Protection of stateful resources against a plan that would destroy them. */
export const ProtectionSettingsSchema = z.strictObject({
  /**
   * lifecycle.prevent_destroy on every resource of the stateful types: Terraform then refuses any plan that
   * destroys or replaces one.
   */
  prevent_destroy: z.boolean(),
  /** The stateful resource types. */
  stateful_resource_types: z
    .array(z.string().regex(/^aws_[a-z0-9_]+$/, 'a Terraform resource type such as "aws_sqs_queue"'))
    .min(1)
    .default(STATEFUL_RESOURCE_TYPES),
});

/** Validated policy settings. */
export type PolicySettings = z.infer<typeof PolicySettingsSchema>;
/** Validated protection settings. */
export type ProtectionSettings = z.infer<typeof ProtectionSettingsSchema>;
