import { ebsEncrypted } from '../../../../lib/policy-pack/rules/ec2/ebs-encrypted';
import { imdsHopLimit } from '../../../../lib/policy-pack/rules/ec2/imds-hop-limit';
import { imdsv2Required } from '../../../../lib/policy-pack/rules/ec2/imdsv2-required';
import { noPublicIp } from '../../../../lib/policy-pack/rules/ec2/no-public-ip';
import { noSecretsInUserData } from '../../../../lib/policy-pack/rules/ec2/no-secrets-in-user-data';
import { base64, type RuleCases } from '../rule-case';

const metadata = { http_endpoint: 'enabled', http_tokens: 'required', http_put_response_hop_limit: 1 };
const template = (values: object): { aws_launch_template: Record<string, object> } => ({
  aws_launch_template: { lt: { name: 'lt', metadata_options: metadata, ...values } },
});

const MIME_USER_DATA = [
  'Content-Type: multipart/mixed; boundary="==B=="',
  'MIME-Version: 1.0',
  '',
  '--==B==',
  'Content-Type: text/x-shellscript; charset="us-ascii"',
  '',
  '#!/bin/bash',
  'set -euo pipefail',
  'cat >> /etc/ecs/ecs.config <<ECS',
  'ECS_ENABLE_SPOT_INSTANCE_DRAINING=true',
  'ECS',
  '--==B==--',
].join('\n');

export const EC2_CASES: readonly RuleCases[] = [
  {
    rule: imdsv2Required,
    compliant: [
      { name: 'a launch template requiring IMDSv2 tokens', resource: template({}) },
      {
        name: 'an instance with the metadata endpoint off',
        resource: { aws_instance: { i: { ami: 'ami-1', metadata_options: { http_endpoint: 'disabled' } } } },
      },
    ],
    noncompliant: [
      {
        name: 'http_tokens optional',
        resource: template({ metadata_options: { ...metadata, http_tokens: 'optional' } }),
        attribute: 'metadata_options.http_tokens',
      },
      {
        name: 'no metadata_options: the AMI decides',
        resource: { aws_launch_template: { lt: { name: 'lt' } } },
        attribute: 'metadata_options.http_tokens',
      },
      {
        name: 'an instance with optional tokens',
        resource: { aws_instance: { i: { ami: 'ami-1', metadata_options: [{ http_tokens: 'optional' }] } } },
        attribute: 'metadata_options.http_tokens',
      },
    ],
  },
  {
    rule: imdsHopLimit,
    compliant: [{ name: 'hop limit 1', resource: template({}) }],
    noncompliant: [
      {
        name: 'hop limit 2 (what AL2023 AMIs default to)',
        resource: template({ metadata_options: { ...metadata, http_put_response_hop_limit: 2 } }),
        attribute: 'metadata_options.http_put_response_hop_limit',
      },
      {
        name: 'hop limit not set',
        resource: template({ metadata_options: { http_tokens: 'required' } }),
        attribute: 'metadata_options.http_put_response_hop_limit',
      },
    ],
  },
  {
    rule: noPublicIp,
    compliant: [
      {
        name: 'a network interface without a public IP',
        resource: template({ network_interfaces: [{ associate_public_ip_address: 'false' }] }),
      },
      {
        name: 'a Fargate job with assignPublicIp DISABLED',
        resource: {
          aws_batch_job_definition: {
            j: {
              name: 'j',
              type: 'container',
              container_properties: JSON.stringify({
                image: 'x',
                networkConfiguration: { assignPublicIp: 'DISABLED' },
              }),
            },
          },
        },
      },
      {
        name: 'a multi-container Fargate task with assignPublicIp DISABLED',
        resource: {
          aws_batch_job_definition: {
            j: {
              name: 'j',
              type: 'container',
              ecs_properties: JSON.stringify({
                taskProperties: [
                  { networkConfiguration: { assignPublicIp: 'DISABLED' }, containers: [{ name: 'a', image: 'x' }] },
                ],
              }),
            },
          },
        },
      },
    ],
    noncompliant: [
      {
        name: 'a launch template network interface with a public IP',
        resource: template({ network_interfaces: [{ associate_public_ip_address: 'true' }] }),
        attribute: 'network_interfaces[0].associate_public_ip_address',
      },
      {
        name: 'a Fargate job with assignPublicIp ENABLED',
        resource: {
          aws_batch_job_definition: {
            j: {
              name: 'j',
              type: 'container',
              container_properties: JSON.stringify({ image: 'x', networkConfiguration: { assignPublicIp: 'ENABLED' } }),
            },
          },
        },
        attribute: 'container_properties.networkConfiguration.assignPublicIp',
      },
      {
        name: 'a multi-container Fargate task with assignPublicIp ENABLED',
        resource: {
          aws_batch_job_definition: {
            j: {
              name: 'j',
              type: 'container',
              ecs_properties: JSON.stringify({
                taskProperties: [
                  { networkConfiguration: { assignPublicIp: 'ENABLED' }, containers: [{ name: 'a', image: 'x' }] },
                ],
              }),
            },
          },
        },
        attribute: 'ecs_properties.taskProperties[0].networkConfiguration.assignPublicIp',
      },
      {
        name: 'a subnet that maps public IPs',
        resource: { aws_subnet: { s: { vpc_id: 'vpc-1', cidr_block: '10.0.0.0/24', map_public_ip_on_launch: true } } },
        attribute: 'map_public_ip_on_launch',
      },
    ],
  },
  {
    rule: ebsEncrypted,
    compliant: [
      {
        name: 'an encrypted root volume',
        resource: template({
          block_device_mappings: [{ device_name: '/dev/xvda', ebs: { encrypted: 'true', volume_size: 100 } }],
        }),
      },
      {
        name: 'an encrypted EBS volume',
        resource: { aws_ebs_volume: { v: { availability_zone: 'eu-west-1a', size: 10, encrypted: true } } },
      },
    ],
    noncompliant: [
      {
        name: 'an unencrypted root volume',
        resource: template({ block_device_mappings: [{ device_name: '/dev/xvda', ebs: { encrypted: 'false' } }] }),
        attribute: 'block_device_mappings[0].ebs.encrypted',
      },
      {
        name: 'no EBS mapping: the root volume follows the AMI',
        resource: template({}),
        attribute: 'block_device_mappings',
      },
      {
        name: 'an EBS volume without encryption',
        resource: { aws_ebs_volume: { v: { availability_zone: 'eu-west-1a', size: 10 } } },
        attribute: 'encrypted',
      },
    ],
  },
  {
    rule: noSecretsInUserData,
    compliant: [
      { name: 'MIME user data configuring the ECS agent', resource: template({ user_data: base64(MIME_USER_DATA) }) },
      {
        name: 'a secret read at boot from Secrets Manager',
        resource: template({
          user_data: base64(
            '#!/bin/bash\nDB_PASSWORD=$(aws secretsmanager get-secret-value ' +
              '--secret-id db --query SecretString --output text)\n',
          ),
        }),
      },
    ],
    noncompliant: [
      {
        name: 'a password assigned in the script',
        resource: template({ user_data: base64('#!/bin/bash\nexport DB_PASSWORD=hunter2hunter2\n') }),
        attribute: 'user_data',
      },
      {
        name: 'an AWS access key id',
        resource: template({
          user_data: base64('#!/bin/bash\naws configure set aws_access_key_id AKIAIOSFODNN7EXAMPLE\n'),
        }),
        attribute: 'user_data',
      },
      {
        name: 'user data Terraform computes',
        resource: template({ user_data: '${filebase64("user-data.sh")}' }),
        attribute: 'user_data',
      },
      {
        name: 'registry credentials in ecs.config',
        resource: {
          aws_instance: {
            i: {
              ami: 'ami-1',
              user_data:
                'ECS_ENGINE_AUTH_DATA={"https://index.docker.io/v1/":{"username":"me","password":"s3cr3tpass"}}',
            },
          },
        },
        attribute: 'user_data',
      },
    ],
  },
];
