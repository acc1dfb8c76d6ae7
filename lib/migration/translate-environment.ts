import type { EnvironmentDraft } from './config-layers';
import type { OutputNames } from './dependency-outputs';
import type { MigrationNotes } from './migration-notes';
import { translateBatch } from './translate-batch';
import { translateHooks } from './translate-hooks';
import { translateIam } from './translate-iam';
import { translateRoot } from './translate-root';
import { translateSecurityGroup } from './translate-security-group';
import { translateSqs } from './translate-sqs';
import { translateStepFunction } from './translate-step-function';
import { PLATFORM_MODULES, type PlatformModule, type TerragruntEnvironment } from './terragrunt-tree';

/** One environment translated: its settings draft, the files config/ needs, and each unit's state key. */
export interface TranslatedEnvironment {
  /** Settings and batch-json files. */
  readonly draft: EnvironmentDraft;
  /** Files for config/, by name (user data). */
  readonly configFiles: Readonly<Record<string, string>>;
  /** The state key each unit wrote (remote_state key), by module. */
  readonly unitStateKeys: Readonly<Partial<Record<PlatformModule, string>>>;
}

/** Sections filled from the project's own defaults when the tree has no unit for them, by module. */
const SECTIONS: Readonly<Record<string, PlatformModule>> = {
  iam: 'iam',
  network: 'security-group',
  sqs: 'sqs',
  step_functions: 'step-function',
};

/**
 * Translates one environment's units, module by module, into the project's settings; what the
 * tree does not say comes from the project's defaults (`base`, its config/defaults.json), and
 * each such fill is reported.
 */
export async function translateEnvironment(
  environment: TerragruntEnvironment,
  base: Readonly<Record<string, unknown>>,
  modulesByDir: ReadonlyMap<string, PlatformModule>,
  notes: MigrationNotes,
): Promise<TranslatedEnvironment> {
  const where = `environment ${environment.name}`;
  const root = await translateRoot(environment, notes);
  const units = environment.units;
  const iam = units.iam ? translateIam(units.iam, notes) : undefined;
  const jobRoles = Object.keys(iam?.jobRoleKeys ?? {});
  const names: OutputNames = {
    modulesByDir,
    iamRoles: iam?.roleOutputs ?? {},
    // terraform-aws-iam-roles' job_role_arn output is its "batch_job" role.
    ...(jobRoles.includes('batch_job')
      ? { jobRoleKey: 'batch_job' }
      : jobRoles.length === 1
        ? { jobRoleKey: jobRoles[0]! }
        : {}),
    jobDefinitionNames: {},
  };
  const batch = units.batch ? translateBatch(units.batch, names, notes) : undefined;
  const allNames: OutputNames = { ...names, ...(batch?.names ?? {}) };
  const hooks = translateHooks(units, notes);

  const settings: Record<string, unknown> = {
    environment: environment.name,
    account: environment.account,
    region: root.region ?? environment.region,
    ...(root.accountId ? { account_id: root.accountId } : {}),
    ...(root.deployRoleArn ? { deploy_role_arn: root.deployRoleArn } : {}),
    ...(root.project ? { project: root.project } : {}),
    ...(root.namePrefix ? { name_prefix: root.namePrefix } : {}),
    tags: root.tags,
    state: { ...root.state },
    network: {
      ...(units['security-group'] ? translateSecurityGroup(units['security-group'], notes) : {}),
      ...(batch?.subnetIds ? { private_subnet_ids: batch.subnetIds } : {}),
    },
    ...(iam ? { iam: { path: '/', ...iam.settings } } : {}),
    ...(units.sqs ? { sqs: translateSqs(units.sqs, notes) } : {}),
    ...(units['step-function']
      ? { step_functions: translateStepFunction(units['step-function'], allNames, notes) }
      : {}),
    ...(batch && Object.keys(batch.overrides).length > 0 ? { batch_json: batch.overrides } : {}),
    ...(Object.keys(hooks).length > 0 ? { hooks } : {}),
  };
  if (!settings.region)
    notes.warn(where, 'no region (region.hcl aws_region, or the generated provider): set "region" by hand');
  for (const module of PLATFORM_MODULES.filter((m) => !units[m]))
    notes.info(
      where,
      `no ${module} unit: the ${environment.name}-${module} stack starts with an empty state and creates its resources from the project's defaults`,
    );
  fillFromBase(settings, base, units, where, notes);

  const unitStateKeys: Partial<Record<PlatformModule, string>> = {};
  for (const module of PLATFORM_MODULES) {
    const key = units[module]?.remoteState?.config.key;
    if (typeof key === 'string') unitStateKeys[module] = key;
  }
  const state = settings.state as Record<string, unknown>;
  const keys = exactKeys(unitStateKeys, state.key_template as string, settings, environment.name);
  if (Object.keys(keys).length > 0) {
    state.keys = keys;
    notes.info(
      where,
      `state.keys: the key template cannot reproduce the keys of ${Object.keys(keys).join(', ')} (unit folders named unlike the modules); their exact keys are kept, so each stack takes over its unit's state`,
    );
  }
  return {
    draft: {
      name: environment.name,
      account: environment.account,
      region: String(settings.region ?? ''),
      settings,
      batchJson: batch?.files ?? {},
    },
    configFiles: batch?.configFiles ?? {},
    unitStateKeys,
  };
}

/** Missing settings from the project's defaults: whole sections of absent units, single fields elsewhere. */
function fillFromBase(
  settings: Record<string, unknown>,
  base: Readonly<Record<string, unknown>>,
  units: TerragruntEnvironment['units'],
  where: string,
  notes: MigrationNotes,
): void {
  let usedVariables = false;
  for (const [key, value] of Object.entries(base)) {
    if (
      ['environment', 'account', 'region', 'account_id', 'deploy_role_arn', 'batch_json', 'variables', 'tags'].includes(
        key,
      )
    )
      continue;
    const module = SECTIONS[key];
    if (settings[key] === undefined || (module && !units[module] && key !== 'network')) {
      settings[key] = structuredClone(value);
      usedVariables = true;
      notes.info(where, `${key}: not in the Terragrunt tree; the project's default is used`);
    } else if (isObject(settings[key]) && isObject(value)) {
      usedVariables = fillFields(settings[key] as Record<string, unknown>, value, key, where, notes) || usedVariables;
    }
  }
  // Defaults may name variables ({data_bucket}); they come along when a default does.
  if (usedVariables && isObject(base.variables))
    settings.variables = {
      ...(base.variables as Record<string, unknown>),
      ...(settings.variables as Record<string, unknown> | undefined),
    };
  else settings.variables ??= {};
}

/** Collections the translation gave whole are kept whole; other missing fields come from the defaults. */
function fillFields(
  target: Record<string, unknown>,
  base: Record<string, unknown>,
  path: string,
  where: string,
  notes: MigrationNotes,
): boolean {
  const wholeCollections = [
    'iam.job_roles',
    'sqs.pipelines',
    'step_functions.state_machines',
    'network.batch_security_group.egress',
    'state.keys',
  ];
  let filled = false;
  for (const [key, value] of Object.entries(base)) {
    const at = `${path}.${key}`;
    if (target[key] === undefined) {
      if (at === 'state.keys') continue;
      target[key] = structuredClone(value);
      filled = true;
      notes.info(where, `${at}: not in the Terragrunt tree; the project's default ${JSON.stringify(value)} is used`);
    } else if (!wholeCollections.includes(at) && isObject(target[key]) && isObject(value)) {
      filled = fillFields(target[key] as Record<string, unknown>, value, at, where, notes) || filled;
    }
  }
  return filled;
}

/** The units whose key the template does not reproduce, with their exact keys. */
function exactKeys(
  unitKeys: Partial<Record<PlatformModule, string>>,
  template: string,
  settings: Record<string, unknown>,
  environment: string,
): Record<string, string> {
  const values: Record<string, string> = {
    environment,
    account: String(settings.account ?? ''),
    account_id: String(settings.account_id ?? ''),
    region: String(settings.region ?? ''),
    project: String(settings.project ?? ''),
    prefix: String(settings.name_prefix ?? ''),
  };
  const out: Record<string, string> = {};
  for (const [module, key] of Object.entries(unitKeys)) {
    const rendered = template.replace(/\{([a-z_]+)\}/g, (_whole, name: string) =>
      name === 'module' ? module : (values[name] ?? ''),
    );
    if (rendered !== key) out[module] = key!;
  }
  return out;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}
