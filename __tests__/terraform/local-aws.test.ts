import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { DescribeSubnetsCommand, DescribeVpcsCommand, EC2Client } from '@aws-sdk/client-ec2';
import {
  GetBucketEncryptionCommand,
  GetBucketLocationCommand,
  GetBucketVersioningCommand,
  S3Client,
} from '@aws-sdk/client-s3';
import {
  CreateStateMachineCommand,
  ListStateMachineVersionsCommand,
  SFNClient,
  ValidateStateMachineDefinitionCommand,
} from '@aws-sdk/client-sfn';
import {
  CreateQueueCommand,
  GetQueueAttributesCommand,
  SetQueueAttributesCommand,
  SQSClient,
} from '@aws-sdk/client-sqs';
import { loadConfiguration } from '../../main';
import { UsageError } from '../../lib/deployment/synth-target';
import {
  bootstrapLocalAws,
  bootstrapRequestFor,
  type LocalAwsBootstrapRequest,
  writeOverlay,
} from '../../lib/local-aws/local-aws-bootstrap';
import { type LocalAws, MOTO_INSTALL_COMMAND, startLocalAws } from '../../lib/local-aws/local-aws-process';
import { hybridRouterDefinition } from '../../lib/state-machines/hybrid-router';
import { PROJECT_ROOT } from '../support/config-fixture';

jest.setTimeout(60_000);

const REGION = 'eu-west-1';
const ACCOUNT = '123456789012';
const credentials = { accessKeyId: 'local-aws', secretAccessKey: 'local-aws' };
const ROLE_ARN = `arn:aws:iam::${ACCOUNT}:role/local-aws-test-sfn`;

/** Every state type the platform's workflows use, with the Batch and Lambda integrations. */
const VALID_DEFINITION = {
  StartAt: 'Prepare',
  States: {
    Prepare: { Type: 'Pass', Result: { ready: true }, ResultPath: '$.prepared', Next: 'Route' },
    Route: {
      Type: 'Choice',
      Choices: [{ Variable: '$.chunkSize', NumericGreaterThan: 290000, Next: 'ProcessInParallel' }],
      Default: 'Failed',
    },
    ProcessInParallel: {
      Type: 'Parallel',
      Branches: [
        {
          StartAt: 'Batch',
          States: {
            Batch: {
              Type: 'Task',
              Resource: 'arn:aws:states:::batch:submitJob.sync',
              Parameters: {
                JobName: 'processing',
                JobQueue: `arn:aws:batch:${REGION}:${ACCOUNT}:job-queue/gss-dev-batch-queue`,
                JobDefinition: `arn:aws:batch:${REGION}:${ACCOUNT}:job-definition/gss-dev-batch-processing:1`,
                'Parameters.$': '$.batchParameters',
              },
              End: true,
            },
          },
        },
        {
          StartAt: 'Lambda',
          States: {
            Lambda: {
              Type: 'Task',
              Resource: 'arn:aws:states:::lambda:invoke',
              Parameters: {
                FunctionName: `arn:aws:lambda:${REGION}:${ACCOUNT}:function:gss-dev-chunk-processor`,
                'Payload.$': '$',
              },
              OutputPath: '$.Payload',
              End: true,
            },
          },
        },
      ],
      Catch: [{ ErrorEquals: ['States.ALL'], ResultPath: '$.error', Next: 'Failed' }],
      End: true,
    },
    Failed: { Type: 'Fail', Error: 'ChunkProcessingFailed', Cause: 'A task failed' },
  },
};

let localAws: LocalAws;

beforeAll(async () => {
  localAws = await startLocalAws();
});

afterAll(async () => {
  await localAws?.stop();
});

describe('states:ValidateStateMachineDefinition checks the Amazon States Language', () => {
  const validate = async (definition: string) => {
    const sfn = new SFNClient({ endpoint: localAws.endpoint, region: REGION, credentials });
    return sfn.send(new ValidateStateMachineDefinitionCommand({ definition }));
  };

  test('a valid definition with Batch, Lambda, Parallel, Choice, Fail and Pass states is OK', async () => {
    const answer = await validate(JSON.stringify(VALID_DEFINITION));
    expect(answer.result).toBe('OK');
    expect(answer.diagnostics).toEqual([]);
    expect(answer.truncated).toBe(false);
  });

  test("the platform's hybrid router is OK", async () => {
    const retry = { intervalSeconds: 2, maxAttempts: 3, backoffRate: 2 };
    const definition = hybridRouterDefinition({
      chunkSizePath: '$.chunkSize',
      threshold: 290000,
      lambdaFunctionArn: `arn:aws:lambda:${REGION}:${ACCOUNT}:function:gss-dev-chunk-processor`,
      jobQueueArn: `arn:aws:batch:${REGION}:${ACCOUNT}:job-queue/gss-dev-batch-queue`,
      processingJobDefinitionArn: `arn:aws:batch:${REGION}:${ACCOUNT}:job-definition/gss-dev-batch-processing:1`,
      processingJobName: 'gss-dev-batch-processing',
      validation: {
        jobDefinitionArn: `arn:aws:batch:${REGION}:${ACCOUNT}:job-definition/gss-dev-batch-validation:1`,
        jobName: 'gss-dev-batch-validation',
      },
      lambdaRetry: retry,
      batchRetry: retry,
    });
    expect((await validate(JSON.stringify(definition))).result).toBe('OK');
  });

  test('an unknown state type fails with a located schema diagnostic', async () => {
    const answer = await validate(JSON.stringify({ StartAt: 'A', States: { A: { Type: 'Teleport', End: true } } }));
    expect(answer.result).toBe('FAIL');
    expect(answer.diagnostics).toEqual([
      expect.objectContaining({ severity: 'ERROR', code: 'SCHEMA_VALIDATION_FAILED', location: '/States/A/Type' }),
    ]);
  });

  test('a transition to a missing state fails', async () => {
    const answer = await validate(JSON.stringify({ StartAt: 'A', States: { A: { Type: 'Pass', Next: 'Nowhere' } } }));
    expect(answer.result).toBe('FAIL');
    expect(answer.diagnostics).toContainEqual(
      expect.objectContaining({ code: 'MISSING_TRANSITION_TARGET', message: expect.stringContaining('Nowhere') }),
    );
  });

  test('a Task resource that is not an ARN fails: the ARN check is on', async () => {
    const answer = await validate(
      JSON.stringify({ StartAt: 'A', States: { A: { Type: 'Task', Resource: 'submit-job', End: true } } }),
    );
    expect(answer.result).toBe('FAIL');
    expect(answer.diagnostics).toEqual([
      expect.objectContaining({ code: 'SCHEMA_VALIDATION_FAILED', location: '/States/A/Resource' }),
    ]);
  });

  test('text that is not JSON fails', async () => {
    const answer = await validate('{"StartAt": ');
    expect(answer.result).toBe('FAIL');
    expect(answer.diagnostics).toEqual([expect.objectContaining({ code: 'INVALID_JSON_DESCRIPTION' })]);
  });
});

describe('states:ListStateMachineVersions', () => {
  const sfn = (): SFNClient => new SFNClient({ endpoint: localAws.endpoint, region: REGION, credentials });

  test('is an empty list for a state machine never published', async () => {
    const created = await sfn().send(
      new CreateStateMachineCommand({
        name: 'never-published',
        definition: JSON.stringify(VALID_DEFINITION),
        roleArn: ROLE_ARN,
      }),
    );
    const answer = await sfn().send(new ListStateMachineVersionsCommand({ stateMachineArn: created.stateMachineArn }));
    expect(answer.stateMachineVersions).toEqual([]);
  });

  test('lists the version a publishing create made', async () => {
    const created = await sfn().send(
      new CreateStateMachineCommand({
        name: 'published',
        definition: JSON.stringify(VALID_DEFINITION),
        roleArn: ROLE_ARN,
        publish: true,
      }),
    );
    const answer = await sfn().send(new ListStateMachineVersionsCommand({ stateMachineArn: created.stateMachineArn }));
    expect(answer.stateMachineVersions?.map((v) => v.stateMachineVersionArn)).toEqual([`${created.stateMachineArn}:1`]);
  });
});

describe('SQS queue attributes come back as SQS returns them', () => {
  const sqs = (): SQSClient => new SQSClient({ endpoint: localAws.endpoint, region: REGION, credentials });
  const attribute = async (
    queueUrl: string,
    name: 'RedrivePolicy' | 'RedriveAllowPolicy' | 'Policy',
  ): Promise<string | undefined> =>
    (await sqs().send(new GetQueueAttributesCommand({ QueueUrl: queueUrl, AttributeNames: [name] }))).Attributes?.[
      name
    ];

  test('RedrivePolicy is compact JSON, however it was sent', async () => {
    const dlq = await sqs().send(new CreateQueueCommand({ QueueName: 'compact-dlq' }));
    const dlqArn = `arn:aws:sqs:${REGION}:${ACCOUNT}:compact-dlq`;
    const queue = await sqs().send(
      new CreateQueueCommand({
        QueueName: 'compact-source',
        Attributes: { RedrivePolicy: JSON.stringify({ deadLetterTargetArn: dlqArn, maxReceiveCount: 5 }, null, 2) },
      }),
    );
    expect(dlq.QueueUrl).toBeDefined();
    expect(await attribute(queue.QueueUrl!, 'RedrivePolicy')).toBe(
      `{"deadLetterTargetArn":"${dlqArn}","maxReceiveCount":5}`,
    );
  });

  test('RedriveAllowPolicy is returned once set, and setting it keeps the queue policy', async () => {
    const dlq = await sqs().send(new CreateQueueCommand({ QueueName: 'allow-dlq' }));
    const policy = JSON.stringify({
      Version: '2012-10-17',
      Statement: [
        { Effect: 'Deny', Principal: '*', Action: 'sqs:*', Resource: `arn:aws:sqs:${REGION}:${ACCOUNT}:allow-dlq` },
      ],
    });
    await sqs().send(new SetQueueAttributesCommand({ QueueUrl: dlq.QueueUrl, Attributes: { Policy: policy } }));
    const allow = JSON.stringify({
      redrivePermission: 'byQueue',
      sourceQueueArns: [`arn:aws:sqs:${REGION}:${ACCOUNT}:allow-source`],
    });
    expect(await attribute(dlq.QueueUrl!, 'RedriveAllowPolicy')).toBeUndefined();
    await sqs().send(
      new SetQueueAttributesCommand({ QueueUrl: dlq.QueueUrl, Attributes: { RedriveAllowPolicy: allow } }),
    );
    expect(await attribute(dlq.QueueUrl!, 'RedriveAllowPolicy')).toBe(allow);
    expect(JSON.parse((await attribute(dlq.QueueUrl!, 'Policy'))!)).toEqual(JSON.parse(policy));
  });
});

describe('bootstrapLocalAws', () => {
  const request: LocalAwsBootstrapRequest = {
    environment: 'bootstrap-test',
    region: REGION,
    stateBucket: 'local-aws-bootstrap-test-state',
    stateRegion: REGION,
    vpcCidr: '10.30.0.0/16',
    privateSubnetCount: 3,
    notificationBuckets: ['local-aws-bootstrap-test-uploads'],
  };
  const overlayDir = fs.mkdtempSync(path.join(os.tmpdir(), 'local-aws-overlay-'));
  afterAll(() => fs.rmSync(overlayDir, { recursive: true, force: true }));

  test(
    'creates a versioned, encrypted state bucket and a VPC with subnets in distinct zones; the overlay names ' + 'them',
    async () => {
      const overlay = await bootstrapLocalAws(localAws.endpoint, request);
      expect(overlay.account_id).toBe(localAws.accountId);
      expect(overlay.variables).toEqual({ vpc_cidr: '10.30.0.0/16' });

      const s3 = new S3Client({ endpoint: localAws.endpoint, region: REGION, credentials, forcePathStyle: true });
      expect((await s3.send(new GetBucketVersioningCommand({ Bucket: request.stateBucket }))).Status).toBe('Enabled');
      const encryption = await s3.send(new GetBucketEncryptionCommand({ Bucket: request.stateBucket }));
      expect(
        encryption.ServerSideEncryptionConfiguration?.Rules?.[0]?.ApplyServerSideEncryptionByDefault?.SSEAlgorithm,
      ).toBe('aws:kms');
      expect(
        (await s3.send(new GetBucketLocationCommand({ Bucket: 'local-aws-bootstrap-test-uploads' })))
          .LocationConstraint,
      ).toBe(REGION);

      const ec2 = new EC2Client({ endpoint: localAws.endpoint, region: REGION, credentials });
      const vpcs = await ec2.send(new DescribeVpcsCommand({ VpcIds: [overlay.network.vpc_id] }));
      expect(vpcs.Vpcs?.[0]?.CidrBlock).toBe('10.30.0.0/16');
      const subnets =
        (await ec2.send(new DescribeSubnetsCommand({ SubnetIds: [...overlay.network.private_subnet_ids] }))).Subnets ??
        [];
      expect(subnets.map((s) => s.VpcId)).toEqual([
        overlay.network.vpc_id,
        overlay.network.vpc_id,
        overlay.network.vpc_id,
      ]);
      expect(subnets.map((s) => s.CidrBlock).sort()).toEqual(['10.30.0.0/18', '10.30.128.0/18', '10.30.64.0/18']);
      expect(new Set(subnets.map((s) => s.AvailabilityZone)).size).toBe(3);

      const file = writeOverlay(overlayDir, request.environment, overlay);
      expect(file).toBe(path.join(overlayDir, 'bootstrap-test.json'));
      const text = fs.readFileSync(file, 'utf8');
      expect(text.endsWith('}\n')).toBe(true);
      expect(JSON.parse(text)).toEqual({
        account_id: ACCOUNT,
        network: { vpc_id: overlay.network.vpc_id, private_subnet_ids: overlay.network.private_subnet_ids },
        variables: { vpc_cidr: '10.30.0.0/16' },
      });
    },
  );

  test('a second bootstrap reuses the bucket, the VPC and the subnets', async () => {
    const first = await bootstrapLocalAws(localAws.endpoint, request);
    expect(await bootstrapLocalAws(localAws.endpoint, request)).toEqual(first);
  });

  test('a CIDR that is not a network address is refused', async () => {
    await expect(
      bootstrapLocalAws(localAws.endpoint, { ...request, environment: 'bad-cidr', vpcCidr: '10.30.0.1/16' }),
    ).rejects.toThrow(UsageError);
  });
});

describe('bootstrapRequestFor', () => {
  const dev = loadConfiguration({ root: PROJECT_ROOT, environments: ['dev'] }).environments[0]!;

  test(
    "reads the state bucket, the region, vpc_cidr, the subnet count and the pipelines' buckets of the environment's " +
      'configuration',
    () => {
      expect(bootstrapRequestFor(dev)).toEqual({
        environment: 'dev',
        region: dev.settings.region,
        stateBucket: dev.settings.state.bucket,
        stateRegion: dev.settings.state.region,
        vpcCidr: dev.settings.variables.vpc_cidr,
        privateSubnetCount: dev.settings.network.private_subnet_ids.length,
        notificationBuckets: ['gss-dev-chunks'],
      });
      expect(dev.settings.variables.vpc_cidr).toMatch(/^\d+\.\d+\.\d+\.\d+\/\d+$/);
    },
  );

  test('uses 10.0.0.0/16 when the environment sets no vpc_cidr', () => {
    const variables = Object.fromEntries(
      Object.entries(dev.settings.variables).filter(([name]) => name !== 'vpc_cidr'),
    );
    expect(bootstrapRequestFor({ ...dev, settings: { ...dev.settings, variables } }).vpcCidr).toBe('10.0.0.0/16');
  });
});

describe('startLocalAws', () => {
  test('stop() ends the server cleanly and frees its port', async () => {
    const second = await startLocalAws();
    await second.stop();
    expect(await second.exited).toBe(0);
    await expect(fetch(second.endpoint)).rejects.toThrow();
  });

  test('without python3 on PATH it says what to install', async () => {
    const emptyDir = fs.mkdtempSync(path.join(os.tmpdir(), 'no-python-'));
    try {
      const start = startLocalAws({ env: { ...process.env, PATH: emptyDir } });
      await expect(start).rejects.toThrow(UsageError);
      await expect(start).rejects.toThrow(/python3 is not on PATH.*pipx install 'moto\[server\]==5\.2\.1'/);
    } finally {
      fs.rmSync(emptyDir, { recursive: true, force: true });
    }
  });

  test('with a python3 that has no moto it says what to install', async () => {
    const python = spawnSync('python3', ['-c', 'import sys; print(sys.executable)'], {
      encoding: 'utf8',
    }).stdout.trim();
    const binDir = fs.mkdtempSync(path.join(os.tmpdir(), 'no-moto-'));
    // -S leaves site-packages, where moto is installed, off sys.path.
    fs.writeFileSync(path.join(binDir, 'python3'), `#!/bin/sh\nexec "${python}" -S "$@"\n`, { mode: 0o755 });
    try {
      const start = startLocalAws({ env: { ...process.env, PATH: `${binDir}${path.delimiter}${process.env.PATH}` } });
      await expect(start).rejects.toThrow(UsageError);
      await expect(start).rejects.toThrow(`install it with: ${MOTO_INSTALL_COMMAND}`);
    } finally {
      fs.rmSync(binDir, { recursive: true, force: true });
    }
  });
});
