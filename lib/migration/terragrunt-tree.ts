import * as path from 'path';
import type { HclObject } from './hcl-values';
import type { TerragruntUnit } from './terragrunt-config';
import { codePointOrder } from './code-point-order';

/** The modules of the platform, as STACK_GRAPH names them. */
export const PLATFORM_MODULES = ['iam', 'security-group', 'sqs', 'batch', 'step-function'] as const;

/** A module of the platform. */
export type PlatformModule = (typeof PLATFORM_MODULES)[number];

/** Unit folder names (and module repository names) of seed 000's Terragrunt tree, by the module they become. */
const UNIT_NAMES: Readonly<Record<string, PlatformModule>> = {
  iam: 'iam',
  'iam-roles': 'iam',
  iam_roles: 'iam',
  'security-group': 'security-group',
  'security-groups': 'security-group',
  security_group: 'security-group',
  sg: 'security-group',
  sqs: 'sqs',
  queues: 'sqs',
  batch: 'batch',
  'aws-batch': 'batch',
  'step-function': 'step-function',
  'step-functions': 'step-function',
  step_function: 'step-function',
  sfn: 'step-function',
  'state-machine': 'step-function',
};

/** The module a unit becomes: by its folder name, else by its module's repository (terraform-aws-<name>). */
export function moduleOfUnit(unit: TerragruntUnit): PlatformModule | undefined {
  const byFolder = UNIT_NAMES[path.basename(unit.dir)];
  if (byFolder) return byFolder;
  const repository = /terraform-aws-([a-z0-9_-]+?)(?:\.git)?(?:\/\/|\?|$)/.exec(unit.source ?? '')?.[1];
  return repository ? UNIT_NAMES[repository] : undefined;
}

/** The units of one environment and the hierarchy files above them. */
export interface TerragruntEnvironment {
  /** Environment name (env.hcl `environment`, else the folder name). */
  readonly name: string;
  /** Account layer name (account.hcl `account_name`, else the folder name). */
  readonly account: string;
  /** AWS account id (account.hcl `aws_account_id` or `account_id`). */
  readonly accountId?: string;
  /** AWS region (region.hcl `aws_region` or `region`). */
  readonly region?: string;
  /** Locals of env.hcl, region.hcl and account.hcl. */
  readonly envLocals: HclObject;
  /** Locals of region.hcl. */
  readonly regionLocals: HclObject;
  /** Locals of account.hcl. */
  readonly accountLocals: HclObject;
  /** The unit of each module. */
  readonly units: Partial<Record<PlatformModule, TerragruntUnit>>;
}

/** The environments of a live tree, and the units the migration cannot place. */
export interface TerragruntTree {
  /** Environments by name order. */
  readonly environments: readonly TerragruntEnvironment[];
  /** Units that become no stack, with why. */
  readonly unplaced: readonly { readonly unit: TerragruntUnit; readonly reason: string }[];
}

/** Groups units by environment (the env.hcl they read) and module. */
export function groupUnits(units: readonly TerragruntUnit[]): TerragruntTree {
  const environments = new Map<
    string,
    {
      name: string;
      account: string;
      accountId?: string;
      region?: string;
      envLocals: HclObject;
      regionLocals: HclObject;
      accountLocals: HclObject;
      units: Partial<Record<PlatformModule, TerragruntUnit>>;
    }
  >();
  const unplaced: { unit: TerragruntUnit; reason: string }[] = [];
  for (const unit of units) {
    const module = moduleOfUnit(unit);
    if (!module) {
      unplaced.push({
        unit,
        reason: `no stack of the platform corresponds to ${path.basename(unit.dir)} (${unit.source ?? 'no source'}); the stacks are ${PLATFORM_MODULES.join(', ')}`,
      });
      continue;
    }
    const [envFile, envLocals] = hierarchyFile(unit, 'env.hcl');
    const [, regionLocals] = hierarchyFile(unit, 'region.hcl');
    const [accountFile, accountLocals] = hierarchyFile(unit, 'account.hcl');
    const name =
      stringLocal(envLocals, ['environment', 'env', 'environment_name']) ??
      path.basename(envFile ? path.dirname(envFile) : path.dirname(unit.dir));
    const account =
      stringLocal(accountLocals, ['account_name', 'account']) ??
      (accountFile ? path.basename(path.dirname(accountFile)) : name);
    const accountId = stringLocal(accountLocals, ['aws_account_id', 'account_id']);
    const region = stringLocal(regionLocals, ['aws_region', 'region']);
    const environment = environments.get(name) ?? {
      name,
      account,
      ...(accountId ? { accountId } : {}),
      ...(region ? { region } : {}),
      envLocals,
      regionLocals,
      accountLocals,
      units: {},
    };
    environments.set(name, environment);
    const existing = environment.units[module];
    if (existing)
      unplaced.push({
        unit,
        reason: `${name} already has a ${module} unit (${existing.relativePath}); one unit per module and environment`,
      });
    else environment.units[module] = unit;
  }
  return { environments: [...environments.values()].sort((a, b) => codePointOrder(a.name, b.name)), unplaced };
}

/** The file of a hierarchy level (env.hcl...) the unit read, and its locals. */
function hierarchyFile(unit: TerragruntUnit, name: string): [string | undefined, HclObject] {
  const found = [...unit.readConfigs.entries()]
    .filter(([file]) => path.basename(file) === name)
    .sort((a, b) => b[0].length - a[0].length)[0];
  return found ? [found[0], found[1]] : [undefined, {}];
}

function stringLocal(locals: HclObject, names: readonly string[]): string | undefined {
  for (const name of names) {
    const value = locals[name];
    if (typeof value === 'string') return value;
  }
  return undefined;
}
