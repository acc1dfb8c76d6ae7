import { grantsAction, hasWildcard, identityPoliciesOf } from '../../policy-documents';
import type { PolicyFinding, ResourceRule } from '../../policy-rule';

/** iam:PassRole names the roles it passes: no wildcard resource, no NotResource. */
export const passRoleScoped: ResourceRule = {
  id: 'IAM-3',
  name: 'pass-role-scoped',
  reason: 'iam:PassRole on "*" lets the holder hand any role, an administrator\'s included, to a service it controls',
  sources: ['https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_use_passrole.html'],
  scope: 'resource',
  appliesTo: (resource) => identityPoliciesOf(resource).length > 0,
  check(resource) {
    const findings: PolicyFinding[] = [];
    for (const policy of identityPoliciesOf(resource)) {
      for (const statement of policy.statements ?? []) {
        if (statement.effect !== 'Allow' || !grantsAction(statement, 'iam:PassRole')) continue;
        const wildcards = statement.resources.filter(hasWildcard);
        if (wildcards.length > 0)
          findings.push({
            attribute: `${statement.attribute}.Resource`,
            found: `iam:PassRole on ${wildcards.map((r) => `"${r}"`).join(', ')}`,
            allowed: 'the ARNs of the roles passed, without wildcards',
          });
        if (statement.notResources.length > 0)
          findings.push({
            attribute: `${statement.attribute}.NotResource`,
            found: 'iam:PassRole with NotResource (every other role)',
            allowed: 'the ARNs of the roles passed, under Resource',
          });
      }
    }
    return findings;
  },
};
