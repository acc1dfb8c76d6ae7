import { ofTypes, type PolicyFinding, type ResourceRule } from '../../policy-rule';
import { blocksOf, listOf } from '../../terraform-values';

const ANYWHERE = ['0.0.0.0/0', '::/0'];

/** Nothing on the internet may open a connection to the platform's instances and tasks. */
export const noOpenIngress: ResourceRule = {
  id: 'SG-1',
  name: 'no-open-ingress',
  reason:
    'ingress from 0.0.0.0/0 or ::/0 exposes the instances to the whole internet; ' +
    'Batch workers accept no inbound traffic',
  sources: ['CKV_AWS_24', 'CKV_AWS_25', 'CKV_AWS_260', 'CKV_AWS_277'],
  scope: 'resource',
  appliesTo: ofTypes('aws_security_group', 'aws_security_group_rule', 'aws_vpc_security_group_ingress_rule'),
  check(resource) {
    const findings: PolicyFinding[] = [];
    const open = (attribute: string, cidrs: unknown): void => {
      const anywhere = listOf(cidrs).filter((c): c is string => typeof c === 'string' && ANYWHERE.includes(c));
      if (anywhere.length > 0)
        findings.push({
          attribute,
          found: anywhere.map((c) => `"${c}"`).join(', '),
          allowed: 'the CIDR blocks or security groups that must connect, never the whole internet',
        });
    };
    const values = resource.values;
    switch (resource.type) {
      case 'aws_security_group':
        blocksOf(values.ingress).forEach((rule, i) => {
          open(`ingress[${i}].cidr_blocks`, rule.cidr_blocks);
          open(`ingress[${i}].ipv6_cidr_blocks`, rule.ipv6_cidr_blocks);
        });
        break;
      case 'aws_security_group_rule':
        if (values.type === 'ingress') {
          open('cidr_blocks', values.cidr_blocks);
          open('ipv6_cidr_blocks', values.ipv6_cidr_blocks);
        }
        break;
      case 'aws_vpc_security_group_ingress_rule':
        open('cidr_ipv4', values.cidr_ipv4);
        open('cidr_ipv6', values.cidr_ipv6);
        break;
    }
    return findings;
  },
};
