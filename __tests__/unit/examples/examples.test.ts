import * as path from 'path';
import type { ContainerProperties } from '@aws-sdk/client-batch';
import { BatchComputeEnvironment } from '@cdktf/provider-aws/lib/batch-compute-environment';
import { BatchJobQueue } from '@cdktf/provider-aws/lib/batch-job-queue';
import { CloudwatchLogGroup } from '@cdktf/provider-aws/lib/cloudwatch-log-group';
import { PROJECT_ROOT } from '../../support/config-fixture';
import {
  at,
  parsed,
  shippedEnvironment,
  statementsOf,
  synthEnvironment,
  text,
  type TerraformJson,
} from '../../support/synth-helpers';

const example = (name: string) => {
  const synth = synthEnvironment(shippedEnvironment('dev', path.join(PROJECT_ROOT, 'examples', name)));
  return { synth, batch: parsed(synth.batch), iam: parsed(synth.iam) };
};
const containerOf = (batch: TerraformJson, terraformName: string): ContainerProperties =>
  JSON.parse(text(batch.resource.aws_batch_job_definition[terraformName].container_properties));

describe('examples/fargate-array: array jobs on a Fargate worker', () => {
  const { synth, batch, iam } = example('fargate-array');

  test('Fargate Spot and on-demand Fargate environments on the service-linked role, in the private subnets', () => {
    const ces = batch.resource.aws_batch_compute_environment;
    expect(Object.keys(ces).sort()).toEqual(['fargate', 'fargate_spot']);
    for (const [name, type] of [
      ['fargate_spot', 'FARGATE_SPOT'],
      ['fargate', 'FARGATE'],
    ] as const) {
      expect(ces[name]).toMatchObject({
        type: 'MANAGED',
        compute_resources: { type, max_vcpus: 16, subnets: ['subnet-0c10000000000a001', 'subnet-0c10000000000a002'] },
      });
      expect(ces[name].service_role).toBeUndefined();
    }
  });

  test('one queue tries Fargate Spot first, then on-demand', () => {
    expect(synth.batch).toHaveResourceWithProperties(BatchJobQueue, {
      name: 'arrayjobs-dev-worker-queue',
      compute_environment_order: [
        { order: 1, compute_environment: '${aws_batch_compute_environment.fargate_spot.arn}' },
        { order: 2, compute_environment: '${aws_batch_compute_environment.fargate.arn}' },
      ],
    });
  });

  test('the worker: the smallest Fargate size, its input in JOB_INPUT, retried when Fargate Spot takes it back', () => {
    const definition = batch.resource.aws_batch_job_definition.worker_job;
    expect(definition).toMatchObject({
      name: 'arrayjobs-dev-worker',
      platform_capabilities: ['FARGATE'],
      timeout: { attempt_duration_seconds: 900 },
    });
    expect(at(definition, 'retry_strategy', 'evaluate_on_exit', 0)).toEqual({
      action: 'RETRY',
      on_status_reason: 'Your Spot Task was interrupted*',
    });
    const container = containerOf(batch, 'worker_job');
    expect(container.resourceRequirements).toEqual([
      { type: 'VCPU', value: '0.25' },
      { type: 'MEMORY', value: '512' },
    ]);
    expect(container.environment).toEqual([{ name: 'JOB_INPUT', value: '{}' }]);
    expect(container.executionRoleArn).toBe('arn:aws:iam::333333333333:role/arrayjobs-dev-batch-worker-execution-role');
    expect(container.logConfiguration?.options?.['awslogs-group']).toBe('/aws/batch/arrayjobs-dev-worker');
  });

  test("the iam stack makes the execution role and the array workflow's role, no EC2 roles (Fargate only)", () => {
    expect(Object.keys(iam.resource.aws_iam_role).sort()).toEqual([
      'execution_role',
      'worker_array_state_machine_role',
    ]);
  });

  test('the array job workflow: $.arraySize children of the worker on its queue, the input in JOB_INPUT', () => {
    const machine = parsed(synth['step-function']).resource.aws_sfn_state_machine.worker_array;
    expect(machine.name).toBe('arrayjobs-dev-worker-array');
    const parameters = at(JSON.parse(text(machine.definition)), 'States', 'RunArrayJob', 'Parameters');
    expect(parameters).toMatchObject({
      JobQueue: 'arn:aws:batch:ap-northeast-1:333333333333:job-queue/arrayjobs-dev-worker-queue',
      JobDefinition: 'arn:aws:batch:ap-northeast-1:333333333333:job-definition/arrayjobs-dev-worker',
      ArrayProperties: { 'Size.$': '$.arraySize' },
      ContainerOverrides: { Environment: [{ Name: 'JOB_INPUT', 'Value.$': 'States.JsonToString($)' }] },
    });
  });
});

describe('examples/video-processor: the video pipeline (S3 -> SQS -> Batch) on Fargate', () => {
  const { synth, batch, iam } = example('video-processor');

  test('one Fargate environment of at most 16 vCPUs in the private subnets', () => {
    expect(synth.batch).toHaveResource(BatchComputeEnvironment);
    expect(batch.resource.aws_batch_compute_environment.video_processor_fargate).toMatchObject({
      compute_environment_name_prefix: 'capstone-dev-video-processor-',
      compute_resources: {
        type: 'FARGATE',
        max_vcpus: 16,
        subnets: ['subnet-0d20000000000b001', 'subnet-0d20000000000b002'],
      },
    });
  });

  test('the processor: 2 vCPU, 4 GB, 3 attempts, 30 minutes, task storage mounted under a read-only root', () => {
    expect(batch.resource.aws_batch_job_definition.video_processor_job).toMatchObject({
      retry_strategy: { attempts: 3 },
      timeout: { attempt_duration_seconds: 1800 },
    });
    const container = containerOf(batch, 'video_processor_job');
    expect(container).toMatchObject({
      resourceRequirements: [
        { type: 'VCPU', value: '2' },
        { type: 'MEMORY', value: '4096' },
      ],
      readonlyRootFilesystem: true,
      ephemeralStorage: { sizeInGiB: 50 },
      mountPoints: [{ containerPath: '/scratch', sourceVolume: 'scratch' }],
      networkConfiguration: { assignPublicIp: 'DISABLED' },
    });
  });

  test('database credentials come from Secrets Manager, which the execution role may read, not the environment', () => {
    const secret = 'arn:aws:secretsmanager:ap-northeast-2:444444444444:secret:capstone/dev/video-db-credentials-Ab12Cd';
    const container = containerOf(batch, 'video_processor_job');
    expect(container.secrets).toEqual([{ name: 'DATABASE_CREDENTIALS', valueFrom: secret }]);
    expect(JSON.stringify(container.environment)).not.toMatch(/password|secret/i);
    const statements = statementsOf(iam.resource.aws_iam_role_policy.execution_role_policy.policy);
    expect(statements).toEqual([
      expect.objectContaining({ Action: 'secretsmanager:GetSecretValue', Resource: secret }),
    ]);
  });

  test('the job polls the queue of the sqs stack, whose dead-letter queue takes a message after 3 receives', () => {
    expect(containerOf(batch, 'video_processor_job').environment).toContainEqual({
      name: 'SQS_QUEUE_URL',
      value: 'https://sqs.ap-northeast-2.amazonaws.com/444444444444/capstone-dev-video-processing',
    });
    expect(JSON.parse(text(parsed(synth.sqs).resource.aws_sqs_queue.core_queue.redrive_policy))).toMatchObject({
      maxReceiveCount: 3,
    });
    const consume = statementsOf(iam.resource.aws_iam_role_policy.video_processor_policy.policy).find(
      (s) => s.Sid === 'ConsumeQueues',
    );
    expect(consume?.Resource).toBe('arn:aws:sqs:ap-northeast-2:444444444444:capstone-dev-video-processing');
  });

  test('the video pipeline: an .mp4 upload notifies a queue (DLQ, alarms); a pipe submits a job per upload', () => {
    const sqs = parsed(synth.sqs);
    const rawVideos = sqs.resource.aws_sqs_queue.raw_videos_queue;
    expect(rawVideos.name).toBe('capstone-dev-raw-videos');
    expect(JSON.parse(text(rawVideos.redrive_policy))).toMatchObject({
      maxReceiveCount: 3,
    });
    expect(sqs.resource.aws_s3_bucket_notification.raw_videos_bucket_notifications).toMatchObject({
      bucket: 'capstone-dev-raw',
      queue: [{ events: ['s3:ObjectCreated:*'], filter_prefix: 'uploads/', filter_suffix: '.mp4' }],
    });
    expect(Object.keys(sqs.resource.aws_cloudwatch_metric_alarm).sort()).toEqual([
      'raw_videos_queue_alarms_dead_letter_not_empty',
      'raw_videos_queue_alarms_depth',
    ]);
    const pipe = parsed(synth['step-function']).resource.aws_pipes_pipe.raw_videos_pipe;
    expect(pipe.target).toBe('arn:aws:batch:ap-northeast-2:444444444444:job-queue/capstone-dev-video-processor-queue');
    expect(at(pipe, 'target_parameters', 'batch_job_parameters')).toMatchObject({
      job_definition: 'arn:aws:batch:ap-northeast-2:444444444444:job-definition/capstone-dev-video-processor',
      job_name: 'capstone-dev-process-raw-video',
    });
  });

  test('7-day logs, and a queue that cancels jobs that can never be placed', () => {
    expect(synth.batch).toHaveResourceWithProperties(CloudwatchLogGroup, {
      name: '/aws/batch/capstone-dev-video-processor',
      retention_in_days: 7,
    });
    expect(synth.batch).toHaveResourceWithProperties(BatchJobQueue, {
      job_state_time_limit_action: [
        {
          action: 'CANCEL',
          state: 'RUNNABLE',
          max_time_seconds: 600,
          reason: 'MISCONFIGURATION:JOB_RESOURCE_REQUIREMENT',
        },
      ],
    });
  });
});
