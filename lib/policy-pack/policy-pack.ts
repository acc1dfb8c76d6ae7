import { describeChoices } from '../configuration/closest-match';
import type { PolicyFinding, PolicyRule, RuleContext } from './policy-rule';
import { notPrivileged } from './rules/batch/not-privileged';
import { noSecretsInEnvironment } from './rules/batch/no-secrets-in-environment';
import { readOnlyRootFilesystem } from './rules/batch/read-only-root-filesystem';
import { ebsEncrypted } from './rules/ec2/ebs-encrypted';
import { imdsHopLimit } from './rules/ec2/imds-hop-limit';
import { imdsv2Required } from './rules/ec2/imdsv2-required';
import { noPublicIp } from './rules/ec2/no-public-ip';
import { noSecretsInUserData } from './rules/ec2/no-secrets-in-user-data';
import { noAdministratorAccess } from './rules/iam/no-administrator-access';
import { noWildcardActions } from './rules/iam/no-wildcard-actions';
import { passRoleScoped } from './rules/iam/pass-role-scoped';
import { logGroupKms } from './rules/logs/log-group-kms';
import { logRetention } from './rules/logs/log-retention';
import { noOpenIngress } from './rules/network/no-open-ingress';
import { ruleDescriptions } from './rules/network/rule-descriptions';
import { deadLetterQueue } from './rules/sqs/dead-letter-queue';
import { noPublicQueuePolicy } from './rules/sqs/no-public-queue-policy';
import { queueEncrypted } from './rules/sqs/queue-encrypted';
import { tlsOnly } from './rules/sqs/tls-only';
import { s3Backend } from './rules/state/s3-backend';
import { stateMachineLogging } from './rules/stepfunctions/state-machine-logging';
import { stateMachineTracing } from './rules/stepfunctions/state-machine-tracing';
import { requiredTags } from './rules/tagging/required-tags';
import type { PolicySuppression, SynthesizedStack } from './synthesized-stack';

/** The policy pack: every rule, in the order findings are reported. */
export const POLICY_RULES: readonly PolicyRule[] = [
  imdsv2Required,
  imdsHopLimit,
  noPublicIp,
  ebsEncrypted,
  noSecretsInUserData,
  noSecretsInEnvironment,
  notPrivileged,
  readOnlyRootFilesystem,
  logRetention,
  logGroupKms,
  queueEncrypted,
  deadLetterQueue,
  tlsOnly,
  noPublicQueuePolicy,
  noWildcardActions,
  noAdministratorAccess,
  passRoleScoped,
  noOpenIngress,
  ruleDescriptions,
  stateMachineLogging,
  stateMachineTracing,
  requiredTags,
  s3Backend,
];

/** The address stack rules report findings on, and suppressions of them name. */
export const STACK_ADDRESS = 'terraform.backend';

/** A rule a resource breaks. */
export interface Violation {
  /** Stack name, such as `dev-batch`. */
  readonly stack: string;
  /** Construct path of the resource. */
  readonly constructPath: string;
  /** Terraform address of the resource, or `terraform.backend`. */
  readonly address: string;
  /** The rule. */
  readonly rule: PolicyRule;
  /** What is wrong. */
  readonly finding: PolicyFinding;
}

/** A violation a suppression accepts. */
export interface SuppressedViolation extends Violation {
  /** The suppression, with its reason. */
  readonly suppression: PolicySuppression;
}

/** A suppression that cannot apply: it names a resource or rule that does not exist. */
export interface InvalidSuppression {
  /** Stack name. */
  readonly stack: string;
  /** The suppression. */
  readonly suppression: PolicySuppression;
  /** What is wrong with it. */
  readonly problem: string;
}

/** The pack's verdict on one stack. */
export interface StackVerdict {
  /** Stack name. */
  readonly stack: string;
  /** Rules broken and not suppressed: each fails synth. */
  readonly violations: readonly Violation[];
  /** Rules broken and accepted with a reason. */
  readonly suppressed: readonly SuppressedViolation[];
  /** Suppressions naming a resource or rule that does not exist: each fails synth. */
  readonly invalidSuppressions: readonly InvalidSuppression[];
  /** Suppressions of a rule the resource does not break (no longer needed). */
  readonly unusedSuppressions: readonly PolicySuppression[];
  /** Resources and data sources read. */
  readonly resourceCount: number;
  /** IDs of the rules run (opt-in rules only when enabled). */
  readonly rulesRun: readonly string[];
}

/** What the evaluation is told besides the stack; unset values come from the stack's `//.policy` block. */
export interface EvaluationOptions {
  /** Whether a resource type takes tags. */
  readonly isTaggable: (type: string) => boolean;
  /** Required tags, instead of the recorded ones. */
  readonly requiredTags?: readonly string[];
  /** Opt-in rules to run, instead of the recorded ones. */
  readonly enabledRules?: readonly string[];
}

/** Runs every rule of the pack over a stack. */
export function evaluateStack(stack: SynthesizedStack, options: EvaluationOptions): StackVerdict {
  const enabled = new Set(options.enabledRules ?? stack.policy?.enabled_rules ?? []);
  const rules = POLICY_RULES.filter((rule) => !rule.optIn || enabled.has(rule.id));
  const context: RuleContext = {
    stack,
    requiredTags: options.requiredTags ?? stack.policy?.required_tags ?? [],
    isTaggable: options.isTaggable,
  };
  const found: Violation[] = [];
  for (const rule of rules) {
    if (rule.scope === 'stack') {
      for (const finding of rule.check(stack, context))
        found.push({ stack: stack.name, constructPath: stack.name, address: STACK_ADDRESS, rule, finding });
      continue;
    }
    for (const resource of stack.resources) {
      if (!rule.appliesTo(resource, context)) continue;
      for (const finding of rule.check(resource, context))
        found.push({
          stack: stack.name,
          constructPath: resource.constructPath,
          address: resource.address,
          rule,
          finding,
        });
    }
  }

  const suppressions = stack.policy?.suppressions ?? [];
  const addresses = new Set([STACK_ADDRESS, ...stack.resources.map((r) => r.address)]);
  const invalidSuppressions: InvalidSuppression[] = [];
  for (const suppression of suppressions) {
    if (!POLICY_RULES.some((rule) => rule.id === suppression.rule)) {
      invalidSuppressions.push({
        stack: stack.name,
        suppression,
        problem:
          `no rule "${suppression.rule}" in the policy pack ` + `(rules: ${POLICY_RULES.map((r) => r.id).join(', ')})`,
      });
    } else if (!addresses.has(suppression.resource)) {
      invalidSuppressions.push({
        stack: stack.name,
        suppression,
        problem: `no resource "${suppression.resource}" in ${stack.name}; allowed: ${resourceChoices(
          suppression.resource,
          [...addresses],
        )}`,
      });
    }
  }
  const violations: Violation[] = [];
  const suppressed: SuppressedViolation[] = [];
  const used = new Set<PolicySuppression>();
  for (const violation of found) {
    const suppression = suppressions.find((s) => s.resource === violation.address && s.rule === violation.rule.id);
    if (suppression) {
      suppressed.push({ ...violation, suppression });
      used.add(suppression);
    } else {
      violations.push(violation);
    }
  }
  const invalid = new Set(invalidSuppressions.map((i) => i.suppression));
  return {
    stack: stack.name,
    violations,
    suppressed,
    invalidSuppressions,
    unusedSuppressions: suppressions.filter((s) => !used.has(s) && !invalid.has(s)),
    resourceCount: stack.resources.length,
    rulesRun: rules.map((rule) => rule.id),
  };
}

/** The addresses a suppression of `wanted` may name: those of its resource type when the stack has some, else all. */
function resourceChoices(wanted: string, addresses: readonly string[]): string {
  const type = wanted.split('.')[0]!;
  const sameType = addresses.filter((address) => address.startsWith(`${type}.`));
  return sameType.length > 0
    ? describeChoices(wanted, sameType, `one of its ${type} resources:`)
    : describeChoices(wanted, addresses, 'one of its resources:');
}
