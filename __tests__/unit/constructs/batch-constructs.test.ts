import type {
  ContainerProperties,
  EcsProperties,
  NodeProperties,
  TaskContainerProperties,
} from '@aws-sdk/client-batch';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { LaunchTemplate } from '@cdktf/provider-aws/lib/launch-template';
import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { Testing, TerraformStack } from 'cdktf';
import type { ContainerPropertiesConfig } from '../../../lib/configuration/schemas/container-properties-schema';
import type {
  EcsPropertiesConfig,
  TaskContainerConfig,
} from '../../../lib/configuration/schemas/ecs-properties-schema';
import type { NodePropertiesConfig } from '../../../lib/configuration/schemas/job-definition-schema';
import type { WithinSdkShape } from '../../../lib/configuration/schemas/sdk-shape';
import {
  BatchComputeEnvironment,
  type BatchComputeEnvironmentProps,
  type ComputeResourcesProps,
} from '../../../lib/constructs/batch/batch-compute-environment';
import { BatchJobDefinition, type BatchJobDefinitionProps } from '../../../lib/constructs/batch/batch-job-definition';
import { BatchJobQueue } from '../../../lib/constructs/batch/batch-job-queue';
import { block, parsed, text, type TerraformBlock } from '../../support/synth-helpers';

// Checked by tsc: each @ts-expect-error must fail to compile.
describe("container, ECS task and node properties are typed with the AWS SDK's shapes", () => {
  test('the registered configuration types fit the SDK types', () => {
    const container: WithinSdkShape<ContainerPropertiesConfig, ContainerProperties> = true;
    const ecs: WithinSdkShape<EcsPropertiesConfig, EcsProperties> = true;
    const taskContainer: WithinSdkShape<TaskContainerConfig, TaskContainerProperties> = true;
    const nodes: WithinSdkShape<NodePropertiesConfig, NodeProperties> = true;
    const fine: WithinSdkShape<
      { image: string; resourceRequirements: { type: 'VCPU'; value: string }[] },
      ContainerProperties
    > = true;
    expect([container, ecs, taskContainer, nodes, fine]).toEqual([true, true, true, true, true]);
  });

  // A task-level key on a container, a misspelled dependency, a container-only key on the task.
  test('ecsProperties: keys in the wrong place are caught', () => {
    // @ts-expect-error executionRoleArn belongs to the task (EcsTaskProperties), not to a TaskContainerProperties
    const roleOnContainer: WithinSdkShape<
      { taskProperties: { containers: { image: string; executionRoleArn: string }[] }[] },
      EcsProperties
    > = true;
    // @ts-expect-error TaskContainerDependency spells it containerName
    const dependency: WithinSdkShape<
      { taskProperties: { containers: { image: string; dependsOn: { container: string }[] }[] }[] },
      EcsProperties
    > = true;
    // @ts-expect-error jobRoleArn is containerProperties' name; an ECS task has taskRoleArn
    const jobRole: WithinSdkShape<{ taskProperties: { jobRoleArn: string }[] }, EcsProperties> = true;
    // @ts-expect-error essential is a boolean
    const essential: WithinSdkShape<
      { taskProperties: { containers: { image: string; essential: 'yes' }[] }[] },
      EcsProperties
    > = true;
    expect([roleOnContainer, dependency, jobRole, essential]).toHaveLength(4);
  });

  test('a key AWS does not define, a number for a string, a value outside an AWS enum: each is caught', () => {
    // @ts-expect-error readOnlyRootFilesystem is not a ContainerProperties key (AWS spells it readonlyRootFilesystem)
    const misspelled: WithinSdkShape<{ readOnlyRootFilesystem: boolean }, ContainerProperties> = true;
    // @ts-expect-error resourceRequirements values are strings in the Batch API
    const numberValue: WithinSdkShape<
      { resourceRequirements: { type: 'VCPU'; value: number }[] },
      ContainerProperties
    > = true;
    // @ts-expect-error CPU is not a Batch ResourceType
    const badEnum: WithinSdkShape<{ resourceRequirements: { type: 'CPU'; value: string }[] }, ContainerProperties> =
      true;
    // @ts-expect-error a nested misspelling: assignPublicIP
    const nested: WithinSdkShape<{ networkConfiguration: { assignPublicIP: 'ENABLED' } }, ContainerProperties> = true;
    expect([misspelled, numberValue, badEnum, nested]).toHaveLength(4);
  });

  test('the job definition construct takes the SDK types, so literal mistakes do not compile either', () => {
    const stack = new TerraformStack(Testing.app(), 'typed');
    new BatchJobDefinition(stack, 'job', {
      name: 'typed',
      type: 'container',
      platformCapabilities: ['EC2'],
      propagateTags: true,
      deregisterOnNewRevision: false,
      // @ts-expect-error readOnlyRootFilesystem is not a ContainerProperties key
      containerProperties: { image: 'x', readOnlyRootFilesystem: true },
    });
    expect(Testing.synth(stack)).toContain('readOnlyRootFilesystem');
  });

  test("the construct renders ecsProperties as the SDK type's JSON; a misspelled task key does not compile", () => {
    const stack = new TerraformStack(Testing.app(), 'typed-ecs');
    new BatchJobDefinition(stack, 'job', {
      name: 'sidecars',
      type: 'container',
      platformCapabilities: ['EC2'],
      propagateTags: true,
      deregisterOnNewRevision: false,
      // @ts-expect-error essentail is not a TaskContainerProperties key
      ecsProperties: { taskProperties: [{ containers: [{ name: 'main', image: 'x', essentail: true }] }] },
    });
    const definition = Object.values(parsed(Testing.synth(stack)).resource.aws_batch_job_definition)[0]!;
    expect(JSON.parse(text(definition.ecs_properties))).toEqual({
      taskProperties: [{ containers: [{ name: 'main', image: 'x', essentail: true }] }],
    });
    expect(definition.container_properties).toBeUndefined();
  });
});

describe('the constructs refuse what Batch would refuse at apply time', () => {
  const synthWithValidations = (build: (stack: TerraformStack) => void): string => {
    const stack = new TerraformStack(Testing.app(), 'checked');
    new AwsProvider(stack, 'aws', { region: 'eu-west-1' });
    build(stack);
    return Testing.synth(stack, true);
  };
  const network = { subnetIds: ['subnet-0a10000000000d001'], securityGroupIds: ['sg-0a10000000000d001'] };

  test('a launch template at $Latest', () => {
    expect(() =>
      synthWithValidations(
        (stack) =>
          new BatchComputeEnvironment(stack, 'ce', {
            name: 'ce',
            type: 'MANAGED',
            state: 'ENABLED',
            computeResources: {
              type: 'EC2',
              minVcpus: 0,
              maxVcpus: 4,
              instanceTypes: ['c5'],
              launchTemplate: { id: 'lt-0123456789abcdef0', version: '$Latest' },
              ...network,
            },
          }),
      ),
    ).toThrow(/never \$Latest or \$Default/);
  });

  test('a bid percentage outside SPOT', () => {
    expect(() =>
      synthWithValidations(
        (stack) =>
          new BatchComputeEnvironment(stack, 'ce', {
            name: 'ce',
            type: 'MANAGED',
            state: 'ENABLED',
            computeResources: {
              type: 'EC2',
              minVcpus: 0,
              maxVcpus: 4,
              instanceTypes: ['c5'],
              bidPercentage: 50,
              ...network,
            },
          }),
      ),
    ).toThrow(/apply to SPOT only/);
  });

  test('a queue of four compute environments with a repeated order', () => {
    expect(() =>
      synthWithValidations(
        (stack) =>
          new BatchJobQueue(stack, 'queue', {
            name: 'q',
            state: 'ENABLED',
            priority: 1,
            computeEnvironments: [1, 2, 3, 3].map((order) => ({
              order,
              arn: `arn:aws:batch:eu-west-1:111111111111:compute-environment/ce${order}`,
            })),
          }),
      ),
    ).toThrow(/1 to 3 compute environments, not 4[\s\S]*orders must be unique/);
  });

  test('a multinode job on Fargate', () => {
    expect(() =>
      synthWithValidations(
        (stack) =>
          new BatchJobDefinition(stack, 'job', {
            name: 'mpi',
            type: 'multinode',
            platformCapabilities: ['FARGATE'],
            propagateTags: true,
            deregisterOnNewRevision: false,
            nodeProperties: {
              numNodes: 2,
              mainNode: 0,
              nodeRangeProperties: [{ targetNodes: '0:', container: { image: 'x' } }],
            },
          }),
      ),
    ).toThrow(/multi-node parallel jobs do not run on Fargate/);
  });

  const mixes: [
    string,
    Pick<BatchJobDefinitionProps, 'type' | 'containerProperties' | 'ecsProperties' | 'nodeProperties'>,
    RegExp,
  ][] = [
    [
      'both containerProperties and ecsProperties',
      {
        type: 'container',
        containerProperties: { image: 'x' },
        ecsProperties: { taskProperties: [{ containers: [{ image: 'x' }] }] },
      },
      /containerProperties or ecsProperties \(exactly one\)/,
    ],
    ['neither', { type: 'container' }, /containerProperties or ecsProperties \(exactly one\)/],
    [
      'ecsProperties on a multinode job',
      {
        type: 'multinode',
        nodeProperties: {
          numNodes: 1,
          mainNode: 0,
          nodeRangeProperties: [{ targetNodes: '0', container: { image: 'x' } }],
        },
        ecsProperties: { taskProperties: [{ containers: [{ image: 'x' }] }] },
      },
      /no containerProperties or ecsProperties/,
    ],
    [
      'two tasks',
      {
        type: 'container',
        ecsProperties: { taskProperties: [{ containers: [{ image: 'x' }] }, { containers: [{ image: 'y' }] }] },
      },
      /ecsProperties with 2 tasks: exactly one/,
    ],
  ];
  test.each(mixes)('a job definition with %s', (_name, definition, message) => {
    expect(() =>
      synthWithValidations(
        (stack) =>
          new BatchJobDefinition(stack, 'job', {
            name: 'job',
            platformCapabilities: ['EC2'],
            propagateTags: true,
            deregisterOnNewRevision: false,
            ...definition,
          }),
      ),
    ).toThrow(message);
  });

  test('a valid environment passes, with defaults: best fit progressive, a name prefix, create before destroy', () => {
    const json = parsed(
      synthWithValidations(
        (stack) =>
          new BatchComputeEnvironment(stack, 'ce', {
            name: 'ce',
            type: 'MANAGED',
            state: 'ENABLED',
            computeResources: { type: 'EC2', minVcpus: 0, maxVcpus: 4, instanceTypes: ['c5'], ...network },
          }),
      ),
    );
    const ce = Object.values(json.resource.aws_batch_compute_environment)[0]!;
    expect(ce).toMatchObject({
      compute_environment_name_prefix: 'ce-',
      compute_resources: { allocation_strategy: 'BEST_FIT_PROGRESSIVE' },
      lifecycle: { create_before_destroy: true },
    });
    expect(ce.service_role).toBeUndefined();
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
    const stack = new TerraformStack(Testing.app(), 'updatable');
    new AwsProvider(stack, 'aws', { region: 'eu-west-1' });
    const template = new LaunchTemplate(stack, 'template', { name: 'lt' });
    const ownRole = new IamRole(stack, 'service_role', { assumeRolePolicy: '{}' });
    const { serviceRoleArn, ...rest } = props;
    new BatchComputeEnvironment(stack, 'ce', {
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
    const ce = Object.values(parsed(Testing.synth(stack, true)).resource.aws_batch_compute_environment)[0];
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
