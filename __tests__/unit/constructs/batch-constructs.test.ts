import type { ContainerProperties, NodeProperties } from '@aws-sdk/client-batch';
import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { Testing, TerraformStack } from 'cdktf';
import type { ContainerPropertiesConfig } from '../../../lib/configuration/schemas/container-properties-schema';
import type { NodePropertiesConfig } from '../../../lib/configuration/schemas/job-definition-schema';
import type { WithinSdkShape } from '../../../lib/configuration/schemas/sdk-shape';
import { BatchComputeEnvironment } from '../../../lib/constructs/batch/batch-compute-environment';
import { BatchJobDefinition } from '../../../lib/constructs/batch/batch-job-definition';
import { BatchJobQueue } from '../../../lib/constructs/batch/batch-job-queue';

describe('container and node properties are typed with the AWS SDK\'s shapes (checked by tsc; each @ts-expect-error must fail to compile)', () => {
  test('the registered configuration types fit the SDK types', () => {
    const container: WithinSdkShape<ContainerPropertiesConfig, ContainerProperties> = true;
    const nodes: WithinSdkShape<NodePropertiesConfig, NodeProperties> = true;
    const fine: WithinSdkShape<{ image: string; resourceRequirements: { type: 'VCPU'; value: string }[] }, ContainerProperties> = true;
    expect([container, nodes, fine]).toEqual([true, true, true]);
  });

  test('a key AWS does not define, a number where AWS wants a string, a value outside an AWS enum: each is caught', () => {
    // @ts-expect-error readOnlyRootFilesystem is not a ContainerProperties key (AWS spells it readonlyRootFilesystem)
    const misspelled: WithinSdkShape<{ readOnlyRootFilesystem: boolean }, ContainerProperties> = true;
    // @ts-expect-error resourceRequirements values are strings in the Batch API
    const numberValue: WithinSdkShape<{ resourceRequirements: { type: 'VCPU'; value: number }[] }, ContainerProperties> = true;
    // @ts-expect-error CPU is not a Batch ResourceType
    const badEnum: WithinSdkShape<{ resourceRequirements: { type: 'CPU'; value: string }[] }, ContainerProperties> = true;
    // @ts-expect-error a nested misspelling: assignPublicIP
    const nested: WithinSdkShape<{ networkConfiguration: { assignPublicIP: 'ENABLED' } }, ContainerProperties> = true;
    expect([misspelled, numberValue, badEnum, nested]).toHaveLength(4);
  });

  test('the job definition construct takes the SDK types, so literal mistakes do not compile either', () => {
    const stack = new TerraformStack(Testing.app(), 'typed');
    new BatchJobDefinition(stack, 'job', {
      name: 'typed', type: 'container', platformCapabilities: ['EC2'], propagateTags: true, deregisterOnNewRevision: false,
      // @ts-expect-error readOnlyRootFilesystem is not a ContainerProperties key
      containerProperties: { image: 'x', readOnlyRootFilesystem: true },
    });
    expect(Testing.synth(stack)).toContain('readOnlyRootFilesystem');
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
    expect(() => synthWithValidations((stack) => new BatchComputeEnvironment(stack, 'ce', {
      name: 'ce', type: 'MANAGED', state: 'ENABLED',
      computeResources: { type: 'EC2', minVcpus: 0, maxVcpus: 4, instanceTypes: ['c5'], launchTemplate: { id: 'lt-0123456789abcdef0', version: '$Latest' }, ...network },
    }))).toThrow(/never \$Latest or \$Default/);
  });

  test('a bid percentage outside SPOT', () => {
    expect(() => synthWithValidations((stack) => new BatchComputeEnvironment(stack, 'ce', {
      name: 'ce', type: 'MANAGED', state: 'ENABLED',
      computeResources: { type: 'EC2', minVcpus: 0, maxVcpus: 4, instanceTypes: ['c5'], bidPercentage: 50, ...network },
    }))).toThrow(/apply to SPOT only/);
  });

  test('a queue of four compute environments with a repeated order', () => {
    expect(() => synthWithValidations((stack) => new BatchJobQueue(stack, 'queue', {
      name: 'q', state: 'ENABLED', priority: 1,
      computeEnvironments: [1, 2, 3, 3].map((order) => ({ order, arn: `arn:aws:batch:eu-west-1:111111111111:compute-environment/ce${order}` })),
    }))).toThrow(/1 to 3 compute environments, not 4[\s\S]*orders must be unique/);
  });

  test('a multinode job on Fargate', () => {
    expect(() => synthWithValidations((stack) => new BatchJobDefinition(stack, 'job', {
      name: 'mpi', type: 'multinode', platformCapabilities: ['FARGATE'], propagateTags: true, deregisterOnNewRevision: false,
      nodeProperties: { numNodes: 2, mainNode: 0, nodeRangeProperties: [{ targetNodes: '0:', container: { image: 'x' } }] },
    }))).toThrow(/multi-node parallel jobs do not run on Fargate/);
  });

  test('a valid environment passes, with defaults: best fit progressive, a name prefix, create before destroy', () => {
    const json = JSON.parse(synthWithValidations((stack) => new BatchComputeEnvironment(stack, 'ce', {
      name: 'ce', type: 'MANAGED', state: 'ENABLED', computeResources: { type: 'EC2', minVcpus: 0, maxVcpus: 4, instanceTypes: ['c5'], ...network },
    })));
    const ce = Object.values(json.resource.aws_batch_compute_environment)[0] as any;
    expect(ce).toMatchObject({ compute_environment_name_prefix: 'ce-', compute_resources: { allocation_strategy: 'BEST_FIT_PROGRESSIVE' }, lifecycle: { create_before_destroy: true } });
    expect(ce.service_role).toBeUndefined();
  });
});
