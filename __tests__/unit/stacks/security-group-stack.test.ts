import { SecurityGroup } from '@cdktf/provider-aws/lib/security-group';
import { minimalEnvironment } from '../../support/minimal-environment';
import { parsed, synthEnvironment, text } from '../../support/synth-helpers';

/** The minimal environment's group, its outbound traffic limited: HTTPS to S3 and the VPC's endpoints, Kafka. */
const environment = minimalEnvironment((files) => {
  const group = (files['config/defaults.json']!.network as { batch_security_group: Record<string, unknown> })
    .batch_security_group;
  const https = { ip_protocol: 'tcp', from_port: 443, to_port: 443 };
  group.egress = [
    { ...https, description: 'HTTPS to S3 through the gateway endpoint', prefix_list_id: 'pl-6da54004' },
    { ...https, description: 'HTTPS to the interface endpoints of the VPC', cidr_ipv4: '10.20.0.0/16' },
    {
      description: 'Kafka over TLS to the MSK brokers in the VPC',
      ip_protocol: 'tcp',
      from_port: 9098,
      to_port: 9098,
      cidr_ipv4: '10.20.0.0/16',
    },
  ];
});
const synth = synthEnvironment(environment);
const stack = parsed(synth['security-group']);

describe('security-group stack', () => {
  test('creates the batch security group in the configured VPC, with a description', () => {
    expect(synth['security-group']).toHaveResourceWithProperties(SecurityGroup, {
      name: 'mini-test-batch',
      vpc_id: 'vpc-0a1b2c3d4e5f60718',
    });
    expect(stack.resource.aws_security_group.batch_security_group.description).toMatch(/no inbound/);
  });

  test('allows no inbound traffic at all', () => {
    expect(stack.resource).not.toHaveProperty('aws_vpc_security_group_ingress_rule');
    expect(stack.resource.aws_security_group.batch_security_group).not.toHaveProperty('ingress');
  });

  test('one egress rule per configured rule, named by protocol, port and destination, each described', () => {
    const rules = Object.entries(stack.resource.aws_vpc_security_group_egress_rule);
    expect(rules.map(([name]) => name).sort()).toEqual([
      'batch_security_group_egress_tcp_443_to_10_20_0_0_16',
      'batch_security_group_egress_tcp_443_to_pl_6da54004',
      'batch_security_group_egress_tcp_9098_to_10_20_0_0_16',
    ]);
    expect(
      stack.resource.aws_vpc_security_group_egress_rule.batch_security_group_egress_tcp_443_to_pl_6da54004,
    ).toMatchObject({
      security_group_id: '${aws_security_group.batch_security_group.id}',
      ip_protocol: 'tcp',
      from_port: 443,
      to_port: 443,
      prefix_list_id: 'pl-6da54004',
    });
    for (const [, rule] of rules) expect(text(rule.description).length).toBeGreaterThan(10);
  });

  test('passes the VPC and subnets from config on to its dependents', () => {
    expect(stack.output.vpc_id.value).toBe('vpc-0a1b2c3d4e5f60718');
    expect(stack.output.private_subnet_ids.value).toEqual(['subnet-0c10000000000a001']);
    expect(stack.output.batch_security_group_id.value).toBe('${aws_security_group.batch_security_group.id}');
  });
});
