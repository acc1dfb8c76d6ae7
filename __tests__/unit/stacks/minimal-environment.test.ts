import { BatchComputeEnvironment } from '@cdktf/provider-aws/lib/batch-compute-environment';
import { BatchJobQueue } from '@cdktf/provider-aws/lib/batch-job-queue';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { minimalEnvironment } from '../../support/minimal-environment';
import { parsed, synthEnvironment } from '../../support/synth-helpers';

describe('the stacks on the minimal environment', () => {
  const synth = synthEnvironment(minimalEnvironment());

  test('the batch stack makes the one Fargate environment and its queue', () => {
    expect(synth.batch).toHaveResourceWithProperties(BatchComputeEnvironment, {
      compute_environment_name_prefix: 'mini-test-fargate-',
      type: 'MANAGED',
    });
    expect(synth.batch).toHaveResourceWithProperties(BatchJobQueue, { name: 'mini-test-queue' });
  });

  test('a Fargate-only platform makes no instance or Spot Fleet role', () => {
    const roles = Object.values(parsed(synth.iam).resource.aws_iam_role ?? {}).map((role) => role.name);
    expect(roles).toContain('mini-test-execution');
    expect(roles.some((name) => /instance|spot/i.test(String(name)))).toBe(false);
  });

  test('an edit adds what a test is about: a SPOT environment runs with the platform Spot Fleet role', () => {
    const environment = minimalEnvironment((files) => {
      const iam = files['config/defaults.json']!.iam as Record<string, unknown>;
      Object.assign(iam, {
        batch_instance_role_name: '{prefix}-instance',
        spot_fleet_role_name: '{prefix}-spot-fleet',
      });
      files['batch-json/compute-environment.json'] = {
        compute_environment_name: '{prefix}-spot',
        type: 'MANAGED',
        service_role: 'service_linked',
        compute_resources: { type: 'SPOT', min_vcpus: 0, max_vcpus: 8, instance_types: ['c5'] },
      };
      files['batch-json/job-queue.json']!.compute_environment_order = [
        { order: 1, compute_environment: '{prefix}-spot' },
      ];
      files['batch-json/worker-job.json'] = {
        name: '{prefix}-worker',
        container_properties: {
          image: 'public.ecr.aws/docker/library/busybox:1.36',
          resourceRequirements: [
            { type: 'VCPU', value: '1' },
            { type: 'MEMORY', value: '512' },
          ],
        },
      };
    });
    const synthesized = synthEnvironment(environment);
    expect(synthesized.iam).toHaveResourceWithProperties(IamRole, { name: 'mini-test-spot-fleet' });
    const spot = Object.values(parsed(synthesized.batch).resource.aws_batch_compute_environment!)[0]!;
    expect(spot.compute_resources).toMatchObject({
      type: 'SPOT',
      spot_iam_fleet_role: 'arn:aws:iam::111111111111:role/mini-test-spot-fleet',
    });
  });
});
