import type { PolicySettings } from '../configuration/schemas/guardrails-schema';
import type { PolicySuppression } from './synthesized-stack';

/** The configured suppressions of one module's stack, each naming where it was declared: `file` and its path there. */
export function configSuppressions(policy: PolicySettings, module: string, file = 'config'): PolicySuppression[] {
  return policy.suppressions.flatMap((s, i) =>
    s.module === module
      ? [{ resource: s.resource, rule: s.rule, reason: s.reason, source: `${file} $.policy.suppressions[${i}]` }]
      : [],
  );
}
