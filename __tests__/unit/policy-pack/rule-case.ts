import { evaluateStack, type Violation } from '../../../lib/policy-pack/policy-pack';
import type { PolicyRule } from '../../../lib/policy-pack/policy-rule';
import { awsTypeIsTaggable } from '../../../lib/policy-pack/provider-tagging';
import { type JsonObject, synthesizedStackFromJson } from '../../../lib/policy-pack/synthesized-stack';

/** One stack fragment a rule is run on. */
export interface RuleCase {
  /** What the case shows. */
  readonly name: string;
  /** `resource` blocks by type and name, as in cdk.tf.json. */
  readonly resource?: Record<string, Record<string, object>>;
  /** `data` blocks by type and name. */
  readonly data?: Record<string, Record<string, object>>;
  /** The stack's `terraform` block, instead of an encrypted, locked S3 backend. */
  readonly terraform?: JsonObject;
  /** The stack's `aws` provider blocks, instead of one with the required tags as default_tags. */
  readonly providers?: JsonObject[];
  /** The synth mode recorded in `//.platform`. */
  readonly synthMode?: string;
  /** For a non-compliant case: the attribute the finding must name. */
  readonly attribute?: string;
}

/** The compliant and non-compliant cases of one rule. */
export interface RuleCases {
  /** The rule. */
  readonly rule: PolicyRule;
  /** Stacks the rule must accept. */
  readonly compliant: readonly RuleCase[];
  /** Stacks the rule must reject, each naming the attribute. */
  readonly noncompliant: readonly RuleCase[];
}

/** Tags the cases require. */
export const CASE_REQUIRED_TAGS = ['Project', 'Environment'];

/** The Terraform JSON of a case's stack. */
export function caseStackJson(c: RuleCase): JsonObject {
  return {
    '//': { platform: { synth_mode: c.synthMode ?? 'real' } },
    provider: {
      aws: c.providers ?? [{ region: 'eu-west-1', default_tags: [{ tags: { Project: 'gss', Environment: 'test' } }] }],
    },
    terraform: c.terraform ?? {
      backend: { s3: { bucket: 'state', key: 'k', region: 'eu-west-1', encrypt: true, use_lockfile: true } },
    },
    ...(c.resource ? { resource: c.resource } : {}),
    ...(c.data ? { data: c.data } : {}),
  };
}

/** The violations of `rule` in a case's stack (the rule enabled if it is opt-in). */
export function violationsOf(rule: PolicyRule, c: RuleCase): Violation[] {
  const stack = synthesizedStackFromJson('test-stack', caseStackJson(c));
  const verdict = evaluateStack(stack, {
    isTaggable: awsTypeIsTaggable,
    requiredTags: CASE_REQUIRED_TAGS,
    enabledRules: [rule.id],
  });
  return verdict.violations.filter((v) => v.rule.id === rule.id);
}

/** Base64, as launch templates carry user data. */
export function base64(text: string): string {
  return Buffer.from(text, 'utf8').toString('base64');
}
