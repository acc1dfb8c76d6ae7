import * as path from 'path';
import { type HclObject, isHclObject } from './hcl-values';
import type { TerragruntUnit } from './terragrunt-config';
import { codePointOrder } from './code-point-order';

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
  /** Locals of env.hcl. */
  readonly envLocals: HclObject;
  /** Locals of region.hcl. */
  readonly regionLocals: HclObject;
  /** Locals of account.hcl. */
  readonly accountLocals: HclObject;
  /** Its units, by folder order. */
  readonly units: readonly TerragruntUnit[];
}

/**
 * Groups units by environment: the env.hcl they read (its `environment` local, else its folder),
 * else the folder above the unit. Which stack a unit becomes is decided by its state, not here.
 */
export function groupUnits(units: readonly TerragruntUnit[]): TerragruntEnvironment[] {
  const environments = new Map<string, TerragruntEnvironment & { units: TerragruntUnit[] }>();
  for (const unit of units) {
    const [envFile, envLocals] = hierarchyFile(unit, 'env.hcl');
    const [, regionLocals] = hierarchyFile(unit, 'region.hcl');
    const [accountFile, accountLocals] = hierarchyFile(unit, 'account.hcl');
    const name =
      stringLocal(envLocals, ['environment', 'env', 'environment_name']) ??
      anyLocal(unit, ['environment', 'env', 'environment_name']) ??
      path.basename(envFile ? path.dirname(envFile) : path.dirname(unit.dir));
    const account =
      stringLocal(accountLocals, ['account_name', 'account']) ??
      (accountFile ? path.basename(path.dirname(accountFile)) : name);
    const accountId =
      stringLocal(accountLocals, ['aws_account_id', 'account_id']) ??
      nestedLocal(unit, ['aws_account_id', 'account_id'], /^\d{12}$/);
    const region =
      stringLocal(regionLocals, ['aws_region', 'region']) ??
      nestedLocal(unit, ['aws_region', 'region'], /^[a-z]{2}(-[a-z]+)+-\d$/);
    const environment = environments.get(name) ?? {
      name,
      account,
      ...(accountId ? { accountId } : {}),
      ...(region ? { region } : {}),
      envLocals,
      regionLocals,
      accountLocals,
      units: [],
    };
    environments.set(name, environment);
    environment.units.push(unit);
  }
  return [...environments.values()].sort((a, b) => codePointOrder(a.name, b.name));
}

/** The file of a hierarchy level (env.hcl...) the unit read, and its locals. */
function hierarchyFile(unit: TerragruntUnit, name: string): [string | undefined, HclObject] {
  const found = [...unit.readConfigs.entries()]
    .filter(([file]) => path.basename(file) === name)
    .sort((a, b) => b[0].length - a[0].length)[0];
  return found ? [found[0], found[1]] : [undefined, {}];
}

/**
 * A value of one of `names` that looks right, in any locals the unit reads, or one level down in
 * them (settings read from YAML or JSON files: `local.env.account_id`).
 */
function nestedLocal(unit: TerragruntUnit, names: readonly string[], shape: RegExp): string | undefined {
  const sources = [...unit.readConfigs.values(), ...Object.values(unit.includedLocals), unit.locals, unit.inputs];
  for (const locals of sources)
    for (const candidate of [locals, ...Object.values(locals).filter(isHclObject)]) {
      const found = stringLocal(candidate as HclObject, names);
      if (found && shape.test(found)) return found;
    }
  return undefined;
}

/** A string local of any file the unit read or included, else an input of that name. */
function anyLocal(unit: TerragruntUnit, names: readonly string[]): string | undefined {
  for (const locals of [...unit.readConfigs.values(), ...Object.values(unit.includedLocals), unit.locals]) {
    const found = stringLocal(locals, names);
    if (found) return found;
  }
  return stringLocal(unit.inputs, names);
}

function stringLocal(locals: HclObject, names: readonly string[]): string | undefined {
  for (const name of names) {
    const value = locals[name];
    if (typeof value === 'string') return value;
  }
  return undefined;
}
