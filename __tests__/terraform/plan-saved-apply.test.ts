import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { CreateBucketCommand, S3Client } from '@aws-sdk/client-s3';
import { type LocalAws, startLocalAws } from '../../lib/local-aws/local-aws-process';
import { errorMessage } from '../../lib/orchestration/run-report';
import { type RunAllOptions, type RunAllReport, runAll } from '../../lib/orchestration/run-all';
import { binaryPlanName, provenanceName } from '../../lib/orchestration/saved-plan-record';
import { runTerraform } from '../../lib/terraform-cli/terraform-process';
import { terraformEnvironment } from '../../lib/terraform-cli/terraform-cli-config';
import { PROJECT_ROOT } from '../support/config-fixture';

jest.setTimeout(180_000);

/**
 * Saved plans, end to end with the real Terraform: a one-stack synth output (built-in
 * terraform_data resources, so no provider starts) whose state is in an S3 bucket of the local AWS,
 * planned by run-all and applied from the plan folder. A spy in front of Terraform records every
 * command, to show the apply never plans.
 */
const BUCKET = 'saved-plans-state';
const STACK = 'test-notes';

describe('applying saved plans with run-all', () => {
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'plan-saved-apply-'));
  const outdir = path.join(work, 'cdktf.out');
  const directory = path.join(outdir, 'stacks', STACK);
  const commandLog = path.join(work, 'terraform-commands.log');
  let localAws: LocalAws;
  let env: NodeJS.ProcessEnv;
  const lines: string[] = [];

  /** Writes the stack; `notes` become terraform_data resources. */
  const writeStack = (notes: Record<string, string>, mode: 'local' | 'offline' = 'local'): void => {
    fs.mkdirSync(directory, { recursive: true });
    const backend = {
      s3: {
        bucket: BUCKET,
        key: `${STACK}.tfstate`,
        region: 'eu-west-1',
        endpoints: { s3: localAws.endpoint },
        use_path_style: true,
        use_lockfile: true,
        skip_credentials_validation: true,
        skip_requesting_account_id: true,
        skip_metadata_api_check: true,
        skip_region_validation: true,
      },
    };
    const stack = {
      '//': { platform: { environment: 'test', module: 'notes', synth_mode: mode } },
      terraform: { backend },
      resource: {
        terraform_data: Object.fromEntries(Object.entries(notes).map(([name, input]) => [name, { input }])),
      },
    };
    fs.writeFileSync(path.join(directory, 'cdk.tf.json'), JSON.stringify(stack, null, 2));
  };

  const run = (command: RunAllOptions['command'], extra: Partial<RunAllOptions> = {}): Promise<RunAllReport> =>
    runAll({
      projectRoot: PROJECT_ROOT,
      command,
      filter: { environments: [], include: [], exclude: [] },
      synth: 'skip',
      outdir,
      parallelism: 1,
      failFast: true,
      awsEndpoint: localAws.endpoint,
      log: (line) => lines.push(line),
      ...extra,
    });

  /** The Terraform subcommands the spy saw since the log was last cleared. */
  const commandsRun = (): string[] =>
    fs.existsSync(commandLog)
      ? fs
          .readFileSync(commandLog, 'utf8')
          .trim()
          .split('\n')
          .filter((l) => l !== '')
      : [];

  const failure = (report: RunAllReport): string => {
    const outcome = report.outcomes.get(STACK)!;
    return outcome.status === 'failed' ? errorMessage(outcome.error) : `not failed: ${outcome.status}`;
  };

  beforeAll(async () => {
    localAws = await startLocalAws();
    const s3 = new S3Client({
      endpoint: localAws.endpoint,
      region: 'eu-west-1',
      forcePathStyle: true,
      credentials: { accessKeyId: 'local-aws', secretAccessKey: 'local-aws' },
    });
    await s3.send(
      new CreateBucketCommand({ Bucket: BUCKET, CreateBucketConfiguration: { LocationConstraint: 'eu-west-1' } }),
    );
    s3.destroy();
    const spy = path.join(work, 'terraform-spy.sh');
    fs.writeFileSync(
      spy,
      [
        '#!/bin/sh',
        '# Records the subcommand (after -chdir) and its last argument, one line a call.',
        'chdir="$1"; shift',
        'eval "last=\\${$#}"',
        `printf '%s %s\\n' "$1" "$last" >> '${commandLog}'`,
        'exec terraform "$chdir" "$@"',
        '',
      ].join('\n'),
      { mode: 0o755 },
    );
    env = {
      ...terraformEnvironment(PROJECT_ROOT),
      AWS_ACCESS_KEY_ID: 'local-aws',
      AWS_SECRET_ACCESS_KEY: 'local-aws',
    };
    Object.assign(process.env, { TERRAFORM_BINARY: spy });
    fs.mkdirSync(outdir, { recursive: true });
    fs.writeFileSync(
      path.join(outdir, 'manifest.json'),
      JSON.stringify({
        stacks: {
          [STACK]: {
            name: STACK,
            workingDirectory: `stacks/${STACK}`,
            synthesizedStackPath: `stacks/${STACK}/cdk.tf.json`,
            dependencies: [],
          },
        },
      }),
    );
  });

  afterAll(async () => {
    delete process.env.TERRAFORM_BINARY;
    await localAws?.stop();
    fs.rmSync(work, { recursive: true, force: true });
  });

  test('a saved plan is applied as it was made, without planning again; the next plan has no changes', async () => {
    writeStack({ first: 'one', second: 'two' });
    const plans = path.join(work, 'reviewed');
    const planned = await run('plan', { planDir: plans });
    expect(planned.ok).toBe(true);
    expect(fs.readdirSync(plans).sort()).toEqual(
      [`${STACK}.json`, binaryPlanName(STACK), provenanceName(STACK)].sort(),
    );

    fs.rmSync(commandLog, { force: true });
    const applied = await run('apply', { savedPlanDir: plans });
    expect(applied.ok).toBe(true);
    expect(applied.outcomes.get(STACK)).toMatchObject({ status: 'succeeded', result: { summary: { create: 2 } } });
    // init may be skipped (same backend as the plan's); apply ran on the saved plan file, and nothing planned.
    const commands = commandsRun().filter((c) => !c.startsWith('init '));
    expect(commands).toEqual([`apply ${path.join(plans, binaryPlanName(STACK))}`]);

    const next = await runTerraform(['plan', '-no-color', '-input=false'], { cwd: directory, env });
    expect(next.exitCode).toBe(0);
    expect(next.stdout).toContain('No changes. Your infrastructure matches the configuration.');
  });

  test("a stale saved plan is refused with Terraform's own verdict, and nothing is applied", async () => {
    writeStack({ first: 'one', second: 'two', third: 'three' });
    const older = path.join(work, 'older');
    const newer = path.join(work, 'newer');
    expect((await run('plan', { planDir: older })).ok).toBe(true);
    expect((await run('plan', { planDir: newer })).ok).toBe(true);
    expect((await run('apply', { savedPlanDir: newer })).ok).toBe(true);

    const stale = await run('apply', { savedPlanDir: older });
    expect(stale.ok).toBe(false);
    expect(failure(stale)).toMatch(/test-notes: the saved plan is not applied: Terraform says "Saved plan is stale"/);
    const state = await runTerraform(['state', 'list', '-no-color'], { cwd: directory, env });
    expect(state.stdout.trim().split('\n')).toEqual([
      'terraform_data.first',
      'terraform_data.second',
      'terraform_data.third',
    ]);
  });

  test('a plan with mock outputs, made offline or from another configuration is refused unrun', async () => {
    writeStack({ first: 'one', second: 'two', third: 'three', fourth: 'four' });
    const plans = path.join(work, 'tampered');
    expect((await run('plan', { planDir: plans })).ok).toBe(true);
    const recordFile = path.join(plans, provenanceName(STACK));
    const record = JSON.parse(fs.readFileSync(recordFile, 'utf8')) as Record<string, unknown>;
    const refusal = async (change: Record<string, unknown>): Promise<string> => {
      fs.writeFileSync(recordFile, JSON.stringify({ ...record, ...change }));
      fs.rmSync(commandLog, { force: true });
      const report = await run('apply', { savedPlanDir: plans });
      expect(commandsRun().filter((c) => !c.startsWith('init '))).toEqual([]);
      return failure(report);
    };

    expect(await refusal({ mocked_upstreams: ['test-iam'] })).toMatch(/read mock outputs of test-iam .* provisional/);
    expect(await refusal({ synth_mode: 'offline' })).toMatch(/planned offline/);
    expect(await refusal({ configuration_sha256: '0'.repeat(64) })).toMatch(/not the configuration the plan was made/);
    expect(await refusal({ plan_sha256: '0'.repeat(64) })).toMatch(/tfplan is not the plan recorded/);
  });
});
