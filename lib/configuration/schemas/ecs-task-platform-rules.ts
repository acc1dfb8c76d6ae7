import {
  type ContainerProblem,
  checkFargateContainer,
  checkFargateVolumes,
  checkRequirementValues,
  executionRoleMessage,
  type LocatedRequirement,
} from './container-rules';
import type { EcsTaskPropertiesInput, TaskContainerConfig } from './ecs-properties-schema';
import { fargatePairProblem } from './fargate-resources';

/** The longest startTimeout and stopTimeout Fargate takes, in seconds (TaskContainerProperties). */
const FARGATE_MAX_TIMEOUT_SECONDS = 120;

/** A container's own VCPU or MEMORY requirement, 0 when it states none. */
function requirementOf(container: TaskContainerConfig, type: 'VCPU' | 'MEMORY'): string | number {
  return container.resourceRequirements?.find((r) => r.type === type)?.value ?? 0;
}

/**
 * The total of one resource over the task's containers, rounded to whole millionths (values such as "0.25"
 * add up exactly).
 */
function total(requirements: readonly LocatedRequirement[], type: 'VCPU' | 'MEMORY'): number | undefined {
  const values = requirements.filter((r) => r.type === type).map((r) => Number(r.value));
  return values.length === 0 ? undefined : Math.round(values.reduce((a, b) => a + b, 0) * 1e6) / 1e6;
}

/**
 * The rules of a task that depend on where it runs (Batch API reference: EcsTaskProperties,
 * TaskContainerProperties, ResourceRequirement; AWS Batch user guide, "Job definitions on
 * Fargate"). `report` paths are inside the task.
 */
export function checkEcsTaskForPlatform(
  task: EcsTaskPropertiesInput,
  platform: 'EC2' | 'FARGATE',
  report: ContainerProblem,
): void {
  const requirements: LocatedRequirement[] = task.containers.flatMap((container, i) =>
    (container.resourceRequirements ?? []).map((r, k) => ({
      type: r.type,
      value: r.value,
      path: ['containers', i, 'resourceRequirements', k, 'value'],
    })),
  );
  const vcpu = total(requirements, 'VCPU');
  const memory = total(requirements, 'MEMORY');
  // VCPU and MEMORY may be "specified in several places" but must be specified (ResourceRequirement).
  if (vcpu === undefined)
    report(
      ['containers'],
      task.containers.map((c) => c.name),
      'a VCPU resourceRequirement in at least one container: the job needs vCPUs',
    );
  if (memory === undefined)
    report(
      ['containers'],
      task.containers.map((c) => c.name),
      'a MEMORY resourceRequirement in MiB in at least one container: the job needs memory',
    );
  checkRequirementValues(requirements, platform, report);

  if (platform === 'EC2') {
    for (const key of ['networkConfiguration', 'platformVersion', 'ephemeralStorage', 'runtimePlatform'] as const) {
      if (task[key] !== undefined)
        report(
          [key],
          task[key],
          `no ${key} on EC2: it applies to Fargate jobs only (platform_capabilities ["FARGATE"])`,
        );
    }
    return;
  }

  if (task.executionRoleArn === undefined)
    report(
      ['executionRoleArn'],
      undefined,
      executionRoleMessage('Fargate jobs need one to pull the images and write logs'),
    );
  // Batch sizes a Fargate task by the sum of its containers' requirements: AWS's multi-container
  // Fargate example (Batch user guide, "Reference: AWS Batch job scenarios using EcsProperties")
  // gives 2 vCPU/4096 MiB and 6 vCPU/12288 MiB, an 8 vCPU/16384 MiB task; 6 vCPU alone is no Fargate
  // size.
  const pair = vcpu === undefined || memory === undefined ? undefined : fargatePairProblem(vcpu, memory);
  if (pair !== undefined) {
    const each = task.containers
      .map((c) => `${c.name} ${requirementOf(c, 'VCPU')}/${requirementOf(c, 'MEMORY')}`)
      .join(', ');
    report(
      ['containers'],
      `${vcpu} vCPU and ${memory} MiB in all (${each})`,
      `totals Fargate offers, since the task's size is the sum of its containers': ` +
        `${pair.wrong === 'VCPU' ? `a VCPU total ${pair.allowed}` : `a MEMORY total ${pair.allowed}`}`,
    );
  }
  task.containers.forEach((container, i) => {
    const inContainer: ContainerProblem = (path, input, message) => report(['containers', i, ...path], input, message);
    checkFargateContainer(container, inContainer);
    for (const key of ['startTimeout', 'stopTimeout'] as const) {
      const seconds = container[key];
      if (seconds !== undefined && seconds > FARGATE_MAX_TIMEOUT_SECONDS)
        inContainer([key], seconds, `a number <= ${FARGATE_MAX_TIMEOUT_SECONDS} on Fargate`);
    }
  });
  checkFargateVolumes(task.volumes, report);
  // ipcMode "is not supported for jobs that run on Fargate resources" (EcsTaskProperties).
  if (task.ipcMode !== undefined)
    report(['ipcMode'], task.ipcMode, 'no ipcMode on Fargate (not supported for Fargate jobs)');
  // ECS runs Fargate tasks with pidMode "task" only, never "host" (ECS RegisterTaskDefinition, pidMode).
  if (task.pidMode === 'host')
    report(['pidMode'], task.pidMode, '"task" or not set on Fargate (Fargate shares no host process namespace)');
}
