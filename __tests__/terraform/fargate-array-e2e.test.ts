import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import {
  BatchClient,
  DescribeComputeEnvironmentsCommand,
  DescribeJobDefinitionsCommand,
  DescribeJobQueuesCommand,
} from '@aws-sdk/client-batch';
import { loadConfiguration } from '../../main';
import { bootstrapLocalAws, bootstrapRequestFor, writeOverlay } from '../../lib/local-aws/local-aws-bootstrap';
import { type LocalAws, startLocalAws } from '../../lib/local-aws/local-aws-process';
import { runAll } from '../../lib/orchestration/run-all';
import type { StackCommand } from '../../lib/orchestration/stack-command';
import { readSynthesizedStacks } from '../../lib/orchestration/synthesized-stacks';
import { StackWorkspace } from '../../lib/terraform-cli/stack-workspace';
import { terraformEnvironment } from '../../lib/terraform-cli/terraform-cli-config';
import { PROJECT_ROOT } from '../support/config-fixture';
import { failures } from '../support/run-all-failures';

jest.setTimeout(30 * 60_000);

const EXAMPLE = path.join(PROJECT_ROOT, 'examples', 'fargate-array');
const REGION = 'ap-northeast-1';

describe('examples/fargate-array on the local AWS: deploys, runs the smoke test, re-plans clean and destroys', () => {
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'fargate-array-e2e-'));
  const outdir = path.join(work, 'cdktf.out');
  const stateDir = path.join(work, 'local-aws');
  let localAws: LocalAws;
  const run = (command: StackCommand, synth: boolean) =>
    runAll({
      projectRoot: PROJECT_ROOT,
      command,
      filter: { environments: ['dev'], include: [], exclude: [] },
      synth: synth
        ? { mode: 'local', localEndpoint: localAws.endpoint, localStateDir: stateDir, configRoot: EXAMPLE }
        : 'skip',
      outdir,
      parallelism: 2,
      failFast: true,
      awsEndpoint: localAws.endpoint,
      log: () => undefined,
    });
  const batch = (): BatchClient =>
    new BatchClient({
      endpoint: localAws.endpoint,
      region: REGION,
      credentials: { accessKeyId: 'local-aws', secretAccessKey: 'local-aws' },
    });

  beforeAll(async () => {
    localAws = await startLocalAws({ logFile: path.join(work, 'server.log') });
    const dev = loadConfiguration({ root: EXAMPLE, environments: ['dev'] }).environments[0]!;
    writeOverlay(stateDir, 'dev', await bootstrapLocalAws(localAws.endpoint, bootstrapRequestFor(dev)));
  });
  afterAll(async () => {
    await localAws?.stop();
    fs.rmSync(work, { recursive: true, force: true });
  });

  test('applies every stack', async () => {
    expect(failures(await run('apply', true))).toEqual([]);
  });

  test('Batch holds both Fargate environments (service-linked role), the queue ordering them, the worker', async () => {
    const client = batch();
    const environments = (await client.send(new DescribeComputeEnvironmentsCommand({}))).computeEnvironments ?? [];
    const byType = new Map(environments.map((ce) => [ce.computeResources?.type, ce]));
    expect([...byType.keys()].sort()).toEqual(['FARGATE', 'FARGATE_SPOT']);
    expect(byType.get('FARGATE_SPOT')!.computeEnvironmentName).toMatch(/^arrayjobs-dev-fargate-spot-\d+$/);
    for (const ce of environments)
      expect(ce.serviceRole).toBe(
        `arn:aws:iam::${localAws.accountId}:role/aws-service-role/batch.amazonaws.com/AWSServiceRoleForBatch`,
      );

    const [queue] =
      (await client.send(new DescribeJobQueuesCommand({ jobQueues: ['arrayjobs-dev-worker-queue'] }))).jobQueues ?? [];
    expect(queue!.computeEnvironmentOrder).toEqual([
      { order: 1, computeEnvironment: byType.get('FARGATE_SPOT')!.computeEnvironmentArn },
      { order: 2, computeEnvironment: byType.get('FARGATE')!.computeEnvironmentArn },
    ]);

    const [definition] =
      (
        await client.send(
          new DescribeJobDefinitionsCommand({ jobDefinitionName: 'arrayjobs-dev-worker', status: 'ACTIVE' }),
        )
      ).jobDefinitions ?? [];
    expect(definition!.platformCapabilities).toEqual(['FARGATE']);
    expect(definition!.containerProperties).toMatchObject({
      resourceRequirements: [
        { type: 'VCPU', value: '0.25' },
        { type: 'MEMORY', value: '512' },
      ],
      executionRoleArn: `arn:aws:iam::${localAws.accountId}:role/arrayjobs-dev-batch-worker-execution-role`,
      networkConfiguration: { assignPublicIp: 'DISABLED' },
    });
    client.destroy();
  });

  test('the smoke test submits an array job of 2 and reports it FAILED (moto runs no container), exit code 1', () => {
    const smoke = spawnSync(
      process.execPath,
      [
        '--import',
        'tsx',
        path.join(PROJECT_ROOT, 'scripts', 'smoke-test.ts'),
        '--local',
        '--region',
        REGION,
        '--job-queue',
        'arrayjobs-dev-worker-queue',
        '--job-definition',
        'arrayjobs-dev-worker',
        '--array-size',
        '2',
        '--input',
        '{"message": "Hello!", "items": ["item-A", "item-B"]}',
        '--poll',
        '1',
        '--timeout',
        '300',
      ],
      { cwd: PROJECT_ROOT, env: { ...process.env, LOCAL_AWS_ENDPOINT: localAws.endpoint }, encoding: 'utf8' },
    );
    expect(smoke.status).toBe(1);
    const lines = smoke.stdout.trim().split('\n');
    expect(lines[0]).toMatch(
      /^submitted array job \(size 2\) smoke-test-\d+: (\S+) to arrayjobs-dev-worker-queue with arrayjobs-dev-worker$/,
    );
    expect(lines).toContain('[0] no log stream: the job never started a container');
    expect(lines).toContain('[1] FAILED: Batch gives no status reason; attempt 1: no reason given');
    expect(lines.at(-1)).toMatch(/^\S+: FAILED: 0 of 2 children succeeded$/);
  });

  test('a second plan of every stack has no changes', async () => {
    const report = await run('plan', false);
    expect(failures(report)).toEqual([]);
    const changed = [...report.outcomes]
      .filter(([, o]) => o.status === 'succeeded' && o.result.hasChanges !== false)
      .map(([name, o]) => [name, o.status === 'succeeded' ? o.result.summary : undefined]);
    expect(changed).toEqual([]);
  });

  test('destroys every stack and leaves every state empty', async () => {
    expect(failures(await run('destroy', false))).toEqual([]);
    const env = terraformEnvironment(PROJECT_ROOT);
    for (const stack of readSynthesizedStacks(outdir)) {
      expect(await new StackWorkspace({ name: stack.name, directory: stack.directory, env }).stateList()).toEqual([]);
    }
  });
});
