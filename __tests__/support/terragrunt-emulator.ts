import * as fs from 'fs';
import * as path from 'path';
import { DependencyOutput, type HclValue, isHclObject, Untranslatable } from '../../lib/migration/hcl-values';
import { TerragruntReader, type TerragruntUnit } from '../../lib/migration/terragrunt-config';
import { executionLevels } from '../../lib/orchestration/stack-graph';
import { LOCAL_AWS_CREDENTIALS } from '../../lib/deployment/state-backend';
import { withPluginCacheLock } from '../../lib/terraform-cli/plugin-cache-lock';
import { runTerraform, type TerraformResult } from '../../lib/terraform-cli/terraform-process';

/** Where and how to apply a Terragrunt live tree the way `terragrunt run --all apply` would. */
export interface TerragruntEmulation {
  /** The live tree. */
  readonly liveRoot: string;
  /** Module sources (terraform.source without `?ref=`) -> local module folders, like Terragrunt's --source-map. */
  readonly sourceMap: Readonly<Record<string, string>>;
  /** The local AWS every provider, backend and AWS call goes to. */
  readonly endpoint: string;
  /** Folder for each unit's working copy (Terragrunt's .terragrunt-cache). */
  readonly workDir: string;
  /** Environment of the Terraform commands (terraformEnvironment() of the project). */
  readonly env: NodeJS.ProcessEnv;
}

/** One applied unit. */
export interface AppliedUnit {
  /** The unit as the migration reads it. */
  readonly unit: TerragruntUnit;
  /** Its working copy (module, generated files, inputs). */
  readonly workDir: string;
  /** Its outputs, as `terraform output -json` gives them. */
  readonly outputs: Record<string, unknown>;
}

/**
 * Applies every unit of a Terragrunt live tree to the local AWS, in dependency order, as Terragrunt
 * would (Terragrunt itself is not installed here): the module from the source map copied into a
 * working folder, the generate blocks written (the provider pointed at the local AWS by an
 * override file), the backend of remote_state with the unit's key, inputs as a tfvars file with
 * dependency outputs read from the applied upstream units.
 */
export async function applyTerragruntTree(options: TerragruntEmulation): Promise<AppliedUnit[]> {
  const units = await new TerragruntReader(options.liveRoot).units();
  const byDir = new Map(units.map((u) => [u.dir, u]));
  const levels = executionLevels(
    units.map((u) => ({ name: u.dir, dependencies: Object.values(u.dependencies).map((d) => d.unitDir) })),
  );
  const applied = new Map<string, AppliedUnit>();
  // Inits one at a time (and under the plugin cache's lock): Terraform does not lock its plugin cache.
  const prepared = new Map<string, string>();
  for (const unit of units) prepared.set(unit.dir, await prepare(unit, options));
  for (const level of levels) {
    await Promise.all(
      level.map(async (dir) => {
        const unit = byDir.get(dir)!;
        const workDir = prepared.get(dir)!;
        const inputs = resolveInputs(unit, applied);
        fs.writeFileSync(path.join(workDir, 'terragrunt.auto.tfvars.json'), JSON.stringify(inputs, null, 2));
        check(
          await runTerraform(['apply', '-input=false', '-no-color', '-auto-approve'], {
            cwd: workDir,
            env: options.env,
          }),
          unit,
          'apply',
        );
        const outputs = JSON.parse(
          check(await runTerraform(['output', '-json'], { cwd: workDir, env: options.env }), unit, 'output').stdout,
        ) as Record<string, { value: unknown }>;
        applied.set(dir, {
          unit,
          workDir,
          outputs: Object.fromEntries(Object.entries(outputs).map(([k, v]) => [k, v.value])),
        });
      }),
    );
  }
  return units.map((u) => applied.get(u.dir)!);
}

/** `terraform state pull` of an applied unit: the state file the migration reads. */
export async function pullState(unit: AppliedUnit, env: NodeJS.ProcessEnv): Promise<string> {
  return check(await runTerraform(['state', 'pull'], { cwd: unit.workDir, env }), unit.unit, 'state pull').stdout;
}

async function prepare(unit: TerragruntUnit, options: TerragruntEmulation): Promise<string> {
  const source = unit.source?.replace(/\?ref=.*$/, '');
  const moduleDir = source ? options.sourceMap[source] : undefined;
  if (!moduleDir) throw new Error(`${unit.relativePath}: no local module for the source ${unit.source}`);
  const workDir = path.join(options.workDir, unit.relativePath);
  fs.rmSync(workDir, { recursive: true, force: true });
  fs.cpSync(moduleDir, workDir, { recursive: true });
  for (const block of Object.values(unit.generate)) {
    if (block.contents instanceof Untranslatable)
      throw new Error(`${unit.relativePath}: generate ${block.path}: ${block.contents.reason}`);
    fs.writeFileSync(path.join(workDir, block.path), block.contents);
  }
  const endpoints = Object.fromEntries(
    ['batch', 'ec2', 'iam', 'logs', 'sfn', 'sqs', 's3', 'sts'].map((s) => [s, options.endpoint]),
  );
  fs.writeFileSync(
    path.join(workDir, 'local_aws_override.tf.json'),
    JSON.stringify(
      {
        provider: {
          aws: {
            access_key: LOCAL_AWS_CREDENTIALS.accessKey,
            secret_key: LOCAL_AWS_CREDENTIALS.secretKey,
            skip_credentials_validation: true,
            skip_metadata_api_check: true,
            s3_use_path_style: true,
            endpoints: [endpoints],
          },
        },
      },
      null,
      2,
    ),
  );
  const state = unit.remoteState!;
  fs.writeFileSync(
    path.join(workDir, 'backend.tf.json'),
    JSON.stringify(
      {
        terraform: {
          backend: {
            [state.backend]: {
              ...state.config,
              access_key: LOCAL_AWS_CREDENTIALS.accessKey,
              secret_key: LOCAL_AWS_CREDENTIALS.secretKey,
              endpoints: { s3: options.endpoint, sts: options.endpoint },
              use_path_style: true,
              skip_credentials_validation: true,
              skip_requesting_account_id: true,
              skip_metadata_api_check: true,
              skip_region_validation: true,
            },
          },
        },
      },
      null,
      2,
    ),
  );
  check(
    await withPluginCacheLock(options.env, () =>
      runTerraform(['init', '-input=false', '-no-color'], { cwd: workDir, env: options.env }),
    ),
    unit,
    'init',
  );
  return workDir;
}

function resolveInputs(unit: TerragruntUnit, applied: ReadonlyMap<string, AppliedUnit>): unknown {
  const resolve = (value: HclValue): unknown => {
    if (value instanceof DependencyOutput) {
      const upstream = applied.get(unit.dependencies[value.dependency]!.unitDir);
      if (!upstream) throw new Error(`${unit.relativePath}: ${value.toString()} is read before its unit is applied`);
      return value.path.reduce<unknown>((v, key) => (v as Record<string | number, unknown>)[key], upstream.outputs);
    }
    if (value instanceof Untranslatable)
      throw new Error(`${unit.relativePath}: an input cannot be evaluated: ${value.reason}`);
    if (Array.isArray(value)) return value.map(resolve);
    if (isHclObject(value)) return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, resolve(v)]));
    return value;
  };
  return resolve(unit.inputs);
}

function check(result: TerraformResult, unit: TerragruntUnit, command: string): TerraformResult {
  if (result.exitCode !== 0)
    throw new Error(
      `${unit.relativePath}: terraform ${command} failed:\n${result.stderr.slice(-3000)}\n` +
        result.stdout.slice(-2000),
    );
  return result;
}
