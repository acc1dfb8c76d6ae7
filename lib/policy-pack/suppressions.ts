import { TerraformDataSource, type TerraformResource, TerraformStack } from 'cdktf';
import type { PolicySuppression } from './synthesized-stack';

interface CodeSuppression {
  readonly element: TerraformResource | TerraformDataSource;
  readonly rule: string;
  readonly reason: string;
}

const registry = new WeakMap<TerraformStack, CodeSuppression[]>();

/**
 * Accepts one rule's finding on one resource, with the reason, from code (as cdk-nag's
 * NagSuppressions do). The suppression is written to the stack's `//.policy` block and listed
 * by every synth; per environment, prefer `policy.suppressions` in the configuration.
 */
export function suppressPolicyRule(
  element: TerraformResource | TerraformDataSource,
  rule: string,
  reason: string,
): void {
  if (!/\S/.test(reason)) throw new Error(`Suppressing ${rule} on ${element.node.path} needs a reason`);
  const stack = TerraformStack.of(element);
  registry.set(stack, [...(registry.get(stack) ?? []), { element, rule, reason }]);
}

/** The suppressions made in code for resources of a stack, by Terraform address. */
export function codeSuppressionsOf(stack: TerraformStack): PolicySuppression[] {
  return (registry.get(stack) ?? []).map(({ element, rule, reason }) => ({
    resource:
      (TerraformDataSource.isTerraformDataSource(element) ? 'data.' : '') +
      `${element.terraformResourceType}.${element.friendlyUniqueId}`,
    rule,
    reason,
    source: `code: ${element.node.path}`,
  }));
}
