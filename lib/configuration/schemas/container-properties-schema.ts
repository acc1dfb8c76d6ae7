import type { ContainerProperties as SdkContainerProperties } from '@aws-sdk/client-batch';
import * as z from 'zod';
import { orDependency, RoleArn, WHEN_FIELDS_VALID } from './common-fields';
import {
  EphemeralStorage,
  FargatePlatformVersion,
  MountPoint,
  NetworkConfiguration,
  RepositoryCredentials,
  ResourceRequirement,
  RuntimePlatform,
  SHARED_CONTAINER_FIELDS,
  Volume,
} from './container-fields';
import {
  checkContainerFields,
  checkFargateContainer,
  checkFargateVolumes,
  checkRequirementValues,
  checkVolumes,
  type ContainerProblem,
  executionRoleMessage,
  executionRoleNeeds,
  type LocatedRequirement,
  orderedRequirements,
} from './container-rules';
import { fargatePairProblem } from './fargate-resources';
import { Ec2InstanceType } from './instance-types';
import type { Assert, WithinSdkShape } from './sdk-shape';

/** containerProperties of the Batch API (RegisterJobDefinition), as AWS spells it. */
export const ContainerPropertiesSchema = z
  .strictObject({
    image: z.string().min(1),
    command: z.array(z.string()).optional(),
    /** Deprecated by AWS in favour of resourceRequirements; accepted from Terragrunt trees and translated. */
    vcpus: z.number().int().min(1).optional(),
    /** Deprecated by AWS in favour of resourceRequirements; accepted from Terragrunt trees and translated. */
    memory: z.number().int().min(4).optional(),
    resourceRequirements: z.array(ResourceRequirement).optional(),
    jobRoleArn: orDependency(RoleArn).optional(),
    executionRoleArn: orDependency(RoleArn).optional(),
    ...SHARED_CONTAINER_FIELDS,
    volumes: z.array(Volume).optional(),
    mountPoints: z.array(MountPoint).optional(),
    /** Instance type of a multi-node parallel job's nodes. */
    instanceType: Ec2InstanceType.optional(),
    networkConfiguration: NetworkConfiguration.optional(),
    fargatePlatformConfiguration: z.strictObject({ platformVersion: FargatePlatformVersion }).optional(),
    ephemeralStorage: EphemeralStorage.optional(),
    runtimePlatform: RuntimePlatform.optional(),
    repositoryCredentials: RepositoryCredentials.optional(),
    enableExecuteCommand: z.boolean().optional(),
  })
  .superRefine((cp, ctx) => {
    const fail: ContainerProblem = (path, input, message) =>
      ctx.addIssue({ code: 'custom', path: [...path], input, message });
    checkContainerFields(cp, { names: (cp.volumes ?? []).map((v) => v.name), of: 'container' }, fail);
    checkVolumes(cp.volumes, fail);
    const types = (cp.resourceRequirements ?? []).map((r) => r.type);
    if (cp.vcpus !== undefined && types.includes('VCPU'))
      fail(['vcpus'], cp.vcpus, 'either vcpus or a VCPU resourceRequirement, not both');
    if (cp.memory !== undefined && types.includes('MEMORY'))
      fail(['memory'], cp.memory, 'either memory or a MEMORY resourceRequirement, not both');
    const needs = executionRoleNeeds(cp);
    if (cp.executionRoleArn === undefined && needs.length > 0)
      fail(['executionRoleArn'], undefined, executionRoleMessage(`ECS reads ${needs.join(' and ')} with it`));
  }, WHEN_FIELDS_VALID);

/** containerProperties as written in a batch-json file. */
export type ContainerPropertiesInput = z.output<typeof ContainerPropertiesSchema>;

/** containerProperties as registered: resourceRequirements only, never the deprecated vcpus/memory. */
export type ContainerPropertiesConfig = Omit<ContainerPropertiesInput, 'vcpus' | 'memory'>;

// A key AWS does not define, or a value of another type, fails the type check here.
export type ContainerPropertiesMatchTheSdk = Assert<WithinSdkShape<ContainerPropertiesConfig, SdkContainerProperties>>;

/** Where a container runs: the job's platform, and whether it is a node of a multi-node parallel job. */
export interface ContainerContext {
  /** EC2 or FARGATE. */
  readonly platform: 'EC2' | 'FARGATE';
  /** True for a node range of a multi-node parallel job. */
  readonly multinode: boolean;
}

/**
 * The rules that depend on where a container runs (AWS Batch user guide, "Job definitions on
 * Fargate", and the ContainerProperties API reference), checked before AWS sees the JSON.
 */
export function checkContainerForPlatform(
  cp: ContainerPropertiesInput,
  context: ContainerContext,
  report: ContainerProblem,
): void {
  const requirements = resourceRequirementsOf(cp);
  const vcpu = requirements.find((r) => r.type === 'VCPU');
  const memory = requirements.find((r) => r.type === 'MEMORY');
  if (vcpu === undefined)
    report(
      ['resourceRequirements'],
      cp.resourceRequirements,
      'a VCPU resourceRequirement (or vcpus): every container job needs one',
    );
  if (memory === undefined)
    report(
      ['resourceRequirements'],
      cp.resourceRequirements,
      'a MEMORY resourceRequirement in MiB (or memory): every container job needs one',
    );
  checkRequirementValues(requirements, context.platform, report);
  if (!context.multinode && cp.instanceType !== undefined)
    report(
      ['instanceType'],
      cp.instanceType,
      'no instanceType: it applies only to the nodes of a multinode job; single-node jobs run on the compute ' +
        "environment's instance types",
    );

  if (context.platform === 'EC2') {
    for (const key of [
      'networkConfiguration',
      'fargatePlatformConfiguration',
      'ephemeralStorage',
      'runtimePlatform',
    ] as const) {
      if (cp[key] !== undefined)
        report([key], cp[key], `no ${key} on EC2: it applies to Fargate jobs only (platform_capabilities ["FARGATE"])`);
    }
    return;
  }

  if (cp.executionRoleArn === undefined)
    report(
      ['executionRoleArn'],
      undefined,
      executionRoleMessage('Fargate jobs need one to pull the image and write logs'),
    );
  const pair = vcpu === undefined ? undefined : fargatePairProblem(Number(vcpu.value), Number(memory?.value));
  if (pair?.wrong === 'VCPU') report(vcpu!.path, vcpu!.value, pair.allowed);
  else if (pair?.wrong === 'MEMORY' && memory !== undefined) report(memory.path, memory.value, pair.allowed);
  checkFargateContainer(cp, report);
  checkFargateVolumes(cp.volumes, report);
}

/** Every resource requirement of the container, the deprecated vcpus and memory included. */
export function resourceRequirementsOf(cp: ContainerPropertiesInput): LocatedRequirement[] {
  const out: LocatedRequirement[] = (cp.resourceRequirements ?? []).map((r, i) => ({
    type: r.type,
    value: r.value,
    path: ['resourceRequirements', i, 'value'],
  }));
  if (cp.vcpus !== undefined) out.push({ type: 'VCPU', value: String(cp.vcpus), path: ['vcpus'] });
  if (cp.memory !== undefined) out.push({ type: 'MEMORY', value: String(cp.memory), path: ['memory'] });
  return out;
}

/**
 * The container as registered: the deprecated vcpus and memory become resourceRequirements (the
 * form AWS documents and returns, so the registered definition never drifts between the two
 * spellings), ordered VCPU, MEMORY, GPU. A Fargate container states what AWS would otherwise
 * default: no public IP and the LATEST platform version.
 */
export function registeredContainer(
  cp: ContainerPropertiesInput,
  platform: 'EC2' | 'FARGATE',
): ContainerPropertiesConfig {
  const rest: Omit<ContainerPropertiesInput, 'vcpus' | 'memory'> = { ...cp };
  delete (rest as ContainerPropertiesInput).vcpus;
  delete (rest as ContainerPropertiesInput).memory;
  return {
    ...rest,
    resourceRequirements: orderedRequirements(resourceRequirementsOf(cp)),
    ...(platform === 'FARGATE'
      ? {
          networkConfiguration: rest.networkConfiguration ?? { assignPublicIp: 'DISABLED' },
          fargatePlatformConfiguration: rest.fargatePlatformConfiguration ?? { platformVersion: 'LATEST' },
        }
      : {}),
  };
}
