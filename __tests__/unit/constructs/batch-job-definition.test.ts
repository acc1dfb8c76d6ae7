import type {
  ContainerProperties,
  EcsProperties,
  NodeProperties,
  TaskContainerProperties,
} from '@aws-sdk/client-batch';
import { BatchJobDefinition as JobDefinitionResource } from '@cdktf/provider-aws/lib/batch-job-definition';
import { Testing, TerraformStack } from 'cdktf';
import type { ContainerPropertiesConfig } from '../../../lib/configuration/schemas/container-properties-schema';
import type {
  EcsPropertiesConfig,
  TaskContainerConfig,
} from '../../../lib/configuration/schemas/ecs-properties-schema';
import type { NodePropertiesConfig } from '../../../lib/configuration/schemas/job-definition-schema';
import type { WithinSdkShape } from '../../../lib/configuration/schemas/sdk-shape';
import { BatchJobDefinition, type BatchJobDefinitionProps } from '../../../lib/constructs/batch/batch-job-definition';
import { synthConstruct } from '../../support/construct-stack';
import { parsed, text } from '../../support/synth-helpers';

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

describe('BatchJobDefinition renders its arguments', () => {
  test('the container as JSON, retries, timeout and priority; nothing for what is not given', () => {
    const { json, stack } = synthConstruct(
      (scope) =>
        new BatchJobDefinition(scope, 'job', {
          name: 'render',
          type: 'container',
          platformCapabilities: ['EC2'],
          propagateTags: true,
          deregisterOnNewRevision: false,
          containerProperties: { image: 'x' },
          timeoutSeconds: 600,
          schedulingPriority: 5,
          retryStrategy: { attempts: 3, evaluateOnExit: [{ action: 'RETRY', onStatusReason: 'Host EC2*' }] },
        }),
    );
    expect(json).toHaveResourceWithProperties(JobDefinitionResource, {
      name: 'render',
      container_properties: '{"image":"x"}',
      timeout: { attempt_duration_seconds: 600 },
      scheduling_priority: 5,
      retry_strategy: { attempts: 3, evaluate_on_exit: [{ action: 'RETRY', on_status_reason: 'Host EC2*' }] },
    });
    const [definition] = Object.values(stack.resource.aws_batch_job_definition!);
    for (const absent of ['ecs_properties', 'node_properties', 'parameters', 'tags'])
      expect(definition).not.toHaveProperty(absent);
  });
});

describe('BatchJobDefinition refuses what RegisterJobDefinition would refuse', () => {
  /** The JSON text of a tagged EC2 job definition keeping old revisions, with `definition`, after the validations. */
  const synthJob = (definition: Pick<BatchJobDefinitionProps, 'type'> & Partial<BatchJobDefinitionProps>): string =>
    synthConstruct(
      (scope) =>
        new BatchJobDefinition(scope, 'job', {
          name: 'job',
          platformCapabilities: ['EC2'],
          propagateTags: true,
          deregisterOnNewRevision: false,
          ...definition,
        }),
    ).json;

  test('a multinode job on Fargate', () => {
    expect(() =>
      synthJob({
        name: 'mpi',
        type: 'multinode',
        platformCapabilities: ['FARGATE'],
        nodeProperties: {
          numNodes: 2,
          mainNode: 0,
          nodeRangeProperties: [{ targetNodes: '0:', container: { image: 'x' } }],
        },
      }),
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
    expect(() => synthJob(definition)).toThrow(message);
  });
});
