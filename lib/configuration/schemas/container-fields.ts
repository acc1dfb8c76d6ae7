import * as z from 'zod';
import { arn, DependencyPlaceholder } from './common-fields';

/**
 * The fields a container has in both spellings of a Batch job: `containerProperties`
 * (ContainerProperties) and each container of `ecsProperties` (TaskContainerProperties), with the
 * task-level fields the two share (volumes, network, runtime platform, task storage).
 */

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

/** An environment variable given literally (KeyValuePair). */
export const EnvironmentVariable = z.strictObject({ name: VariableName, value: z.string() });

/** A variable injected from Secrets Manager or SSM (Secret). */
export const SecretVariable = z.strictObject({ name: VariableName, valueFrom: SecretArn });

/** A resource requirement; AWS takes the value as a string ("4"), never as a number. */
export const ResourceRequirement = z.strictObject({
  type: z.enum(['VCPU', 'MEMORY', 'GPU']),
  value: numberAsString(
    'a number written as a string, such as "4" or "0.25": the Batch API takes resource values as strings',
  ),
});

const LogSecret = z.strictObject({ name: z.string().min(1), valueFrom: SecretArn });

/** Where the container's output goes (LogConfiguration). */
export const LogConfiguration = z.strictObject({
  logDriver: z.enum(['awslogs', 'awsfirelens', 'fluentd', 'gelf', 'journald', 'json-file', 'splunk', 'syslog']),
  options: z.record(z.string(), z.string()).optional(),
  secretOptions: z.array(LogSecret).optional(),
});

/** Linux settings of the container (LinuxParameters). */
export const LinuxParameters = z.strictObject({
  initProcessEnabled: z.boolean().optional(),
  sharedMemorySize: z.number().int().min(1).optional(),
  maxSwap: z.number().int().min(0).optional(),
  swappiness: z.number().int().min(0).max(100).optional(),
  devices: z
    .array(
      z.strictObject({
        hostPath: z.string().regex(/^\//, 'an absolute path such as "/dev/fuse"'),
        containerPath: z.string().regex(/^\//, 'an absolute path such as "/dev/fuse"').optional(),
        permissions: z.array(z.enum(['READ', 'WRITE', 'MKNOD'])).optional(),
      }),
    )
    .optional(),
  tmpfs: z
    .array(
      z.strictObject({
        containerPath: z.string().regex(/^\//, 'an absolute path such as "/tmp"'),
        size: z.number().int().min(1),
        mountOptions: z.array(z.string()).optional(),
      }),
    )
    .optional(),
});

/** A ulimit of the container. */
export const Ulimit = z.strictObject({
  name: z.string().min(1),
  softLimit: z.number().int().min(0),
  hardLimit: z.number().int().min(0),
});

/** A volume of the job: a host path (EC2 only) or an EFS file system. */
export const Volume = z.strictObject({
  name: z.string().regex(/^[A-Za-z0-9_-]{1,255}$/, 'a volume name: 1-255 letters, digits, dashes or underscores'),
  host: z.strictObject({ sourcePath: z.string().regex(/^\//, 'an absolute path') }).optional(),
  efsVolumeConfiguration: z
    .strictObject({
      fileSystemId: z.string().regex(/^fs-[0-9a-f]{8,17}$/, 'an EFS file system id such as "fs-0123456789abcdef0"'),
      rootDirectory: z.string().optional(),
      transitEncryption: z.enum(['ENABLED', 'DISABLED']).optional(),
      transitEncryptionPort: z.number().int().min(1).max(65535).optional(),
      authorizationConfig: z
        .strictObject({
          accessPointId: z
            .string()
            .regex(/^fsap-[0-9a-f]{8,17}$/, 'an EFS access point id such as "fsap-0123456789abcdef0"')
            .optional(),
          iam: z.enum(['ENABLED', 'DISABLED']).optional(),
        })
        .optional(),
    })
    .optional(),
});

/** Where a volume is mounted in the container. */
export const MountPoint = z.strictObject({
  containerPath: z.string().regex(/^\//, 'an absolute path'),
  sourceVolume: z.string().min(1),
  readOnly: z.boolean().optional(),
});

/** Whether a Fargate job gets a public IP (NetworkConfiguration). */
export const NetworkConfiguration = z.strictObject({ assignPublicIp: z.enum(['ENABLED', 'DISABLED']) });

/** A Fargate platform version. */
export const FargatePlatformVersion = z
  .string()
  .regex(/^(LATEST|\d+\.\d+\.\d+)$/, '"LATEST" or a Fargate platform version such as "1.4.0"');

/** Task storage of a Fargate job: 21-200 GiB (Batch EphemeralStorage). */
export const EphemeralStorage = z.strictObject({ sizeInGiB: z.number().int().min(21).max(200) });

/** Operating system and CPU architecture of a Fargate job (RuntimePlatform). */
export const RuntimePlatform = z.strictObject({
  operatingSystemFamily: z
    .enum([
      'LINUX',
      'WINDOWS_SERVER_2019_CORE',
      'WINDOWS_SERVER_2019_FULL',
      'WINDOWS_SERVER_2022_CORE',
      'WINDOWS_SERVER_2022_FULL',
    ])
    .optional(),
  cpuArchitecture: z.enum(['X86_64', 'ARM64']).optional(),
});

/** The secret holding a private registry's credentials (RepositoryCredentials). */
export const RepositoryCredentials = z.strictObject({
  credentialsParameter: arn('secretsmanager', 'secret:.+', 'arn:aws:secretsmanager:eu-west-1:111111111111:secret:name'),
});

/**
 * The fields a container takes alike in both spellings, with the platform's defaults: a read-only
 * root and no privileges unless turned around (CKV_AWS_210). Spread in this order, so the
 * registered JSON keeps its key order.
 */
export const SHARED_CONTAINER_FIELDS = {
  environment: z.array(EnvironmentVariable).optional(),
  secrets: z.array(SecretVariable).optional(),
  logConfiguration: LogConfiguration.optional(),
  /** On unless turned off: jobs write to tmpfs or volumes, not to their image. */
  readonlyRootFilesystem: z.boolean().default(true),
  /** Off unless turned on. */
  privileged: z.boolean().default(false),
  user: z.string().min(1).optional(),
  ulimits: z.array(Ulimit).optional(),
  linuxParameters: LinuxParameters.optional(),
};
