import type { EgressRuleConfig } from '../../../lib/configuration/schemas/environment-schema';
import { egressRuleProps } from '../../../stacks/egress-rule-props';

describe('egressRuleProps', () => {
  test('renames a port range to a CIDR block', () => {
    const rule: EgressRuleConfig = {
      description: 'ephemeral ports to the VPC',
      ip_protocol: 'tcp',
      from_port: 1024,
      to_port: 2048,
      cidr_ipv4: '10.0.0.0/16',
    };
    expect(egressRuleProps(rule)).toEqual({
      description: 'ephemeral ports to the VPC',
      ipProtocol: 'tcp',
      fromPort: 1024,
      toPort: 2048,
      cidrIpv4: '10.0.0.0/16',
      prefixListId: undefined,
      referencedSecurityGroupId: undefined,
    });
  });

  test('all traffic to a prefix list or a security group has no ports', () => {
    const toPrefixList = egressRuleProps({ description: 'S3', ip_protocol: '-1', prefix_list_id: 'pl-6da54004' });
    const toGroup = egressRuleProps({ description: 'MSK', ip_protocol: '-1', referenced_security_group_id: 'sg-0123' });
    expect(toPrefixList).toMatchObject({ ipProtocol: '-1', prefixListId: 'pl-6da54004', fromPort: undefined });
    expect(toGroup).toMatchObject({ referencedSecurityGroupId: 'sg-0123', cidrIpv4: undefined, toPort: undefined });
  });
});
