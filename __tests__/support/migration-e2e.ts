import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { LOCAL_AWS_CREDENTIALS } from '../../lib/deployment/state-backend';
import { type LocalAws, startLocalAws } from '../../lib/local-aws/local-aws-process';
import type { DryRunPlan } from '../../lib/migration/dry-run';
import type { MigrationReport } from '../../lib/migration/migration-report';
import { runAll, type RunAllReport } from '../../lib/orchestration/run-all';
import { terraformEnvironment } from '../../lib/terraform-cli/terraform-cli-config';
import { runTerraform } from '../../lib/terraform-cli/terraform-process';
import { PROJECT_ROOT } from './config-fixture';
import { failures } from './run-all-failures';

/** A Terragrunt tree applied to the local AWS, where its units' states are. */
export interface AppliedTreeUnderTest {
  /** The live tree to migrate (its root terragrunt.hcl's folder, or the folder of its units). */
  readonly live: string;
  /** Its environments, as the migration names them. */
  readonly environments: readonly string[];
}

/** A tree to migrate end to end: how to apply it to the local AWS with Terraform alone. */
export interface TreeUnderTest {
  /** For test names. */
  readonly name: string;
  /** Applies the tree; `work` is a folder of its own. */
  apply(localAws: LocalAws, work: string): Promise<AppliedTreeUnderTest>;
}

interface PlannedChange {
  readonly address: string;
  readonly mode?: string;
  readonly change: { readonly actions: readonly string[] };
}

/**
 * The migration of one tree, end to end against the local AWS: the tree applied with Terraform
 * alone, `npm run migrate` reading the states from the units' S3 backends with a dry run, then
 * every stack applied by run-all (whose first plans must destroy and replace nothing, and update
 * only what the report lists), the retired states emptied, and a second plan that changes
 * nothing; the old states then hold nothing a new stack manages.
 */
export function describeMigrationOf(tree: TreeUnderTest): void {
  describe(`migrating ${tree.name} from its states`, () => {
    const work = fs.mkdtempSync(path.join(os.tmpdir(), 'migration-e2e-'));
    const out = path.join(work, 'migrated');
    const env = terraformEnvironment(PROJECT_ROOT);
    let localAws: LocalAws;
    let applied: AppliedTreeUnderTest;
    let report: MigrationReport;
    let stdout = '';
    let stopping = false;

    beforeAll(async () => {
      const logFile = path.join(work, 'server.log');
      localAws = await startLocalAws({ logFile });
      // A local AWS that dies mid-run fails every later step with "connection refused": say why it died.
      void localAws.exited.then((code) => {
        if (!stopping)
          process.stderr.write(
            `the local AWS exited (code ${code}) before the tests ended; the last lines of its log:\n` +
              `${fs.readFileSync(logFile, 'utf8').split('\n').slice(-40).join('\n')}\n`,
          );
      });
      applied = await tree.apply(localAws, work);
    });
    afterAll(async () => {
      stopping = true;
      await localAws?.stop();
      fs.rmSync(work, { recursive: true, force: true });
    });

    test('npm run migrate reads the states from the backends and plans every stack against copies of them', () => {
      const run = spawnSync(
        process.execPath,
        [
          '--import',
          'tsx',
          path.join(PROJECT_ROOT, 'scripts', 'migrate.ts'),
          '--terragrunt',
          applied.live,
          '--out',
          out,
          '--aws-endpoint',
          localAws.endpoint,
          '--dry-run',
        ],
        { cwd: PROJECT_ROOT, env: process.env, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 },
      );
      stdout = run.stdout;
      report = JSON.parse(fs.readFileSync(path.join(out, 'migration-report.json'), 'utf8')) as MigrationReport;
      expect(report.notes.filter((n) => n.level === 'error')).toEqual([]);
      expect(run.stderr).not.toMatch(/^\s+at /m);
      expect(run.status).toBe(0);
      expect(report.finished).toBe(true);
      // Progress per unit, each state read from S3.
      for (const unit of report.units) expect(stdout).toContain(`  unit ${unit.unit}: `);
      expect(report.units.every((u) => u.state.startsWith('s3://'))).toBe(true);
      // The dry run planned every stack and every retired state: nothing to destroy or replace.
      const plans = report.dryRun!.plans;
      expect(plans.map((p) => p.workspace).sort()).toEqual(
        [
          ...report.environments.flatMap((e) => e.stacks.map((s) => s.stack)),
          ...report.retired.map((r) => r.folder),
        ].sort(),
      );
      expect(plans.filter((p) => p.error || p.replace.length + p.destroy.length > 0)).toEqual([]);
    });

    test(
      'every stack is applied: its first plan destroys and replaces nothing, and updates only what the report ' +
        'lists',
      async () => {
        expect(report?.finished).toBe(true);
        const planDir = path.join(work, 'first-plans');
        const run = await runStacks(applied.environments, 'apply', out, localAws, work, planDir);
        expect(failures(run)).toEqual([]);
        const unlisted: string[] = [];
        for (const stack of report.environments.flatMap((e) => e.stacks)) {
          const changes = plannedChanges(path.join(planDir, `${stack.stack}.json`));
          expect(changes.filter((c) => c.change.actions.includes('delete')).map((c) => c.address)).toEqual([]);
          const listed = new Set([...stack.changes.map((c) => c.address), ...stack.created.map((c) => c.address)]);
          for (const change of changes)
            if (
              (change.change.actions.includes('update') || change.change.actions.includes('create')) &&
              !listed.has(change.address)
            )
              unlisted.push(`${stack.stack}: ${change.address} ${change.change.actions.join('/')}`);
          // The dry run said so, resource by resource.
          const dry = report.dryRun!.plans.find((p) => p.workspace === stack.stack)!;
          expect(summaryOf(changes)).toEqual(summaryOfDryRun(dry));
        }
        expect(unlisted).toEqual([]);
      },
    );

    test(
      'the retired states are emptied, a second plan changes nothing, and the old states hold nothing a stack ' +
        'manages',
      async () => {
        for (const retired of report.retired) await applyRetiredState(path.join(out, retired.folder), localAws, env);
        const planDir = path.join(work, 'second-plans');
        const run = await runStacks(applied.environments, 'plan', out, localAws, work, planDir);
        expect(failures(run)).toEqual([]);
        const changed = report.environments
          .flatMap((e) => e.stacks)
          .flatMap((s) =>
            plannedChanges(path.join(planDir, `${s.stack}.json`))
              .filter((c) => !c.change.actions.every((a) => a === 'no-op' || a === 'read'))
              .map((c) => `${s.stack}: ${c.address} ${c.change.actions.join('/')}`),
          );
        expect(changed).toEqual([]);
        // A retired state is empty; a state no stack took over or retired holds only what no stack adopted.
        for (const retired of report.retired)
          expect(await managedResources(path.join(out, retired.folder), env)).toEqual([]);
        const adopted = new Set(
          report.environments.flatMap((e) => e.stacks.flatMap((s) => s.adopted.map((a) => `${a.unit} ${a.from}`))),
        );
        expect(report.leftInOldStates.filter((l) => adopted.has(`${l.unit} ${l.address}`))).toEqual([]);
      },
    );
  });
}

async function runStacks(
  environments: readonly string[],
  command: 'plan' | 'apply',
  configRoot: string,
  localAws: LocalAws,
  work: string,
  planDir: string,
): Promise<RunAllReport> {
  return runAll({
    projectRoot: PROJECT_ROOT,
    command,
    filter: { environments: [...environments], include: [], exclude: [] },
    synth: {
      mode: 'local',
      localEndpoint: localAws.endpoint,
      localStateDir: path.join(work, 'no-overlay'),
      configRoot,
    },
    outdir: path.join(work, 'cdktf.out'),
    planDir,
    parallelism: 2,
    failFast: false,
    awsEndpoint: localAws.endpoint,
    log: () => undefined,
  });
}

function plannedChanges(file: string): PlannedChange[] {
  const plan = JSON.parse(fs.readFileSync(file, 'utf8')) as { resource_changes?: PlannedChange[] };
  return (plan.resource_changes ?? []).filter((c) => c.mode !== 'data');
}

function summaryOf(changes: readonly PlannedChange[]): Record<string, number> {
  const has = (c: PlannedChange, a: string): boolean => c.change.actions.includes(a);
  return {
    create: changes.filter((c) => has(c, 'create') && !has(c, 'delete')).length,
    update: changes.filter((c) => has(c, 'update')).length,
    forget: changes.filter((c) => has(c, 'forget')).length,
  };
}

function summaryOfDryRun(plan: DryRunPlan): Record<string, number> {
  return { create: plan.create.length, update: plan.update.length, forget: plan.forget.length };
}

/** A provider override that points a retiring workspace's provider at the local AWS (arguments merge with its own). */
function localAwsProviderOverride(endpoint: string): string {
  const services = ['iam', 'sqs', 'ec2', 'batch', 'logs', 'sfn', 's3', 'sts', 'cloudwatch'];
  return JSON.stringify({
    provider: {
      aws: {
        access_key: LOCAL_AWS_CREDENTIALS.accessKey,
        secret_key: LOCAL_AWS_CREDENTIALS.secretKey,
        skip_credentials_validation: true,
        skip_requesting_account_id: true,
        skip_metadata_api_check: 'true',
        s3_use_path_style: true,
        endpoints: [Object.fromEntries(services.map((s) => [s, endpoint]))],
      },
    },
  });
}

/**
 * The -backend-config file that points a retiring workspace's S3 backend at the local AWS. Not an
 * override file: a backend block in one replaces the workspace's whole backend (bucket, key, region).
 */
function localAwsBackendConfig(endpoint: string): string {
  return [
    `access_key = "${LOCAL_AWS_CREDENTIALS.accessKey}"`,
    `secret_key = "${LOCAL_AWS_CREDENTIALS.secretKey}"`,
    `endpoints = { s3 = "${endpoint}", sts = "${endpoint}", dynamodb = "${endpoint}" }`,
    'use_path_style = true',
    'skip_credentials_validation = true',
    'skip_requesting_account_id = true',
    'skip_metadata_api_check = true',
    'skip_region_validation = true',
    '',
  ].join('\n');
}

/** What the docs tell the user: terraform init, then terraform apply -refresh=false, in the retiring workspace. */
async function applyRetiredState(folder: string, localAws: LocalAws, env: NodeJS.ProcessEnv): Promise<void> {
  fs.writeFileSync(path.join(folder, 'local_aws_override.tf.json'), localAwsProviderOverride(localAws.endpoint));
  fs.writeFileSync(path.join(folder, 'local-aws.s3.tfbackend'), localAwsBackendConfig(localAws.endpoint));
  for (const args of [
    ['init', '-input=false', '-no-color', '-backend-config=local-aws.s3.tfbackend'],
    ['apply', '-input=false', '-no-color', '-auto-approve', '-refresh=false'],
  ]) {
    const result = await runTerraform(args, { cwd: folder, env });
    if (result.exitCode !== 0) throw new Error(`${folder}: terraform ${args[0]} failed:\n${result.stderr}`);
  }
}

/** The managed resources the state of a retiring workspace still holds. */
async function managedResources(folder: string, env: NodeJS.ProcessEnv): Promise<string[]> {
  const pulled = await runTerraform(['state', 'pull'], { cwd: folder, env });
  if (pulled.exitCode !== 0) throw new Error(`${folder}: terraform state pull failed:\n${pulled.stderr}`);
  const state = JSON.parse(pulled.stdout) as { resources?: { mode: string; type: string; name: string }[] };
  return (state.resources ?? []).filter((r) => r.mode === 'managed').map((r) => `${r.type}.${r.name}`);
}
