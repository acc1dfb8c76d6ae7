import { type HclObject, type HclValue, isHclObject } from './hcl-values';
import type { MigrationNotes } from './migration-notes';
import type { TerragruntUnit } from './terragrunt-config';

/** The iam settings of an environment, and which old role became which. */
export interface IamTranslation {
  /** config: iam (without the roles the unit did not have: the defaults name those). */
  readonly settings: Record<string, unknown>;
  /** The job_roles key of each old role key that became a job role. */
  readonly jobRoleKeys: Readonly<Record<string, string>>;
  /** What each old role key became, for dependency outputs such as role_arns["batch_service"]. */
  readonly roleOutputs: Readonly<Record<string, string>>;
}

/** Managed policy of the ECS execution role. */
const EXECUTION_POLICY = /AmazonECSTaskExecutionRolePolicy$/;

/**
 * terraform-aws-iam-roles' `roles` input to the iam settings: each role by the service that
 * assumes it (batch, ec2 with an instance profile, spotfleet, ecs-tasks), job roles' inline
 * policies to S3, MSK and SQS grants. A statement that maps to no grant is reported: the new
 * least-privilege policy will not grant it.
 */
export function translateIam(unit: TerragruntUnit, notes: MigrationNotes): IamTranslation {
  const where = `${unit.relativePath}/terragrunt.hcl`;
  const roles = unit.inputs.roles;
  const settings: Record<string, unknown> = {};
  const jobRoles: Record<string, unknown> = {};
  const jobRoleKeys: Record<string, string> = {};
  const additional: Record<string, string[]> = {};
  const roleOutputs: Record<string, string> = {};
  if (!isHclObject(roles)) {
    notes.warn(
      where,
      'no `roles` input (terraform-aws-iam-roles): the role names come from config/defaults.json; check them against the existing roles',
    );
    return { settings, jobRoleKeys, roleOutputs };
  }
  for (const [key, value] of Object.entries(roles)) {
    if (!isHclObject(value) || typeof value.name !== 'string' || typeof value.service !== 'string') {
      notes.warn(where, `roles.${key} has no literal name and service; translate it by hand`);
      continue;
    }
    const managed = Array.isArray(value.managed_policy_arns)
      ? value.managed_policy_arns.filter((a): a is string => typeof a === 'string')
      : [];
    const expected = expectedManagedPolicies(value.service, managed);
    const extra = managed.filter((arn) => !expected.includes(arn));
    let keptAs = '';
    const assign = (field: string, output: string): void => {
      if (settings[field] !== undefined)
        notes.warn(
          where,
          `roles.${key} is a second ${field.replace(/_name$/, '').replace(/_/g, ' ')}; the iam stack has one: translate it by hand`,
        );
      else {
        settings[field] = value.name;
        roleOutputs[key] = output;
        if (extra.length > 0) {
          additional[field.replace(/_name$/, '')] = extra;
          keptAs = `iam.additional_policy_arns.${field.replace(/_name$/, '')}`;
        }
      }
    };
    switch (value.service) {
      case 'batch.amazonaws.com':
        assign('batch_service_role_name', 'batch_service_role_arn');
        break;
      case 'ec2.amazonaws.com':
        if (value.instance_profile !== true)
          notes.warn(
            where,
            `roles.${key} (ec2) has no instance profile; the iam stack gives the Batch instance role one`,
          );
        assign('batch_instance_role_name', 'batch_instance_profile_arn');
        break;
      case 'spotfleet.amazonaws.com':
        assign('spot_fleet_role_name', 'spot_fleet_role_arn');
        break;
      case 'ecs-tasks.amazonaws.com':
        if (managed.some((arn) => EXECUTION_POLICY.test(arn))) assign('execution_role_name', 'execution_role_arn');
        else {
          jobRoles[key] = {
            ...jobRole(key, value, where, notes),
            ...(extra.length > 0 ? { additional_policy_arns: extra } : {}),
          };
          if (extra.length > 0) keptAs = `iam.job_roles.${key}.additional_policy_arns`;
          jobRoleKeys[key] = key;
          roleOutputs[key] = `job_role_arns.${key}`;
        }
        break;
      case 'states.amazonaws.com':
        notes.info(
          where,
          `roles.${key} is a Step Functions role: step_functions.state_machines.<name>.role_name names it`,
        );
        break;
      default:
        notes.warn(
          where,
          `roles.${key} is assumed by ${value.service}, which no stack of the platform uses: it stays in AWS, unmanaged from now on`,
        );
    }
    if (keptAs)
      notes.info(
        where,
        `roles.${key}: the managed polic${extra.length > 1 ? 'ies' : 'y'} ${extra.join(', ')} stay${extra.length > 1 ? '' : 's'} attached and managed, under ${keptAs}`,
      );
    else
      for (const arn of extra)
        notes.warn(
          where,
          `roles.${key}: the managed policy ${arn} is not one the iam stack attaches; it stays attached, unmanaged from now on`,
        );
  }
  if (Object.keys(additional).length > 0) settings.additional_policy_arns = additional;
  if (Object.keys(jobRoles).length > 0) settings.job_roles = jobRoles;
  return { settings, jobRoleKeys, roleOutputs };
}

/** The managed policies the iam stack attaches to a role of this service. */
function expectedManagedPolicies(service: string, managed: readonly string[]): string[] {
  const policies: Record<string, RegExp> = {
    'batch.amazonaws.com': /service-role\/AWSBatchServiceRole$/,
    'ec2.amazonaws.com': /service-role\/AmazonEC2ContainerServiceforEC2Role$/,
    'spotfleet.amazonaws.com': /service-role\/AmazonEC2SpotFleetTaggingRole$/,
    'ecs-tasks.amazonaws.com': EXECUTION_POLICY,
  };
  const pattern = policies[service];
  return pattern ? managed.filter((arn) => pattern.test(arn)) : [];
}

interface PolicyStatementJson {
  readonly Sid?: string;
  readonly Effect?: string;
  readonly Action?: string | string[];
  readonly Resource?: string | string[];
  readonly Condition?: unknown;
}

/** A job role's inline policy as the iam settings' grants. */
function jobRole(key: string, role: HclObject, where: string, notes: MigrationNotes): Record<string, unknown> {
  const out: Record<string, unknown> = { name: role.name };
  const s3: { bucket: string; access: string; prefix?: string }[] = [];
  const sqsSend: string[] = [];
  const sqsConsume: string[] = [];
  let msk: { cluster_arn: string; topics: string[] } | undefined;
  const policy = role.inline_policy as HclValue | undefined;
  if (typeof policy === 'string') {
    let statements: PolicyStatementJson[] = [];
    try {
      const document = JSON.parse(policy) as { Statement?: PolicyStatementJson | PolicyStatementJson[] };
      statements = Array.isArray(document.Statement)
        ? document.Statement
        : document.Statement
          ? [document.Statement]
          : [];
    } catch {
      notes.warn(where, `roles.${key}.inline_policy is not JSON; translate its grants by hand`);
    }
    for (const statement of statements) {
      const sid = statement.Sid ? `statement ${statement.Sid}` : 'a statement';
      const actions = ([] as string[]).concat(statement.Action ?? []);
      const resources = ([] as string[]).concat(statement.Resource ?? []);
      if (statement.Effect !== 'Allow' || statement.Condition !== undefined) {
        notes.warn(
          where,
          `roles.${key}: ${sid} (${statement.Effect ?? 'no effect'}${statement.Condition ? ', with a condition' : ''}) has no equivalent in the job role settings; the new least-privilege policy does not grant it`,
        );
        continue;
      }
      const services = new Set(actions.map((a) => a.split(':')[0]));
      if (services.size === 1 && services.has('s3')) {
        const reads = actions.some((a) => /^s3:(Get|List)/.test(a));
        const writes = actions.some((a) => /^s3:(Put|Delete|AbortMultipartUpload)/.test(a));
        for (const arn of resources) {
          const match = /^arn:aws[a-z-]*:s3:::([^/]+)(?:\/(.*?)\*?)?$/.exec(arn);
          if (!match) continue;
          const [, bucket, prefix] = match;
          if (s3.some((g) => g.bucket === bucket)) continue;
          s3.push({
            bucket: bucket!,
            access: reads && writes ? 'read_write' : writes ? 'write' : 'read',
            ...(prefix ? { prefix } : {}),
          });
        }
      } else if (services.size === 1 && services.has('sqs')) {
        const names = resources
          .map((arn) => /^arn:aws[a-z-]*:sqs:[^:]+:\d{12}:(.+)$/.exec(arn)?.[1])
          .filter((n): n is string => n !== undefined);
        if (actions.some((a) => /SendMessage/.test(a))) sqsSend.push(...names.filter((n) => !sqsSend.includes(n)));
        if (actions.some((a) => /ReceiveMessage|DeleteMessage/.test(a)))
          sqsConsume.push(...names.filter((n) => !sqsConsume.includes(n)));
      } else if (services.size === 1 && services.has('kafka-cluster')) {
        for (const arn of resources) {
          const cluster = /^(arn:aws[a-z-]*:kafka:[^:]+:\d{12}:)cluster\/(.+)$/.exec(arn);
          const topic = /^(arn:aws[a-z-]*:kafka:[^:]+:\d{12}:)topic\/([^/]+\/[^/]+)\/(.+)$/.exec(arn);
          if (cluster) msk = { cluster_arn: arn, topics: msk?.topics ?? [] };
          else if (topic) {
            msk = {
              cluster_arn: msk?.cluster_arn ?? `${topic[1]}cluster/${topic[2]}`,
              topics: [...(msk?.topics ?? []), topic[3]!],
            };
          } else
            notes.warn(
              where,
              `roles.${key}: ${sid} grants Kafka on ${arn}; the job role settings name a cluster and its topics`,
            );
        }
      } else {
        notes.warn(
          where,
          `roles.${key}: ${sid} (${actions.join(', ')}) has no equivalent in the job role settings (S3, MSK, SQS); the new least-privilege policy does not grant it`,
        );
      }
    }
  }
  out.s3 = s3;
  if (msk && msk.topics.length > 0) out.msk = msk;
  else if (msk) notes.warn(where, `roles.${key}: the Kafka grant names no topic; the job role settings need one`);
  out.sqs_send = sqsSend;
  if (sqsConsume.length > 0) out.sqs_consume = sqsConsume;
  return out;
}
