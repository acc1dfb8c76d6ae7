import { type IAspect, Lazy, TerraformResource, TerraformStack } from 'cdktf';
import type { IConstruct } from 'constructs';
import { PolicyReport } from './policy-report';
import { codeSuppressionsOf } from './suppressions';
import type { PolicySuppression, StackPolicySettings } from './synthesized-stack';

/** What the pack checks a stack against. */
export interface PolicyPackAspectProps {
  /** Tags every taggable resource must carry. */
  readonly requiredTags: readonly string[];
  /** Opt-in rules to run. */
  readonly enabledRules: readonly string[];
  /** Accepted findings from the configuration. */
  readonly suppressions: readonly PolicySuppression[];
}

/**
 * Puts the stacks it is added to under the policy pack, on every synth. It writes the pack's
 * settings and every suppression into the stack's `//.policy` block, so the synthesized JSON
 * says what was accepted and `npm run policy` can check it again later; it learns which
 * resource types take tags; and it enrols the stack in the app's PolicyReport, which checks the
 * Terraform JSON the synth wrote for the stack (exactly what Terraform will read, every token
 * resolved) before the output is swapped in.
 */
export class PolicyPackAspect implements IAspect {
  private readonly taggableTypes = new Set<string>();

  public constructor(private readonly props: PolicyPackAspectProps) {}

  public visit(node: IConstruct): void {
    if (TerraformResource.isTerraformResource(node)) {
      // Types with tags_all take the provider's default_tags.
      if ('tagsAll' in node) this.taggableTypes.add(node.terraformResourceType);
      return;
    }
    if (!TerraformStack.isStack(node)) return;
    const stack = node;
    stack.addOverride('//.policy', Lazy.anyValue({ produce: () => this.settingsOf(stack) }));
    PolicyReport.of(stack).enrol(stack.node.id, (type) => this.taggableTypes.has(type));
  }

  private settingsOf(stack: TerraformStack): StackPolicySettings {
    const suppressions = [...this.props.suppressions, ...codeSuppressionsOf(stack)].sort(
      (a, b) =>
        a.resource.localeCompare(b.resource) || a.rule.localeCompare(b.rule) || a.source.localeCompare(b.source),
    );
    return { required_tags: [...this.props.requiredTags], enabled_rules: [...this.props.enabledRules], suppressions };
  }
}
