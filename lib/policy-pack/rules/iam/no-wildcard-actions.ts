import { identityPoliciesOf, isWildcardAction } from '../../policy-documents';
import type { PolicyFinding, ResourceRule } from '../../policy-rule';

/** Identity policies name their actions: no `*`, no `<service>:*`, no Allow with NotAction. */
export const noWildcardActions: ResourceRule = {
  id: 'IAM-1',
  name: 'no-wildcard-actions',
  reason: '"*" and "<service>:*" grant every present and future action, including the ones that escalate privileges',
  sources: ['CKV_AWS_62', 'CKV_AWS_63'],
  scope: 'resource',
  appliesTo: (resource) => identityPoliciesOf(resource).length > 0,
  check(resource) {
    const findings: PolicyFinding[] = [];
    for (const policy of identityPoliciesOf(resource)) {
      if (policy.unreadable) {
        findings.push({
          attribute: policy.attribute,
          found: policy.unreadable,
          allowed:
            'a JSON policy document written at synth, ' +
            'or an aws_iam_policy_document data source, so the policy pack can read it',
        });
        continue;
      }
      for (const statement of policy.statements ?? []) {
        if (statement.effect !== 'Allow') continue;
        const wildcards = statement.actions.filter(isWildcardAction);
        if (wildcards.length > 0)
          findings.push({
            attribute: `${statement.attribute}.Action`,
            found: wildcards.map((a) => `"${a}"`).join(', '),
            allowed: 'named actions, such as "batch:SubmitJob"',
          });
        if (statement.notActions.length > 0)
          findings.push({
            attribute: `${statement.attribute}.NotAction`,
            found: 'NotAction in an Allow statement (every other action is allowed)',
            allowed: 'named actions under Action',
          });
      }
    }
    return findings;
  },
};
