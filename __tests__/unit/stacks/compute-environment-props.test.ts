import { ComputeEnvironmentSchema } from '../../../lib/configuration/schemas/compute-environment-schema';
import {
  computeEnvironmentProps,
  type ComputeEnvironmentUpstream,
  type PlatformRoleOutput,
} from '../../../stacks/compute-environment-props';

/** Upstream values that name what was read, and a record of the reads. */
function recordingUpstream(): ComputeEnvironmentUpstream & { readonly reads: string[] } {
  const reads: string[] = [];
  const read = (name: string): string => {
    reads.push(name);
    return `<${name}>`;
  };
  return {
    reads,
    platformRole: (output: PlatformRoleOutput) => read(output),
    subnetIds: () => [read('private_subnet_ids')],
    securityGroupId: () => read('batch_security_group_id'),
    resolve: (value) => value.replace('{dependency.iam.role}', 'arn:aws:iam::111111111111:role/resolved'),
    launchTemplate: (reference) => ({ id: reference.launch_template_id ?? 'own', version: reference.version ?? '1' }),
  };
}

describe('computeEnvironmentProps', () => {
  test('a SPOT environment runs with the platform service, instance and Spot Fleet roles', () => {
    const upstream = recordingUpstream();
    const config = ComputeEnvironmentSchema.parse({
      compute_environment_name: 'spot',
      type: 'MANAGED',
      compute_resources: { type: 'SPOT', min_vcpus: 0, max_vcpus: 16, instance_types: ['c5'] },
    });
    const props = computeEnvironmentProps(config, upstream);
    expect(props).toMatchObject({
      name: 'spot',
      fixedName: false,
      state: 'ENABLED',
      serviceRoleArn: '<batch_service_role_arn>',
      computeResources: {
        type: 'SPOT',
        subnetIds: ['<private_subnet_ids>'],
        securityGroupIds: ['<batch_security_group_id>'],
        instanceRoleArn: '<batch_instance_profile_arn>',
        spotFleetRoleArn: '<spot_fleet_role_arn>',
      },
    });
    expect(upstream.reads).toEqual([
      'batch_service_role_arn',
      'private_subnet_ids',
      'batch_security_group_id',
      'batch_instance_profile_arn',
      'spot_fleet_role_arn',
    ]);
  });

  test('a Fargate environment on the service-linked role reads no role at all', () => {
    const upstream = recordingUpstream();
    const config = ComputeEnvironmentSchema.parse({
      compute_environment_name: 'fargate',
      type: 'MANAGED',
      service_role: 'service_linked',
      compute_resources: { type: 'FARGATE', max_vcpus: 4 },
    });
    const props = computeEnvironmentProps(config, upstream);
    expect(props.serviceRoleArn).toBeUndefined();
    expect(props.computeResources?.instanceRoleArn).toBeUndefined();
    expect(props.computeResources?.spotFleetRoleArn).toBeUndefined();
    expect(upstream.reads).toEqual(['private_subnet_ids', 'batch_security_group_id']);
  });

  test("roles written in the file are resolved and used instead of the platform's", () => {
    const upstream = recordingUpstream();
    const config = ComputeEnvironmentSchema.parse({
      compute_environment_name: 'own-roles',
      type: 'MANAGED',
      service_role: '{dependency.iam.role}',
      compute_resources: {
        type: 'EC2',
        min_vcpus: 0,
        max_vcpus: 8,
        instance_types: ['m5'],
        instance_role: 'arn:aws:iam::111111111111:instance-profile/own',
      },
    });
    const props = computeEnvironmentProps(config, upstream);
    expect(props.serviceRoleArn).toBe('arn:aws:iam::111111111111:role/resolved');
    expect(props.computeResources?.instanceRoleArn).toBe('arn:aws:iam::111111111111:instance-profile/own');
    expect(props.computeResources?.spotFleetRoleArn).toBeUndefined();
    expect(upstream.reads).toEqual(['private_subnet_ids', 'batch_security_group_id']);
  });

  test('an unmanaged environment has no capacity and reads no network', () => {
    const upstream = recordingUpstream();
    const config = ComputeEnvironmentSchema.parse({ compute_environment_name: 'own-ecs', type: 'UNMANAGED' });
    const props = computeEnvironmentProps(config, upstream);
    expect(props.computeResources).toBeUndefined();
    expect(upstream.reads).toEqual(['batch_service_role_arn']);
  });

  test('the launch template, AMI types, update policy and tags are passed on, renamed', () => {
    const config = ComputeEnvironmentSchema.parse({
      compute_environment_name: 'ec2',
      type: 'MANAGED',
      compute_resources: {
        type: 'EC2',
        min_vcpus: 0,
        max_vcpus: 8,
        instance_types: ['m5'],
        launch_template: { launch_template_id: 'lt-0123456789abcdef0', version: '3' },
        ec2_configuration: [{ image_type: 'ECS_AL2023', image_id_override: 'ami-0123456789abcdef0' }],
        tags: { Role: 'worker' },
      },
      update_policy: { terminate_jobs_on_update: false, job_execution_timeout_minutes: 30 },
      tags: { Team: 'batch' },
    });
    const props = computeEnvironmentProps(config, recordingUpstream());
    expect(props.computeResources).toMatchObject({
      launchTemplate: { id: 'lt-0123456789abcdef0', version: '3' },
      ec2Configuration: [{ imageType: 'ECS_AL2023', imageIdOverride: 'ami-0123456789abcdef0' }],
      tags: { Role: 'worker' },
    });
    expect(props.updatePolicy).toEqual({ terminateJobsOnUpdate: false, jobExecutionTimeoutMinutes: 30 });
    expect(props.tags).toEqual({ Team: 'batch' });
  });
});
