import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { BatchClient, DescribeJobDefinitionsCommand } from '@aws-sdk/client-batch';
import { PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { DescribeStateMachineCommand, SFNClient } from '@aws-sdk/client-sfn';
import { ReceiveMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
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

jest.setTimeout(20 * 60_000);

describe('end to end on the local AWS: dev deploys, links through remote state, re-plans clean and destroys', () => {
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'local-aws-e2e-'));
  const outdir = path.join(work, 'cdktf.out');
  const stateDir = path.join(work, 'local-aws');
  const log: string[] = [];
  let localAws: LocalAws;
  const credentials = { accessKeyId: 'local-aws', secretAccessKey: 'local-aws' };
  const run = (command: StackCommand, synth: boolean) =>
    runAll({
      projectRoot: PROJECT_ROOT,
      command,
      filter: { environments: ['dev'], include: [], exclude: [] },
      synth: synth ? { mode: 'local', localEndpoint: localAws.endpoint, localStateDir: stateDir } : 'skip',
      outdir,
      parallelism: 2,
      failFast: true,
      awsEndpoint: localAws.endpoint,
      log: (line) => void log.push(line),
    });

  beforeAll(async () => {
    localAws = await startLocalAws({ logFile: path.join(work, 'server.log') });
    const dev = loadConfiguration({ root: PROJECT_ROOT, environments: ['dev'] }).environments[0]!;
    writeOverlay(stateDir, 'dev', await bootstrapLocalAws(localAws.endpoint, bootstrapRequestFor(dev)));
  });
  afterAll(async () => {
    await localAws?.stop();
    fs.rmSync(work, { recursive: true, force: true });
  });

  test('applies every stack, each after the stacks it reads', async () => {
    const report = await run('apply', true);
    expect(failures(report)).toEqual([]);
    const started = (name: string) => log.indexOf(`${name}: apply...`);
    const finished = (name: string) => log.findIndex((line) => line.startsWith(`${name}: applied`));
    expect(started('dev-batch')).toBeGreaterThan(
      Math.max(finished('dev-iam'), finished('dev-security-group'), finished('dev-sqs')),
    );
    expect(started('dev-step-function')).toBeGreaterThan(Math.max(finished('dev-batch'), finished('dev-sqs')));
    expect(report.wallMs).toBeLessThan(report.sumMs);
  });

  test(
    'outputs really flow through remote state: the jobs and the workflow carry the real upstream ' + 'values',
    async () => {
      const env = terraformEnvironment(PROJECT_ROOT);
      const stacks = new Map(readSynthesizedStacks(outdir).map((s) => [s.name, s]));
      const outputs = async (name: string) =>
        new StackWorkspace({ name, directory: stacks.get(name)!.directory, env }).outputs();
      const sqs = await outputs('dev-sqs');
      const batch = await outputs('dev-batch');
      const iam = await outputs('dev-iam');

      const client = new BatchClient({ endpoint: localAws.endpoint, region: 'eu-west-1', credentials });
      const { jobDefinitions } = await client.send(
        new DescribeJobDefinitionsCommand({ jobDefinitionName: 'gss-dev-batch-processing', status: 'ACTIVE' }),
      );
      const container = jobDefinitions![0]!.containerProperties!;
      expect(container.environment).toContainEqual({
        name: 'SQS_CORE_QUEUE',
        value: sqs.core_queue_url!.value as string,
      });
      expect(sqs.core_queue_url!.value).toMatch(/^http.*gss-dev-core-queue$/);
      expect(container.jobRoleArn).toBe((iam.job_role_arns!.value as Record<string, string>).batch_job);

      const sfn = new SFNClient({ endpoint: localAws.endpoint, region: 'eu-west-1', credentials });
      const stateMachineArn = ((await outputs('dev-step-function')).state_machine_arns!.value as Record<string, string>)
        .hybrid_router!;
      const machine = await sfn.send(new DescribeStateMachineCommand({ stateMachineArn }));
      const definition = JSON.parse(machine.definition!);
      expect(definition.States.ProcessWithBatch.Parameters.JobQueue).toBe(
        (batch.job_queue_arns!.value as Record<string, string>)['gss-dev-batch-queue'],
      );
      expect(machine.roleArn).toBe((iam.state_machine_role_arns!.value as Record<string, string>).hybrid_router);
    },
  );

  test(
    "every workflow is deployed with the real upstream values, and the pipeline's bucket notifies its queue of new " +
      'objects only',
    async () => {
      const env = terraformEnvironment(PROJECT_ROOT);
      const stacks = new Map(readSynthesizedStacks(outdir).map((s) => [s.name, s]));
      const outputs = async (name: string) =>
        new StackWorkspace({ name, directory: stacks.get(name)!.directory, env }).outputs();
      const workflows = await outputs('dev-step-function');
      const queueArn = ((await outputs('dev-batch')).job_queue_arns!.value as Record<string, string>)[
        'gss-dev-batch-queue'
      ];
      const sfn = new SFNClient({ endpoint: localAws.endpoint, region: 'eu-west-1', credentials });
      const definition = async (key: string) =>
        JSON.parse(
          (
            await sfn.send(
              new DescribeStateMachineCommand({
                stateMachineArn: (workflows.state_machine_arns!.value as Record<string, string>)[key]!,
              }),
            )
          ).definition!,
        );
      expect(
        (await definition('batch_group')).States.BatchGroup.Branches[0].States.RunBatchJob.Parameters.JobQueue,
      ).toBe(queueArn);
      expect((await definition('nightly_schedule')).States.validate_incoming.Parameters.JobQueue).toBe(queueArn);
      expect((await definition('array_fanout')).States.RunArrayJob.Parameters.JobQueue).toBe(queueArn);
      expect(workflows.pipe_arns!.value).toEqual({
        incoming_files: 'arn:aws:pipes:eu-west-1:123456789012:pipe/gss-dev-incoming-files-trigger',
      });

      const queueUrl = ((await outputs('dev-sqs')).pipeline_queue_urls!.value as Record<string, string>)
        .incoming_files!;
      const s3 = new S3Client({ endpoint: localAws.endpoint, region: 'eu-west-1', credentials, forcePathStyle: true });
      for (const key of ['incoming/orders.csv', 'incoming/readme.txt', 'chunks/orders.csv'])
        await s3.send(new PutObjectCommand({ Bucket: 'gss-dev-chunks', Key: key, Body: 'id\n1\n' }));
      const sqs = new SQSClient({ endpoint: localAws.endpoint, region: 'eu-west-1', credentials });
      const messages =
        (await sqs.send(new ReceiveMessageCommand({ QueueUrl: queueUrl, MaxNumberOfMessages: 10, WaitTimeSeconds: 1 })))
          .Messages ?? [];
      const bodies = messages.map((m) => JSON.parse(m.Body!));
      // S3's test message when the notification was set up, which the pipe's filter drops, and the one object under
      // incoming/ ending in .csv.
      expect(bodies.filter((b) => b.Event === 's3:TestEvent')).toHaveLength(1);
      expect(
        bodies
          .flatMap((b) => b.Records ?? [])
          .map((r: { eventName: string; s3: { object: { key: string } } }) => [
            r.eventName,
            decodeURIComponent(r.s3.object.key),
          ]),
      ).toEqual([['ObjectCreated:Put', 'incoming/orders.csv']]);
    },
  );

  test('a second plan of every stack has no changes', async () => {
    const report = await run('plan', false);
    expect(failures(report)).toEqual([]);
    const changed = [...report.outcomes]
      .filter(([, o]) => o.status === 'succeeded' && o.result.hasChanges !== false)
      .map(([name, o]) => [name, o.status === 'succeeded' ? o.result.summary : undefined]);
    expect(changed).toEqual([]);
  });

  test('destroys in reverse order and leaves every state empty', async () => {
    log.length = 0;
    const report = await run('destroy', false);
    expect(failures(report)).toEqual([]);
    const started = (name: string) => log.indexOf(`${name}: destroy...`);
    const finished = (name: string) => log.findIndex((line) => line.startsWith(`${name}: destroyed`));
    expect(started('dev-batch')).toBeGreaterThan(finished('dev-step-function'));
    // The pipe goes before the queue it polls.
    expect(started('dev-sqs')).toBeGreaterThan(finished('dev-step-function'));
    expect(started('dev-iam')).toBeGreaterThan(finished('dev-batch'));
    const env = terraformEnvironment(PROJECT_ROOT);
    for (const stack of readSynthesizedStacks(outdir)) {
      expect(await new StackWorkspace({ name: stack.name, directory: stack.directory, env }).stateList()).toEqual([]);
    }
  });
});
