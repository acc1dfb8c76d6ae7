import type { ContainerProperties as SdkContainerProperties } from '@aws-sdk/client-batch';
import * as z from 'zod';
import { secretInValue } from '../../secrets/secret-patterns';
import { arn, DependencyPlaceholder, orDependency, RoleArn, WHEN_FIELDS_VALID } from './common-fields';
import { FARGATE_VCPU_VALUES, fargateMemoryFor, isFargatePair } from './fargate-resources';
import type { Assert, WithinSdkShape } from './sdk-shape';

/** Batch sets AWS_BATCH_JOB_ID, AWS_BATCH_JOB_ARRAY_INDEX... itself and rejects variables with this prefix. */
const RESERVED_VARIABLE_PREFIX = 'AWS_BATCH';

const VariableName = z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'an environment variable name');

/** A Secrets Manager secret or an SSM parameter, by ARN, or an upstream output naming one. */
const SecretArn = z.union([
  DependencyPlaceholder,
  arn('secretsmanager', 'secret:.+', 'arn:aws:secretsmanager:eu-west-1:111111111111:secret:name'),
  arn('ssm', 'parameter/.+', 'arn:aws:ssm:eu-west-1:111111111111:parameter/name'),
]);

/** A string that AWS wants as a string even when it holds a number (ResourceRequirement.value). */
function numberAsString(message: string): z.ZodType<string> {
  return z.custom<string>((value) => typeof value === 'string' && /^\d+(\.\d+)?$/.test(value), { message });
}

/** A resource requirement; AWS takes the value as a string ("4"), never as a number. */
const ResourceRequirement = z.strictObject({
  type: z.enum(['VCPU', 'MEMORY', 'GPU']),
  value: numberAsString('a number written as a string, such as "4" or "0.25": the Batch API takes resource values as strings'),
});

const LogSecret = z.strictObject({ name: z.string().min(1), valueFrom: SecretArn });

/** Where the container's output goes (LogConfiguration). */
const LogConfiguration = z.strictObject({
  logDriver: z.enum(['awslogs', 'awsfirelens', 'fluentd', 'gelf', 'journald', 'json-file', 'splunk', 'syslog']),
  options: z.record(z.string(), z.string()).optional(),
  secretOptions: z.array(LogSecret).optional(),
});

/** Linux settings of the container (LinuxParameters). */
const LinuxParameters = z.strictObject({
  initProcessEnabled: z.boolean().optional(),
  sharedMemorySize: z.number().int().min(1).optional(),
  maxSwap: z.number().int().min(0).optional(),
  swappiness: z.number().int().min(0).max(100).optional(),
  devices: z.array(z.strictObject({
    hostPath: z.string().regex(/^\//, 'an absolute path such as "/dev/fuse"'),
    containerPath: z.string().regex(/^\//, 'an absolute path such as "/dev/fuse"').optional(),
    permissions: z.array(z.enum(['READ', 'WRITE', 'MKNOD'])).optional(),
  })).optional(),
  tmpfs: z.array(z.strictObject({
    containerPath: z.string().regex(/^\//, 'an absolute path such as "/tmp"'),
    size: z.number().int().min(1),
    mountOptions: z.array(z.string()).optional(),
  })).optional(),
});

/** A volume of the job: a host path (EC2 only) or an EFS file system. */
const Volume = z.strictObject({
  name: z.string().regex(/^[A-Za-z0-9_-]{1,255}$/, 'a volume name: 1-255 letters, digits, dashes or underscores'),
  host: z.strictObject({ sourcePath: z.string().regex(/^\//, 'an absolute path') }).optional(),
  efsVolumeConfiguration: z.strictObject({
    fileSystemId: z.string().regex(/^fs-[0-9a-f]{8,17}$/, 'an EFS file system id such as "fs-0123456789abcdef0"'),
    rootDirectory: z.string().optional(),
    transitEncryption: z.enum(['ENABLED', 'DISABLED']).optional(),
    transitEncryptionPort: z.number().int().min(1).max(65535).optional(),
    authorizationConfig: z.strictObject({
      accessPointId: z.string().regex(/^fsap-[0-9a-f]{8,17}$/, 'an EFS access point id such as "fsap-0123456789abcdef0"').optional(),
      iam: z.enum(['ENABLED', 'DISABLED']).optional(),
    }).optional(),
  }).optional(),
});

/** containerProperties of the Batch API (RegisterJobDefinition), as AWS spells it. */
export const ContainerPropertiesSchema = z.strictObject({
  image: z.string().min(1),
  command: z.array(z.string()).optional(),
  /** Deprecated by AWS in favour of resourceRequirements; accepted from seed 000 and translated. */
  vcpus: z.number().int().min(1).optional(),
  /** Deprecated by AWS in favour of resourceRequirements; accepted from seed 000 and translated. */
  memory: z.number().int().min(4).optional(),
  resourceRequirements: z.array(ResourceRequirement).optional(),
  jobRoleArn: orDependency(RoleArn).optional(),
  executionRoleArn: orDependency(RoleArn).optional(),
  environment: z.array(z.strictObject({ name: VariableName, value: z.string() })).optional(),
  secrets: z.array(z.strictObject({ name: VariableName, valueFrom: SecretArn })).optional(),
  logConfiguration: LogConfiguration.optional(),
  /** On unless turned off: jobs write to tmpfs or volumes, not to their image. */
  readonlyRootFilesystem: z.boolean().default(true),
  /** Off unless turned on (CKV_AWS_210). */
  privileged: z.boolean().default(false),
  user: z.string().min(1).optional(),
  ulimits: z.array(z.strictObject({ name: z.string().min(1), softLimit: z.number().int().min(0), hardLimit: z.number().int().min(0) })).optional(),
  linuxParameters: LinuxParameters.optional(),
  volumes: z.array(Volume).optional(),
  mountPoints: z.array(z.strictObject({
    containerPath: z.string().regex(/^\//, 'an absolute path'),
    sourceVolume: z.string().min(1),
    readOnly: z.boolean().optional(),
  })).optional(),
  /** Instance type of a multi-node parallel job's nodes. */
  instanceType: z.string().regex(/^[a-z][a-z0-9-]*\.[a-z0-9]+$/, 'an instance type such as "c5.4xlarge"').optional(),
  networkConfiguration: z.strictObject({ assignPublicIp: z.enum(['ENABLED', 'DISABLED']) }).optional(),
  fargatePlatformConfiguration: z.strictObject({
    platformVersion: z.string().regex(/^(LATEST|\d+\.\d+\.\d+)$/, '"LATEST" or a Fargate platform version such as "1.4.0"'),
  }).optional(),
  /** Task storage of a Fargate job: 21-200 GiB (Batch EphemeralStorage). */
  ephemeralStorage: z.strictObject({ sizeInGiB: z.number().int().min(21).max(200) }).optional(),
  runtimePlatform: z.strictObject({
    operatingSystemFamily: z.enum(['LINUX', 'WINDOWS_SERVER_2019_CORE', 'WINDOWS_SERVER_2019_FULL', 'WINDOWS_SERVER_2022_CORE', 'WINDOWS_SERVER_2022_FULL']).optional(),
    cpuArchitecture: z.enum(['X86_64', 'ARM64']).optional(),
  }).optional(),
  repositoryCredentials: z.strictObject({
    credentialsParameter: arn('secretsmanager', 'secret:.+', 'arn:aws:secretsmanager:eu-west-1:111111111111:secret:name'),
  }).optional(),
  enableExecuteCommand: z.boolean().optional(),
}).superRefine((cp, ctx) => {
  const fail = (path: (string | number)[], input: unknown, message: string): void => ctx.addIssue({ code: 'custom', path, input, message });
  (cp.environment ?? []).forEach((variable, i) => {
    const secret = secretInValue(variable.name, variable.value);
    if (secret !== undefined) fail(['environment', i, 'value'], '<redacted>', `no secret as a literal value (${secret}); move it to "secrets" with a valueFrom Secrets Manager or SSM ARN`);
  });
  const names = new Set<string>();
  [...(cp.environment ?? []).map((v, i) => ['environment', i, v.name] as const), ...(cp.secrets ?? []).map((v, i) => ['secrets', i, v.name] as const)].forEach(([list, i, name]) => {
    if (name.toUpperCase().startsWith(RESERVED_VARIABLE_PREFIX)) fail([list, i, 'name'], name, `a name not starting with ${RESERVED_VARIABLE_PREFIX} (reserved: Batch sets those variables itself)`);
    if (names.has(name)) fail([list, i, 'name'], name, `each variable once across environment and secrets ("${name}" repeats)`);
    names.add(name);
  });
  const types = (cp.resourceRequirements ?? []).map((r) => r.type);
  types.forEach((type, i) => {
    if (types.indexOf(type) !== i) fail(['resourceRequirements', i, 'type'], type, `each resource type once ("${type}" repeats)`);
  });
  if (cp.vcpus !== undefined && types.includes('VCPU')) fail(['vcpus'], cp.vcpus, 'either vcpus or a VCPU resourceRequirement, not both');
  if (cp.memory !== undefined && types.includes('MEMORY')) fail(['memory'], cp.memory, 'either memory or a MEMORY resourceRequirement, not both');
  const volumes = (cp.volumes ?? []).map((v) => v.name);
  (cp.mountPoints ?? []).forEach((mount, i) => {
    if (!volumes.includes(mount.sourceVolume)) fail(['mountPoints', i, 'sourceVolume'], mount.sourceVolume, `the name of a volume of this container: ${volumes.join(', ') || '(none under "volumes")'}`);
  });
  (cp.volumes ?? []).forEach((volume, i) => {
    if (volume.host !== undefined && volume.efsVolumeConfiguration !== undefined) fail(['volumes', i], volume, 'either host or efsVolumeConfiguration, not both');
  });
  (cp.ulimits ?? []).forEach((limit, i) => {
    if (limit.softLimit > limit.hardLimit) fail(['ulimits', i, 'softLimit'], limit.softLimit, `a number <= hardLimit (${limit.hardLimit})`);
  });
  if (cp.linuxParameters?.swappiness !== undefined && cp.linuxParameters.maxSwap === undefined) {
    fail(['linuxParameters', 'swappiness'], cp.linuxParameters.swappiness, 'swappiness only together with maxSwap (Batch ignores it otherwise)');
  }
  if (cp.executionRoleArn === undefined) {
    const needs = [cp.secrets?.length ? 'secrets' : undefined, cp.logConfiguration?.secretOptions?.length ? 'logConfiguration.secretOptions' : undefined, cp.repositoryCredentials ? 'repositoryCredentials' : undefined].filter((n) => n !== undefined);
    if (needs.length > 0) fail(['executionRoleArn'], undefined, `an execution role ARN, such as "{dependency.iam.execution_role_arn}": ECS reads ${needs.join(' and ')} with it`);
  }
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

/** Reports a problem at a path inside the container properties. */
export type ContainerProblem = (path: readonly (string | number)[], input: unknown, message: string) => void;

/**
 * The rules that depend on where a container runs (AWS Batch user guide, "Job definitions on
 * Fargate", and the ContainerProperties API reference), checked before AWS sees the JSON.
 */
export function checkContainerForPlatform(cp: ContainerPropertiesInput, context: ContainerContext, report: ContainerProblem): void {
  const requirements = resourceRequirementsOf(cp);
  const vcpu = requirements.find((r) => r.type === 'VCPU');
  const memory = requirements.find((r) => r.type === 'MEMORY');
  const gpu = requirements.find((r) => r.type === 'GPU');
  if (vcpu === undefined) report(['resourceRequirements'], cp.resourceRequirements, 'a VCPU resourceRequirement (or vcpus): every container job needs one');
  if (memory === undefined) report(['resourceRequirements'], cp.resourceRequirements, 'a MEMORY resourceRequirement in MiB (or memory): every container job needs one');
  if (memory !== undefined && (!Number.isInteger(Number(memory.value)) || Number(memory.value) < 4)) report(memory.path, memory.value, 'a whole number of MiB, at least 4');
  if (gpu !== undefined && (!Number.isInteger(Number(gpu.value)) || Number(gpu.value) < 1)) report(gpu.path, gpu.value, 'a whole number of GPUs, at least 1');
  if (!context.multinode && cp.instanceType !== undefined) report(['instanceType'], cp.instanceType, 'no instanceType: it applies only to the nodes of a multinode job; single-node jobs run on the compute environment\'s instance types');

  if (context.platform === 'EC2') {
    if (vcpu !== undefined && (!Number.isInteger(Number(vcpu.value)) || Number(vcpu.value) < 1)) report(vcpu.path, vcpu.value, 'a whole number of vCPUs, at least "1", on EC2 (fractional vCPUs are a Fargate feature)');
    for (const key of ['networkConfiguration', 'fargatePlatformConfiguration', 'ephemeralStorage', 'runtimePlatform'] as const) {
      if (cp[key] !== undefined) report([key], cp[key], `no ${key} on EC2: it applies to Fargate jobs only (platform_capabilities ["FARGATE"])`);
    }
    return;
  }

  if (cp.executionRoleArn === undefined) report(['executionRoleArn'], undefined, 'an execution role ARN, such as "{dependency.iam.execution_role_arn}": Fargate jobs need one to pull the image and write logs');
  if (vcpu !== undefined && !FARGATE_VCPU_VALUES.includes(Number(vcpu.value))) {
    report(vcpu.path, vcpu.value, `one of ${FARGATE_VCPU_VALUES.map((v) => `"${v}"`).join(', ')} on Fargate`);
  } else if (vcpu !== undefined && memory !== undefined && !isFargatePair(Number(vcpu.value), Number(memory.value))) {
    report(memory.path, memory.value, `with ${vcpu.value} vCPU on Fargate: ${fargateMemoryFor(Number(vcpu.value))} MiB`);
  }
  if (gpu !== undefined) report(gpu.path, gpu.value, 'no GPU on Fargate (run GPU jobs on an EC2 compute environment)');
  if (cp.privileged) report(['privileged'], cp.privileged, 'false on Fargate (Fargate runs no privileged containers)');
  if (cp.ulimits !== undefined) report(['ulimits'], cp.ulimits, 'no ulimits on Fargate (not applicable to Fargate jobs)');
  for (const key of ['devices', 'sharedMemorySize', 'maxSwap', 'swappiness', 'tmpfs'] as const) {
    const value = cp.linuxParameters?.[key];
    if (value !== undefined) report(['linuxParameters', key], value, `no linuxParameters.${key} on Fargate (not applicable to Fargate jobs; use ephemeralStorage for scratch space)`);
  }
  (cp.volumes ?? []).forEach((volume, i) => {
    if (volume.host !== undefined) report(['volumes', i, 'host'], volume.host, 'no host volumes on Fargate: an efsVolumeConfiguration, or a volume with neither (task storage)');
  });
  const driver = cp.logConfiguration?.logDriver;
  if (driver !== undefined && !['awslogs', 'awsfirelens', 'splunk'].includes(driver)) report(['logConfiguration', 'logDriver'], driver, 'one of "awslogs", "awsfirelens", "splunk" on Fargate');
}

/** A resource requirement and where it was written: in resourceRequirements, or as the deprecated vcpus/memory. */
export interface LocatedRequirement {
  /** VCPU, MEMORY or GPU. */
  readonly type: 'VCPU' | 'MEMORY' | 'GPU';
  /** The value, as AWS takes it. */
  readonly value: string;
  /** Path inside the container properties. */
  readonly path: readonly (string | number)[];
}

/** Every resource requirement of the container, the deprecated vcpus and memory included. */
export function resourceRequirementsOf(cp: ContainerPropertiesInput): LocatedRequirement[] {
  const out: LocatedRequirement[] = (cp.resourceRequirements ?? []).map((r, i) => ({ type: r.type, value: r.value, path: ['resourceRequirements', i, 'value'] }));
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
export function registeredContainer(cp: ContainerPropertiesInput, platform: 'EC2' | 'FARGATE'): ContainerPropertiesConfig {
  const { vcpus: _vcpus, memory: _memory, ...rest } = cp;
  const order = { VCPU: 0, MEMORY: 1, GPU: 2 } as const;
  const resourceRequirements = resourceRequirementsOf(cp).map(({ type, value }) => ({ type, value })).sort((a, b) => order[a.type] - order[b.type]);
  return {
    ...rest,
    resourceRequirements,
    ...(platform === 'FARGATE' ? {
      networkConfiguration: rest.networkConfiguration ?? { assignPublicIp: 'DISABLED' },
      fargatePlatformConfiguration: rest.fargatePlatformConfiguration ?? { platformVersion: 'LATEST' },
    } : {}),
  };
}

