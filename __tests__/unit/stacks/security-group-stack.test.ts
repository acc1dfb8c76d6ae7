import { SecurityGroup } from '@cdktf/provider-aws/lib/security-group';
import { parsed, shippedEnvironment, synthEnvironment, text } from '../../support/synth-helpers';

const synth = synthEnvironment(shippedEnvironment('dev'));
const stack = parsed(synth['security-group']);

describe('security-group stack', () => {
  test('creates the batch security group in the configured VPC, with a description', () => {
    expect(synth['security-group']).toHaveResourceWithProperties(SecurityGroup, {
      name: 'gss-dev-scm-batch-processor-batch',
      vpc_id: 'vpc-0d1e2f30415263748',
    });
    expect(stack.resource.aws_security_group.batch_security_group.description).toMatch(/no inbound/);
  });

  test('allows no inbound traffic at all', () => {
    expect(stack.resource).not.toHaveProperty('aws_vpc_security_group_ingress_rule');
    expect(stack.resource.aws_security_group.batch_security_group).not.toHaveProperty('ingress');
  });

  test('allows outbound traffic only to S3, the AWS endpoints and MSK, each rule described', () => {
    const rules = Object.entries(stack.resource.aws_vpc_security_group_egress_rule);
    expect(rules.map(([name]) => name).sort()).toEqual([
      'batch_security_group_egress_tcp_443_to_10_10_0_0_16',
      'batch_security_group_egress_tcp_443_to_pl_6da54004',
      'batch_security_group_egress_tcp_9098_to_10_10_0_0_16',
    ]);
    for (const [, rule] of rules) {
      expect(text(rule.description).length).toBeGreaterThan(10);
      expect(rule.cidr_ipv4).not.toBe('0.0.0.0/0');
    }
  });

  test('passes the VPC and subnets from config on to its dependents', () => {
    expect(stack.output.vpc_id.value).toBe('vpc-0d1e2f30415263748');
    expect(stack.output.private_subnet_ids.value).toEqual(['subnet-0a10000000000d001', 'subnet-0a10000000000d002']);
    expect(stack.output.batch_security_group_id.value).toBe('${aws_security_group.batch_security_group.id}');
  });
});
