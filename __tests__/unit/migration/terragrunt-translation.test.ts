import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { loadConfiguration } from '../../../main';
import { HclEvaluationError } from '../../../lib/migration/hcl-values';
import { migrateTerragrunt } from '../../../lib/migration/migrate-terragrunt';
import { MigrationNotes } from '../../../lib/migration/migration-notes';
import { TerragruntReader } from '../../../lib/migration/terragrunt-config';
import { translateHooks } from '../../../lib/migration/translate-hooks';
import { translateIam } from '../../../lib/migration/translate-iam';
import { groupUnits } from '../../../lib/migration/terragrunt-tree';
import { translateSqs } from '../../../lib/migration/translate-sqs';
import { UsageError } from '../../../lib/deployment/synth-target';
import { synthesizeConfiguration } from '../../../scripts/synthesize-configuration';
import { PROJECT_ROOT } from '../../support/config-fixture';

const LIVE = path.join(PROJECT_ROOT, '__tests__', 'fixtures', 'terragrunt', 'live');
const DEFAULTS = JSON.parse(fs.readFileSync(path.join(PROJECT_ROOT, 'config', 'defaults.json'), 'utf8')) as Record<
  string,
  unknown
>;

function readJson<T>(file: string): T {
  return JSON.parse(fs.readFileSync(file, 'utf8')) as T;
}

describe('reading the fixture Terragrunt tree', () => {
  let units: Awaited<ReturnType<TerragruntReader['units']>>;
  beforeAll(async () => {
    units = await new TerragruntReader(LIVE).units();
  });

  test('finds one unit per module, with remote_state keys from path_relative_to_include()', () => {
    expect(units.map((u) => u.relativePath)).toEqual(
      ['batch', 'iam-roles', 'security-group', 'sqs', 'step-function'].map((m) => `nonprod/eu-west-1/dev/${m}`),
    );
    for (const unit of units) {
      expect(unit.remoteState?.backend).toBe('s3');
      expect(unit.remoteState?.config).toMatchObject({
        bucket: 'gss-terraform-state-111111111111',
        key: `${unit.relativePath}/terraform.tfstate`,
        region: 'eu-west-1',
      });
    }
  });

  test('evaluates sources through modules.hcl and version.hcl, and dependency outputs as references', () => {
    const batch = units.find((u) => u.relativePath.endsWith('/batch'))!;
    expect(batch.source).toMatch(/^git::https:\/\/github\.com\/gss-platform\/terraform-aws-batch\.git\?ref=v\d/);
    expect(Object.keys(batch.dependencies).sort()).toEqual(['iam', 'security_group', 'sqs']);
    expect(String(batch.inputs.service_role_arn)).toBe('dependency.iam.outputs.batch_service_role_arn');
    expect(batch.inputs.max_vcpus).toBe(64);
    expect(batch.inputs.name_prefix).toBe('gss-dev');
  });

  test("iam: managed policies beyond the platform's own stay attached and managed, as additional_policy_arns", () => {
    const iam = units.find((u) => u.relativePath.endsWith('/iam-roles'))!;
    const roles = iam.inputs.roles as Record<string, Record<string, unknown>>;
    const ssm = 'arn:aws:iam::aws:policy/AmazonSSMManagedInstanceCore';
    const dynamo = 'arn:aws:iam::111111111111:policy/dynamodb-read';
    const notes = new MigrationNotes();
    // The fixture's instance role has the SSM policy beside the ECS one.
    expect(roles.batch_instance!.managed_policy_arns).toContain(ssm);
    const { settings } = translateIam(
      {
        ...iam,
        inputs: {
          ...iam.inputs,
          roles: { ...roles, batch_job: { ...roles.batch_job, managed_policy_arns: [dynamo] } },
        },
      },
      notes,
    );
    expect(settings.additional_policy_arns).toEqual({ batch_instance_role: [ssm] });
    expect((settings.job_roles as Record<string, Record<string, unknown>>).batch_job!.additional_policy_arns).toEqual([
      dynamo,
    ]);
    expect(notes.warnings.filter((w) => w.message.includes('managed polic'))).toEqual([]);
    expect(
      notes.all
        .filter((n) => n.level === 'info')
        .map((n) => n.message)
        .filter((m) => m.includes('managed polic')),
    ).toEqual([
      `roles.batch_instance: the managed policy ${ssm} stays attached and managed, under iam.additional_policy_arns.batch_instance_role`,
      `roles.batch_job: the managed policy ${dynamo} stays attached and managed, under iam.job_roles.batch_job.additional_policy_arns`,
    ]);
  });

  test("sqs: the module's inputs and defaults become sqs.core_queue, and no pipeline is invented", () => {
    const sqs = units.find((u) => u.relativePath.endsWith('/sqs'))!;
    const notes = new MigrationNotes();
    const settings = translateSqs(sqs, notes);
    expect(settings).toMatchObject({
      core_queue: { name: sqs.inputs.name, dead_letter_queue: { name: `${String(sqs.inputs.name)}-dlq` } },
      pipelines: {},
    });
    expect(notes.warnings).toEqual([]);
  });

  test('sqs: an input without an equivalent, or not a literal, is a warning', () => {
    const sqs = units.find((u) => u.relativePath.endsWith('/sqs'))!;
    const notes = new MigrationNotes();
    const settings = translateSqs(
      { ...sqs, inputs: { ...sqs.inputs, fifo_queue: true, visibility_timeout_seconds: 'thirty' } },
      notes,
    );
    expect((settings.core_queue as { visibility_timeout_seconds: number }).visibility_timeout_seconds).toBe(30);
    expect(notes.warnings.map((w) => w.message).sort()).toEqual([
      'the input fifo_queue has no equivalent in the core queue settings',
      'visibility_timeout_seconds is not a literal number ("thirty"); the module default 30 is used: check the migrated sqs.core_queue',
    ]);
  });
});

describe('migrating the fixture tree without states', () => {
  let work: string;
  let out: string;
  let result: Awaited<ReturnType<typeof migrateTerragrunt>>;
  beforeAll(async () => {
    work = fs.mkdtempSync(path.join(os.tmpdir(), 'migrate-unit-'));
    out = path.join(work, 'out');
    result = await migrateTerragrunt({
      terragruntRoot: LIVE,
      outDir: out,
      projectDefaults: DEFAULTS,
      synthesize: synthesizeConfiguration,
    });
  }, 60_000);
  afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

  test("carries the hooks over: the root's for every stack, a unit's for its module's stack, each environment's whole in its own file", () => {
    const dev = readJson<{ hooks: Record<string, unknown> }>(path.join(out, 'config', 'environments', 'dev.json'));
    expect(dev.hooks).toEqual({
      announce: { when: 'before', commands: ['plan', 'apply'], execute: ['echo', '{prefix}: running terraform'] },
      smoke_test: {
        when: 'after',
        commands: ['apply'],
        execute: ['sh', '-c', 'echo smoke test of the batch queue after $TG_CTX_COMMAND'],
        modules: ['batch'],
      },
    });
    expect(readJson<Record<string, unknown>>(path.join(out, 'config', 'defaults.json')).hooks).toBeUndefined();
    const hooks = loadConfiguration({ root: out }).environments[0]!.settings.hooks;
    expect(hooks.announce!.execute).toEqual(['echo', 'gss-dev: running terraform']);
    expect(result.report.notes.filter((n) => n.level === 'warning')).toEqual([]);
  });

  test('writes config/ and batch-json/ that load, and the report', () => {
    expect(result.files).toEqual(
      expect.arrayContaining([
        'config/defaults.json',
        'config/environments/dev.json',
        'config/accounts/nonprod.json',
        'batch-json/job-queue.json',
        'migration-report.json',
        'migration-report.md',
      ]),
    );
    const config = loadConfiguration({ root: out });
    expect(config.environments.map((e) => e.name)).toEqual(['dev']);
    // What the tree does not have is not filled in from the project's defaults.
    expect(config.environments[0]!.settings.sqs.pipelines).toEqual({});
    expect(Object.keys(config.environments[0]!.settings.step_functions.state_machines)).toEqual(['hybrid_router']);
    expect(fs.existsSync(path.join(out, 'migration-report.md'))).toBe(true);
  });

  test("reproduces every unit's state key (the iam unit's folder is iam-roles: an exact key)", () => {
    const dev = readJson<{ state: { keys: Record<string, string> } }>(
      path.join(out, 'config', 'environments', 'dev.json'),
    );
    expect(dev.state.keys).toEqual({ iam: 'nonprod/eu-west-1/dev/iam-roles/terraform.tfstate' });
    const stacks = result.report.environments[0]!.stacks;
    expect(Object.fromEntries(stacks.map((s) => [s.stack, s.state.key]))).toEqual({
      'dev-iam': 'nonprod/eu-west-1/dev/iam-roles/terraform.tfstate',
      'dev-security-group': 'nonprod/eu-west-1/dev/security-group/terraform.tfstate',
      'dev-sqs': 'nonprod/eu-west-1/dev/sqs/terraform.tfstate',
      'dev-batch': 'nonprod/eu-west-1/dev/batch/terraform.tfstate',
      'dev-step-function': 'nonprod/eu-west-1/dev/step-function/terraform.tfstate',
    });
    for (const stack of stacks) expect(stack.state.bucket).toBe('gss-terraform-state-111111111111');
  });

  test('the same tree migrates to byte-identical files', async () => {
    const again = path.join(work, 'again');
    await migrateTerragrunt({
      terragruntRoot: LIVE,
      outDir: again,
      projectDefaults: DEFAULTS,
      synthesize: synthesizeConfiguration,
    });
    for (const file of result.files.filter((f) => f !== 'migration-report.json' && f !== 'migration-report.md')) {
      expect(fs.readFileSync(path.join(again, file), 'utf8')).toBe(fs.readFileSync(path.join(out, file), 'utf8'));
    }
  }, 60_000);

  test('what needs AWS or a command is a warning naming the file, never a guess', async () => {
    const live = path.join(work, 'run-cmd', 'live');
    fs.cpSync(LIVE, live, { recursive: true });
    const file = path.join(live, 'nonprod/eu-west-1/dev/sqs/terragrunt.hcl');
    fs.writeFileSync(
      file,
      fs
        .readFileSync(file, 'utf8')
        .replace(/visibility_timeout_seconds\s*=\s*\d+/, 'visibility_timeout_seconds = run_cmd("./timeout.sh")'),
    );
    const { report } = await migrateTerragrunt({
      terragruntRoot: live,
      outDir: path.join(work, 'run-cmd', 'out'),
      projectDefaults: DEFAULTS,
      synthesize: synthesizeConfiguration,
    });
    const warnings = report.notes.filter((n) => n.level === 'warning');
    expect(warnings.length).toBeGreaterThan(0);
    expect(warnings.every((w) => w.where.startsWith('nonprod/eu-west-1/dev/sqs'))).toBe(true);
    expect(warnings.map((w) => w.message).join('\n')).toMatch(/run_cmd/);
    expect(warnings.map((w) => w.message).join('\n')).toMatch(/visibility_timeout_seconds is not a literal number/);
    expect(fs.readFileSync(path.join(work, 'run-cmd', 'out', 'migration-report.md'), 'utf8')).toMatch(
      /\*\*\d+ warning\(s\)\*\*: see Warnings below/,
    );
  }, 60_000);

  test('refuses to replace a folder that is not an earlier migration', async () => {
    const busy = path.join(work, 'busy');
    fs.mkdirSync(busy);
    fs.writeFileSync(path.join(busy, 'keep.txt'), 'mine');
    await expect(
      migrateTerragrunt({
        terragruntRoot: LIVE,
        outDir: busy,
        projectDefaults: DEFAULTS,
        synthesize: synthesizeConfiguration,
      }),
    ).rejects.toThrow(UsageError);
    expect(fs.readdirSync(busy)).toEqual(['keep.txt']);
  });
});

describe('bad input: one message naming the file, nothing written', () => {
  let work: string;
  beforeAll(() => {
    work = fs.mkdtempSync(path.join(os.tmpdir(), 'migrate-bad-'));
  });
  afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

  /** A copy of the fixture tree with one file changed. */
  function brokenTree(name: string, file: string, edit: (text: string) => string): string {
    const live = path.join(work, name, 'live');
    fs.cpSync(LIVE, live, { recursive: true });
    const target = path.join(live, file);
    fs.writeFileSync(target, edit(fs.readFileSync(target, 'utf8')));
    return live;
  }

  async function failure(live: string): Promise<Error> {
    const out = path.join(path.dirname(live), 'out');
    const error = await migrateTerragrunt({
      terragruntRoot: live,
      outDir: out,
      projectDefaults: DEFAULTS,
      synthesize: synthesizeConfiguration,
    }).then(
      () => undefined,
      (e: unknown) => e as Error,
    );
    expect(error).toBeDefined();
    expect(fs.existsSync(out)).toBe(false);
    expect(fs.readdirSync(path.dirname(live)).filter((f) => f !== 'live')).toEqual([]);
    return error!;
  }

  test('a terragrunt.hcl that does not parse', async () => {
    const live = brokenTree('syntax', 'nonprod/eu-west-1/dev/sqs/terragrunt.hcl', (text) => `${text}\ninputs = {\n`);
    const error = await failure(live);
    expect(error).toBeInstanceOf(HclEvaluationError);
    expect(error.message).toContain(path.join(live, 'nonprod/eu-west-1/dev/sqs/terragrunt.hcl'));
  });

  test('an include of a file that does not exist', async () => {
    const live = brokenTree('include', 'nonprod/eu-west-1/dev/sqs/terragrunt.hcl', (text) =>
      text.replace('find_in_parent_folders()', '"../../../../root.hcl"'),
    );
    const error = await failure(live);
    expect(error).toBeInstanceOf(HclEvaluationError);
    expect(error.message).toContain(
      `${path.join(live, 'nonprod/eu-west-1/dev/sqs/terragrunt.hcl')}: include "root" points at ${path.join(live, 'root.hcl')}, which does not exist`,
    );
  });

  test('npm run migrate: exit code 1, the message, no stack trace, nothing written', () => {
    const live = brokenTree('cli', 'nonprod/eu-west-1/dev/batch/terragrunt.hcl', (text) =>
      text.replace('include "root" {', 'include "root" {{'),
    );
    const out = path.join(path.dirname(live), 'out');
    const result = spawnSync(
      process.execPath,
      ['--import', 'tsx', path.join(PROJECT_ROOT, 'scripts', 'migrate.ts'), '--terragrunt', live, '--out', out],
      { cwd: PROJECT_ROOT, encoding: 'utf8' },
    );
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(
      new RegExp(
        `^error: ${path.join(live, 'nonprod/eu-west-1/dev/batch/terragrunt.hcl').replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}: not valid HCL`,
        'm',
      ),
    );
    expect(result.stderr).not.toMatch(/^\s+at /m);
    expect(fs.readdirSync(path.dirname(live))).toEqual(['live']);
  }, 30_000);

  test('a unit whose module source is no module of the platform', async () => {
    const live = brokenTree('source', 'nonprod/eu-west-1/dev/sqs/terragrunt.hcl', (text) => text);
    fs.cpSync(path.join(live, 'nonprod/eu-west-1/dev/sqs'), path.join(live, 'nonprod/eu-west-1/dev/lambda'), {
      recursive: true,
    });
    const file = path.join(live, 'nonprod/eu-west-1/dev/lambda/terragrunt.hcl');
    fs.writeFileSync(
      file,
      fs
        .readFileSync(file, 'utf8')
        .replace(/source\s*=.*/, 'source = "git::https://github.com/gss-platform/terraform-aws-lambda.git?ref=v1.0.0"'),
    );
    const error = await failure(live);
    expect(error).toBeInstanceOf(UsageError);
    expect(error.message).toContain(`${file}: no stack of the platform corresponds to lambda`);
  });
});

describe('Terragrunt hooks and extra_arguments', () => {
  let work: string;
  beforeAll(() => {
    work = fs.mkdtempSync(path.join(os.tmpdir(), 'migrate-hooks-'));
  });
  afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

  /** A copy of the fixture tree whose root and batch unit get these terraform blocks instead of the fixture's hooks. */
  async function treeWith(
    name: string,
    rootTerraform: string,
    batchTerraform = '',
  ): Promise<{ live: string; units: Awaited<ReturnType<TerragruntReader['units']>> }> {
    const live = path.join(work, name);
    fs.cpSync(LIVE, live, { recursive: true });
    const rootFile = path.join(live, 'terragrunt.hcl');
    fs.writeFileSync(
      rootFile,
      fs.readFileSync(rootFile, 'utf8').replace(/terraform \{[\s\S]*?\n\}\n/, `terraform {\n${rootTerraform}\n}\n`),
    );
    const batchFile = path.join(live, 'nonprod/eu-west-1/dev/batch/terragrunt.hcl');
    fs.writeFileSync(
      batchFile,
      fs
        .readFileSync(batchFile, 'utf8')
        .replace(/\n  after_hook "smoke_test" \{[\s\S]*?\n  \}\n/, `\n${batchTerraform}\n`),
    );
    return { live, units: await new TerragruntReader(live).units() };
  }

  function translated(units: Awaited<ReturnType<TerragruntReader['units']>>): {
    hooks: Record<string, unknown>;
    notes: MigrationNotes;
  } {
    const notes = new MigrationNotes();
    const environment = groupUnits(units).environments[0]!;
    return { hooks: translateHooks(environment.units, notes), notes };
  }

  test("hooks run in the order the files declare them (hcl2json sorts labels); a unit's block replaces the root's of the same label in place", async () => {
    const { units } = await treeWith(
      'order',
      [
        '  before_hook "zeta" {\n    commands = ["plan"]\n    execute  = ["echo", "zeta"]\n  }',
        '  before_hook "alpha" {\n    commands = ["plan"]\n    execute  = ["echo", "alpha"]\n  }',
      ].join('\n'),
      '  before_hook "zeta" {\n    commands = ["plan", "apply"]\n    execute  = ["echo", "batch zeta"]\n  }\n  after_hook "last" {\n    commands = ["apply"]\n    execute  = ["echo", "last"]\n  }',
    );
    const batch = units.find((u) => u.relativePath.endsWith('/batch'))!;
    expect(batch.hooks.map((h) => `${h.block} ${h.name} ${h.file}`)).toEqual([
      'before_hook zeta nonprod/eu-west-1/dev/batch/terragrunt.hcl',
      'before_hook alpha terragrunt.hcl',
      'after_hook last nonprod/eu-west-1/dev/batch/terragrunt.hcl',
    ]);
    const { hooks, notes } = translated(units);
    expect(hooks).toEqual({
      zeta: {
        when: 'before',
        commands: ['plan'],
        execute: ['echo', 'zeta'],
        modules: ['iam', 'security-group', 'sqs', 'step-function'],
      },
      alpha: { when: 'before', commands: ['plan'], execute: ['echo', 'alpha'] },
      'zeta-batch': {
        when: 'before',
        commands: ['plan', 'apply'],
        execute: ['echo', 'batch zeta'],
        modules: ['batch'],
      },
      last: { when: 'after', commands: ['apply'], execute: ['echo', 'last'], modules: ['batch'] },
    });
    // The batch stack's before hooks now run alpha before zeta-batch, unlike its unit: said, not silently changed.
    expect(notes.warnings.map((w) => `${w.where}: ${w.message}`)).toEqual([
      'nonprod/eu-west-1/dev/batch/terragrunt.hcl: its before hooks run in the order zeta-batch, alpha, which differs from another unit\'s: the migrated hooks run in the order alpha, zeta-batch; reorder "hooks" by hand if it matters',
    ]);
  });

  test('what has no equivalent is a warning naming the file, never dropped silently', async () => {
    const { units } = await treeWith(
      'untranslatable',
      [
        '  extra_arguments "retry_lock" {\n    commands  = get_terraform_commands_that_need_locking()\n    arguments = ["-lock-timeout=20m"]\n  }',
        '  before_hook "locking" {\n    commands = get_terraform_commands_that_need_locking()\n    execute  = ["echo", "locking"]\n  }',
        '  before_hook "init_only" {\n    commands = ["init", "init-from-module"]\n    execute  = ["echo", "init"]\n  }',
        '  before_hook "conditional" {\n    commands = ["plan"]\n    execute  = ["echo", "maybe"]\n    if       = run_cmd("./enabled.sh") == "yes"\n  }',
        '  before_hook "prod_only" {\n    commands = ["plan"]\n    execute  = ["echo", "prod"]\n    if       = local.environment == "prod"\n  }',
        '  before_hook "dynamic" {\n    commands = ["plan"]\n    execute  = ["echo", run_cmd("whoami")]\n  }',
        '  before_hook "lint" {\n    commands = ["plan"]\n    execute  = ["tflint"]\n  }',
        '  after_hook "elsewhere" {\n    commands     = ["apply"]\n    execute      = ["./smoke.sh"]\n    working_dir  = get_terragrunt_dir()\n    run_on_error = true\n    suppress_stdout = true\n  }',
        '  error_hook "notify" {\n    commands  = ["apply"]\n    execute   = ["echo", "failed"]\n    on_errors = ["(?i)access denied", "Error acquiring the state lock"]\n  }',
        '  error_hook "go_only" {\n    commands  = ["apply"]\n    execute   = ["echo", "failed"]\n    on_errors = ["(?i)denied"]\n  }',
      ].join('\n'),
    );
    const { hooks, notes } = translated(units);
    expect(hooks).toEqual({
      locking: { when: 'before', commands: ['apply', 'destroy', 'plan'], execute: ['echo', 'locking'] },
      lint: { when: 'before', commands: ['plan'], execute: ['tflint'] },
      elsewhere: { when: 'after', commands: ['apply'], execute: ['./smoke.sh'], run_on_error: true },
      notify: {
        when: 'error',
        commands: ['apply'],
        execute: ['echo', 'failed'],
        on_errors: ['Error acquiring the state lock'],
      },
    });
    const warnings = notes.warnings.map((w) => `${w.where}: ${w.message}`);
    // The root file is read by every unit; each warning is said once.
    expect(warnings).toEqual([
      expect.stringMatching(/^terragrunt\.hcl: extra_arguments "retry_lock": not translated: .*TF_CLI_ARGS_<command>/),
      'terragrunt.hcl: before_hook "locking": import, refresh, taint, untaint have no run-all equivalent (its commands are plan, apply, destroy, validate, output; terraform init runs as part of each): the hook runs for apply, destroy, plan only',
      'terragrunt.hcl: before_hook "init_only": init, init-from-module have no run-all equivalent (its commands are plan, apply, destroy, validate, output; terraform init runs as part of each): not translated',
      expect.stringMatching(
        /^terragrunt\.hcl: before_hook "conditional": its if \(.*run_cmd.*\) has no equivalent \(a hook runs whenever its commands do\): not translated/,
      ),
      expect.stringMatching(
        /^terragrunt\.hcl: before_hook "dynamic": execute holds a value that could not be evaluated \(.*run_cmd.*\): not translated; write the command under "hooks" by hand$/,
      ),
      'terragrunt.hcl: before_hook "lint": Terragrunt runs tflint itself (tflint --init, the unit\'s inputs as variables); run-all runs the tflint program as it is, in the stack\'s folder of cdktf.out: check that it finds its .tflint.hcl',
      'terragrunt.hcl: after_hook "elsewhere": working_dir has no equivalent: the hook runs in the stack\'s folder of cdktf.out, where Terraform runs (as Terragrunt\'s default, the module\'s folder, did); "working_dir": "project" runs it in the project root',
      'terragrunt.hcl: after_hook "elsewhere": suppress_stdout has no equivalent: run-all logs the hook\'s output',
      'terragrunt.hcl: error_hook "notify": the on_errors pattern "(?i)access denied" is no JavaScript regular expression (Terragrunt\'s are Go\'s; inline flags such as (?i) have no equivalent): left out',
      'terragrunt.hcl: error_hook "go_only": the on_errors pattern "(?i)denied" is no JavaScript regular expression (Terragrunt\'s are Go\'s; inline flags such as (?i) have no equivalent): left out',
      'terragrunt.hcl: error_hook "go_only": no on_errors pattern is left: not translated',
    ]);
    expect(notes.all.filter((n) => n.level === 'info').map((n) => n.message)).toEqual([
      'before_hook "prod_only": its if is false here, so Terragrunt never runs it: not translated',
    ]);
  });
});
