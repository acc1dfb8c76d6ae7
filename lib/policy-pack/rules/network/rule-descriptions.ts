import { ofTypes, type PolicyFinding, type ResourceRule } from '../../policy-rule';
import { blocksOf, rendered } from '../../terraform-values';

/** The description the AWS provider gives a security group that has none. */
const PROVIDER_DEFAULT_DESCRIPTION = 'Managed by Terraform';

/** Security groups and each of their rules say what they allow and why. */
export const ruleDescriptions: ResourceRule = {
  id: 'SG-2',
  name: 'security-group-descriptions',
  reason: 'a rule without a description cannot be reviewed: nobody can tell whether it is still needed',
  sources: ['CKV_AWS_23'],
  scope: 'resource',
  appliesTo: ofTypes(
    'aws_security_group',
    'aws_security_group_rule',
    'aws_vpc_security_group_ingress_rule',
    'aws_vpc_security_group_egress_rule',
  ),
  check(resource) {
    const findings: PolicyFinding[] = [];
    const described = (attribute: string, value: unknown): void => {
      if (typeof value !== 'string' || value.trim() === '' || value === PROVIDER_DEFAULT_DESCRIPTION) {
        findings.push({ attribute, found: rendered(value), allowed: 'a description of what the rule allows and why' });
      }
    };
    described('description', resource.values.description);
    if (resource.type === 'aws_security_group') {
      for (const direction of ['ingress', 'egress'] as const) {
        blocksOf(resource.values[direction]).forEach((rule, i) =>
          described(`${direction}[${i}].description`, rule.description),
        );
      }
    }
    return findings;
  },
};
