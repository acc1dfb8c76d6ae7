import type { SynthesizedResource, SynthesizedStack } from './synthesized-stack';

/** One thing a rule found wrong, said the way configuration errors are: where, what was found, what is allowed. */
export interface PolicyFinding {
  /** Where in the resource, such as `metadata_options.http_tokens`. */
  readonly attribute: string;
  /** What was found. */
  readonly found: string;
  /** What the rule allows. */
  readonly allowed: string;
}

/** What a rule may know besides the resource it checks. */
export interface RuleContext {
  /** The whole stack, for rules that relate resources (a queue and its policy). */
  readonly stack: SynthesizedStack;
  /** Tags every taggable resource must carry. */
  readonly requiredTags: readonly string[];
  /** Whether a resource type takes tags (has `tags_all`, so the provider's default_tags reach it). */
  readonly isTaggable: (type: string) => boolean;
}

/** What every rule has, in the style of cdk-nag: an ID, a one-line reason and where the check comes from. */
interface RuleIdentity {
  /** Stable ID, used in messages and suppressions, such as `EC2-1`. */
  readonly id: string;
  /** Short name, such as `imdsv2-required`. */
  readonly name: string;
  /** Why the rule exists, in one line. */
  readonly reason: string;
  /** The checkov / trivy IDs (or the reference) the rule comes from. */
  readonly sources: readonly string[];
  /** Off unless the configuration lists the rule under policy.enable_rules. */
  readonly optIn?: boolean;
}

/** A rule about single resources. */
export interface ResourceRule extends RuleIdentity {
  /** Checks resources. */
  readonly scope: 'resource';
  /** Whether the rule reads this resource. */
  appliesTo(resource: SynthesizedResource, context: RuleContext): boolean;
  /** What is wrong with the resource; empty when it complies. */
  check(resource: SynthesizedResource, context: RuleContext): readonly PolicyFinding[];
}

/** A rule about the stack itself (its backend); findings belong to `terraform.backend`. */
export interface StackRule extends RuleIdentity {
  /** Checks the stack. */
  readonly scope: 'stack';
  /** What is wrong with the stack; empty when it complies. */
  check(stack: SynthesizedStack, context: RuleContext): readonly PolicyFinding[];
}

/** A rule of the policy pack. */
export type PolicyRule = ResourceRule | StackRule;

/** `appliesTo` for rules that read given resource types (managed resources only). */
export function ofTypes(...types: readonly string[]): (resource: SynthesizedResource) => boolean {
  return (resource) => resource.mode === 'managed' && types.includes(resource.type);
}
