import { parse } from '@cdktf/hcl2json';
import { Untranslatable } from './hcl-values';
import type { MigrationNotes } from './migration-notes';
import type { TerragruntUnit } from './terragrunt-config';
import type { TerragruntEnvironment } from './terragrunt-tree';

/** What the root terragrunt.hcl, account.hcl and region.hcl give every stack of an environment. */
export interface RootSettings {
  /** config: project. */
  readonly project?: string;
  /** config: name_prefix (the literal prefix, such as gss-dev), when an input or local gives it. */
  readonly namePrefix?: string;
  /** config: account_id. */
  readonly accountId?: string;
  /** config: region. */
  readonly region?: string;
  /** config: deploy_role_arn, from the generated provider's assume_role. */
  readonly deployRoleArn?: string;
  /** config: tags, from the generated provider's default_tags. */
  readonly tags: Readonly<Record<string, string>>;
  /** config: state (bucket, region, use_lockfile, dynamodb_table, role_arn). */
  readonly state: Readonly<Record<string, unknown>>;
}

/**
 * The root settings of an environment: project and prefix from the root's locals and inputs, the
 * provider Terragrunt generates (region, deploy role, default tags) and the remote_state block.
 */
export async function translateRoot(environment: TerragruntEnvironment, notes: MigrationNotes): Promise<RootSettings> {
  const unit = environment.units[0]!;
  const where = `${unit.relativePath}/terragrunt.hcl`;
  const rootLocals = Object.values(unit.includedLocals)[0] ?? {};
  const project = typeof rootLocals.project === 'string' ? rootLocals.project : undefined;
  const namePrefix =
    typeof unit.inputs.name_prefix === 'string'
      ? unit.inputs.name_prefix
      : typeof rootLocals.name_prefix === 'string'
        ? rootLocals.name_prefix
        : undefined;
  const provider = await generatedProvider(unit, notes);
  const region = stringAt(provider, 'region') ?? environment.region;
  const assumeRole = firstBlock(provider?.assume_role);
  const deployRoleArn = stringAt(assumeRole, 'role_arn');
  const allowed = provider?.allowed_account_ids;
  if (Array.isArray(allowed) && environment.accountId && !allowed.includes(environment.accountId)) {
    notes.warn(
      where,
      `the provider allows accounts ${allowed.join(', ')}, not account.hcl's ${environment.accountId}; the stacks ` +
        `allow ${environment.accountId} only`,
    );
  }
  const tags: Record<string, string> = {};
  const rawTags = firstBlock(provider?.default_tags)?.tags;
  if (rawTags && typeof rawTags === 'object') {
    for (const [key, value] of Object.entries(rawTags as Record<string, unknown>)) {
      if (typeof value === 'string' && !value.includes('${')) tags[key] = value;
      else
        notes.warn(
          where,
          `the default tag ${key} is ${JSON.stringify(value)}, not a literal: add it to "tags" by hand`,
        );
    }
  } else if (provider) {
    notes.info(
      where,
      'the generated provider has no default_tags: the stacks tag nothing beyond what config "tags" says',
    );
  }
  return {
    ...(project ? { project } : {}),
    ...(namePrefix ? { namePrefix } : {}),
    ...(environment.accountId ? { accountId: environment.accountId } : {}),
    ...(region ? { region } : {}),
    ...(deployRoleArn ? { deployRoleArn } : {}),
    tags,
    state: stateSettings(unit, notes),
  };
}

/** The S3 backend settings every stack of the environment shares (the key is per stack). */
function stateSettings(unit: TerragruntUnit, notes: MigrationNotes): Record<string, unknown> {
  const where = `${unit.relativePath}: remote_state`;
  const remote = unit.remoteState;
  if (!remote) {
    notes.warn(
      where,
      'no remote_state block: the stacks need an S3 bucket for their state; set "state" in config by hand',
    );
    return {};
  }
  if (remote.backend !== 's3')
    notes.warn(
      where,
      `the backend is ${remote.backend}; the stacks keep their state in S3: move the states to an S3 bucket first`,
    );
  const config = remote.config;
  const out: Record<string, unknown> = { encrypt: true, use_lockfile: config.use_lockfile === true };
  for (const key of ['bucket', 'region', 'dynamodb_table'] as const) {
    const value = config[key];
    if (typeof value === 'string') out[key] = value;
    else if (value instanceof Untranslatable) notes.warn(where, `${key}: ${value.reason}`);
  }
  const roleArn =
    typeof config.role_arn === 'string'
      ? config.role_arn
      : stringAt(config.assume_role as Record<string, unknown> | undefined, 'role_arn');
  if (roleArn) out.role_arn = roleArn;
  if (config.encrypt !== true)
    notes.info(
      where,
      'the states were not encrypted (encrypt = false); the stacks always encrypt their state objects from the first ' +
        'write',
    );
  if (config.use_lockfile !== true && typeof config.dynamodb_table !== 'string')
    notes.warn(
      where,
      'the states were not locked; the stacks lock with S3 (use_lockfile) when "state.use_lockfile" is true: set it ' +
        'unless another tool holds the lock',
    );
  return out;
}

/** The aws provider block of the `generate` block that writes one, parsed. */
async function generatedProvider(
  unit: TerragruntUnit,
  notes: MigrationNotes,
): Promise<Record<string, unknown> | undefined> {
  for (const [name, block] of Object.entries(unit.generate)) {
    if (block.contents instanceof Untranslatable) {
      notes.warn(
        `${unit.relativePath}: generate "${name}"`,
        `its contents could not be evaluated (${block.contents.reason})`,
      );
      continue;
    }
    if (!/provider\s+"aws"/.test(block.contents)) continue;
    const parsed = (await parse(block.path, block.contents)) as { provider?: { aws?: Record<string, unknown>[] } };
    const providers = parsed.provider?.aws ?? [];
    const main = providers.find((p) => p.alias === undefined);
    if (providers.length > 1)
      notes.warn(
        `${unit.relativePath}: generate "${name}"`,
        `${providers.length - 1} aliased aws provider(s) have no equivalent: the stacks use one provider per ` +
          `account and region`,
      );
    return main;
  }
  notes.warn(
    unit.relativePath,
    'no generate block writes an aws provider: region, deploy role and default tags must be set in config by hand',
  );
  return undefined;
}

function firstBlock(value: unknown): Record<string, unknown> | undefined {
  if (Array.isArray(value)) return value[0] as Record<string, unknown> | undefined;
  return value && typeof value === 'object' ? (value as Record<string, unknown>) : undefined;
}

function stringAt(object: Record<string, unknown> | undefined, key: string): string | undefined {
  const value = object?.[key];
  return typeof value === 'string' && !value.includes('${') ? value : undefined;
}
