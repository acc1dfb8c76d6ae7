import { SecurityGroup } from '@cdktf/provider-aws/lib/security-group';
import { VpcSecurityGroupEgressRule } from '@cdktf/provider-aws/lib/vpc-security-group-egress-rule';
import { egressRuleName, EgressOnlySecurityGroup } from '../../../lib/constructs/network/egress-only-security-group';
import { synthConstruct } from '../../support/construct-stack';

describe('EgressOnlySecurityGroup', () => {
  const { json, stack } = synthConstruct(
    (scope) =>
      new EgressOnlySecurityGroup(scope, 'batch', {
        name: 'batch',
        description: 'Batch tasks: no inbound',
        vpcId: 'vpc-0a1b2c3d4e5f60718',
        egress: [
          { description: 'HTTPS', ipProtocol: 'tcp', fromPort: 443, toPort: 443, cidrIpv4: '10.0.0.0/16' },
          { description: 'S3', ipProtocol: '-1', prefixListId: 'pl-6da54004' },
        ],
      }),
  );

  test('a group with no inbound rules', () => {
    expect(json).toHaveResourceWithProperties(SecurityGroup, { name: 'batch', vpc_id: 'vpc-0a1b2c3d4e5f60718' });
    expect(stack.resource).not.toHaveProperty('aws_vpc_security_group_ingress_rule');
    expect(Object.values(stack.resource.aws_security_group!)[0]).not.toHaveProperty('ingress');
  });

  test('one resource per outbound rule, ports only where given', () => {
    expect(json).toHaveResourceWithProperties(VpcSecurityGroupEgressRule, {
      ip_protocol: 'tcp',
      from_port: 443,
      to_port: 443,
      cidr_ipv4: '10.0.0.0/16',
    });
    const all = Object.values(stack.resource.aws_vpc_security_group_egress_rule!).find((r) => r.ip_protocol === '-1');
    expect(all).toMatchObject({ prefix_list_id: 'pl-6da54004', tags: { Name: 'batch: S3' } });
    expect(all).not.toHaveProperty('from_port');
  });

  test('rules are named after what they allow, so reordering them renames nothing', () => {
    expect(
      egressRuleName({ description: 'x', ipProtocol: 'tcp', fromPort: 1024, toPort: 2048, cidrIpv4: '10.0.0.0/16' }),
    ).toBe('egress_tcp_1024_2048_to_10_0_0_0_16');
    expect(egressRuleName({ description: 'x', ipProtocol: '-1', referencedSecurityGroupId: 'sg-0123' })).toBe(
      'egress_all_to_sg_0123',
    );
  });
});
