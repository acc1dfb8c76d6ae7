import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { DynamoDBClient, GetItemCommand } from '@aws-sdk/client-dynamodb';
import { HeadObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { type LocalAws, startLocalAws } from '../../lib/local-aws/local-aws-process';
import { type AppliedTree, applyForeignTree, FOREIGN_TREES } from '../support/foreign-tree';

/**
 * The foreign Terragrunt trees (trees another team wrote for this platform, in their own styles)
 * applied to the local AWS with Terraform alone, through the independent harness: every unit
 * applies, a second plan is empty, and the states hold what each tree means to build. The
 * migration's tests start from these states.
 */

jest.setTimeout(60 * 60_000);

const CREDENTIALS = { accessKeyId: 'local-aws', secretAccessKey: 'local-aws' };
/** What `name_prefix` appends: a UTC timestamp with a counter, 26 digits. */
const GENERATED_SUFFIX = '\\d{26}';

/** A value read from a state: attributes, or a JSON document an attribute holds. */
type Json = string | number | boolean | null | readonly Json[] | { readonly [key: string]: Json };

/** The value at `steps` (object keys, array indexes) inside `value`; throws where there is none. */
function at(value: Json | undefined, ...steps: readonly (string | number)[]): Json {
  let current = value;
  for (const step of steps) {
    if (current === null || typeof current !== 'object' || !(step in current))
      throw new Error(`no ${JSON.stringify(step)} in ${JSON.stringify(current)}`);
    current = (current as Record<string | number, Json>)[step];
  }
  if (current === undefined) throw new Error('no value');
  return current;
}

/** The string at `steps` inside `value`. */
function text(value: Json | undefined, ...steps: readonly (string | number)[]): string {
  const found = at(value, ...steps);
  if (typeof found !== 'string') throw new Error(`${steps.join('.')} is ${JSON.stringify(found)}, not a string`);
  return found;
}

/** The JSON document held as a string at `steps` inside `value`, parsed. */
function parsed(value: Json | undefined, ...steps: readonly (string | number)[]): Json {
  return JSON.parse(text(value, ...steps)) as Json;
}

interface StateInstance {
  readonly type: string;
  readonly name: string;
  readonly key?: string | number;
  readonly attributes: { readonly [key: string]: Json };
}

interface PulledState {
  readonly resources: readonly {
    readonly mode: string;
    readonly type: string;
    readonly name: string;
    readonly instances: readonly {
      readonly index_key?: string | number;
      readonly attributes: StateInstance['attributes'];
    }[];
  }[];
}

/** The managed resource instances of a pulled state. */
function stateInstances(stateFile: string): StateInstance[] {
  const state = JSON.parse(fs.readFileSync(stateFile, 'utf8')) as PulledState;
  return state.resources
    .filter((resource) => resource.mode === 'managed')
    .flatMap((resource) =>
      resource.instances.map((instance) => ({
        type: resource.type,
        name: resource.name,
        key: instance.index_key,
        attributes: instance.attributes,
      })),
    );
}

/** An output of an applied unit. */
function output(tree: AppliedTree, unitPath: string, ...steps: readonly (string | number)[]): Json {
  return at(tree.unit(unitPath).outputs as { [key: string]: Json }, ...steps);
}

/** The one instance of `type` (named `name`, with `key`) in the unit's state. */
function instance(
  tree: AppliedTree,
  unitPath: string,
  type: string,
  name: string,
  key?: string | number,
): StateInstance {
  const found = stateInstances(tree.unit(unitPath).stateFile).filter(
    (candidate) => candidate.type === type && candidate.name === name && candidate.key === key,
  );
  if (found.length !== 1) throw new Error(`${unitPath}: ${found.length} instances of ${type}.${name}[${key}]`);
  return found[0]!;
}

/** Applies the tree against its own local AWS before the describe's tests; stops the server after them. */
function appliedTreeFixture(tree: string) {
  const work = fs.mkdtempSync(path.join(os.tmpdir(), `foreign-${path.basename(tree)}-`));
  const fixture: { localAws?: LocalAws; applied?: AppliedTree } = {};
  beforeAll(async () => {
    fixture.localAws = await startLocalAws({ logFile: path.join(work, 'local-aws.log') });
    fixture.applied = await applyForeignTree({
      tree,
      endpoint: fixture.localAws.endpoint,
      accountId: fixture.localAws.accountId,
      workDir: work,
      log: (line) => process.stdout.write(`${line}\n`),
    });
  });
  afterAll(async () => {
    await fixture.localAws?.stop();
    fs.rmSync(work, { recursive: true, force: true });
  });
  return {
    get tree(): AppliedTree {
      return fixture.applied!;
    },
    get endpoint(): string {
      return fixture.localAws!.endpoint;
    },
  };
}

describe('the prefix-style tree: name_prefix modules, _envcommon includes, DynamoDB locks, dev and prod', () => {
  const fixture = appliedTreeFixture(FOREIGN_TREES.prefix);
  const environments = [
    {
      env: 'dev',
      unitRoot: 'nonprod/eu-west-1/dev',
      bucket: 'gss-tfstate-nonprod-eu-west-1',
      maxVcpus: 64,
      jobLogDays: 14,
    },
    {
      env: 'prod',
      unitRoot: 'prod/eu-west-1/prod',
      bucket: 'gss-tfstate-prod-eu-west-1',
      maxVcpus: 512,
      jobLogDays: 400,
    },
  ];
  const UNITS = ['batch-compute', 'iam-roles', 'network', 'orchestration', 'queues'];

  test('all ten units apply, upstream units first, each state in S3 behind the DynamoDB lock table', async () => {
    const { tree } = fixture;
    expect(tree.units.map((unit) => unit.path).sort()).toEqual(
      environments.flatMap(({ unitRoot }) => UNITS.map((unit) => `${unitRoot}/${unit}`)),
    );
    const finished = tree.units.map((unit) => unit.path);
    for (const { unitRoot } of environments) {
      expect(finished.indexOf(`${unitRoot}/iam-roles`)).toBeLessThan(finished.indexOf(`${unitRoot}/queues`));
      expect(finished.indexOf(`${unitRoot}/queues`)).toBeLessThan(finished.indexOf(`${unitRoot}/batch-compute`));
      expect(finished.indexOf(`${unitRoot}/batch-compute`)).toBeLessThan(finished.indexOf(`${unitRoot}/orchestration`));
    }
    const s3 = new S3Client({
      endpoint: fixture.endpoint,
      region: 'eu-west-1',
      credentials: CREDENTIALS,
      forcePathStyle: true,
    });
    const dynamodb = new DynamoDBClient({ endpoint: fixture.endpoint, region: 'eu-west-1', credentials: CREDENTIALS });
    try {
      for (const { unitRoot, bucket } of environments) {
        for (const unit of UNITS) {
          const { backend } = tree.unit(`${unitRoot}/${unit}`);
          expect(backend).toEqual({
            bucket,
            key: `${unitRoot}/${unit}/terraform.tfstate`,
            region: 'eu-west-1',
            encrypt: true,
            dynamodb_table: 'gss-terraform-locks',
          });
          await s3.send(new HeadObjectCommand({ Bucket: backend.bucket, Key: backend.key }));
          // The S3 backend keeps the state's MD5 in the lock table when it has one.
          const digest = await dynamodb.send(
            new GetItemCommand({
              TableName: 'gss-terraform-locks',
              Key: { LockID: { S: `${backend.bucket}/${backend.key}-md5` } },
            }),
          );
          expect(digest.Item?.Digest?.S).toMatch(/^[0-9a-f]{32}$/);
        }
      }
    } finally {
      s3.destroy();
      dynamodb.destroy();
    }
  });

  test.each(environments)('$env: every resource type of the platform, by unit', ({ unitRoot }) => {
    const types = (unit: string) =>
      [...new Set(stateInstances(fixture.tree.unit(`${unitRoot}/${unit}`).stateFile).map((i) => i.type))].sort();
    expect(types('iam-roles')).toEqual([
      'aws_iam_instance_profile',
      'aws_iam_role',
      'aws_iam_role_policies_exclusive',
      'aws_iam_role_policy',
      'aws_iam_role_policy_attachment',
      'aws_iam_role_policy_attachments_exclusive',
    ]);
    expect(types('network')).toEqual(['aws_security_group', 'aws_vpc_security_group_egress_rule']);
    expect(types('queues')).toEqual(['aws_sqs_queue', 'aws_sqs_queue_policy', 'aws_sqs_queue_redrive_allow_policy']);
    expect(types('batch-compute')).toEqual([
      'aws_batch_compute_environment',
      'aws_batch_job_definition',
      'aws_batch_job_queue',
      'aws_cloudwatch_log_group',
      'aws_launch_template',
    ]);
    expect(types('orchestration')).toEqual(['aws_cloudwatch_log_group', 'aws_sfn_state_machine']);
  });

  test.each(environments)('$env: names built inside the modules, with generated suffixes', ({ env, unitRoot }) => {
    const { tree } = fixture;
    const prefix = `gss-${env}`;
    const named = (unit: string, type: string, name: string, key?: string) =>
      text(instance(tree, `${unitRoot}/${unit}`, type, name, key).attributes, 'name');
    const suffixed = (stem: string) => new RegExp(`^${prefix}-${stem}-${GENERATED_SUFFIX}$`);
    expect(named('iam-roles', 'aws_iam_role', 'batch_service')).toMatch(suffixed('batch-svc'));
    expect(named('iam-roles', 'aws_iam_role', 'job', 'processing')).toMatch(suffixed('processing'));
    expect(named('iam-roles', 'aws_iam_instance_profile', 'instance')).toMatch(suffixed('batch-ec2'));
    expect(named('network', 'aws_security_group', 'batch')).toMatch(suffixed('batch'));
    expect(named('batch-compute', 'aws_launch_template', 'batch')).toMatch(suffixed('batch-lt'));
    const environment = instance(tree, `${unitRoot}/batch-compute`, 'aws_batch_compute_environment', 'this');
    expect(text(environment.attributes, 'compute_environment_name')).toMatch(suffixed('batch-compute'));
    expect(named('batch-compute', 'aws_batch_job_queue', 'this')).toBe(`${prefix}-batch-queue`);
    expect(named('orchestration', 'aws_sfn_state_machine', 'router')).toBe(`${prefix}-chunk-router`);
  });

  test.each(environments)('$env: exclusive policy attachments own the roles they name', ({ unitRoot }) => {
    const unit = `${unitRoot}/iam-roles`;
    const { tree } = fixture;
    const service = instance(tree, unit, 'aws_iam_role_policy_attachments_exclusive', 'batch_service').attributes;
    expect(service.role_name).toBe(instance(tree, unit, 'aws_iam_role', 'batch_service').attributes.name);
    expect(service.policy_arns).toEqual(['arn:aws:iam::aws:policy/service-role/AWSBatchServiceRole']);
    const instanceRole = instance(tree, unit, 'aws_iam_role_policy_attachments_exclusive', 'instance').attributes;
    expect(instanceRole.policy_arns).toEqual(
      expect.arrayContaining([
        'arn:aws:iam::aws:policy/AmazonSSMManagedInstanceCore',
        'arn:aws:iam::aws:policy/CloudWatchAgentServerPolicy',
        'arn:aws:iam::aws:policy/service-role/AmazonEC2ContainerServiceforEC2Role',
      ]),
    );
    expect(instanceRole.policy_arns).toHaveLength(3);
    const router = instance(tree, unit, 'aws_iam_role_policies_exclusive', 'router').attributes;
    expect(router.policy_names).toEqual(expect.arrayContaining(['router-batch', 'router-lambda', 'router-logs']));
    expect(router.policy_names).toHaveLength(3);
    const trust = parsed(instance(tree, unit, 'aws_iam_role', 'router').attributes, 'assume_role_policy');
    expect(at(trust, 'Statement', 0, 'Principal')).toEqual({ Service: 'states.amazonaws.com' });
  });

  test.each(environments)(
    '$env: the core queue dead-letters into its DLQ, which allows only it',
    ({ env, unitRoot }) => {
      const unit = `${unitRoot}/queues`;
      const { tree } = fixture;
      const core = instance(tree, unit, 'aws_sqs_queue', 'core').attributes;
      const dlq = instance(tree, unit, 'aws_sqs_queue', 'core_dlq').attributes;
      expect(core.name).toBe(`gss-${env}-core-records`);
      expect(parsed(core, 'redrive_policy')).toEqual({ deadLetterTargetArn: dlq.arn, maxReceiveCount: 5 });
      const allow = instance(tree, unit, 'aws_sqs_queue_redrive_allow_policy', 'core_dlq').attributes;
      expect(parsed(allow, 'redrive_allow_policy')).toEqual({
        redrivePermission: 'byQueue',
        sourceQueueArns: [core.arn],
      });
      const statements = at(
        parsed(instance(tree, unit, 'aws_sqs_queue_policy', 'core').attributes, 'policy'),
        'Statement',
      );
      expect(statements).toContainEqual(
        expect.objectContaining({
          Sid: 'AllowProducers',
          Principal: { AWS: output(tree, `${unitRoot}/iam-roles`, 'job_role_arns', 'processing') },
        }),
      );
    },
  );

  test.each(environments)(
    '$env: batch-json from _envcommon: launch template with image, type and IMDS hop limit 2, spot environment',
    ({ env, unitRoot, maxVcpus, jobLogDays }) => {
      const unit = `${unitRoot}/batch-compute`;
      const { tree } = fixture;
      const iam = `${unitRoot}/iam-roles`;
      const template = instance(tree, unit, 'aws_launch_template', 'batch').attributes;
      expect(template).toMatchObject({
        image_id: 'ami-0f1f4a7c3e9b2d586',
        instance_type: 'c5.4xlarge',
        key_name: 'gss-batch-ops',
        metadata_options: [expect.objectContaining({ http_tokens: 'required', http_put_response_hop_limit: 2 })],
      });
      expect(Buffer.from(text(template, 'user_data'), 'base64').toString('utf8')).toContain(
        'ECS_ENABLE_SPOT_INSTANCE_DRAINING',
      );
      const environment = instance(tree, unit, 'aws_batch_compute_environment', 'this').attributes;
      expect(environment.service_role).toBe(output(tree, iam, 'batch_service_role_arn'));
      expect(at(environment, 'compute_resources', 0)).toMatchObject({
        type: 'SPOT',
        bid_percentage: 100,
        max_vcpus: maxVcpus,
        instance_role: output(tree, iam, 'instance_profile_arn'),
        security_group_ids: [output(tree, `${unitRoot}/network`, 'security_group_id')],
        launch_template: [expect.objectContaining({ launch_template_id: template.id, version: '1' })],
      });
      const queue = instance(tree, unit, 'aws_batch_job_queue', 'this').attributes;
      expect(queue.compute_environment_order).toEqual([{ order: 1, compute_environment: environment.arn }]);
      const processing = instance(tree, unit, 'aws_batch_job_definition', 'this', 'processing').attributes;
      const container = parsed(processing, 'container_properties');
      expect(at(container, 'jobRoleArn')).toBe(output(tree, iam, 'job_role_arns', 'processing'));
      expect(at(container, 'environment')).toContainEqual({
        name: 'SQS_CORE_QUEUE',
        value: output(tree, `${unitRoot}/queues`, 'core_queue_url'),
      });
      expect(instance(tree, unit, 'aws_batch_job_definition', 'this', 'validation').attributes.name).toBe(
        `gss-${env}-batch-validation`,
      );
      expect(instance(tree, unit, 'aws_cloudwatch_log_group', 'this', 'batch_processing').attributes).toMatchObject({
        name: `/aws/batch/gss-${env}-batch-processing`,
        retention_in_days: jobLogDays,
      });
    },
  );

  test.each(environments)('$env: the chunk router sends chunks above 290000 records to Batch', ({ unitRoot }) => {
    const { tree } = fixture;
    const machine = instance(tree, `${unitRoot}/orchestration`, 'aws_sfn_state_machine', 'router').attributes;
    const iterator = at(parsed(machine, 'definition'), 'States', 'ProcessChunks', 'Iterator', 'States');
    expect(at(iterator, 'ProcessChunk', 'Choices')).toEqual([
      { Variable: '$.chunkSize', NumericGreaterThan: 290000, Next: 'SubmitBatchJob' },
    ]);
    expect(at(iterator, 'SubmitBatchJob', 'Resource')).toBe('arn:aws:states:::batch:submitJob.sync');
    expect(at(iterator, 'SubmitBatchJob', 'Parameters', 'JobQueue')).toBe(
      output(tree, `${unitRoot}/batch-compute`, 'job_queue_arn'),
    );
    expect(at(iterator, 'ProcessWithLambda', 'Resource')).toBe('arn:aws:states:::lambda:invoke');
    expect(machine.role_arn).toBe(output(tree, `${unitRoot}/iam-roles`, 'router_role_arn'));
  });

  test('destroy, downstream units first, leaves every state empty', async () => {
    const { tree } = fixture;
    await tree.destroy();
    for (const unit of tree.units) expect(stateInstances(await tree.pullState(unit.path))).toEqual([]);
  });
});

describe('the registry-style tree: map-of-objects inputs, IAM inside the modules, S3-native locks', () => {
  const fixture = appliedTreeFixture(FOREIGN_TREES.registry);
  const UNITS = ['batch', 'log-groups', 'network', 'security-group', 'sqs', 'step-functions'];
  const unitPath = (unit: string) => `staging/${unit}`;
  const state = (unit: string) => stateInstances(fixture.tree.unit(unitPath(unit)).stateFile);
  const one = (unit: string, type: string, name: string, key?: string | number) =>
    instance(fixture.tree, unitPath(unit), type, name, key).attributes;

  test('all six units apply, each state under ingest/ in the us-east-1 bucket, its lock file released', async () => {
    const { tree } = fixture;
    expect(tree.units.map((unit) => unit.path).sort()).toEqual(UNITS.map(unitPath));
    const s3 = new S3Client({
      endpoint: fixture.endpoint,
      region: 'us-east-1',
      credentials: CREDENTIALS,
      forcePathStyle: true,
    });
    try {
      for (const unit of UNITS) {
        const { backend } = tree.unit(unitPath(unit));
        expect(backend).toEqual({
          bucket: 'ingest-platform-tfstate-456789012345',
          key: `ingest/staging/${unit}.tfstate`,
          region: 'us-east-1',
          encrypt: true,
          use_lockfile: true,
        });
        await s3.send(new HeadObjectCommand({ Bucket: backend.bucket, Key: backend.key }));
        await expect(
          s3.send(new HeadObjectCommand({ Bucket: backend.bucket, Key: `${backend.key}.tflock` })),
        ).rejects.toThrow();
      }
    } finally {
      s3.destroy();
    }
  });

  test('every resource type of the platform, by unit; the network unit only looks things up', () => {
    const types = (unit: string) => [...new Set(state(unit).map((i) => i.type))].sort();
    expect(types('network')).toEqual([]);
    expect(fixture.tree.unit(unitPath('network')).outputs.private_subnets).toHaveLength(3);
    expect(types('security-group')).toEqual(['aws_security_group', 'aws_security_group_rule']);
    expect(types('log-groups')).toEqual(['aws_cloudwatch_log_group']);
    expect(types('sqs')).toEqual([
      'aws_sqs_queue',
      'aws_sqs_queue_policy',
      'aws_sqs_queue_redrive_allow_policy',
      'aws_sqs_queue_redrive_policy',
    ]);
    expect(types('batch')).toEqual([
      'aws_batch_compute_environment',
      'aws_batch_job_definition',
      'aws_batch_job_queue',
      'aws_iam_instance_profile',
      'aws_iam_role',
      'aws_iam_role_policy',
      'aws_iam_role_policy_attachment',
      'aws_launch_template',
    ]);
    expect(types('step-functions')).toEqual([
      'aws_iam_policy',
      'aws_iam_role',
      'aws_iam_role_policy_attachment',
      'aws_sfn_state_machine',
    ]);
  });

  test('the security group has a generated suffix and its egress rules as separate resources', () => {
    expect(one('security-group', 'aws_security_group', 'this_name_prefix', 0).name).toMatch(
      new RegExp(`^ingest-staging-batch-${GENERATED_SUFFIX}$`),
    );
    expect(
      state('security-group')
        .filter((i) => i.type === 'aws_security_group_rule')
        .map((i) => [i.key, i.attributes.type, i.attributes.from_port, i.attributes.to_port, i.attributes.cidr_blocks]),
    ).toEqual([
      [0, 'egress', 443, 443, ['0.0.0.0/0']],
      [1, 'egress', 9094, 9098, ['10.60.0.0/16']],
    ]);
  });

  test('the core records queue redrives into its DLQ through a separate redrive policy', () => {
    const queue = one('sqs', 'aws_sqs_queue', 'this', 0);
    const dlq = one('sqs', 'aws_sqs_queue', 'dlq', 0);
    expect([queue.name, dlq.name]).toEqual(['ingest-staging-core-records', 'ingest-staging-core-records-dlq']);
    const redrive = one('sqs', 'aws_sqs_queue_redrive_policy', 'this', 0);
    expect(redrive.queue_url).toBe(queue.url);
    expect(parsed(redrive, 'redrive_policy')).toEqual({ deadLetterTargetArn: dlq.arn, maxReceiveCount: 3 });
    const allow = one('sqs', 'aws_sqs_queue_redrive_allow_policy', 'dlq', 0);
    expect(parsed(allow, 'redrive_allow_policy')).toEqual({
      redrivePermission: 'byQueue',
      sourceQueueArns: [queue.arn],
    });
  });

  test('batch: the IAM roles inside the module, the service-linked role, map-keyed objects', () => {
    const { tree } = fixture;
    const environment = one('batch', 'aws_batch_compute_environment', 'this', 'main_ec2');
    expect(environment.compute_environment_name).toBe('ingest-staging-ec2');
    expect(environment.service_role).toMatch(/:role\/aws-service-role\/batch\.amazonaws\.com\/AWSServiceRoleForBatch$/);
    const instanceRole = one('batch', 'aws_iam_role', 'instance', 0);
    expect(instanceRole.name).toMatch(new RegExp(`^ingest-staging-ecs-instance-${GENERATED_SUFFIX}$`));
    const template = one('batch', 'aws_launch_template', 'this', 'main_ec2');
    expect(at(environment, 'compute_resources', 0)).toMatchObject({
      type: 'EC2',
      max_vcpus: 96,
      instance_role: one('batch', 'aws_iam_instance_profile', 'instance', 0).arn,
      security_group_ids: [output(tree, unitPath('security-group'), 'security_group_id')],
      launch_template: [expect.objectContaining({ launch_template_id: template.id })],
    });
    expect(template).toMatchObject({
      name: 'ingest-staging-ec2-lt',
      metadata_options: [expect.objectContaining({ http_put_response_hop_limit: 1 })],
    });
    const queue = one('batch', 'aws_batch_job_queue', 'this', 'chunks');
    expect(queue.compute_environment_order).toEqual([{ order: 1, compute_environment: environment.arn }]);
    const processing = one('batch', 'aws_batch_job_definition', 'this', 'processing');
    expect(processing.name).toBe('ingest-staging-process-chunk');
    const container = parsed(processing, 'container_properties');
    expect(at(container, 'jobRoleArn')).toBe(one('batch', 'aws_iam_role', 'job', 'processing').arn);
    expect(at(container, 'executionRoleArn')).toBe(one('batch', 'aws_iam_role', 'execution', 0).arn);
    expect(at(container, 'logConfiguration', 'options', 'awslogs-group')).toBe(
      output(tree, unitPath('log-groups'), 'log_groups', 'batch-processing', 'name'),
    );
    expect(at(container, 'environment')).toContainEqual({
      name: 'SQS_CORE_QUEUE',
      value: output(tree, unitPath('sqs'), 'queue_url'),
    });
    expect(
      state('batch')
        .filter((i) => i.type === 'aws_iam_role')
        .map((i) => i.attributes.name),
    ).toEqual(
      expect.arrayContaining([
        'ingest-staging-batch-execution',
        'ingest-staging-processing-job',
        'ingest-staging-validation-job',
      ]),
    );
  });

  test('the state machine keeps the hand-written definition, its role and policies inside the module', () => {
    const { tree } = fixture;
    const machine = one('step-functions', 'aws_sfn_state_machine', 'this', 0);
    const written = fs.readFileSync(
      path.join(FOREIGN_TREES.registry, 'live', 'staging', 'step-functions', 'chunk-router.asl.json'),
      'utf8',
    );
    const batch = unitPath('batch');
    const expected = written
      .replace(/\$\{job_queue_arn\}/g, text(output(tree, batch, 'job_queues', 'chunks', 'arn')))
      .replace('${validation_job_definition_arn}', text(output(tree, batch, 'job_definitions', 'validation', 'arn')))
      .replace('${processing_job_definition_arn}', text(output(tree, batch, 'job_definitions', 'processing', 'arn')))
      .replace(
        '${chunk_function_arn}',
        'arn:aws:lambda:eu-central-1:456789012345:function:ingest-staging-chunk-processor',
      );
    expect(machine.definition).toBe(expected);
    const choice = at(
      parsed(machine, 'definition'),
      'States',
      'For each chunk',
      'ItemProcessor',
      'States',
      'Large chunk?',
    );
    expect(at(choice, 'Choices', 0, 'And', 1)).toEqual({ Variable: '$.chunk.records', NumericGreaterThan: 290000 });
    expect(machine.role_arn).toBe(one('step-functions', 'aws_iam_role', 'this', 0).arn);
    expect(
      state('step-functions')
        .filter((i) => i.type === 'aws_iam_policy')
        .map((i) => i.attributes.name)
        .sort(),
    ).toEqual([
      'ingest-staging-chunk-router-sfn-batch_Sync',
      'ingest-staging-chunk-router-sfn-lambda',
      'ingest-staging-chunk-router-sfn-logs',
    ]);
    expect(at(machine, 'logging_configuration', 0, 'log_destination')).toBe(
      `${text(output(tree, unitPath('log-groups'), 'log_groups', 'chunk-router', 'arn'))}:*`,
    );
  });

  test('destroy, downstream units first, leaves every state empty', async () => {
    const { tree } = fixture;
    await tree.destroy();
    for (const unit of tree.units) expect(stateInstances(await tree.pullState(unit.path))).toEqual([]);
  });
});
