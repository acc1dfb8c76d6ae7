import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { LaunchTemplate } from '@cdktf/provider-aws/lib/launch-template';
import {
  BatchComputeEnvironment,
  type BatchComputeEnvironmentProps,
  type ComputeResourcesProps,
} from '../../../lib/constructs/batch/batch-compute-environment';
import { synthConstruct } from '../../support/construct-stack';
import { block, parsed, type TerraformBlock } from '../../support/synth-helpers';

describe('BatchComputeEnvironment refuses what Batch would refuse at apply time', () => {
  /** The JSON text of a managed EC2 environment of 0 to 4 vCPUs, with `resources` on top, after the validations. */
  const synthEc2 = (resources: Partial<ComputeResourcesProps> = {}): string =>
    synthConstruct(
      (scope) =>
        new BatchComputeEnvironment(scope, 'ce', {
          name: 'ce',
          type: 'MANAGED',
          state: 'ENABLED',
          computeResources: {
            type: 'EC2',
            minVcpus: 0,
            maxVcpus: 4,
            instanceTypes: ['c5'],
            subnetIds: ['subnet-0a10000000000d001'],
            securityGroupIds: ['sg-0a10000000000d001'],
            ...resources,
          },
        }),
    ).json;

  test('a launch template at $Latest', () => {
    expect(() => synthEc2({ launchTemplate: { id: 'lt-0123456789abcdef0', version: '$Latest' } })).toThrow(
      /never \$Latest or \$Default/,
    );
  });

  test('a bid percentage outside SPOT', () => {
    expect(() => synthEc2({ bidPercentage: 50 })).toThrow(/apply to SPOT only/);
  });

  test('a valid environment passes, with defaults: best fit progressive, a name prefix, create before destroy', () => {
    const json = parsed(synthEc2());
    const ce = Object.values(json.resource.aws_batch_compute_environment)[0]!;
    expect(ce).toMatchObject({
      compute_environment_name_prefix: 'ce-',
      compute_resources: { allocation_strategy: 'BEST_FIT_PROGRESSIVE' },
      lifecycle: { create_before_destroy: true },
    });
    expect(ce.service_role).toBeUndefined();
  });
});

describe('BatchComputeEnvironment names and capacity', () => {
  test('a fixed name is the exact name, and the environment is destroyed before it is replaced', () => {
    const { stack } = synthConstruct(
      (scope) =>
        new BatchComputeEnvironment(scope, 'ce', {
          name: 'adopted',
          fixedName: true,
          type: 'MANAGED',
          state: 'ENABLED',
          computeResources: { type: 'FARGATE', maxVcpus: 4, subnetIds: ['subnet-1'], securityGroupIds: ['sg-1'] },
        }),
    );
    const [ce] = Object.values(stack.resource.aws_batch_compute_environment!);
    expect(ce).toMatchObject({ compute_environment_name: 'adopted' });
    expect(ce).not.toHaveProperty('compute_environment_name_prefix');
    expect(ce).not.toHaveProperty('lifecycle.create_before_destroy');
  });

  test('an unmanaged environment has no capacity, and no desired vCPUs to ignore', () => {
    const { stack } = synthConstruct(
      (scope) => new BatchComputeEnvironment(scope, 'ce', { name: 'own-ecs', type: 'UNMANAGED', state: 'ENABLED' }),
    );
    const [ce] = Object.values(stack.resource.aws_batch_compute_environment!);
    expect(ce).not.toHaveProperty('compute_resources');
    expect(ce).toMatchObject({ lifecycle: { create_before_destroy: true } });
    expect(ce).not.toHaveProperty('lifecycle.ignore_changes');
  });
});

// hashicorp/aws 5.100.0
describe('a new version of its own template replaces an environment the provider cannot update in place', () => {
  const TRIGGER = ['aws_launch_template.template.latest_version'];
  const SERVICE_LINKED = 'arn:aws:iam::111111111111:role/aws-service-role/batch.amazonaws.com/AWSServiceRoleForBatch';
  /** The rendered environment of `props`, on a template of the same stack at its latest version unless `pinned`. */
  const render = (
    props: Partial<BatchComputeEnvironmentProps>,
    resources: Partial<ComputeResourcesProps>,
    pinned = false,
  ): { lifecycle: TerraformBlock; launchTemplate: unknown } => {
    const { serviceRoleArn, ...rest } = props;
    const { stack } = synthConstruct((scope) => {
      const template = new LaunchTemplate(scope, 'template', { name: 'lt' });
      const ownRole = new IamRole(scope, 'service_role', { assumeRolePolicy: '{}' });
      new BatchComputeEnvironment(scope, 'ce', {
        name: 'ce',
        type: 'MANAGED',
        state: 'ENABLED',
        ...(serviceRoleArn === 'own role' ? { serviceRoleArn: ownRole.arn } : serviceRoleArn ? { serviceRoleArn } : {}),
        ...rest,
        computeResources: {
          type: 'EC2',
          maxVcpus: 4,
          subnetIds: ['subnet-0a10000000000d001'],
          securityGroupIds: ['sg-0a10000000000d001'],
          launchTemplate: pinned ? { id: 'lt-0123456789abcdef0', version: '7' } : { template },
          ...resources,
        },
      });
    });
    const ce = Object.values(stack.resource.aws_batch_compute_environment)[0];
    return { lifecycle: block(ce?.lifecycle), launchTemplate: block(ce?.compute_resources).launch_template };
  };

  const kinds: [string, Partial<BatchComputeEnvironmentProps>, Partial<ComputeResourcesProps>, string[] | undefined][] =
    [
      ['EC2 on the service-linked role, BEST_FIT_PROGRESSIVE by default: updatable', {}, {}, undefined],
      [
        'SPOT on the service-linked role, SPOT_CAPACITY_OPTIMIZED: updatable',
        {},
        { type: 'SPOT', allocationStrategy: 'SPOT_CAPACITY_OPTIMIZED' },
        undefined,
      ],
      ["the service-linked role's ARN given: updatable", { serviceRoleArn: SERVICE_LINKED }, {}, undefined],
      [
        'SPOT_PRICE_CAPACITY_OPTIMIZED, the SPOT default, ' +
          'on the service-linked role (this provider replaces it like BEST_FIT)',
        {},
        { type: 'SPOT' },
        TRIGGER,
      ],
      ['BEST_FIT', {}, { allocationStrategy: 'BEST_FIT' }, TRIGGER],
      [
        'an own service role given as an ARN',
        { serviceRoleArn: 'arn:aws:iam::111111111111:role/batch-service' },
        {},
        TRIGGER,
      ],
      [
        'an own service role known only while planning (a token, as the platform role read from the iam stack is)',
        { serviceRoleArn: 'own role' },
        {},
        TRIGGER,
      ],
    ];
  test.each(kinds)('%s', (_kind, props, resources, trigger) => {
    const ce = render(props, resources);
    expect(ce.lifecycle.replace_triggered_by).toEqual(trigger);
    expect(ce.lifecycle).toMatchObject({
      create_before_destroy: true,
      ignore_changes: ['compute_resources[0].desired_vcpus'],
    });
    expect(ce.launchTemplate).toEqual({
      launch_template_id: '${aws_launch_template.template.id}',
      version: '${aws_launch_template.template.latest_version}',
    });
  });

  test('a fixed name keeps the trigger: the replacement, destroying first, is planned, not a failed apply', () => {
    const ce = render({ fixedName: true }, { allocationStrategy: 'BEST_FIT' });
    expect(ce.lifecycle.replace_triggered_by).toEqual(TRIGGER);
    expect(ce.lifecycle.create_before_destroy).toBeUndefined();
  });

  // The provider replaces such an environment for a new number it knows.
  test('a template made elsewhere, pinned at a number: no trigger', () => {
    const ce = render({}, { allocationStrategy: 'BEST_FIT' }, true);
    expect(ce.lifecycle.replace_triggered_by).toBeUndefined();
    expect(ce.launchTemplate).toEqual({ launch_template_id: 'lt-0123456789abcdef0', version: '7' });
  });
});
