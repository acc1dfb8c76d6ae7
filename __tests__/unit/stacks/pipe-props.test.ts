import type { BatchTriggerConfig } from '../../../lib/configuration/schemas/queue-pipeline-schema';
import { OBJECT_CREATED_PATTERN, pipeProps, type PipeUpstream } from '../../../stacks/pipe-props';

const trigger: BatchTriggerConfig = {
  name: 'uploads-to-batch',
  role_name: 'uploads-pipe',
  job_queue: 'video-queue',
  job_definition: 'transcode',
  job_name: 'transcode',
  logging: { level: 'ERROR', include_execution_data: false, retention_in_days: 14 },
};

const upstream: PipeUpstream = {
  roleArn: 'arn:aws:iam::111111111111:role/uploads-pipe',
  queueArn: 'arn:aws:sqs:eu-west-1:111111111111:uploads',
  jobQueueArn: (name) => `job-queue/${name}`,
  jobDefinitionArn: (name) => `job-definition/${name}`,
};

describe('pipeProps', () => {
  test('the video pipeline: object events from the bucket submit the configured job', () => {
    expect(pipeProps(trigger, true, upstream)).toEqual({
      name: 'uploads-to-batch',
      roleArn: 'arn:aws:iam::111111111111:role/uploads-pipe',
      queueArn: 'arn:aws:sqs:eu-west-1:111111111111:uploads',
      filterPattern: OBJECT_CREATED_PATTERN,
      jobQueueArn: 'job-queue/video-queue',
      jobDefinitionArn: 'job-definition/transcode',
      jobName: 'transcode',
      parameters: undefined,
      environment: undefined,
      logGroupName: expect.stringContaining('uploads-to-batch'),
      logLevel: 'ERROR',
      logExecutionData: false,
      logRetentionDays: 14,
    });
    expect(JSON.parse(OBJECT_CREATED_PATTERN)).toEqual({
      body: { Records: { eventName: [{ prefix: 'ObjectCreated:' }] } },
    });
  });

  test('a queue without a bucket passes every message; parameters and environment pass on', () => {
    const props = pipeProps(
      { ...trigger, parameters: { key: '$.body.key' }, environment: { MODE: 'fast' } },
      false,
      upstream,
    );
    expect(props.filterPattern).toBeUndefined();
    expect(props).toMatchObject({ parameters: { key: '$.body.key' }, environment: { MODE: 'fast' } });
  });
});
