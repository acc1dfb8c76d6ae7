import { type DerivedIam, whereIs } from './derive-iam';
import type { MigrationNotes } from './migration-notes';
import { firstBlock, isCustomServiceRole, nameOfArn, parseJson, type RecognisedResource } from './resource-roles';
import { TerraformNames } from './terraform-names';

/** The batch-json files of an environment, derived from its existing Batch resources. */
export interface DerivedBatch {
  /** batch-json files by name, in the loader's format (Terraform argument names, AWS's inside the JSON properties). */
  readonly files: Readonly<Record<string, Record<string, unknown>>>;
  /** Files for config/ (user data), by name. */
  readonly configFiles: Readonly<Record<string, string>>;
}

type Attributes = Readonly<Record<string, unknown>>;

/** Values the state records for arguments never given: left out of the files. */
function isUnset(value: unknown): boolean {
  return (
    value === null ||
    value === undefined ||
    value === '' ||
    (Array.isArray(value) && value.length === 0) ||
    (typeof value === 'object' && value !== null && !Array.isArray(value) && Object.keys(value).length === 0)
  );
}

/** An object without its unset values, recursively (blocks as the state records them: lists of one). */
function compact(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(compact).filter((v) => !isUnset(v));
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) {
      const c = compact(v);
      if (!isUnset(c)) out[k] = c;
    }
    return out;
  }
  return value;
}

/** A block the state records as a list of one, as the object batch-json writes. */
function block(value: unknown): Record<string, unknown> | undefined {
  const first = firstBlock(value);
  if (!first) return undefined;
  const c = compact(first) as Record<string, unknown>;
  return Object.keys(c).length > 0 ? c : undefined;
}

/**
 * The batch-json files from the existing Batch resources: every launch template, compute
 * environment, job queue, scheduling policy, job log group and job definition, with every
 * argument as the state records it (job definitions' container properties as registered). A
 * resource whose file the loader reads as one object is written so; several become the file's
 * collection, keyed by Terraform name. What the schema does not take is left to the caller.
 */
export function deriveBatch(
  resources: readonly RecognisedResource[],
  prefix: string | undefined,
  iam: DerivedIam,
  notes: MigrationNotes,
): DerivedBatch {
  const files: Record<string, Record<string, unknown>> = {};
  const configFiles: Record<string, string> = {};
  const byRole = (role: string): RecognisedResource[] => resources.filter((r) => r.role === role);
  // Construct ids are unique across the stack: a job definition and its log group may not share one.
  const names = new TerraformNames(prefix);
  const collection = (file: string, key: string, docs: [string, Record<string, unknown>][]): void => {
    if (docs.length === 0) return;
    files[file] =
      docs.length === 1 ? { terraform_name: docs[0]![0], ...docs[0]![1] } : { [key]: Object.fromEntries(docs) };
  };

  const templates = byRole('launch-template');
  const templateDocs = templates.map((t): [string, Record<string, unknown>] => {
    const name = names.of(String(t.instance.attributes.name), 'launch_template');
    return [name, launchTemplateOf(t, name, configFiles, notes)];
  });
  collection('launch-template.json', 'launch_templates', templateDocs);

  const environments = byRole('compute-environment');
  const environmentDocs = environments.map((ce): [string, Record<string, unknown>] => [
    names.of(String(ce.instance.attributes.compute_environment_name), 'compute_environment'),
    computeEnvironmentOf(ce, templates, resources, iam),
  ]);
  collection('compute-environment.json', 'compute_environments', environmentDocs);

  const policies = byRole('scheduling-policy');
  collection(
    'scheduling-policy.json',
    'scheduling_policies',
    policies.map((p) => [
      names.of(String(p.instance.attributes.name), 'scheduling_policy'),
      compact({
        name: p.instance.attributes.name,
        fair_share_policy: block(p.instance.attributes.fair_share_policy) ?? {},
        tags: p.instance.attributes.tags,
      }) as Record<string, unknown>,
    ]),
  );

  const ceName = new Map(
    environments.map((ce) => [ce.instance.attributes.arn, ce.instance.attributes.compute_environment_name]),
  );
  const policyName = new Map(policies.map((p) => [p.instance.attributes.arn, p.instance.attributes.name]));
  collection(
    'job-queue.json',
    'job_queues',
    byRole('job-queue').map((q) => {
      const a = q.instance.attributes;
      const order = ((a.compute_environment_order as Attributes[] | undefined) ?? []).map((o) => ({
        order: o.order,
        compute_environment: ceName.get(o.compute_environment) ?? o.compute_environment,
      }));
      for (const entry of order.filter(
        (o) => !environments.some((ce) => ce.instance.attributes.compute_environment_name === o.compute_environment),
      ))
        notes.warn(
          whereIs(q),
          `the queue's compute environment ${String(entry.compute_environment)} is in no state of this environment: ` +
            `name it in job-queue.json by hand`,
        );
      return [
        names.of(String(a.name), 'job_queue'),
        compact({
          name: a.name,
          state: a.state,
          priority: a.priority,
          compute_environment_order: order,
          scheduling_policy: policyName.get(a.scheduling_policy_arn) ?? undefined,
          job_state_time_limit_action: a.job_state_time_limit_action,
          tags: a.tags,
        }) as Record<string, unknown>,
      ];
    }),
  );

  for (const job of byRole('job-definition')) {
    const a = job.instance.attributes;
    const key = names.of(String(a.name), 'job');
    files[`${key.replace(/_/g, '-')}-job.json`] = { terraform_name: key, ...jobDefinitionOf(a) };
  }
  const logGroups = byRole('job-log-group');
  if (logGroups.length > 0)
    files['log-groups.json'] = {
      log_groups: Object.fromEntries(
        logGroups.map((g) => {
          const a = g.instance.attributes;
          return [
            names.of(String(a.name), 'log_group'),
            compact({
              name: a.name,
              retention_in_days: a.retention_in_days,
              kms_key_id: a.kms_key_id,
              log_group_class: a.log_group_class === 'STANDARD' ? undefined : a.log_group_class,
              tags: a.tags,
            }),
          ];
        }),
      ),
    };

  return { files, configFiles };
}

function launchTemplateOf(
  template: RecognisedResource,
  terraformName: string,
  configFiles: Record<string, string>,
  notes: MigrationNotes,
): Record<string, unknown> {
  const a = template.instance.attributes;
  const doc: Record<string, unknown> = {
    name: a.name,
    description: a.description,
    ebs_optimized: a.ebs_optimized === 'true' ? true : a.ebs_optimized === 'false' ? false : undefined,
    metadata_options: block(a.metadata_options),
    block_device_mappings: ((a.block_device_mappings as Attributes[] | undefined) ?? []).map((m) => {
      const ebs = block(m.ebs) ?? {};
      return compact({
        device_name: m.device_name,
        no_device: m.no_device,
        virtual_name: m.virtual_name,
        ebs: {
          ...ebs,
          ...(ebs.encrypted !== undefined ? { encrypted: ebs.encrypted === 'true' || ebs.encrypted === true } : {}),
          ...(ebs.delete_on_termination !== undefined
            ? { delete_on_termination: ebs.delete_on_termination === 'true' || ebs.delete_on_termination === true }
            : {}),
          ...(ebs.iops === 0 ? { iops: undefined } : {}),
          ...(ebs.throughput === 0 ? { throughput: undefined } : {}),
        },
      });
    }),
    monitoring: block(a.monitoring),
    image_id: a.image_id,
    instance_type: a.instance_type,
    key_name: a.key_name,
    vpc_security_group_ids: a.vpc_security_group_ids,
    iam_instance_profile: block(a.iam_instance_profile),
    tag_specifications: a.tag_specifications,
    tags: a.tags,
  };
  // Instances and volumes tagged alike: the settings' instance_tags.
  const specifications = (a.tag_specifications as { resource_type?: string; tags?: Record<string, string> }[]) ?? [];
  const instanceTags = specifications.find((s) => s.resource_type === 'instance')?.tags;
  if (
    instanceTags &&
    specifications.length === 2 &&
    JSON.stringify(specifications.find((s) => s.resource_type === 'volume')?.tags) === JSON.stringify(instanceTags)
  ) {
    doc.instance_tags = instanceTags;
    delete doc.tag_specifications;
  }
  if (typeof a.user_data === 'string' && a.user_data !== '') {
    const bytes = Buffer.from(a.user_data, 'base64');
    const text = bytes.toString('utf8');
    if (Buffer.from(text, 'utf8').equals(bytes) && bytes.toString('base64') === a.user_data) {
      const file = `${terraformName}_user_data.txt`;
      configFiles[file] = text;
      doc.user_data_file = file;
    } else {
      notes.info(
        whereIs(template),
        'the user data is not UTF-8 text (compressed?): it is kept as it is, not written to a file under config/',
      );
    }
  }
  return compact(doc) as Record<string, unknown>;
}

function computeEnvironmentOf(
  ce: RecognisedResource,
  templates: readonly RecognisedResource[],
  resources: readonly RecognisedResource[],
  iam: DerivedIam,
): Record<string, unknown> {
  const a = ce.instance.attributes;
  const cr = firstBlock(a.compute_resources);
  const serviceRole = a.service_role;
  const roles = iam.platformRoles;
  const doc: Record<string, unknown> = {
    compute_environment_name: a.compute_environment_name,
    fixed_name: true,
    type: a.type,
    state: a.state,
    service_role: !isCustomServiceRole(serviceRole)
      ? 'service_linked'
      : nameOfArn(serviceRole) === roles.serviceRole
        ? 'platform'
        : serviceRole,
    update_policy: block(a.update_policy),
    tags: a.tags,
  };
  if (cr) {
    const lt = firstBlock(cr.launch_template);
    const template = templates.find(
      (t) =>
        (lt?.launch_template_id && t.instance.attributes.id === lt.launch_template_id) ||
        (lt?.launch_template_name && t.instance.attributes.name === lt.launch_template_name),
    );
    // The platform's instance profile is the one of the platform's instance role, whatever its own name.
    const profile = resources.find(
      (r) =>
        r.instance.type === 'aws_iam_instance_profile' &&
        (r.instance.attributes.arn === cr.instance_role || r.instance.attributes.name === nameOfArn(cr.instance_role)),
    );
    const instanceProfileRole = profile
      ? (nameOfArn(profile.instance.attributes.role) ?? profile.instance.attributes.role)
      : undefined;
    doc.compute_resources = compact({
      type: cr.type,
      allocation_strategy: cr.allocation_strategy,
      bid_percentage: cr.type === 'SPOT' ? cr.bid_percentage : undefined,
      min_vcpus: cr.min_vcpus,
      max_vcpus: cr.max_vcpus,
      desired_vcpus: cr.desired_vcpus,
      instance_types: cr.instance_type,
      launch_template: lt
        ? template
          ? { launch_template_name: template.instance.attributes.name }
          : { launch_template_id: lt.launch_template_id, version: lt.version }
        : undefined,
      ec2_configuration: ((cr.ec2_configuration as Attributes[] | undefined) ?? []).map((c) => compact(c)),
      ec2_key_pair: cr.ec2_key_pair,
      placement_group: cr.placement_group,
      instance_role:
        cr.instance_role && instanceProfileRole !== undefined && instanceProfileRole === roles.instanceRole
          ? undefined
          : cr.instance_role,
      spot_iam_fleet_role:
        cr.type === 'SPOT' && nameOfArn(cr.spot_iam_fleet_role) !== roles.spotFleetRole
          ? cr.spot_iam_fleet_role
          : undefined,
      tags: cr.tags,
    });
  }
  return compact(doc) as Record<string, unknown>;
}

function jobDefinitionOf(a: Attributes): Record<string, unknown> {
  const retry = firstBlock(a.retry_strategy);
  return compact({
    name: a.name,
    type: a.type,
    platform_capabilities: a.platform_capabilities,
    propagate_tags: a.propagate_tags,
    parameters: a.parameters,
    scheduling_priority: a.scheduling_priority === 0 ? undefined : a.scheduling_priority,
    retry_strategy: retry
      ? {
          attempts: retry.attempts,
          evaluate_on_exit: ((retry.evaluate_on_exit as Attributes[] | undefined) ?? []).map((e) => compact(e)),
        }
      : undefined,
    timeout: block(a.timeout),
    deregister_on_new_revision: a.deregister_on_new_revision,
    container_properties: compact(parseJson(a.container_properties)),
    ecs_properties: compact(parseJson(a.ecs_properties)),
    node_properties: compact(parseJson(a.node_properties)),
    tags: a.tags,
  }) as Record<string, unknown>;
}
