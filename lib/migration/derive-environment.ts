import type * as z from 'zod';
import { ComputeEnvironmentSchema } from '../configuration/schemas/compute-environment-schema';
import { EnvironmentSettingsSchema } from '../configuration/schemas/environment-schema';
import { JobDefinitionSchema } from '../configuration/schemas/job-definition-schema';
import { JobQueueSchema } from '../configuration/schemas/job-queue-schema';
import { LaunchTemplateSchema } from '../configuration/schemas/launch-template-schema';
import { logGroupsSchemaFor } from '../configuration/schemas/log-groups-schema';
import { SchedulingPolicySchema } from '../configuration/schemas/scheduling-policy-schema';
import { expandPlaceholders } from '../configuration/placeholders';
import type { EnvironmentDraft } from './config-layers';
import { deriveBatch } from './derive-batch';
import { deriveIam } from './derive-iam';
import { deriveNetwork } from './derive-network';
import { deriveQueues } from './derive-queues';
import { deriveWorkflows } from './derive-workflows';
import { fitToSchema, type RefusedValue, valueAt } from './fit-to-schema';
import type { MigrationNotes } from './migration-notes';
import { PLATFORM_MODULES, type PlatformModule } from './platform-modules';
import { type ExistingResource, type RecognisedResource, recogniseResources } from './resource-roles';
import type { UnitStateRead } from './state-sources';
import { commonNamePrefix } from './terraform-names';
import type { TerragruntUnit } from './terragrunt-config';
import type { TerragruntEnvironment } from './terragrunt-tree';
import { translateHooks } from './translate-hooks';
import { translateRoot } from './translate-root';
import { assignUnits, type UnitAssignment } from './unit-assignment';

/**
 * One environment derived from its states: its settings draft, the files config/ needs, and how its units map onto
 * stacks.
 */
export interface DerivedEnvironment {
  /** Settings and batch-json files. */
  readonly draft: EnvironmentDraft;
  /** Files for config/ (user data), by name. */
  readonly configFiles: Readonly<Record<string, string>>;
  /** Every existing resource, recognised. */
  readonly resources: readonly RecognisedResource[];
  /** Which unit's state each stack takes over. */
  readonly assignment: UnitAssignment;
  /** What the schemas refused, by settings or batch-json file: kept as adopted instead. */
  readonly refused: readonly { readonly file: string; readonly values: readonly RefusedValue[] }[];
}

/** Collections the defaults never fill: a tree without such a resource gets none. */
const NEVER_FILLED = ['iam.job_roles', 'sqs.pipelines', 'step_functions.state_machines'];

/**
 * Derives one environment's configuration from its units' states, each resource by what it is
 * (lib/migration/resource-roles.ts), and from its Terragrunt files what states do not hold: the
 * backend, the generated provider (region, deploy role, default tags), the name prefix and
 * project, the hooks. A setting the states do not give and the schema requires comes from the
 * project's defaults (reported); what the schema does not accept is kept as adopted instead.
 */
export async function deriveEnvironment(
  environment: TerragruntEnvironment,
  reads: readonly UnitStateRead[],
  base: Readonly<Record<string, unknown>>,
  notes: MigrationNotes,
): Promise<DerivedEnvironment> {
  const where = `environment ${environment.name}`;
  const existing: ExistingResource[] = reads.flatMap((read) =>
    (read.state?.instances ?? []).map((instance) => ({ instance, unit: read.unit.relativePath })),
  );
  const resources = recogniseResources(existing);
  const assignment = assignUnits(
    environment.units.map((u) => u.relativePath),
    resources,
  );
  const root = await translateRoot(environment, notes);
  const names = resources
    .filter((r) => r.module)
    .map((r) => r.instance.attributes.name ?? r.instance.attributes.compute_environment_name)
    .filter((n): n is string => typeof n === 'string');
  const namePrefix = root.namePrefix ?? commonNamePrefix(names)?.toLowerCase();
  const project = root.project ?? namePrefix?.split('-')[0];

  const iam = deriveIam(resources, namePrefix, notes);
  const settings: Record<string, unknown> = {
    environment: environment.name,
    account: environment.account,
    region: root.region ?? environment.region,
    ...(root.accountId ? { account_id: root.accountId } : {}),
    ...(root.deployRoleArn ? { deploy_role_arn: root.deployRoleArn } : {}),
    ...(project ? { project } : {}),
    ...(namePrefix ? { name_prefix: namePrefix } : {}),
    tags: root.tags,
    state: { ...root.state },
    network: deriveNetwork(resources, notes),
    iam: iam.settings,
    ...(deriveQueues(resources, namePrefix, notes) ? { sqs: deriveQueues(resources, namePrefix, notes) } : {}),
    step_functions: deriveWorkflows(resources, namePrefix, thresholdInputs(environment.units), notes),
  };
  const batch = deriveBatch(resources, namePrefix, iam, notes);
  const takenOverUnits: Partial<Record<PlatformModule, TerragruntUnit>> = {};
  for (const [module, unit] of assignment.takenOver)
    takenOverUnits[module] = environment.units.find((u) => u.relativePath === unit)!;
  const hooks = translateHooks(takenOverUnits, notes);
  // A unit no stack takes over: its own hooks (not those it shares with the units that are) are not carried over.
  const carried = new Set(
    Object.values(takenOverUnits).flatMap((u) => u!.hooks.map((h) => `${h.file} ${h.block} ${h.name}`)),
  );
  for (const unit of environment.units.filter((u) => !Object.values(takenOverUnits).includes(u))) {
    const own = unit.hooks.filter((h) => !carried.has(`${h.file} ${h.block} ${h.name}`));
    if (own.length > 0)
      notes.warn(
        `${unit.relativePath}/terragrunt.hcl`,
        `its hooks (${own.map((h) => h.name).join(', ')}) are not translated: no stack takes over its state; ` +
          'add them under "hooks" with the modules they should run for',
      );
  }
  if (Object.keys(hooks).length > 0) settings.hooks = hooks;

  if (!settings.region)
    notes.warn(where, 'no region (region.hcl aws_region, or the generated provider): set "region" by hand');
  for (const module of PLATFORM_MODULES.filter((m) => !assignment.takenOver.has(m)))
    notes.info(
      where,
      `no unit's state holds the ${module} stack's main resources: the ${environment.name}-${module} stack starts ` +
        `with a new state`,
    );

  const scope = placeholderScope(settings, base);
  requireSpotFleetRole(batch.files, settings, base, scope, where, notes);
  const fill = (path: readonly (string | number)[]): unknown => {
    const at = path.join('.');
    if (NEVER_FILLED.some((p) => at === p)) return {};
    // The key template keeps its placeholders: each stack fills {module} with its own.
    if (at === 'state.key_template') return valueAt(base, path);
    const value = structuredClone(valueAt(base, defaultsPath(path, settings, base)));
    if (value === undefined) return undefined;
    for (const collection of NEVER_FILLED.filter((p) => p.startsWith(`${at}.`))) {
      const inner = valueAt(
        value,
        collection
          .slice(at.length + 1)
          .split('.')
          .slice(0, -1),
      );
      if (inner !== null && typeof inner === 'object')
        (inner as Record<string, unknown>)[collection.split('.').pop()!] = {};
    }
    let unfilled = false;
    const expanded = expandPlaceholders(value, scope, () => {
      unfilled = true;
    });
    if (unfilled) return undefined;
    notes.info(where, `${at}: the states do not give it; the project's default ${brief(expanded)} is used`);
    return expanded;
  };
  const refused: { file: string; values: RefusedValue[] }[] = [];
  const fittedSettings = fitToSchema(EnvironmentSettingsSchema, settings, fill);
  if (fittedSettings.refused.length > 0)
    refused.push({ file: `config/environments/${environment.name}.json`, values: [...fittedSettings.refused] });
  if (!fittedSettings.fits)
    notes.warn(
      where,
      'the settings derived from the states do not load: ' +
        problemsOf(EnvironmentSettingsSchema, fittedSettings.document),
    );

  const files: Record<string, Record<string, unknown>> = {};
  for (const [file, document] of Object.entries(batch.files)) {
    const schema = schemaOfBatchFile(file, document);
    const fitEntry = (doc: Record<string, unknown>, at: string): Record<string, unknown> => {
      const fitted = fitToSchema(schema, doc, (path) => batchFill(file, path));
      if (fitted.refused.length > 0) refused.push({ file: `batch-json/${file}${at}`, values: [...fitted.refused] });
      if (!fitted.fits)
        notes.warn(
          `batch-json/${file}${at}`,
          `derived from the states, it does not load: ${problemsOf(schema, fitted.document)}`,
        );
      return fitted.document;
    };
    const collection = Object.keys(document).length === 1 ? Object.keys(document)[0]! : undefined;
    if (collection && /^[a-z_]+s$/.test(collection) && file !== 'log-groups.json' && !file.endsWith('-job.json'))
      files[file] = {
        [collection]: Object.fromEntries(
          Object.entries(document[collection] as Record<string, Record<string, unknown>>).map(([key, doc]) => [
            key,
            fitEntry(doc, `: ${collection}.${key}`),
          ]),
        ),
      };
    else files[file] = fitEntry(document, '');
  }
  return {
    draft: {
      name: environment.name,
      account: environment.account,
      region: String(fittedSettings.document.region ?? ''),
      settings: fittedSettings.document,
      batchJson: files,
    },
    configFiles: batch.configFiles,
    resources,
    assignment,
    refused,
  };
}

/**
 * Where the project's defaults have a value for a path: an entry of a collection (a state
 * machine, a job role, a pipeline) takes its missing fields from the defaults' entry of the same
 * pattern, or their first, whatever its key is.
 */
function defaultsPath(
  path: readonly (string | number)[],
  settings: Readonly<Record<string, unknown>>,
  base: Readonly<Record<string, unknown>>,
): readonly (string | number)[] {
  const collection = NEVER_FILLED.map((c) => c.split('.')).find(
    (c) => path.length > c.length + 1 && c.every((step, i) => path[i] === step),
  );
  if (!collection) return path;
  const entries = (valueAt(base, collection) ?? {}) as Record<string, Record<string, unknown>>;
  const pattern = (valueAt(settings, path.slice(0, collection.length + 1)) as { pattern?: unknown } | undefined)
    ?.pattern;
  const key =
    Object.keys(entries).find((k) => entries[k]!.pattern !== undefined && entries[k]!.pattern === pattern) ??
    Object.keys(entries)[0];
  return key === undefined ? path : [...collection, key, ...path.slice(collection.length + 1)];
}

/**
 * The stack gives every SPOT compute environment a Spot Fleet role: one that has none (AWS Batch
 * needs none with the SPOT_*_OPTIMIZED strategies) makes the iam stack create the project's,
 * which the compute environment does not use (its own setting, none, is kept as adopted).
 */
function requireSpotFleetRole(
  files: Readonly<Record<string, Record<string, unknown>>>,
  settings: Record<string, unknown>,
  base: Readonly<Record<string, unknown>>,
  scope: { values: Record<string, string> },
  where: string,
  notes: MigrationNotes,
): void {
  const document = files['compute-environment.json'];
  if (!document) return;
  const environments = (
    document.compute_environments ? Object.values(document.compute_environments as object) : [document]
  ) as { compute_resources?: { type?: string; spot_iam_fleet_role?: string } }[];
  const iam = settings.iam as Record<string, unknown>;
  if (
    iam.spot_fleet_role_name !== undefined ||
    !environments.some((ce) => ce.compute_resources?.type === 'SPOT' && !ce.compute_resources.spot_iam_fleet_role)
  )
    return;
  const name = expandPlaceholders(valueAt(base, ['iam', 'spot_fleet_role_name']), scope, () => undefined);
  if (typeof name !== 'string') return;
  iam.spot_fleet_role_name = name;
  notes.info(
    where,
    `iam.spot_fleet_role_name: a SPOT compute environment has no Spot Fleet role, and the stack gives it one: the ` +
      `iam stack creates ${name}, unused until you drop the kept spot_iam_fleet_role`,
  );
}

/** The numeric inputs that name a threshold: what a router module was told, to check against its definition. */
function thresholdInputs(units: readonly TerragruntUnit[]): { where: string; value: number }[] {
  return units.flatMap((unit) =>
    Object.entries(unit.inputs)
      .filter(([key, value]) => /threshold/i.test(key) && typeof value === 'number')
      .map(([key, value]) => ({ where: `${unit.relativePath}/terragrunt.hcl: inputs.${key}`, value: value as number })),
  );
}

function schemaOfBatchFile(file: string, document: unknown): z.ZodType {
  if (file === 'launch-template.json') return LaunchTemplateSchema;
  if (file === 'compute-environment.json') return ComputeEnvironmentSchema;
  if (file === 'job-queue.json') return JobQueueSchema;
  if (file === 'scheduling-policy.json') return SchedulingPolicySchema;
  if (file === 'log-groups.json') return logGroupsSchemaFor(document).schema;
  return JobDefinitionSchema;
}

/**
 * What stands in for a required batch-json value the existing resource does not have (or the
 * schema refuses): a value the schema takes, kept back to the existing one as adopted, so the
 * first plan does not change it.
 */
function batchFill(file: string, path: readonly (string | number)[]): unknown {
  const last = path[path.length - 1];
  if (file === 'launch-template.json') {
    if (last === 'metadata_options')
      return { http_endpoint: 'enabled', http_tokens: 'required', http_put_response_hop_limit: 1 };
    if (last === 'http_endpoint') return 'enabled';
    if (last === 'http_tokens') return 'required';
    if (last === 'http_put_response_hop_limit') return 1;
    if (last === 'monitoring') return { enabled: false };
    if (last === 'block_device_mappings')
      return [
        {
          device_name: '/dev/xvda',
          ebs: { volume_size: 30, volume_type: 'gp3', encrypted: true, delete_on_termination: true },
        },
      ];
    if (last === 'encrypted' || last === 'delete_on_termination') return true;
  }
  if (file === 'log-groups.json' && last === 'retention_in_days') return 30;
  if (file === 'compute-environment.json') {
    if (last === 'min_vcpus') return 0;
    if (last === 'instance_types') return ['default_x86_64'];
  }
  return undefined;
}

/** What placeholders in the project's defaults expand to for this environment. */
function placeholderScope(
  settings: Readonly<Record<string, unknown>>,
  base: Readonly<Record<string, unknown>>,
): { values: Record<string, string> } {
  const values: Record<string, string> = {};
  for (const key of ['environment', 'account', 'account_id', 'region', 'project'])
    if (typeof settings[key] === 'string') values[key] = settings[key] as string;
  if (typeof settings.name_prefix === 'string') values.prefix = settings.name_prefix;
  for (const [name, value] of Object.entries((base.variables as Record<string, string> | undefined) ?? {}))
    values[name] = value;
  return { values };
}

function problemsOf(schema: z.ZodType, document: unknown): string {
  const result = schema.safeParse(document);
  if (result.success) return 'none';
  return result.error.issues
    .slice(0, 5)
    .map((i) => `${i.path.join('.') || '(the document)'}: ${i.message}`)
    .join('; ');
}

function brief(value: unknown): string {
  const text = JSON.stringify(value);
  return text.length > 100 ? `${text.slice(0, 97)}...` : text;
}
