import type {
  EcsProperties as SdkEcsProperties,
  TaskContainerProperties as SdkTaskContainerProperties,
} from '@aws-sdk/client-batch';
import * as z from 'zod';
import { findCycle } from '../job-graph';
import type { JsonPath } from '../json-path';
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
  checkVolumes,
  type ContainerProblem,
  executionRoleMessage,
  executionRoleNeeds,
  orderedRequirements,
} from './container-rules';
import type { Assert, WithinSdkShape } from './sdk-shape';

/** ECS container names: up to 255 letters, digits, underscores and hyphens (ECS ContainerDefinition, name). */
const ContainerName = z
  .string()
  .regex(/^[A-Za-z0-9_-]{1,255}$/, 'a container name: 1-255 letters, digits, dashes or underscores');

/** A container of the same task that this one starts after (TaskContainerDependency). */
const TaskContainerDependency = z.strictObject({
  containerName: ContainerName,
  /** START: once it has started; COMPLETE: once it has exited; SUCCESS: once it has exited with 0. */
  condition: z.enum(['START', 'COMPLETE', 'SUCCESS']),
});

/** Seconds; AWS's minimum is 2 (TaskContainerProperties, startTimeout and stopTimeout). */
const ContainerTimeout = z.number().int().min(2);

/** One container of the job's ECS task (TaskContainerProperties), as AWS spells it. */
export const TaskContainerPropertiesSchema = z.strictObject({
  /** Required here, optional in the API: dependsOn and submit-time overrides name containers by it. */
  name: ContainerName,
  image: z.string().min(1),
  command: z.array(z.string()).optional(),
  /** Unset is essential (AWS's default): when an essential container stops, the task stops. */
  essential: z.boolean().optional(),
  dependsOn: z.array(TaskContainerDependency).optional(),
  resourceRequirements: z.array(ResourceRequirement).optional(),
  ...SHARED_CONTAINER_FIELDS,
  /** The log router of the task (FirelensConfiguration). */
  firelensConfiguration: z
    .strictObject({ type: z.enum(['fluentd', 'fluentbit']), options: z.record(z.string(), z.string()).optional() })
    .optional(),
  mountPoints: z.array(MountPoint).optional(),
  repositoryCredentials: RepositoryCredentials.optional(),
  startTimeout: ContainerTimeout.optional(),
  stopTimeout: ContainerTimeout.optional(),
});

/** The job's ECS task (EcsTaskProperties), as AWS spells it. */
const EcsTaskPropertiesSchema = z
  .strictObject({
    /** 1 to 10 containers (AWS Batch user guide, "Create job definitions using EcsProperties"). */
    containers: z.array(TaskContainerPropertiesSchema).min(1).max(10),
    executionRoleArn: orDependency(RoleArn).optional(),
    /** What every container of the task may do: the equivalent of container_properties' jobRoleArn. */
    taskRoleArn: orDependency(RoleArn).optional(),
    platformVersion: FargatePlatformVersion.optional(),
    networkConfiguration: NetworkConfiguration.optional(),
    runtimePlatform: RuntimePlatform.optional(),
    ephemeralStorage: EphemeralStorage.optional(),
    volumes: z.array(Volume).optional(),
    ipcMode: z.enum(['host', 'task', 'none']).optional(),
    pidMode: z.enum(['host', 'task']).optional(),
    enableExecuteCommand: z.boolean().optional(),
  })
  .superRefine((task, ctx) => {
    const fail: ContainerProblem = (path, input, message) =>
      ctx.addIssue({ code: 'custom', path: [...path], input, message });
    checkTask(task, fail);
  }, WHEN_FIELDS_VALID);

/** ecsProperties of the Batch API (RegisterJobDefinition): a job of several containers in one ECS task. */
export const EcsPropertiesSchema = z.strictObject({
  taskProperties: z
    .array(EcsTaskPropertiesSchema)
    .refine(
      (tasks) => tasks.length === 1,
      'exactly one task (EcsProperties.taskProperties: "currently limited to one task element", Batch API reference)',
    ),
});

/** ecsProperties as written in a batch-json file. */
export type EcsPropertiesInput = z.output<typeof EcsPropertiesSchema>;

/** One ECS task of ecsProperties, as written. */
export type EcsTaskPropertiesInput = EcsPropertiesInput['taskProperties'][number];

/** One container of an ECS task, as registered. */
export type TaskContainerConfig = z.output<typeof TaskContainerPropertiesSchema>;

/** ecsProperties as registered. */
export type EcsPropertiesConfig = EcsPropertiesInput;

// A key AWS does not define, or a value of another type, fails the type check here.
export type TaskContainerPropertiesMatchTheSdk = Assert<
  WithinSdkShape<TaskContainerConfig, SdkTaskContainerProperties>
>;
export type EcsPropertiesMatchTheSdk = Assert<WithinSdkShape<EcsPropertiesConfig, SdkEcsProperties>>;

/** True unless the container says `essential: false` (TaskContainerProperties: omitted is essential). */
function isEssential(container: TaskContainerConfig): boolean {
  return container.essential !== false;
}

/**
 * The rules of a task wherever it runs: each container checked as container_properties is (its
 * mount points against the task's volumes), container names once, at least one essential
 * container, dependencies on containers of the task without a cycle, the execution role where
 * ECS needs one, and a log router for awsfirelens.
 */
function checkTask(task: EcsTaskPropertiesInput, report: ContainerProblem): void {
  const volumes = (task.volumes ?? []).map((v) => v.name);
  task.containers.forEach((container, i) =>
    checkContainerFields(container, { names: volumes, of: 'task' }, (path, input, message) =>
      report(['containers', i, ...path], input, message),
    ),
  );
  checkVolumes(task.volumes, report);

  const byName = new Map<string, TaskContainerConfig>();
  task.containers.forEach((container, i) => {
    if (byName.has(container.name))
      report(
        ['containers', i, 'name'],
        container.name,
        `a name no other container of the task has ("${container.name}" repeats)`,
      );
    else byName.set(container.name, container);
  });
  // "All jobs must have at least one essential container" (TaskContainerProperties, essential).
  if (!task.containers.some(isEssential))
    report(
      ['containers'],
      task.containers.map((c) => `${c.name}: essential false`),
      "at least one essential container (essential true, or left out: AWS's default); the job ends when its " +
        'essential containers do',
    );

  const names = [...byName.keys()];
  task.containers.forEach((container, i) =>
    (container.dependsOn ?? []).forEach((dependency, k) => {
      const path: JsonPath = ['containers', i, 'dependsOn', k];
      const target = byName.get(dependency.containerName);
      if (dependency.containerName === container.name)
        report(
          [...path, 'containerName'],
          dependency.containerName,
          'another container of the task: a container cannot depend on itself',
        );
      else if (target === undefined)
        report(
          [...path, 'containerName'],
          dependency.containerName,
          `the name of a container of this task: ${names.join(', ')}`,
        );
      // COMPLETE and SUCCESS "can't be set on an essential container" (TaskContainerDependency, condition).
      else if (dependency.condition !== 'START' && isEssential(target))
        report(
          [...path, 'condition'],
          dependency.condition,
          `"START", or make ${dependency.containerName} essential false: AWS waits for ` +
            `${dependency.condition} only on a non-essential container`,
        );
    }),
  );
  const cycle = findCycle(
    Object.fromEntries(
      task.containers.map((c) => [c.name, (c.dependsOn ?? []).map((d) => d.containerName).filter((d) => d !== c.name)]),
    ),
  );
  if (cycle) {
    const [from, to] = cycle;
    const i = task.containers.findIndex((c) => c.name === from);
    const k = task.containers[i]!.dependsOn!.findIndex((d) => d.containerName === to);
    report(
      ['containers', i, 'dependsOn', k, 'containerName'],
      to,
      `dependencies without a cycle (${cycle
        .slice(0, -1)
        .map((c, j) => `${c} depends on ${cycle[j + 1]}`)
        .join(', ')}): the containers could never start`,
    );
  }

  const needs = task.containers.flatMap((container) =>
    executionRoleNeeds(container).map((need) => `${need} of ${container.name}`),
  );
  if (task.executionRoleArn === undefined && needs.length > 0)
    report(['executionRoleArn'], undefined, executionRoleMessage(`ECS reads ${needs.join(' and ')} with it`));

  // A container logging to awsfirelens needs "a log router container that contains a FireLens configuration"
  // (ECS developer guide, "Route logs to FireLens").
  if (!task.containers.some((c) => c.firelensConfiguration !== undefined)) {
    task.containers.forEach((container, i) => {
      if (container.logConfiguration?.logDriver === 'awsfirelens')
        report(
          ['containers', i, 'logConfiguration', 'logDriver'],
          'awsfirelens',
          'another log driver, or a log router container with firelensConfiguration in this task: ' +
            'awsfirelens sends the logs to it',
        );
    });
  }
}

/**
 * The ecsProperties as registered: each container's requirements ordered VCPU, MEMORY, GPU; a
 * Fargate task states what AWS would otherwise default: no public IP and the LATEST platform version.
 */
export function registeredEcsProperties(ecs: EcsPropertiesInput, platform: 'EC2' | 'FARGATE'): EcsPropertiesConfig {
  return {
    taskProperties: ecs.taskProperties.map((task) => ({
      ...task,
      containers: task.containers.map((container) =>
        container.resourceRequirements
          ? { ...container, resourceRequirements: orderedRequirements(container.resourceRequirements) }
          : container,
      ),
      ...(platform === 'FARGATE'
        ? {
            networkConfiguration: task.networkConfiguration ?? { assignPublicIp: 'DISABLED' },
            platformVersion: task.platformVersion ?? 'LATEST',
          }
        : {}),
    })),
  };
}
