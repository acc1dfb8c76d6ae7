import type { StateInstance } from './existing-state';
import type { PlatformModule } from './platform-modules';

/** An existing resource instance of an environment and the unit whose state holds it. */
export interface ExistingResource {
  /** The instance as the state records it. */
  readonly instance: StateInstance;
  /** The unit's folder relative to the live tree's root. */
  readonly unit: string;
}

/** What an existing resource is on the platform. */
export type PlatformRole =
  | 'batch-service-role'
  | 'batch-instance-role'
  | 'spot-fleet-role'
  | 'execution-role'
  | 'job-role'
  | 'state-machine-role'
  | 'pipe-role'
  | 'role-policy'
  | 'role-policy-attachment'
  | 'instance-profile'
  | 'batch-security-group'
  | 'egress-rule'
  | 'queue'
  | 'dead-letter-queue'
  | 'queue-policy'
  | 'launch-template'
  | 'compute-environment'
  | 'job-queue'
  | 'job-definition'
  | 'scheduling-policy'
  | 'job-log-group'
  | 'state-machine'
  | 'state-machine-log-group';

/** An existing resource, recognised: the stack it belongs to and what it is there. */
export interface RecognisedResource extends ExistingResource {
  /** The stack's module; undefined when no stack of the platform has such a resource. */
  readonly module?: PlatformModule;
  /** What it is on the platform. */
  readonly role?: PlatformRole;
  /** How it was recognised, for the report. */
  readonly why: string;
}

/** Attributes of an instance. */
type Attributes = Readonly<Record<string, unknown>>;

const ROLE_POLICY_TYPES = [
  'aws_iam_role_policy',
  'aws_iam_role_policy_attachment',
  'aws_iam_role_policy_attachments_exclusive',
  'aws_iam_role_policies_exclusive',
  'aws_iam_instance_profile',
];
const EXECUTION_POLICY = /:policy\/service-role\/AmazonECSTaskExecutionRolePolicy$/;
const INSTANCE_POLICY = /:policy\/service-role\/AmazonEC2ContainerServiceforEC2Role$/;

/** The services a trust policy lets assume the role. */
export function trustedServices(assumeRolePolicy: unknown): string[] {
  const document = parseJson(assumeRolePolicy) as { Statement?: unknown } | undefined;
  const statements = ([] as unknown[]).concat(document?.Statement ?? []) as {
    Effect?: string;
    Principal?: { Service?: string | string[] };
  }[];
  return statements
    .filter((s) => s.Effect === 'Allow')
    .flatMap((s) => ([] as string[]).concat(s.Principal?.Service ?? []))
    .sort();
}

/** A JSON document held in a string attribute, or undefined. */
export function parseJson(value: unknown): unknown {
  if (typeof value !== 'string' || !/^\s*[[{]/.test(value)) return undefined;
  try {
    return JSON.parse(value) as unknown;
  } catch {
    return undefined;
  }
}

/** The first element of a block list as the state records it. */
export function firstBlock(value: unknown): Attributes | undefined {
  const first = Array.isArray(value) ? (value[0] as unknown) : value;
  return first !== null && typeof first === 'object' ? (first as Attributes) : undefined;
}

/** The name at the end of an ARN (`role/path/name` → name). */
export function nameOfArn(arn: unknown): string | undefined {
  if (typeof arn !== 'string') return undefined;
  const resource = arn.split(':').slice(5).join(':');
  return resource.slice(resource.lastIndexOf('/') + 1) || undefined;
}

/** The containers of a job definition's properties (one, an ECS task's, or each node range's). */
export function jobContainers(attributes: Attributes): Attributes[] {
  const containers: Attributes[] = [];
  const container = parseJson(attributes.container_properties);
  if (container && typeof container === 'object') containers.push(container as Attributes);
  const ecs = parseJson(attributes.ecs_properties) as { taskProperties?: Attributes[] } | undefined;
  for (const task of ecs?.taskProperties ?? []) {
    containers.push(task);
    for (const c of (task.containers as Attributes[] | undefined) ?? []) containers.push(c);
  }
  const nodes = parseJson(attributes.node_properties) as
    { nodeRangeProperties?: { container?: Attributes }[] } | undefined;
  for (const range of nodes?.nodeRangeProperties ?? []) if (range.container) containers.push(range.container);
  return containers;
}

/**
 * Recognises what each existing resource of an environment is on the platform, from the resource
 * itself and from what refers to it, never from its address, its module or its unit's name: a
 * role is the Batch service role because a compute environment runs as it (or, failing any
 * reference, because batch.amazonaws.com assumes it), a queue is a dead-letter queue because
 * another queue's redrive policy targets it, a log group is a state machine's because the
 * machine logs to it.
 */
export function recogniseResources(resources: readonly ExistingResource[]): RecognisedResource[] {
  const of = (type: string): ExistingResource[] => resources.filter((r) => r.instance.type === type);
  const a = (r: ExistingResource): Attributes => r.instance.attributes;
  const roleKinds = new Map<string, { role: PlatformRole; why: string }>();
  const claimRole = (name: string | undefined, role: PlatformRole, why: string): void => {
    if (name !== undefined && !roleKinds.has(name)) roleKinds.set(name, { role, why });
  };
  const profiles = of('aws_iam_instance_profile');
  const roleOfProfile = (arn: unknown): string | undefined => {
    const name = nameOfArn(arn);
    const profile = profiles.find((p) => a(p).arn === arn || a(p).name === name);
    return profile ? (a(profile).role as string | undefined) : undefined;
  };

  // Roles by what runs as them.
  for (const ce of of('aws_batch_compute_environment')) {
    const cr = firstBlock(a(ce).compute_resources);
    if (isCustomServiceRole(a(ce).service_role))
      claimRole(nameOfArn(a(ce).service_role), 'batch-service-role', 'the compute environment runs as it');
    claimRole(roleOfProfile(cr?.instance_role), 'batch-instance-role', "the compute environment's instance profile");
    claimRole(nameOfArn(cr?.spot_iam_fleet_role), 'spot-fleet-role', "the compute environment's Spot Fleet role");
  }
  for (const job of of('aws_batch_job_definition')) {
    for (const container of jobContainers(a(job))) {
      claimRole(nameOfArn(container.executionRoleArn), 'execution-role', 'a job definition executes with it');
      claimRole(nameOfArn(container.jobRoleArn), 'job-role', 'a job definition runs as it');
      claimRole(nameOfArn(container.taskRoleArn), 'job-role', 'a job definition runs as it');
    }
  }
  for (const machine of of('aws_sfn_state_machine'))
    claimRole(nameOfArn(a(machine).role_arn), 'state-machine-role', 'a state machine runs as it');
  for (const pipe of of('aws_pipes_pipe')) claimRole(nameOfArn(a(pipe).role_arn), 'pipe-role', 'a pipe runs as it');

  // Roles nothing refers to: by who may assume them and what is attached.
  const attached = managedPolicyArnsByRole(resources);
  for (const role of of('aws_iam_role')) {
    const name = a(role).name as string;
    if (roleKinds.has(name)) continue;
    const services = trustedServices(a(role).assume_role_policy);
    const policies = attached.get(name) ?? [];
    const by = `assumed by ${services.join(', ') || 'no service'}`;
    if (services.length !== 1) continue;
    const service = services[0]!;
    if (service === 'batch.amazonaws.com') claimRole(name, 'batch-service-role', by);
    else if (service === 'spotfleet.amazonaws.com') claimRole(name, 'spot-fleet-role', by);
    else if (service === 'states.amazonaws.com') claimRole(name, 'state-machine-role', by);
    else if (service === 'pipes.amazonaws.com') claimRole(name, 'pipe-role', by);
    else if (
      service === 'ec2.amazonaws.com' &&
      (policies.some((p) => INSTANCE_POLICY.test(p)) || profiles.some((p) => a(p).role === name))
    )
      claimRole(name, 'batch-instance-role', `${by}, with an instance profile or the ECS instance policy`);
    else if (service === 'ecs-tasks.amazonaws.com')
      claimRole(
        name,
        policies.some((p) => EXECUTION_POLICY.test(p)) ? 'execution-role' : 'job-role',
        policies.some((p) => EXECUTION_POLICY.test(p)) ? `${by}, with the ECS task execution policy` : by,
      );
  }

  // The batch security group: the one the compute environments use, or the only one.
  const groups = of('aws_security_group');
  const usedGroups = new Set(
    of('aws_batch_compute_environment').flatMap(
      (ce) => (firstBlock(a(ce).compute_resources)?.security_group_ids as string[] | undefined) ?? [],
    ),
  );
  const batchGroups = new Set(
    groups
      .filter((g) => usedGroups.has(a(g).id as string) || (usedGroups.size === 0 && groups.length === 1))
      .map((g) => a(g).id as string),
  );

  // Queues: a queue another's redrive policy targets is a dead-letter queue.
  const queues = of('aws_sqs_queue');
  const redrives = [
    ...queues.map((q) => ({ source: a(q).arn, policy: a(q).redrive_policy })),
    ...of('aws_sqs_queue_redrive_policy').map((p) => ({
      source: queues.find((q) => a(q).url === a(p).queue_url || a(q).id === a(p).queue_url)?.instance.attributes.arn,
      policy: a(p).redrive_policy,
    })),
  ];
  const deadLetterArns = new Set(
    redrives
      .map((r) => (parseJson(r.policy) as { deadLetterTargetArn?: string } | undefined)?.deadLetterTargetArn)
      .filter((arn): arn is string => typeof arn === 'string'),
  );
  const queueUrls = new Set(queues.map((q) => a(q).url ?? a(q).id));

  const templates = new Set(
    of('aws_batch_compute_environment').flatMap((ce) => {
      const lt = firstBlock(firstBlock(a(ce).compute_resources)?.launch_template);
      return [lt?.launch_template_id, lt?.launch_template_name].filter((v) => typeof v === 'string' && v !== '');
    }),
  );
  const machineLogGroups = new Set(
    of('aws_sfn_state_machine').flatMap((m) => {
      const destination = firstBlock(a(m).logging_configuration)?.log_destination;
      return typeof destination === 'string' && destination !== '' ? [destination.replace(/:\*$/, '')] : [];
    }),
  );

  return resources.map((resource): RecognisedResource => {
    const attributes = a(resource);
    const is = (module: PlatformModule, role: PlatformRole, why: string): RecognisedResource => ({
      ...resource,
      module,
      role,
      why,
    });
    const none = (why: string): RecognisedResource => ({ ...resource, why });
    switch (resource.instance.type) {
      case 'aws_iam_role': {
        const kind = roleKinds.get(attributes.name as string);
        return kind ? is('iam', kind.role, kind.why) : none('a role no part of the platform uses');
      }
      case 'aws_iam_role_policy':
      case 'aws_iam_role_policy_attachment':
      case 'aws_iam_role_policy_attachments_exclusive':
      case 'aws_iam_role_policies_exclusive':
      case 'aws_iam_instance_profile': {
        const role = (attributes.role ?? attributes.role_name) as string | undefined;
        const kind = roleKinds.get(nameOfArn(role) ?? role ?? '') ?? roleKinds.get(role ?? '');
        const what: PlatformRole =
          resource.instance.type === 'aws_iam_instance_profile'
            ? 'instance-profile'
            : resource.instance.type.includes('attachment')
              ? 'role-policy-attachment'
              : 'role-policy';
        return kind && ROLE_POLICY_TYPES.includes(resource.instance.type)
          ? is('iam', what, `of the ${kind.role.replace(/-/g, ' ')} ${role}`)
          : none(`of the role ${role}, which no part of the platform uses`);
      }
      case 'aws_security_group':
        return batchGroups.has(attributes.id as string)
          ? is('security-group', 'batch-security-group', 'the compute environments run in it')
          : none('a security group no compute environment uses');
      case 'aws_vpc_security_group_egress_rule':
        return batchGroups.has(attributes.security_group_id as string)
          ? is('security-group', 'egress-rule', 'an outbound rule of the batch security group')
          : none('a rule of a security group no compute environment uses');
      case 'aws_security_group_rule':
        return attributes.type === 'egress' && batchGroups.has(attributes.security_group_id as string)
          ? is('security-group', 'egress-rule', 'an outbound rule of the batch security group')
          : none(
              attributes.type === 'egress'
                ? 'a rule of a security group no compute environment uses'
                : 'an inbound rule: the batch security group accepts no inbound traffic',
            );
      case 'aws_sqs_queue':
        return deadLetterArns.has(attributes.arn as string)
          ? is('sqs', 'dead-letter-queue', "another queue's redrive policy targets it")
          : is('sqs', 'queue', 'a queue');
      case 'aws_sqs_queue_policy':
      case 'aws_sqs_queue_redrive_policy':
      case 'aws_sqs_queue_redrive_allow_policy':
        return queueUrls.has(attributes.queue_url)
          ? is('sqs', 'queue-policy', `of the queue ${String(attributes.queue_url)}`)
          : none(`of the queue ${String(attributes.queue_url)}, which no state here holds`);
      case 'aws_launch_template':
        return templates.has(attributes.id) || templates.has(attributes.name) || templates.size === 0
          ? is('batch', 'launch-template', 'a compute environment launches its instances from it')
          : none('a launch template no compute environment uses');
      case 'aws_batch_compute_environment':
        return is('batch', 'compute-environment', 'a compute environment');
      case 'aws_batch_job_queue':
        return is('batch', 'job-queue', 'a job queue');
      case 'aws_batch_job_definition':
        return is('batch', 'job-definition', 'a job definition');
      case 'aws_batch_scheduling_policy':
        return is('batch', 'scheduling-policy', 'a fair-share scheduling policy');
      case 'aws_cloudwatch_log_group':
        return machineLogGroups.has(attributes.arn as string) || machineLogGroups.has(`${String(attributes.arn)}`)
          ? is('step-function', 'state-machine-log-group', 'a state machine logs to it')
          : is('batch', 'job-log-group', 'a log group (jobs log to it)');
      case 'aws_sfn_state_machine':
        return is('step-function', 'state-machine', 'a state machine');
      default:
        return none(`no stack of the platform has an ${resource.instance.type}`);
    }
  });
}

/** Whether a compute environment's service role is one of the account's own (not the service-linked role). */
export function isCustomServiceRole(arn: unknown): boolean {
  return typeof arn === 'string' && arn !== '' && !arn.includes(':role/aws-service-role/');
}

/** The managed policies attached to each role, however the state records the attachment. */
export function managedPolicyArnsByRole(resources: readonly ExistingResource[]): Map<string, string[]> {
  const out = new Map<string, string[]>();
  const add = (role: unknown, arns: unknown): void => {
    const name = nameOfArn(role) ?? (typeof role === 'string' ? role : undefined);
    if (!name) return;
    const list = out.get(name) ?? [];
    for (const arn of ([] as unknown[]).concat(arns ?? []))
      if (typeof arn === 'string' && !list.includes(arn)) list.push(arn);
    out.set(name, list);
  };
  for (const r of resources) {
    const attributes = r.instance.attributes;
    if (r.instance.type === 'aws_iam_role_policy_attachment') add(attributes.role, attributes.policy_arn);
    if (r.instance.type === 'aws_iam_role_policy_attachments_exclusive')
      add(attributes.role_name, attributes.policy_arns);
    if (r.instance.type === 'aws_iam_role') add(attributes.name, attributes.managed_policy_arns);
  }
  return out;
}
