import type * as z from 'zod';
import { secretInValue } from '../../secrets/secret-patterns';
import type {
  EnvironmentVariable,
  LinuxParameters,
  LogConfiguration,
  MountPoint,
  RepositoryCredentials,
  ResourceRequirement,
  SecretVariable,
  Ulimit,
  Volume,
} from './container-fields';

/**
 * The rules a container follows in both spellings of a Batch job (`containerProperties` and each
 * container of `ecsProperties`), checked before AWS sees the JSON.
 */

/** Batch sets AWS_BATCH_JOB_ID, AWS_BATCH_JOB_ARRAY_INDEX... itself and rejects variables with this prefix. */
const RESERVED_VARIABLE_PREFIX = 'AWS_BATCH';

/** What the rules read of a container: the fields both spellings share. */
export interface ContainerFields {
  /** Variables given literally. */
  readonly environment?: readonly z.output<typeof EnvironmentVariable>[];
  /** Variables injected from Secrets Manager or SSM. */
  readonly secrets?: readonly z.output<typeof SecretVariable>[];
  /** VCPU, MEMORY and GPU. */
  readonly resourceRequirements?: readonly z.output<typeof ResourceRequirement>[];
  /** Where the container's output goes. */
  readonly logConfiguration?: z.output<typeof LogConfiguration>;
  /** Linux settings. */
  readonly linuxParameters?: z.output<typeof LinuxParameters>;
  /** Volumes mounted in the container. */
  readonly mountPoints?: readonly z.output<typeof MountPoint>[];
  /** ulimits. */
  readonly ulimits?: readonly z.output<typeof Ulimit>[];
  /** Root on the host. */
  readonly privileged?: boolean;
  /** The private registry's credentials. */
  readonly repositoryCredentials?: z.output<typeof RepositoryCredentials>;
}

/** Reports a problem at a path inside a container (or a task). */
export type ContainerProblem = (path: readonly (string | number)[], input: unknown, message: string) => void;

/** A resource requirement and where it was written. */
export interface LocatedRequirement {
  /** VCPU, MEMORY or GPU. */
  readonly type: 'VCPU' | 'MEMORY' | 'GPU';
  /** The value, as AWS takes it. */
  readonly value: string;
  /** Path inside the container properties (or the task). */
  readonly path: readonly (string | number)[];
}

/**
 * What a container is checked for on its own: no literal secrets, variable names once and not
 * Batch's, each resource type once, mount points of the volumes there are (the container's, or
 * the task's), soft ulimits within hard ones, swappiness only with maxSwap.
 */
export function checkContainerFields(
  container: ContainerFields,
  volumes: { readonly names: readonly string[]; readonly of: 'container' | 'task' },
  report: ContainerProblem,
): void {
  (container.environment ?? []).forEach((variable, i) => {
    const secret = secretInValue(variable.name, variable.value);
    if (secret !== undefined)
      report(
        ['environment', i, 'value'],
        '<redacted>',
        `no secret as a literal value (${secret}); move it to "secrets" with a valueFrom Secrets Manager or SSM ARN`,
      );
  });
  const names = new Set<string>();
  [
    ...(container.environment ?? []).map((v, i) => ['environment', i, v.name] as const),
    ...(container.secrets ?? []).map((v, i) => ['secrets', i, v.name] as const),
  ].forEach(([list, i, name]) => {
    if (name.toUpperCase().startsWith(RESERVED_VARIABLE_PREFIX))
      report(
        [list, i, 'name'],
        name,
        `a name not starting with ${RESERVED_VARIABLE_PREFIX} (reserved: Batch sets those variables itself)`,
      );
    if (names.has(name))
      report([list, i, 'name'], name, `each variable once across environment and secrets ("${name}" repeats)`);
    names.add(name);
  });
  const types = (container.resourceRequirements ?? []).map((r) => r.type);
  types.forEach((type, i) => {
    if (types.indexOf(type) !== i)
      report(['resourceRequirements', i, 'type'], type, `each resource type once ("${type}" repeats)`);
  });
  (container.mountPoints ?? []).forEach((mount, i) => {
    if (!volumes.names.includes(mount.sourceVolume))
      report(
        ['mountPoints', i, 'sourceVolume'],
        mount.sourceVolume,
        `the name of a volume of this ${volumes.of}: ${volumes.names.join(', ') || '(none under "volumes")'}`,
      );
  });
  (container.ulimits ?? []).forEach((limit, i) => {
    if (limit.softLimit > limit.hardLimit)
      report(['ulimits', i, 'softLimit'], limit.softLimit, `a number <= hardLimit (${limit.hardLimit})`);
  });
  if (container.linuxParameters?.swappiness !== undefined && container.linuxParameters.maxSwap === undefined) {
    report(
      ['linuxParameters', 'swappiness'],
      container.linuxParameters.swappiness,
      'swappiness only together with maxSwap (Batch ignores it otherwise)',
    );
  }
}

/** A volume is a host path or an EFS file system (or task storage), never both. */
export function checkVolumes(volumes: readonly z.output<typeof Volume>[] | undefined, report: ContainerProblem): void {
  (volumes ?? []).forEach((volume, i) => {
    if (volume.host !== undefined && volume.efsVolumeConfiguration !== undefined)
      report(['volumes', i], volume, 'either host or efsVolumeConfiguration, not both');
  });
}

/**
 * What ECS reads with the execution role for this container: its secrets, its log secrets, its registry
 * credentials.
 */
export function executionRoleNeeds(container: ContainerFields): string[] {
  return [
    container.secrets?.length ? 'secrets' : undefined,
    container.logConfiguration?.secretOptions?.length ? 'logConfiguration.secretOptions' : undefined,
    container.repositoryCredentials ? 'repositoryCredentials' : undefined,
  ].filter((need) => need !== undefined);
}

/** The message for an execution role ECS needs. */
export function executionRoleMessage(reason: string): string {
  return `an execution role ARN, such as "{dependency.iam.execution_role_arn}": ${reason}`;
}

/**
 * The values each resource requirement may take (AWS Batch API reference, ResourceRequirement):
 * MEMORY whole MiB, at least 4; GPU whole, at least 1, and none on Fargate; VCPU on EC2 whole,
 * at least 1 (fractions are a Fargate feature).
 */
export function checkRequirementValues(
  requirements: readonly LocatedRequirement[],
  platform: 'EC2' | 'FARGATE',
  report: ContainerProblem,
): void {
  for (const requirement of requirements) {
    const value = Number(requirement.value);
    if (requirement.type === 'MEMORY' && (!Number.isInteger(value) || value < 4))
      report(requirement.path, requirement.value, 'a whole number of MiB, at least 4');
    if (requirement.type === 'GPU' && platform === 'EC2' && (!Number.isInteger(value) || value < 1))
      report(requirement.path, requirement.value, 'a whole number of GPUs, at least 1');
    if (requirement.type === 'GPU' && platform === 'FARGATE')
      report(requirement.path, requirement.value, 'no GPU on Fargate (run GPU jobs on an EC2 compute environment)');
    if (requirement.type === 'VCPU' && platform === 'EC2' && (!Number.isInteger(value) || value < 1))
      report(
        requirement.path,
        requirement.value,
        'a whole number of vCPUs, at least "1", on EC2 (fractional vCPUs are a Fargate feature)',
      );
  }
}

/**
 * What a container may not do on Fargate (AWS Batch user guide, "Job definitions on Fargate"):
 * run privileged, set ulimits or the linuxParameters Fargate ignores, log with another driver than
 * awslogs, awsfirelens or splunk.
 */
export function checkFargateContainer(container: ContainerFields, report: ContainerProblem): void {
  if (container.privileged)
    report(['privileged'], container.privileged, 'false on Fargate (Fargate runs no privileged containers)');
  if (container.ulimits !== undefined)
    report(['ulimits'], container.ulimits, 'no ulimits on Fargate (not applicable to Fargate jobs)');
  for (const key of ['devices', 'sharedMemorySize', 'maxSwap', 'swappiness', 'tmpfs'] as const) {
    const value = container.linuxParameters?.[key];
    if (value !== undefined)
      report(
        ['linuxParameters', key],
        value,
        `no linuxParameters.${key} on Fargate (not applicable to Fargate jobs; use ephemeralStorage for scratch space)`,
      );
  }
  const driver = container.logConfiguration?.logDriver;
  if (driver !== undefined && !['awslogs', 'awsfirelens', 'splunk'].includes(driver))
    report(['logConfiguration', 'logDriver'], driver, 'one of "awslogs", "awsfirelens", "splunk" on Fargate');
}

/** Fargate has no host to mount: an EFS volume, or one with neither (task storage). */
export function checkFargateVolumes(
  volumes: readonly z.output<typeof Volume>[] | undefined,
  report: ContainerProblem,
): void {
  (volumes ?? []).forEach((volume, i) => {
    if (volume.host !== undefined)
      report(
        ['volumes', i, 'host'],
        volume.host,
        'no host volumes on Fargate: an efsVolumeConfiguration, or a volume with neither (task storage)',
      );
  });
}

/** Requirements in the order AWS documents and returns them: VCPU, MEMORY, GPU. */
export function orderedRequirements(
  requirements: readonly { readonly type: 'VCPU' | 'MEMORY' | 'GPU'; readonly value: string }[],
): { type: 'VCPU' | 'MEMORY' | 'GPU'; value: string }[] {
  const order = { VCPU: 0, MEMORY: 1, GPU: 2 } as const;
  return requirements.map(({ type, value }) => ({ type, value })).sort((a, b) => order[a.type] - order[b.type]);
}
