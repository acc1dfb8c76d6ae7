import { z } from 'zod';
import { arn, orDependency, RoleArn, Tags, WHEN_FIELDS_VALID } from './common-fields';
import { TerraformName } from './environment-schema';

/** Environment variable names that look like they hold a secret. */
const SECRET_LOOKING_NAME = /(PASSWORD|PASSWD|SECRET|TOKEN|API_?KEY|PRIVATE_?KEY|CREDENTIAL)/i;

const KeyValue = z.strictObject({ name: z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'an environment variable name'), value: z.string() });

/** A secret injected by ECS from Secrets Manager or SSM Parameter Store. */
const Secret = z.strictObject({
  name: z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'an environment variable name'),
  valueFrom: orDependency(z.union([
    arn('secretsmanager', 'secret:.+', 'arn:aws:secretsmanager:eu-west-1:111111111111:secret:name'),
    arn('ssm', 'parameter/.+', 'arn:aws:ssm:eu-west-1:111111111111:parameter/name'),
  ])),
});

/** A resource requirement; AWS wants the value as a string. */
const ResourceRequirement = z.strictObject({
  type: z.enum(['VCPU', 'MEMORY', 'GPU']),
  value: z.string().regex(/^\d+(\.\d+)?$/, 'a number written as a string, such as "4" or "0.25"'),
});

/** containerProperties of the AWS Batch API (RegisterJobDefinition), as AWS spells it. */
const ContainerPropertiesInput = z.strictObject({
  image: z.string().min(1),
  command: z.array(z.string()).optional(),
  /** Deprecated by AWS in favour of resourceRequirements; accepted from seed 000 and translated. */
  vcpus: z.number().int().min(1).optional(),
  /** Deprecated by AWS in favour of resourceRequirements; accepted from seed 000 and translated. */
  memory: z.number().int().min(4).optional(),
  resourceRequirements: z.array(ResourceRequirement).optional(),
  jobRoleArn: orDependency(RoleArn).optional(),
  executionRoleArn: orDependency(RoleArn).optional(),
  environment: z.array(KeyValue).optional(),
  secrets: z.array(Secret).optional(),
  logConfiguration: z.strictObject({
    logDriver: z.enum(['awslogs', 'awsfirelens', 'fluentd', 'gelf', 'journald', 'json-file', 'splunk', 'syslog']),
    options: z.record(z.string(), z.string()).optional(),
    secretOptions: z.array(Secret).optional(),
  }).optional(),
  readonlyRootFilesystem: z.boolean().optional(),
  privileged: z.boolean().optional(),
  user: z.string().min(1).optional(),
  ulimits: z.array(z.strictObject({ name: z.string().min(1), softLimit: z.number().int().min(0), hardLimit: z.number().int().min(0) })).optional(),
  linuxParameters: z.strictObject({
    initProcessEnabled: z.boolean().optional(),
    sharedMemorySize: z.number().int().min(1).optional(),
    maxSwap: z.number().int().min(0).optional(),
    swappiness: z.number().int().min(0).max(100).optional(),
    tmpfs: z.array(z.strictObject({
      containerPath: z.string().regex(/^\//, 'an absolute path such as "/tmp"'),
      size: z.number().int().min(1),
      mountOptions: z.array(z.string()).optional(),
    })).optional(),
  }).optional(),
}).superRefine((cp, ctx) => {
  (cp.environment ?? []).forEach((variable, i) => {
    if (SECRET_LOOKING_NAME.test(variable.name) && variable.value !== '') {
      ctx.addIssue({ code: 'custom', path: ['environment', i, 'value'], input: '<redacted>', message: `no literal value for ${variable.name}: it looks like a secret; move it to "secrets" with a valueFrom Secrets Manager or SSM ARN` });
    }
  });
  const names = new Set<string>();
  [...(cp.environment ?? []), ...(cp.secrets ?? [])].forEach((variable) => {
    if (names.has(variable.name)) ctx.addIssue({ code: 'custom', path: ['environment'], input: variable.name, message: `each variable once across environment and secrets ("${variable.name}" repeats)` });
    names.add(variable.name);
  });
  const requirementTypes = (cp.resourceRequirements ?? []).map((r) => r.type);
  if (cp.vcpus !== undefined && requirementTypes.includes('VCPU')) ctx.addIssue({ code: 'custom', path: ['vcpus'], input: cp.vcpus, message: 'either vcpus or a VCPU resourceRequirement, not both' });
  if (cp.memory !== undefined && requirementTypes.includes('MEMORY')) ctx.addIssue({ code: 'custom', path: ['memory'], input: cp.memory, message: 'either memory or a MEMORY resourceRequirement, not both' });
}, WHEN_FIELDS_VALID);

/**
 * The deprecated vcpus/memory become resourceRequirements, the form AWS documents and returns,
 * so the registered definition never drifts between the two spellings.
 */
const ContainerProperties = ContainerPropertiesInput.transform(({ vcpus, memory, ...rest }) => {
  const requirements = [...(rest.resourceRequirements ?? [])];
  if (vcpus !== undefined) requirements.push({ type: 'VCPU', value: String(vcpus) });
  if (memory !== undefined) requirements.push({ type: 'MEMORY', value: String(memory) });
  const order = { VCPU: 0, MEMORY: 1, GPU: 2 } as const;
  requirements.sort((a, b) => order[a.type] - order[b.type]);
  return requirements.length > 0 ? { ...rest, resourceRequirements: requirements } : rest;
});

/** A retry condition (RetryStrategy.evaluateOnExit); patterns may end with one `*`. */
const EvaluateOnExit = z.strictObject({
  action: z.enum(['RETRY', 'EXIT', 'retry', 'exit']).transform((a) => a.toUpperCase() as 'RETRY' | 'EXIT'),
  on_exit_code: z.string().regex(/^([0-9]{1,512}\*?|\*)$/, 'digits with an optional trailing "*", such as "1", "13*" or "*"').optional(),
  on_reason: z.string().regex(/^[A-Za-z0-9 .:]{0,511}\*?$/, 'letters, digits, spaces, periods and colons, with an optional trailing "*"').optional(),
  on_status_reason: z.string().regex(/^[A-Za-z0-9 .:]{0,511}\*?$/, 'letters, digits, spaces, periods and colons, with an optional trailing "*"').optional(),
}).refine((e) => e.on_exit_code !== undefined || e.on_reason !== undefined || e.on_status_reason !== undefined, 'at least one of on_exit_code, on_reason, on_status_reason');

/** seed 000's batch-*-job.json files: a job definition in Terraform argument names. */
export const JobDefinitionSchema = z.strictObject({
  terraform_name: TerraformName.optional(),
  name: z.string().regex(/^[A-Za-z0-9_-]{1,128}$/, 'a job definition name: 1-128 letters, digits, dashes or underscores'),
  type: z.literal('container'),
  platform_capabilities: z.array(z.enum(['EC2', 'FARGATE'])).length(1).default(['EC2']),
  propagate_tags: z.boolean().default(true),
  parameters: z.record(z.string(), z.string()).optional(),
  scheduling_priority: z.number().int().min(0).max(9999).optional(),
  retry_strategy: z.strictObject({
    attempts: z.number().int().min(1).max(10),
    evaluate_on_exit: z.array(EvaluateOnExit).max(5).optional(),
  }).optional(),
  timeout: z.strictObject({ attempt_duration_seconds: z.number().int().min(60) }).optional(),
  /** Keep older revisions ACTIVE so running and queued jobs never lose theirs. */
  deregister_on_new_revision: z.boolean().default(false),
  container_properties: ContainerProperties,
  tags: Tags.optional(),
});

/** A validated job definition. */
export type JobDefinitionConfig = z.infer<typeof JobDefinitionSchema>;
