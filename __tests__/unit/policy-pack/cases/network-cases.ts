import { noOpenIngress } from '../../../../lib/policy-pack/rules/network/no-open-ingress';
import { ruleDescriptions } from '../../../../lib/policy-pack/rules/network/rule-descriptions';
import type { RuleCases } from '../rule-case';

const group = (values: object): { aws_security_group: Record<string, object> } => ({
  aws_security_group: { sg: { name: 'sg', description: 'Batch instances: no inbound', vpc_id: 'vpc-1', ...values } },
});
const egressRule = (values: object): { aws_vpc_security_group_egress_rule: Record<string, object> } => ({
  aws_vpc_security_group_egress_rule: {
    https: {
      security_group_id: '${aws_security_group.sg.id}',
      ip_protocol: 'tcp',
      from_port: 443,
      to_port: 443,
      cidr_ipv4: '10.0.0.0/16',
      description: 'HTTPS to the VPC endpoints',
      ...values,
    },
  },
});

export const NETWORK_CASES: readonly RuleCases[] = [
  {
    rule: noOpenIngress,
    compliant: [
      { name: 'an egress-only group', resource: { ...group({}), ...egressRule({}) } },
      {
        name: 'ingress from the VPC only',
        resource: group({
          ingress: [
            {
              from_port: 443,
              to_port: 443,
              protocol: 'tcp',
              cidr_blocks: ['10.0.0.0/16'],
              description: 'from the VPC',
            },
          ],
        }),
      },
    ],
    noncompliant: [
      {
        name: 'inline ingress from 0.0.0.0/0',
        resource: group({
          ingress: [{ from_port: 22, to_port: 22, protocol: 'tcp', cidr_blocks: ['0.0.0.0/0'], description: 'ssh' }],
        }),
        attribute: 'ingress[0].cidr_blocks',
      },
      {
        name: 'an ingress rule resource from 0.0.0.0/0',
        resource: {
          aws_vpc_security_group_ingress_rule: {
            all: { security_group_id: 'sg-1', ip_protocol: '-1', cidr_ipv4: '0.0.0.0/0', description: 'everything' },
          },
        },
        attribute: 'cidr_ipv4',
      },
      {
        name: 'an aws_security_group_rule ingress from ::/0',
        resource: {
          aws_security_group_rule: {
            r: {
              type: 'ingress',
              security_group_id: 'sg-1',
              protocol: 'tcp',
              from_port: 80,
              to_port: 80,
              ipv6_cidr_blocks: ['::/0'],
              description: 'web',
            },
          },
        },
        attribute: 'ipv6_cidr_blocks',
      },
    ],
  },
  {
    rule: ruleDescriptions,
    compliant: [{ name: 'a described group and a described rule', resource: { ...group({}), ...egressRule({}) } }],
    noncompliant: [
      {
        name: 'a group without a description (the provider writes "Managed by Terraform")',
        resource: group({ description: undefined }),
        attribute: 'description',
      },
      {
        name: 'an inline egress rule without a description',
        resource: group({ egress: [{ from_port: 0, to_port: 0, protocol: '-1', cidr_blocks: ['10.0.0.0/8'] }] }),
        attribute: 'egress[0].description',
      },
      {
        name: 'an egress rule resource with a blank description',
        resource: { ...group({}), ...egressRule({ description: ' ' }) },
        attribute: 'description',
      },
    ],
  },
];
