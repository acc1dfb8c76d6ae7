import { CloudwatchMetricAlarm } from '@cdktf/provider-aws/lib/cloudwatch-metric-alarm';
import { SqsQueue } from '@cdktf/provider-aws/lib/sqs-queue';
import { type MinimalPlatformFiles, minimalEnvironment } from '../../support/minimal-environment';
import { block, list, parsed, statementsOf, synthEnvironment, text } from '../../support/synth-helpers';

/** The video pipeline (S3 -> SQS -> Batch): new .mp4 objects under videos/ start the worker, alarms to a topic. */
const VIDEO_PIPELINE = {
  queue: {
    name: '{prefix}-uploads',
    visibility_timeout_seconds: 900,
    message_retention_seconds: 345_600,
    receive_wait_time_seconds: 20,
    dead_letter_queue: { name: '{prefix}-uploads-dlq', max_receive_count: 3, message_retention_seconds: 1_209_600 },
    alarms: {
      sns_topic_arn: 'arn:aws:sns:{region}:{account_id}:{prefix}-alerts',
      queue_depth_threshold: 100,
      period_seconds: 300,
      evaluation_periods: 1,
    },
  },
  source: { bucket: '{prefix}-media', events: ['s3:ObjectCreated:*'], prefix: 'videos/', suffix: '.mp4' },
  trigger: {
    name: '{prefix}-uploads-to-batch',
    role_name: '{prefix}-uploads-pipe',
    job_queue: '{prefix}-queue',
    job_definition: '{prefix}-worker',
    job_name: 'transcode',
    logging: { level: 'ERROR', include_execution_data: false, retention_in_days: 7 },
  },
};

/** The minimal environment with these pipelines under sqs.pipelines. */
const withPipelines = (pipelines: Record<string, unknown>) => (files: MinimalPlatformFiles) => {
  Object.assign(files['config/defaults.json']!.sqs as object, { pipelines });
};

const synth = synthEnvironment(minimalEnvironment(withPipelines({ uploads: VIDEO_PIPELINE })));
const stack = parsed(synth.sqs);
const statementsOfPolicy = (name: string) => statementsOf(stack.resource.aws_sqs_queue_policy[name]?.policy);

describe('sqs stack', () => {
  test('creates the core queue and its dead-letter queue, both encrypted', () => {
    expect(synth.sqs).toHaveResourceWithProperties(SqsQueue, {
      name: 'mini-test-results',
      sqs_managed_sse_enabled: true,
      receive_wait_time_seconds: 20,
    });
    expect(synth.sqs).toHaveResourceWithProperties(SqsQueue, {
      name: 'mini-test-results-dlq',
      sqs_managed_sse_enabled: true,
      message_retention_seconds: 1209600,
    });
  });

  test('redrives to the dead-letter queue after the configured receives, and only from the core queue', () => {
    const queue = stack.resource.aws_sqs_queue.core_queue;
    expect(JSON.parse(text(queue.redrive_policy))).toEqual({
      deadLetterTargetArn: '${aws_sqs_queue.core_queue_dead_letter.arn}',
      maxReceiveCount: 5,
    });
    const allow = stack.resource.aws_sqs_queue_redrive_allow_policy.core_queue_dead_letter_redrive_allow;
    expect(JSON.parse(text(allow.redrive_allow_policy))).toEqual({
      redrivePermission: 'byQueue',
      sourceQueueArns: ['${aws_sqs_queue.core_queue.arn}'],
    });
  });

  test('denies every request not made over TLS, on every queue', () => {
    const names = Object.keys(stack.resource.aws_sqs_queue_policy);
    expect(names.sort()).toEqual([
      'core_queue_dead_letter_policy',
      'core_queue_policy',
      'uploads_queue_dead_letter_policy',
      'uploads_queue_policy',
    ]);
    for (const name of names) {
      const statement = statementsOfPolicy(name).at(-1);
      expect(statement).toMatchObject({
        Effect: 'Deny',
        Principal: '*',
        Action: 'sqs:*',
        Condition: { Bool: { 'aws:SecureTransport': 'false' } },
      });
    }
  });

  describe('the video pipeline (S3 -> SQS -> Batch)', () => {
    test('a queue and its DLQ: configured receive count, retention, visibility and long polling, encrypted', () => {
      expect(stack.resource.aws_sqs_queue.uploads_queue).toMatchObject({
        name: 'mini-test-uploads',
        visibility_timeout_seconds: 900,
        message_retention_seconds: 345600,
        receive_wait_time_seconds: 20,
        sqs_managed_sse_enabled: true,
      });
      expect(JSON.parse(text(stack.resource.aws_sqs_queue.uploads_queue.redrive_policy))).toEqual({
        deadLetterTargetArn: '${aws_sqs_queue.uploads_queue_dead_letter.arn}',
        maxReceiveCount: 3,
      });
      expect(stack.resource.aws_sqs_queue.uploads_queue_dead_letter).toMatchObject({
        name: 'mini-test-uploads-dlq',
        message_retention_seconds: 1209600,
        sqs_managed_sse_enabled: true,
      });
    });

    test('the queue policy lets S3 send for the named bucket of this account only', () => {
      const [allow] = statementsOfPolicy('uploads_queue_policy');
      expect(allow).toEqual({
        Sid: 'AllowSendFromS3',
        Effect: 'Allow',
        Principal: { Service: 's3.amazonaws.com' },
        Action: 'sqs:SendMessage',
        Resource: '${aws_sqs_queue.uploads_queue.arn}',
        Condition: {
          ArnEquals: { 'aws:SourceArn': 'arn:aws:s3:::mini-test-media' },
          StringEquals: { 'aws:SourceAccount': '111111111111' },
        },
      });
      expect(statementsOfPolicy('core_queue_policy')).toHaveLength(1);
    });

    test('the bucket notifies the queue of new objects under the prefix with the suffix, once allowed', () => {
      expect(stack.resource.aws_s3_bucket_notification.uploads_bucket_notifications).toMatchObject({
        bucket: 'mini-test-media',
        queue: [
          {
            id: 'uploads',
            queue_arn: '${aws_sqs_queue.uploads_queue.arn}',
            events: ['s3:ObjectCreated:*'],
            filter_prefix: 'videos/',
            filter_suffix: '.mp4',
          },
        ],
        depends_on: ['aws_sqs_queue_policy.uploads_queue_policy'],
      });
    });

    test('alarms to the SNS topic when the dead-letter queue holds a message and when the queue holds 100', () => {
      const common = {
        namespace: 'AWS/SQS',
        metric_name: 'ApproximateNumberOfMessagesVisible',
        comparison_operator: 'GreaterThanOrEqualToThreshold',
        alarm_actions: ['arn:aws:sns:eu-west-1:111111111111:mini-test-alerts'],
        ok_actions: ['arn:aws:sns:eu-west-1:111111111111:mini-test-alerts'],
      };
      expect(synth.sqs).toHaveResourceWithProperties(CloudwatchMetricAlarm, {
        ...common,
        alarm_name: 'mini-test-uploads-dlq-not-empty',
        dimensions: { QueueName: 'mini-test-uploads-dlq' },
        threshold: 1,
      });
      expect(synth.sqs).toHaveResourceWithProperties(CloudwatchMetricAlarm, {
        ...common,
        alarm_name: 'mini-test-uploads-depth',
        dimensions: { QueueName: 'mini-test-uploads' },
        threshold: 100,
      });
      expect(Object.keys(stack.resource.aws_cloudwatch_metric_alarm)).toHaveLength(2);
    });
  });

  test('pipelines of one bucket share its one notification resource (S3 keeps one configuration per bucket)', () => {
    const reports = structuredClone(VIDEO_PIPELINE) as Partial<typeof VIDEO_PIPELINE>;
    reports.queue!.name = '{prefix}-reports';
    reports.queue!.dead_letter_queue.name = '{prefix}-reports-dlq';
    reports.source!.prefix = 'reports/';
    delete reports.trigger;
    const notifications = parsed(
      synthEnvironment(minimalEnvironment(withPipelines({ uploads: VIDEO_PIPELINE, reports }))).sqs,
    ).resource.aws_s3_bucket_notification;
    expect(Object.keys(notifications)).toEqual(['uploads_bucket_notifications']);
    const queues = list(notifications.uploads_bucket_notifications.queue).map(block);
    expect(queues.map((q) => [q.id, q.filter_prefix])).toEqual([
      ['uploads', 'videos/'],
      ['reports', 'reports/'],
    ]);
    expect(notifications.uploads_bucket_notifications.depends_on).toEqual([
      'aws_sqs_queue_policy.uploads_queue_policy',
      'aws_sqs_queue_policy.reports_queue_policy',
    ]);
  });

  test('declares the queue URLs and ARNs its dependents read', () => {
    expect(stack.output.core_queue_url.value).toBe('${aws_sqs_queue.core_queue.url}');
    expect(stack.output.pipeline_queue_arns.value).toEqual({
      uploads: '${aws_sqs_queue.uploads_queue.arn}',
    });
    expect(Object.keys(stack.output).sort()).toEqual([
      'core_dead_letter_queue_arn',
      'core_dead_letter_queue_url',
      'core_queue_arn',
      'core_queue_url',
      'pipeline_dead_letter_queue_urls',
      'pipeline_queue_arns',
      'pipeline_queue_urls',
    ]);
  });
});
