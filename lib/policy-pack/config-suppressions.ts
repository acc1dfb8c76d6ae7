import type { PolicySettings } from '../configuration/schemas/guardrails-schema';
import type { PolicySuppression } from './synthesized-stack';

/** The configured suppressions of one module's stack, each naming where it was declared. */
export function configSuppressions(policy: PolicySettings, module: string): PolicySuppression[] {
  return policy.suppressions.flatMap((s, i) =>
    s.module === module
      ? [{ resource: s.resource, rule: s.rule, reason: s.reason, source: `config: policy.suppressions[${i}]` }]
      : [],
  );
}
