import { parsed, shippedEnvironment, synthEnvironment, text } from '../../support/synth-helpers';

// What the shipped configuration (config/ and batch-json/) promises, checked on its synthesized
// stacks; the stack tests build their stacks from the minimal environment instead.
describe('the shipped configuration', () => {
  const securityGroup = parsed(synthEnvironment(shippedEnvironment('dev'))['security-group']);

  test("dev's batch security group sends only to S3, the AWS endpoints and MSK, each rule described", () => {
    const rules = Object.entries(securityGroup.resource.aws_vpc_security_group_egress_rule);
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
});
