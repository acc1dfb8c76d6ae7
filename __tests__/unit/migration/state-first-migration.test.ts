import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { loadConfiguration } from '../../../main';
import type { MigrationReport } from '../../../lib/migration/migration-report';
import { UsageError } from '../../../lib/deployment/synth-target';
import { PROJECT_ROOT } from '../../support/config-fixture';
import { FIXTURE_LIVE, FIXTURE_STATES, migrateForTest } from '../../support/migration-fixture';

const UNITS = 'nonprod/eu-west-1/dev';

function readJson<T>(file: string): T {
  return JSON.parse(fs.readFileSync(file, 'utf8')) as T;
}

/** An instance of a unit's state, by resource address. */
function stateAttributes(unit: string, address: string): Record<string, unknown> {
  const state = readJson<{
    resources: {
      module?: string;
      mode: string;
      type: string;
      name: string;
      instances: { index_key?: string; attributes: Record<string, unknown> }[];
    }[];
  }>(path.join(FIXTURE_STATES, `${UNITS}/${unit}.tfstate`));
  for (const r of state.resources)
    for (const i of r.instances) {
      const key = i.index_key === undefined ? '' : `[${JSON.stringify(i.index_key)}]`;
      if (`${r.type}.${r.name}${key}` === address) return i.attributes;
    }
  throw new Error(`no ${address} in ${unit}`);
}

describe('migrating the fixture tree from its states', () => {
  let work: string;
  let out: string;
  let result: Awaited<ReturnType<typeof migrateForTest>>;
  const log: string[] = [];
  beforeAll(async () => {
    work = fs.mkdtempSync(path.join(os.tmpdir(), 'migrate-states-'));
    out = path.join(work, 'out');
    result = await migrateForTest({
      terragruntRoot: FIXTURE_LIVE,
      outDir: out,
      stateDir: FIXTURE_STATES,
      log: (line) => log.push(line),
    });
  }, 120_000);
  afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

  test('finishes without a warning, and says per unit what its state holds', () => {
    expect(result.report.finished).toBe(true);
    expect(result.report.notes.filter((n) => n.level !== 'info')).toEqual([]);
    expect(log).toEqual(
      expect.arrayContaining([
        'environment dev: 5 unit(s)',
        expect.stringMatching(new RegExp(`^  unit ${UNITS}/batch: 7 resource\\(s\\) in .*batch\\.tfstate$`)),
        expect.stringMatching(new RegExp(`^  unit ${UNITS}/iam-roles: 10 resource\\(s\\) in `)),
      ]),
    );
  });

  test('names, queue settings, the compute environment and the launch template come from the states, exactly', () => {
    const environment = loadConfiguration({ root: out }).environments[0]!;
    const { settings, batch } = environment;
    const queue = stateAttributes('sqs', 'aws_sqs_queue.this');
    expect(settings.sqs.core_queue).toMatchObject({
      name: queue.name,
      visibility_timeout_seconds: queue.visibility_timeout_seconds,
      receive_wait_time_seconds: queue.receive_wait_time_seconds,
      dead_letter_queue: { name: 'gss-dev-core-queue-dlq', max_receive_count: 5 },
    });
    const group = stateAttributes('security-group', 'aws_security_group.this');
    expect(settings.network.batch_security_group.name).toBe(group.name);
    expect(settings.network.batch_security_group.description).toBe(group.description);
    expect(
      settings.network.batch_security_group.egress
        .map((r) => `${r.from_port} ${r.cidr_ipv4 ?? r.prefix_list_id}`)
        .sort(),
    ).toEqual(['443 10.10.0.0/16', '443 pl-6da54004', '9098 10.10.0.0/16']);
    const ce = stateAttributes('batch', 'aws_batch_compute_environment.batch_compute');
    expect(batch.computeEnvironments.map((c) => c.config)).toEqual([
      expect.objectContaining({
        compute_environment_name: ce.compute_environment_name,
        fixed_name: true,
        service_role: 'platform',
        compute_resources: expect.objectContaining({ type: 'SPOT', max_vcpus: 64, bid_percentage: 100 }),
      }),
    ]);
    // The user data is the file the tree's unit gave the module, byte for byte.
    const template = batch.launchTemplates[0]!.config;
    expect(template.userData).toBe(
      fs.readFileSync(path.join(FIXTURE_LIVE, UNITS, 'batch', 'batch_user_data.sh'), 'utf8'),
    );
    expect(template.metadata_options?.http_put_response_hop_limit).toBe(1);
  });

  test(
    "job definitions keep their container properties as registered; the router's targets and threshold come from " +
      'its definition',
    () => {
      const registered = JSON.parse(
        String(stateAttributes('batch', 'aws_batch_job_definition.batch_processing_job').container_properties),
      ) as Record<string, unknown>;
      const file = readJson<{ container_properties: Record<string, unknown> }>(
        path.join(out, 'batch-json', 'batch-processing-job.json'),
      );
      expect(file.container_properties).toMatchObject({ vcpus: registered.vcpus, memory: registered.memory });
      const environment = loadConfiguration({ root: out }).environments[0]!;
      expect(environment.settings.step_functions.state_machines).toEqual({
        hybrid_router: expect.objectContaining({
          pattern: 'hybrid_router',
          name: 'gss-dev-hybrid-router',
          role_name: 'gss-dev-scm-batch-processor-sfn-role',
          chunk_size_threshold: 290000,
          job_queue: 'gss-dev-batch-queue',
          processing_job_definition: 'gss-dev-batch-processing',
          validation_job_definition: 'gss-dev-batch-validation',
        }),
      });
    },
  );

  test('the state machine definition and the roles are kept as they are: the config holds the existing values', () => {
    const { adoption } = loadConfiguration({ root: out }).environments[0]!.settings;
    const machine = stateAttributes('step-function', 'aws_sfn_state_machine.hybrid_router');
    expect(adoption['step-function']!.keep['aws_sfn_state_machine.hybrid_router']).toMatchObject({
      definition: machine.definition,
    });
    const role = stateAttributes('iam-roles', 'aws_iam_role.this["batch_service"]');
    expect(adoption.iam!.keep['aws_iam_role.batch_service_role']).toMatchObject({
      assume_role_policy: role.assume_role_policy,
      description: null,
    });
    const kept = result.report.environments[0]!.stacks.find((s) => s.stack === 'dev-step-function')!.kept;
    expect(kept.map((k) => k.attribute)).toContain('definition');
  });

  test("each stack takes over its unit's state: moved blocks there, import and removed blocks across states", () => {
    const stacks = result.report.environments[0]!.stacks;
    expect(Object.fromEntries(stacks.map((s) => [s.stack, s.state.takesOver]))).toEqual({
      'dev-iam': `${UNITS}/iam-roles`,
      'dev-security-group': `${UNITS}/security-group`,
      'dev-sqs': `${UNITS}/sqs`,
      'dev-batch': `${UNITS}/batch`,
      'dev-step-function': `${UNITS}/step-function`,
    });
    const dev = readJson<{ state: { keys: Record<string, string> } }>(
      path.join(out, 'config', 'environments', 'dev.json'),
    );
    expect(dev.state.keys).toEqual({ iam: `${UNITS}/iam-roles/terraform.tfstate` });
    // The state machine's role was the step-function module's: imported by the iam stack, forgotten by its old state.
    const iam = stacks.find((s) => s.stack === 'dev-iam')!;
    expect(iam.adopted.filter((a) => a.how === 'imported').map((a) => a.from)).toEqual([
      'aws_iam_role.sfn',
      'aws_iam_role_policy.sfn',
    ]);
    expect(stacks.find((s) => s.stack === 'dev-step-function')!.forgotten.map((f) => f.from)).toEqual([
      'aws_iam_role.sfn',
      'aws_iam_role_policy.sfn',
    ]);
    // Every existing resource is adopted; nothing is left behind.
    expect(result.report.leftInOldStates).toEqual([]);
    expect(result.report.retired).toEqual([]);
    // What the stacks would change is kept: nothing is left to change on the first apply.
    expect(stacks.flatMap((s) => s.changes)).toEqual([]);
  });

  test('policy findings on adopted resources are accepted with the reason "adopted from Terragrunt", listed', () => {
    const { policy } = loadConfiguration({ root: out }).environments[0]!.settings;
    expect(policy.suppressions.map((s) => `${s.module} ${s.resource} ${s.rule}`)).toEqual([
      'step-function aws_sfn_state_machine.hybrid_router SFN-1',
      'step-function aws_sfn_state_machine.hybrid_router SFN-2',
    ]);
    for (const s of policy.suppressions) expect(s.reason).toMatch(/^adopted from Terragrunt: /);
    const markdown = fs.readFileSync(path.join(out, 'migration-report.md'), 'utf8');
    expect(markdown).toMatch(/Policy findings accepted as they were/);
    expect(markdown).toMatch(/`aws_sfn_state_machine\.hybrid_router` SFN-1/);
  });

  test('the same tree and states migrate to byte-identical files', async () => {
    const again = path.join(work, 'again');
    await migrateForTest({ terragruntRoot: FIXTURE_LIVE, outDir: again, stateDir: FIXTURE_STATES });
    for (const file of result.files.filter((f) => !f.startsWith('migration-report.')))
      expect(fs.readFileSync(path.join(again, file), 'utf8')).toBe(fs.readFileSync(path.join(out, file), 'utf8'));
  }, 120_000);

  test('refuses to replace a folder that is not an earlier migration', async () => {
    const busy = path.join(work, 'busy');
    fs.mkdirSync(busy);
    fs.writeFileSync(path.join(busy, 'keep.txt'), 'mine');
    await expect(
      migrateForTest({ terragruntRoot: FIXTURE_LIVE, outDir: busy, stateDir: FIXTURE_STATES }),
    ).rejects.toThrow(UsageError);
    expect(fs.readdirSync(busy)).toEqual(['keep.txt']);
  });
});

describe('a migration that cannot finish still writes its output and report', () => {
  let work: string;
  beforeAll(() => {
    work = fs.mkdtempSync(path.join(os.tmpdir(), 'migrate-blind-'));
  });
  afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

  /** A copy of the fixture tree with one file changed. */
  function treeWith(name: string, file: string, edit: (text: string) => string): string {
    const live = path.join(work, name, 'live');
    fs.cpSync(FIXTURE_LIVE, live, { recursive: true });
    const target = path.join(live, file);
    fs.writeFileSync(target, edit(fs.readFileSync(target, 'utf8')));
    return live;
  }

  test('a unit that does not parse: the problem names its file and line, the other units migrate', async () => {
    const live = treeWith('syntax', `${UNITS}/sqs/terragrunt.hcl`, (text) => `${text}\ninputs = {\n`);
    const out = path.join(work, 'syntax', 'out');
    const { report } = await migrateForTest({ terragruntRoot: live, outDir: out, stateDir: FIXTURE_STATES });
    expect(report.finished).toBe(false);
    const problems = report.notes.filter((n) => n.level === 'error');
    expect(problems).toEqual([
      expect.objectContaining({ where: expect.stringMatching(new RegExp(`^${UNITS}/sqs/terragrunt\\.hcl`)) }),
    ]);
    expect(problems[0]!.message).toMatch(/not valid HCL/);
    // Written anyway: the report, and the configuration of the units that could be read.
    expect(fs.existsSync(path.join(out, 'migration-report.md'))).toBe(true);
    expect(fs.readFileSync(path.join(out, 'migration-report.md'), 'utf8')).toMatch(/\*\*Could not finish\*\*/);
    expect(fs.existsSync(path.join(out, 'batch-json', 'compute-environment.json'))).toBe(true);
    // No message names a temporary folder, nor the tree by its absolute path.
    const text = JSON.stringify(report.notes);
    expect(text).not.toMatch(/staging|\/tmp\//);
  }, 120_000);

  test('a state that is not one: a warning against the unit, and its resources are not adopted', async () => {
    const states = path.join(work, 'garbage-states');
    fs.cpSync(FIXTURE_STATES, states, { recursive: true });
    fs.writeFileSync(path.join(states, UNITS, 'sqs.tfstate'), '{"not": "a state"}');
    const { report } = await migrateForTest({
      terragruntRoot: FIXTURE_LIVE,
      outDir: path.join(work, 'garbage', 'out'),
      stateDir: states,
    });
    expect(report.notes.filter((n) => n.level === 'warning')).toEqual([
      expect.objectContaining({
        where: `${UNITS}/sqs/terragrunt.hcl`,
        message: expect.stringMatching(/neither a state .* nor terraform show -json output/),
      }),
    ]);
  }, 120_000);

  test('no state at all: a problem saying what to do, and the report', async () => {
    const out = path.join(work, 'nostate', 'out');
    const { report } = await migrateForTest({
      terragruntRoot: FIXTURE_LIVE,
      outDir: out,
      stateDir: fs.mkdtempSync(path.join(work, 'empty-')),
    });
    expect(report.finished).toBe(false);
    expect(report.notes.filter((n) => n.level === 'error').map((n) => n.message)).toEqual([
      expect.stringMatching(/no state of any of its units could be read: .* give the states with --state-dir/),
    ]);
    expect(fs.existsSync(path.join(out, 'migration-report.json'))).toBe(true);
  }, 60_000);

  test('npm run migrate: progress per unit, warnings and problems printed, exit code 1, no stack trace', () => {
    const live = treeWith('cli', `${UNITS}/batch/terragrunt.hcl`, (text) =>
      text.replace('include "root" {', 'include "root" {{'),
    );
    const out = path.join(work, 'cli', 'out');
    const run = spawnSync(
      process.execPath,
      [
        '--import',
        'tsx',
        path.join(PROJECT_ROOT, 'scripts', 'migrate.ts'),
        '--terragrunt',
        live,
        '--out',
        out,
        '--state-dir',
        FIXTURE_STATES,
      ],
      { cwd: PROJECT_ROOT, encoding: 'utf8' },
    );
    expect(run.status).toBe(1);
    expect(run.stdout).toMatch(new RegExp(`^  unit ${UNITS}/sqs: 2 resource\\(s\\)`, 'm'));
    expect(run.stderr).toMatch(new RegExp(`^error: ${UNITS}/batch/terragrunt\\.hcl.*not valid HCL`, 'm'));
    expect(run.stderr).toMatch(/could not finish: .*migration-report\.md says what stopped it/);
    expect(run.stderr).not.toMatch(/^\s+at /m);
    expect(`${run.stdout}${run.stderr}`).not.toMatch(/staging/);
    expect(readJson<MigrationReport>(path.join(out, 'migration-report.json')).finished).toBe(false);
  }, 120_000);
});
