import type { MigrationNotes } from './migration-notes';
import { managedPolicyArnsByRole, parseJson, type RecognisedResource } from './resource-roles';
import { TerraformNames } from './terraform-names';

/** The iam settings an environment's existing roles give, and what other settings need of them. */
export interface DerivedIam {
  /** config: iam (no execution_role_name when no execution role exists: the defaults give one). */
  readonly settings: Record<string, unknown>;
  /** The Batch roles the iam stack keeps, by what they are, for the compute environments. */
  readonly platformRoles: {
    readonly serviceRole?: string;
    readonly instanceRole?: string;
    readonly spotFleetRole?: string;
  };
}

/** The AWS managed policy the iam stack attaches to each of its Batch roles itself. */
const OWN_POLICIES: Readonly<Record<string, RegExp>> = {
  batch_service_role: /:policy\/service-role\/AWSBatchServiceRole$/,
  batch_instance_role: /:policy\/service-role\/AmazonEC2ContainerServiceforEC2Role$/,
  spot_fleet_role: /:policy\/service-role\/AmazonEC2SpotFleetTaggingRole$/,
  execution_role: /:policy\/service-role\/AmazonECSTaskExecutionRolePolicy$/,
};

/** Where a resource is, for notes: its unit and address. */
export function whereIs(resource: RecognisedResource): string {
  return `${resource.unit}: ${resource.instance.address}`;
}

/**
 * The iam settings from the existing roles, each recognised by what it is: their exact names and
 * path, the managed policies attached beyond the one the iam stack attaches itself (kept attached
 * and managed as additional_policy_arns), and each job role's grants read from its inline policy.
 */
export function deriveIam(
  resources: readonly RecognisedResource[],
  prefix: string | undefined,
  notes: MigrationNotes,
): DerivedIam {
  const roles = resources.filter((r) => r.instance.type === 'aws_iam_role' && r.role);
  const attached = managedPolicyArnsByRole(resources);
  const settings: Record<string, unknown> = {};
  const additional: Record<string, string[]> = {};
  const paths = roles.map((r) => String(r.instance.attributes.path ?? '/'));
  settings.path = mostCommon(paths) ?? '/';
  const boundaries = [...new Set(roles.map((r) => r.instance.attributes.permissions_boundary ?? ''))];
  if (boundaries.length === 1 && typeof boundaries[0] === 'string' && boundaries[0] !== '')
    settings.permissions_boundary_arn = boundaries[0];

  const single = (kind: string, field: string, own: string): string | undefined => {
    const found = roles.filter((r) => r.role === kind);
    for (const extra of found.slice(1))
      notes.warn(
        whereIs(extra),
        `a second ${kind.replace(/-/g, ' ')} (${String(extra.instance.attributes.name)}); the iam stack has one ` +
          `(${String(found[0]!.instance.attributes.name)}): this one stays in AWS, no longer managed`,
      );
    const role = found[0];
    if (!role) return undefined;
    const name = role.instance.attributes.name as string;
    settings[field] = name;
    const extra = (attached.get(name) ?? []).filter((arn) => !OWN_POLICIES[own]!.test(arn));
    if (extra.length > 0) additional[own] = extra;
    return name;
  };
  const serviceRole = single('batch-service-role', 'batch_service_role_name', 'batch_service_role');
  const instanceRole = single('batch-instance-role', 'batch_instance_role_name', 'batch_instance_role');
  const spotFleetRole = single('spot-fleet-role', 'spot_fleet_role_name', 'spot_fleet_role');
  single('execution-role', 'execution_role_name', 'execution_role');
  if (Object.keys(additional).length > 0) settings.additional_policy_arns = additional;

  const names = new TerraformNames(prefix);
  const jobRoles: Record<string, unknown> = {};
  for (const role of roles.filter((r) => r.role === 'job-role')) {
    const name = role.instance.attributes.name as string;
    const key = names.of(name, 'job_role');
    jobRoles[key] = {
      ...grantsOf(role, inlinePolicies(resources, name), notes),
      ...((attached.get(name) ?? []).length > 0 ? { additional_policy_arns: attached.get(name) } : {}),
    };
  }
  settings.job_roles = jobRoles;
  return {
    settings,
    platformRoles: {
      ...(serviceRole ? { serviceRole } : {}),
      ...(instanceRole ? { instanceRole } : {}),
      ...(spotFleetRole ? { spotFleetRole } : {}),
    },
  };
}

/** The inline policy documents of a role, however the state records them. */
export function inlinePolicies(resources: readonly RecognisedResource[], roleName: string): string[] {
  const documents: string[] = [];
  for (const r of resources) {
    const a = r.instance.attributes;
    if (r.instance.type === 'aws_iam_role_policy' && (a.role === roleName || String(a.role).endsWith(`/${roleName}`)))
      documents.push(String(a.policy));
    if (r.instance.type === 'aws_iam_role' && a.name === roleName)
      for (const block of (a.inline_policy as { policy?: string }[] | undefined) ?? [])
        if (block.policy) documents.push(block.policy);
  }
  return [...new Set(documents)];
}

interface PolicyStatementJson {
  readonly Sid?: string;
  readonly Effect?: string;
  readonly Action?: string | string[];
  readonly Resource?: string | string[];
  readonly Condition?: unknown;
}

/**
 * A job role's grants (S3, SQS, MSK) read from its inline policies. What maps to no grant is a
 * note: the role's inline policy is adopted as it is, so nothing is lost, but the least-privilege
 * policy the stack would generate instead would not grant it.
 */
function grantsOf(
  role: RecognisedResource,
  documents: readonly string[],
  notes: MigrationNotes,
): Record<string, unknown> {
  const out: Record<string, unknown> = { name: role.instance.attributes.name };
  const s3: { bucket: string; access: string; prefix?: string }[] = [];
  const sqsSend: string[] = [];
  const sqsConsume: string[] = [];
  let msk: { cluster_arn: string; topics: string[] } | undefined;
  const statements = documents.flatMap((document) => {
    const parsed = parseJson(document) as { Statement?: PolicyStatementJson | PolicyStatementJson[] } | undefined;
    return ([] as PolicyStatementJson[]).concat(parsed?.Statement ?? []);
  });
  const untranslated: string[] = [];
  for (const statement of statements) {
    const actions = ([] as string[]).concat(statement.Action ?? []);
    const resources = ([] as string[]).concat(statement.Resource ?? []);
    const sid = statement.Sid ?? actions.join(', ');
    if (statement.Effect !== 'Allow' || statement.Condition !== undefined) {
      untranslated.push(sid);
      continue;
    }
    const services = new Set(actions.map((a) => a.split(':')[0]));
    if (services.size === 1 && services.has('s3')) {
      const reads = actions.some((a) => /^s3:(Get|List|\*)/.test(a));
      const writes = actions.some((a) => /^s3:(Put|Delete|AbortMultipartUpload|\*)/.test(a));
      for (const arn of resources) {
        const match = /^arn:aws[a-z-]*:s3:::([^/*]+)(?:\/(.*?)\*?)?$/.exec(arn);
        if (!match) continue;
        const [, bucket, prefix] = match;
        const existing = s3.find((g) => g.bucket === bucket);
        const access = reads && writes ? 'read_write' : writes ? 'write' : 'read';
        if (existing) {
          if (existing.access !== access) existing.access = 'read_write';
          continue;
        }
        s3.push({ bucket: bucket!, access, ...(prefix ? { prefix } : {}) });
      }
    } else if (services.size === 1 && services.has('sqs')) {
      const queues = resources
        .map((arn) => /^arn:aws[a-z-]*:sqs:[^:]+:\d{12}:([A-Za-z0-9_-]+)$/.exec(arn)?.[1])
        .filter((n): n is string => n !== undefined);
      if (actions.some((a) => /SendMessage|sqs:\*/.test(a)))
        sqsSend.push(...queues.filter((n) => !sqsSend.includes(n)));
      if (actions.some((a) => /ReceiveMessage|DeleteMessage|sqs:\*/.test(a)))
        sqsConsume.push(...queues.filter((n) => !sqsConsume.includes(n)));
    } else if (services.size === 1 && services.has('kafka-cluster')) {
      for (const arn of resources) {
        const cluster = /^(arn:aws[a-z-]*:kafka:[^:]+:\d{12}:)cluster\/([^/]+\/[^/]+)$/.exec(arn);
        const topic = /^(arn:aws[a-z-]*:kafka:[^:]+:\d{12}:)topic\/([^/]+\/[^/]+)\/(.+)$/.exec(arn);
        if (cluster) msk = { cluster_arn: arn, topics: msk?.topics ?? [] };
        else if (topic && topic[3] !== '*')
          msk = {
            cluster_arn: msk?.cluster_arn ?? `${topic[1]}cluster/${topic[2]}`,
            topics: [...(msk?.topics ?? []), topic[3]!],
          };
      }
    } else {
      untranslated.push(sid);
    }
  }
  if (untranslated.length > 0)
    notes.info(
      whereIs(role),
      `the statements ${untranslated.join('; ')} of its inline policy are no S3, SQS or MSK grant of the job role ` +
        `settings: the inline policy is kept as it is, but the least-privilege policy the stack generates would ` +
        `not grant them`,
    );
  out.s3 = s3;
  if (msk && msk.topics.length > 0) out.msk = msk;
  out.sqs_send = sqsSend;
  if (sqsConsume.length > 0) out.sqs_consume = sqsConsume;
  return out;
}

function mostCommon(values: readonly string[]): string | undefined {
  const counts = new Map<string, number>();
  for (const v of values) counts.set(v, (counts.get(v) ?? 0) + 1);
  return [...counts].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))[0]?.[0];
}
