import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { loadConfiguration } from '../../main';
import { bootstrapLocalAws, bootstrapRequestFor, writeOverlay } from '../../lib/local-aws/local-aws-bootstrap';
import { type LocalAws, startLocalAws } from '../../lib/local-aws/local-aws-process';
import { runAll, type RunAllReport } from '../../lib/orchestration/run-all';
import { errorMessage } from '../../lib/orchestration/run-report';
import type { StackCommand } from '../../lib/orchestration/stack-command';
import { readSynthesizedStacks } from '../../lib/orchestration/synthesized-stacks';
import { terraformEnvironment } from '../../lib/terraform-cli/terraform-cli-config';
import { runTerraform } from '../../lib/terraform-cli/terraform-process';
import { parseTerraformPlan, type TerraformPlan } from '../../lib/plan-review/terraform-plan';
import { ConfigFixture, PROJECT_ROOT } from '../support/config-fixture';
import { block, text } from '../support/synth-helpers';

/** A check block's result in a saved plan (`terraform show -json`). */
interface CheckResult {
  /** pass, fail or unknown. */
  readonly status: string;
  /** Where the check is declared. */
  readonly address: { readonly to_display: string };
}

/** A saved plan (`terraform show -json`), as run-all writes it. */
const savedPlan = (file: string): TerraformPlan => parseTerraformPlan(fs.readFileSync(file, 'utf8'), file);

/** The hybrid router's planned arguments. */
const plannedRouter = (plan: TerraformPlan) =>
  block(plan.resource_changes?.find((c) => c.address === 'aws_sfn_state_machine.hybrid_router')?.change.after);

jest.setTimeout(20 * 60_000);

const BUCKET = 'gss-terraform-state-111111111111';
const ROLE = 'arn:aws:iam::123456789012:role/from-the-iam-state';
const QUEUE = 'arn:aws:batch:eu-west-1:123456789012:job-queue/from-the-batch-state';

/** A state object with these outputs and no resources, as an applied upstream leaves it. */
function stateWithOutputs(outputs: Record<string, Record<string, string>>): string {
  return JSON.stringify({
    version: 4,
    terraform_version: '1.11.4',
    serial: 1,
    lineage: '6f1c2a3b-0000-4000-8000-000000000001',
    outputs: Object.fromEntries(
      Object.entries(outputs).map(([name, value]) => [name, { value, type: ['map', 'string'] }]),
    ),
    resources: [],
    check_results: null,
  });
}

describe('mock outputs on the local AWS: provisional plans, never applied; no_merge and shallow', () => {
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'mock-outputs-'));
  const overlays = path.join(work, 'overlays');
  // The hybrid router alone: a step-function stack that reads iam and batch and nothing else.
  const hybridOnly = ConfigFixture.copy();
  const shallow = ConfigFixture.copy();
  let localAws: LocalAws;
  let s3: S3Client;
  // Each configuration is synthesized once; later runs plan what is there.
  const synthesized = new Set<string>();
  const run = (command: StackCommand, outdir: string, configRoot: string = hybridOnly.root) =>
    runAll({
      projectRoot: PROJECT_ROOT,
      command,
      filter: { environments: ['dev'], include: ['dev-step-function'], exclude: [] },
      synth: synthesized.has(outdir)
        ? 'skip'
        : (synthesized.add(outdir),
          { mode: 'local', localEndpoint: localAws.endpoint, localStateDir: overlays, configRoot }),
      outdir,
      planDir: path.join(outdir, 'plans'),
      parallelism: 1,
      failFast: true,
      awsEndpoint: localAws.endpoint,
      log: () => undefined,
    });
  const only = (report: RunAllReport) => report.outcomes.get('dev-step-function')!;
  const putState = (module: string, body: string) =>
    s3.send(
      new PutObjectCommand({ Bucket: BUCKET, Key: `nonprod/eu-west-1/dev/${module}/terraform.tfstate`, Body: body }),
    );

  beforeAll(async () => {
    localAws = await startLocalAws({ logFile: path.join(work, 'server.log') });
    for (const fixture of [hybridOnly, shallow]) {
      fixture.editJson('config/defaults.json', (defaults) => {
        defaults.step_functions.state_machines = {
          hybrid_router: defaults.step_functions.state_machines.hybrid_router,
        };
        defaults.sqs.pipelines = {};
      });
    }
    shallow.editJson('config/defaults.json', (defaults) => {
      defaults.dependencies = { mock_outputs_merge_strategy: 'shallow' };
    });
    const dev = loadConfiguration({ root: hybridOnly.root, environments: ['dev'] }).environments[0]!;
    writeOverlay(overlays, 'dev', await bootstrapLocalAws(localAws.endpoint, bootstrapRequestFor(dev)));
    s3 = new S3Client({
      endpoint: localAws.endpoint,
      region: 'eu-west-1',
      forcePathStyle: true,
      credentials: { accessKeyId: 'local-aws', secretAccessKey: 'local-aws' },
    });
  });
  afterAll(async () => {
    s3?.destroy();
    await localAws?.stop();
    hybridOnly.dispose();
    shallow.dispose();
    fs.rmSync(work, { recursive: true, force: true });
  });

  test('before the upstreams have state, the plan reads their mocks and is provisional', async () => {
    const report = await run('plan', path.join(work, 'default'));
    const outcome = only(report);
    if (outcome.status !== 'succeeded')
      throw new Error(outcome.status === 'failed' ? errorMessage(outcome.error) : outcome.reason);
    expect(outcome.result.provisional).toBe(true);
    expect(outcome.result.mockedUpstreams).toEqual(['dev-iam', 'dev-batch']);
    expect(outcome.result.summary).toMatchObject({ create: 2, update: 0, replace: 0, destroy: 0 });
    expect(report.table).toMatch(/dev-step-function\s+planned \(provisional\)/);
    const checks = savedPlan(outcome.result.planFile!).checks as readonly CheckResult[];
    expect(
      checks
        .filter((c) => c.status === 'fail')
        .map((c) => c.address.to_display)
        .sort(),
    ).toEqual(['check.mock_outputs_of_batch', 'check.mock_outputs_of_iam']);
  });

  test('run-all refuses to apply a plan that read mocks, and so does Terraform itself', async () => {
    const report = await run('apply', path.join(work, 'default'));
    const outcome = only(report);
    expect(outcome.status).toBe('failed');
    expect(errorMessage(outcome.status === 'failed' ? outcome.error : undefined)).toContain(
      'read mock outputs of dev-iam, dev-batch',
    );

    // Whoever applies the saved plan (terraform apply, cdktf deploy), every resource's precondition refuses.
    const stack = readSynthesizedStacks(path.join(work, 'default')).find((s) => s.name === 'dev-step-function')!;
    const env = {
      ...terraformEnvironment(PROJECT_ROOT),
      AWS_ENDPOINT_URL: localAws.endpoint,
      AWS_ACCESS_KEY_ID: 'local-aws',
      AWS_SECRET_ACCESS_KEY: 'local-aws',
    };
    const apply = await runTerraform(['apply', '-input=false', '-no-color', 'platform.tfplan'], {
      cwd: stack.directory,
      env,
    });
    expect(apply.exitCode).toBe(1);
    expect(apply.stderr).toContain('Resource precondition failed');
    expect(apply.stderr).toContain('dev-step-function was planned with mock outputs of dev-iam');
    const list = await runTerraform(['state', 'list'], { cwd: stack.directory, env });
    // Only the data sources the plan read; no resource was created.
    expect(list.stdout.split('\n').filter((address) => address !== '' && !address.startsWith('data.'))).toEqual([]);
  });

  test('once the upstream states hold every output read, the plan reads them and is final', async () => {
    await putState('iam', stateWithOutputs({ state_machine_role_arns: { hybrid_router: ROLE } }));
    await putState(
      'batch',
      stateWithOutputs({
        job_queue_arns: { 'gss-dev-batch-queue': QUEUE },
        job_definition_arns: {
          'gss-dev-batch-processing': 'arn:aws:batch:eu-west-1:123456789012:job-definition/p',
          'gss-dev-batch-validation': 'arn:aws:batch:eu-west-1:123456789012:job-definition/v',
        },
      }),
    );
    const outcome = only(await run('plan', path.join(work, 'default')));
    if (outcome.status !== 'succeeded')
      throw new Error(outcome.status === 'failed' ? errorMessage(outcome.error) : outcome.reason);
    expect(outcome.result.provisional).toBe(false);
    const machine = plannedRouter(savedPlan(outcome.result.planFile!));
    expect(machine.role_arn).toBe(ROLE);
    expect(JSON.parse(text(machine.definition)).States.ProcessWithBatch.Parameters.JobQueue).toBe(QUEUE);
  });

  test('no_merge: an upstream state that exists but lacks an output fails the plan and says why', async () => {
    await putState('batch', stateWithOutputs({ job_queue_arns: { 'gss-dev-batch-queue': QUEUE } }));
    const outcome = only(await run('plan', path.join(work, 'default')));
    expect(outcome.status).toBe('failed');
    expect(errorMessage(outcome.status === 'failed' ? outcome.error : undefined)).toContain(
      'exists but lacks outputs dev-step-function reads',
    );
  });

  test('shallow: the missing output is read from its mock, and the plan is provisional', async () => {
    const outcome = only(await run('plan', path.join(work, 'shallow'), shallow.root));
    if (outcome.status !== 'succeeded')
      throw new Error(outcome.status === 'failed' ? errorMessage(outcome.error) : outcome.reason);
    expect(outcome.result.mockedUpstreams).toEqual(['dev-batch']);
    const definition = JSON.parse(text(plannedRouter(savedPlan(outcome.result.planFile!)).definition));
    expect(definition.States.ProcessWithBatch.Parameters.JobQueue).toBe(QUEUE);
    expect(definition.States.ProcessWithBatch.Parameters.JobDefinition).toBe(
      'arn:aws:batch:eu-west-1:123456789012:job-definition/gss-dev-batch-processing',
    );
  });
});
