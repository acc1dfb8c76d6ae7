import * as fs from 'fs';
import * as path from 'path';
import { CreateTableCommand, DynamoDBClient, ResourceInUseException } from '@aws-sdk/client-dynamodb';
import { CreateTagsCommand, EC2Client } from '@aws-sdk/client-ec2';
import { PGraph } from 'p-graph';
import { bootstrapLocalAws } from '../../lib/local-aws/local-aws-bootstrap';
import { terraformEnvironment } from '../../lib/terraform-cli/terraform-cli-config';
import { runTerraform, type TerraformResult } from '../../lib/terraform-cli/terraform-process';
import {
  type ForeignBackend,
  type ForeignTree,
  type ForeignUnit,
  readForeignTree,
  resolveInputs,
  resolveTreePath,
  type UnitOutputs,
} from './foreign-tree-description';

/**
 * Applies a foreign Terragrunt tree (__tests__/fixtures/terragrunt-<style>/) to the local AWS with
 * Terraform alone, as `terragrunt run --all apply` would: each unit's module copied to a working
 * folder, its generated backend.tf and provider.tf written, its inputs passed as TF_VAR_*, upstream
 * units first. What Terragrunt resolves comes from the tree's hand-written description
 * (foreign-tree-description.ts), never from lib/migration. The local AWS replaces AWS only through
 * test overrides: a provider override file and a -backend-config file. Hooks are not run.
 */

const PROJECT_ROOT = path.resolve(__dirname, '..', '..');

/** The trees this harness applies. */
export const FOREIGN_TREES = {
  /** Modules that take a name prefix, `_envcommon` includes, DynamoDB locks; dev and prod. */
  prefix: path.join(PROJECT_ROOT, '__tests__', 'fixtures', 'terragrunt-prefix'),
  /** Map-of-objects inputs like the registry modules, IAM inside the modules, S3-native locks. */
  registry: path.join(PROJECT_ROOT, '__tests__', 'fixtures', 'terragrunt-registry'),
} as const;

/** Credentials the local AWS accepts (it checks none). */
const CREDENTIALS = { accessKeyId: 'local-aws', secretAccessKey: 'local-aws' } as const;

/** Services the trees' modules call, all pointed at the local AWS. */
const SERVICES = ['batch', 'dynamodb', 'ec2', 'events', 'iam', 'lambda', 'logs', 's3', 'sfn', 'sqs', 'sts'] as const;

/** Where and how to apply a tree. */
export interface ApplyForeignTreeOptions {
  /** The tree's folder, such as FOREIGN_TREES.prefix. */
  readonly tree: string;
  /** Address of the local AWS (startLocalAws().endpoint). */
  readonly endpoint: string;
  /** Account the local AWS answers as (startLocalAws().accountId); replaces the tree's allowed_account_ids. */
  readonly accountId: string;
  /** Folder for the units' working folders and pulled states; created when missing. */
  readonly workDir: string;
  /** Units applied at the same time (Terragrunt's --parallelism); 2 when omitted. */
  readonly parallelism?: number;
  /** Fails the apply when a plan right after it still shows changes; true when omitted. */
  readonly requireStablePlan?: boolean;
  /** Progress lines (one per unit and step). */
  readonly log?: (line: string) => void;
}

/** A unit after its apply. */
export interface AppliedUnit {
  /** Path of the unit's folder relative to live/, such as nonprod/eu-west-1/dev/iam-roles. */
  readonly path: string;
  /** The unit's folder in the tree (holding its terragrunt.hcl). */
  readonly liveDir: string;
  /** The module folder Terraform ran in (the module copied, as into .terragrunt-cache). */
  readonly workingDir: string;
  /** Its S3 backend, as generated into backend.tf: bucket, key, region, encrypt, dynamodb_table or use_lockfile. */
  readonly backend: ForeignBackend;
  /** `terraform state pull` right after the apply. */
  readonly stateFile: string;
  /** `terraform output -json`, values only. */
  readonly outputs: UnitOutputs;
  /** Inputs as passed to Terraform, references resolved. */
  readonly inputs: Readonly<Record<string, unknown>>;
  /** Wall time of init, apply, the stability plan and the state pull, in milliseconds. */
  readonly durationMs: number;
  /** Wall time of each Terraform command (init, apply, plan, output, state), in milliseconds. */
  readonly commandMs: Readonly<Record<string, number>>;
}

/** An applied tree. */
export interface AppliedTree {
  /** The tree, as its description reads. */
  readonly tree: ForeignTree;
  /** Every unit, in the order their applies finished (upstream units first). */
  readonly units: readonly AppliedUnit[];
  /** Wall time of the whole apply, bootstrap included, in milliseconds. */
  readonly durationMs: number;
  /** The unit at `unitPath` (relative to live/); throws for an unknown one. */
  unit(unitPath: string): AppliedUnit;
  /** Pulls the unit's state again (after a migration has changed it); returns the file. */
  pullState(unitPath: string): Promise<string>;
  /** Destroys every unit, downstream units first; returns its wall time in milliseconds. */
  destroy(): Promise<number>;
}

/**
 * Bootstraps the local AWS for the tree (state buckets, lock tables, each environment's VPC and
 * private subnets tagged as the tree looks them up), then inits and applies every unit in
 * dependency order, checks that a second plan is empty, and pulls each state.
 */
export async function applyForeignTree(options: ApplyForeignTreeOptions): Promise<AppliedTree> {
  const started = performance.now();
  const tree = readForeignTree(options.tree);
  const log = options.log ?? (() => undefined);
  const workDir = path.resolve(options.workDir);
  fs.mkdirSync(workDir, { recursive: true });
  await bootstrapTree(tree, options.endpoint);
  log(`${path.basename(tree.root)}: bootstrapped in ${seconds(performance.now() - started)}`);

  const env = terraformEnvironment(PROJECT_ROOT);
  const applied = new Map<string, AppliedUnit>();
  const order: AppliedUnit[] = [];
  const runUnit = async (unit: ForeignUnit): Promise<void> => {
    const unitStarted = performance.now();
    const inputs = resolveInputs(
      unit,
      tree.root,
      (dependency) => applied.get(unit.dependencies.get(dependency)!)!.outputs,
    );
    const workingDir = prepareWorkingDir(unit, tree.root, workDir, options);
    const commandMs: Record<string, number> = {};
    const terraform = unitTerraform(unit, workingDir, { ...env, ...tfVars(inputs) }, commandMs);
    await terraform('init', ['-input=false', '-no-color', `-backend-config=${BACKEND_OVERRIDE}`]);
    await terraform('apply', ['-auto-approve', '-input=false', '-no-color']);
    if (options.requireStablePlan ?? true) {
      const plan = await terraform('plan', ['-detailed-exitcode', '-input=false', '-no-color'], [0, 2]);
      if (plan.exitCode === 2)
        throw new Error(`${unit.path}: the plan right after the apply still has changes:\n${plan.stdout}`);
    }
    const outputs = parseOutputs((await terraform('output', ['-json', '-no-color'])).stdout);
    const stateFile = path.join(workDir, 'states', unit.path, 'terraform.tfstate');
    await pullStateTo(terraform, stateFile);
    const result: AppliedUnit = {
      path: unit.path,
      liveDir: unit.liveDir,
      workingDir,
      backend: unit.description.remote_state.config,
      stateFile,
      outputs,
      inputs,
      durationMs: performance.now() - unitStarted,
      commandMs,
    };
    applied.set(unit.path, result);
    order.push(result);
    const steps = Object.entries(commandMs).map(([command, ms]) => `${command} ${seconds(ms)}`);
    log(`${unit.path}: applied in ${seconds(result.durationMs)} (${steps.join(', ')})`);
  };
  await runGraph(tree, 'upstream-first', options.parallelism ?? 2, runUnit);

  const unitNamed = (unitPath: string): AppliedUnit => {
    const unit = applied.get(unitPath);
    if (!unit) throw new Error(`${tree.root} has no unit ${unitPath}; it has ${[...applied.keys()].join(', ')}`);
    return unit;
  };
  return {
    tree,
    units: order,
    durationMs: performance.now() - started,
    unit: unitNamed,
    pullState: async (unitPath) => {
      const unit = unitNamed(unitPath);
      const terraform = unitTerraform(tree.units.get(unitPath)!, unit.workingDir, { ...env, ...tfVars(unit.inputs) });
      await pullStateTo(terraform, unit.stateFile);
      return unit.stateFile;
    },
    destroy: async () => {
      const destroyStarted = performance.now();
      await runGraph(tree, 'downstream-first', options.parallelism ?? 2, async (unit) => {
        const done = unitNamed(unit.path);
        const terraform = unitTerraform(unit, done.workingDir, { ...env, ...tfVars(done.inputs) });
        await terraform('destroy', ['-auto-approve', '-input=false', '-no-color']);
        log(`${unit.path}: destroyed`);
      });
      return performance.now() - destroyStarted;
    },
  };
}

/** The -backend-config file every unit's init reads: the local AWS for the S3 backend and its lock table. */
const BACKEND_OVERRIDE = 'local-aws.s3.tfbackend';

/** Creates what the tree expects to find in the accounts. */
async function bootstrapTree(tree: ForeignTree, endpoint: string): Promise<void> {
  for (const environment of tree.environments) {
    const created = await bootstrapLocalAws(endpoint, {
      environment: `${path.basename(tree.root)}-${environment.name}`,
      region: environment.region,
      stateBucket: environment.state.bucket,
      stateRegion: environment.state.region,
      vpcCidr: environment.network.vpc_cidr,
      privateSubnetCount: environment.network.private_subnets,
      notificationBuckets: [],
    });
    const ec2 = new EC2Client({ endpoint, region: environment.region, credentials: CREDENTIALS });
    try {
      const asTags = (tags: Record<string, string>) => Object.entries(tags).map(([Key, Value]) => ({ Key, Value }));
      await ec2.send(
        new CreateTagsCommand({ Resources: [created.network.vpc_id], Tags: asTags(environment.network.vpc_tags) }),
      );
      await ec2.send(
        new CreateTagsCommand({
          Resources: [...created.network.private_subnet_ids],
          Tags: asTags(environment.network.subnet_tags),
        }),
      );
    } finally {
      ec2.destroy();
    }
    if (environment.state.dynamodb_table)
      await ensureLockTable(endpoint, environment.state.region, environment.state.dynamodb_table);
  }
}

/** The lock table as Terragrunt creates it for remote_state: LockID string hash key, on demand. */
async function ensureLockTable(endpoint: string, region: string, table: string): Promise<void> {
  const dynamodb = new DynamoDBClient({ endpoint, region, credentials: CREDENTIALS });
  try {
    await dynamodb.send(
      new CreateTableCommand({
        TableName: table,
        AttributeDefinitions: [{ AttributeName: 'LockID', AttributeType: 'S' }],
        KeySchema: [{ AttributeName: 'LockID', KeyType: 'HASH' }],
        BillingMode: 'PAY_PER_REQUEST',
      }),
    );
  } catch (error) {
    if (!(error instanceof ResourceInUseException)) throw error;
  } finally {
    dynamodb.destroy();
  }
}

/**
 * The unit's working folder: its module source copied (the part of `source` before `//`, Terraform
 * running in the part after it, as Terragrunt does), Terragrunt's generated files, and the overrides
 * that point the provider and the backend at the local AWS.
 */
function prepareWorkingDir(unit: ForeignUnit, treeRoot: string, workDir: string, options: ApplyForeignTreeOptions) {
  const source = resolveTreePath(unit.description.terraform.source, treeRoot);
  const [copied, subdir = ''] = source.split('//');
  const cacheDir = path.join(workDir, 'units', unit.path);
  fs.rmSync(cacheDir, { recursive: true, force: true });
  // A relative source is relative to the unit's folder, as in terragrunt.hcl.
  fs.cpSync(path.resolve(unit.liveDir, copied!), cacheDir, { recursive: true });
  const workingDir = path.join(cacheDir, subdir);
  const { generate, config } = unit.description.remote_state;
  writeGenerated(path.join(workingDir, generate.path), backendBlock(config));
  for (const file of Object.values(unit.description.generate))
    writeGenerated(path.join(workingDir, file.path), file.contents);
  fs.writeFileSync(path.join(workingDir, 'local_aws_override.tf'), providerOverride(options));
  fs.writeFileSync(path.join(workingDir, BACKEND_OVERRIDE), backendOverride(options.endpoint));
  return workingDir;
}

/** Terragrunt's header on the files it generates (a signature it checks before overwriting). */
function writeGenerated(file: string, contents: string): void {
  fs.writeFileSync(file, `# Generated by Terragrunt. Sig: nIlQXj57tbuaRZEa\n\n${contents}`);
}

/** backend.tf as remote_state's generate writes it: the config's attributes, sorted. */
function backendBlock(config: ForeignBackend): string {
  const lines = Object.entries(config)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([key, value]) => `    ${key} = ${hclValue(value)}`);
  return ['terraform {', '  backend "s3" {', ...lines, '  }', '}', ''].join('\n');
}

function providerOverride(options: ApplyForeignTreeOptions): string {
  const endpoints = SERVICES.map((service) => `    ${service} = ${hclValue(options.endpoint)}`);
  return [
    '# Test override: the local AWS instead of AWS (the tree generates provider.tf).',
    'provider "aws" {',
    `  access_key                  = ${hclValue(CREDENTIALS.accessKeyId)}`,
    `  secret_key                  = ${hclValue(CREDENTIALS.secretAccessKey)}`,
    `  allowed_account_ids         = [${hclValue(options.accountId)}]`,
    '  skip_credentials_validation = true',
    '  skip_metadata_api_check     = true',
    '  s3_use_path_style           = true',
    '',
    '  endpoints {',
    ...endpoints,
    '  }',
    '}',
    '',
  ].join('\n');
}

function backendOverride(endpoint: string): string {
  return [
    `access_key                  = ${hclValue(CREDENTIALS.accessKeyId)}`,
    `secret_key                  = ${hclValue(CREDENTIALS.secretAccessKey)}`,
    'use_path_style              = true',
    'skip_credentials_validation = true',
    'skip_requesting_account_id  = true',
    'skip_metadata_api_check     = true',
    'skip_region_validation      = true',
    `endpoints = { s3 = ${hclValue(endpoint)}, dynamodb = ${hclValue(endpoint)}, sts = ${hclValue(endpoint)} }`,
    '',
  ].join('\n');
}

function hclValue(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value).replace(/\$\{/g, '$${').replace(/%\{/g, '%%{');
  return String(value);
}

/** Inputs as Terragrunt passes them: TF_VAR_<name>, strings as they are, anything else as JSON. */
function tfVars(inputs: Readonly<Record<string, unknown>>): NodeJS.ProcessEnv {
  return Object.fromEntries(
    Object.entries(inputs).map(([name, value]) => [
      `TF_VAR_${name}`,
      typeof value === 'string' ? value : JSON.stringify(value),
    ]),
  );
}

type UnitTerraform = (command: string, args: string[], okExitCodes?: number[]) => Promise<TerraformResult>;

/**
 * Runs Terraform commands in the unit's working folder, with the unit's extra_arguments for each
 * command; adds each command's wall time to `commandMs` when given.
 */
function unitTerraform(
  unit: ForeignUnit,
  cwd: string,
  env: NodeJS.ProcessEnv,
  commandMs: Record<string, number> = {},
): UnitTerraform {
  return async (command, args, okExitCodes = [0]) => {
    const extra = Object.values(unit.description.terraform.extra_arguments)
      .filter((block) => block.commands.includes(command))
      .flatMap((block) => block.arguments);
    const result = await runTerraform([command, ...args, ...extra], { cwd, env });
    commandMs[command] = (commandMs[command] ?? 0) + result.durationMs;
    if (!okExitCodes.includes(result.exitCode)) {
      const printed = result.stderr.trim() || result.stdout.trim();
      throw new Error(`${unit.path}: terraform ${command} exited ${result.exitCode}:\n${printed}`);
    }
    return result;
  };
}

async function pullStateTo(terraform: UnitTerraform, stateFile: string): Promise<void> {
  const pulled = await terraform('state', ['pull']);
  fs.mkdirSync(path.dirname(stateFile), { recursive: true });
  fs.writeFileSync(stateFile, pulled.stdout);
}

function parseOutputs(json: string): UnitOutputs {
  const outputs = JSON.parse(json) as Record<string, { value: unknown }>;
  return Object.fromEntries(Object.entries(outputs).map(([name, output]) => [name, output.value]));
}

/** Runs `work` for every unit, upstream units first (or last), at most `parallelism` at a time. */
async function runGraph(
  tree: ForeignTree,
  direction: 'upstream-first' | 'downstream-first',
  parallelism: number,
  work: (unit: ForeignUnit) => Promise<void>,
): Promise<void> {
  const nodes = new Map([...tree.units.keys()].map((unitPath) => [unitPath, {}]));
  const edges: [string, string][] = [...tree.units.values()].flatMap((unit) =>
    [...unit.dependencies.values()].map((upstream): [string, string] =>
      direction === 'upstream-first' ? [upstream, unit.path] : [unit.path, upstream],
    ),
  );
  await new PGraph(nodes, edges).run({ concurrency: parallelism, run: (unitPath) => work(tree.units.get(unitPath)!) });
}

function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(1)} s`;
}
