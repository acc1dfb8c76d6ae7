import { CloudwatchMetricAlarm } from '@cdktf/provider-aws/lib/cloudwatch-metric-alarm';
import { SqsQueue } from '@cdktf/provider-aws/lib/sqs-queue';
import {
  block,
  list,
  parsed,
  shippedEnvironment,
  statementsOf,
  synthEnvironment,
  text,
} from '../../support/synth-helpers';
import { ConfigFixture } from '../../support/config-fixture';

const synth = synthEnvironment(shippedEnvironment('prod'));
const stack = parsed(synth.sqs);
const statementsOfPolicy = (name: string) => statementsOf(stack.resource.aws_sqs_queue_policy[name]?.policy);

describe('sqs stack', () => {
  test('creates the core queue and its dead-letter queue, both encrypted', () => {
    expect(synth.sqs).toHaveResourceWithProperties(SqsQueue, {
      name: 'gss-prod-core-queue',
      sqs_managed_sse_enabled: true,
      receive_wait_time_seconds: 20,
    });
    expect(synth.sqs).toHaveResourceWithProperties(SqsQueue, {
      name: 'gss-prod-core-queue-dlq',
      sqs_managed_sse_enabled: true,
      message_retention_seconds: 1209600,
    });
  });

  test('redrives to the dead-letter queue after the configured receives, and only from the core queue', () => {
    const queue = stack.resource.aws_sqs_queue.core_queue;
    expect(JSON.parse(text(queue.redrive_policy))).toEqual({
      deadLetterTargetArn: '${aws_sqs_queue.core_queue_dead_letter.arn}',
      maxReceiveCount: 3,
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
      'incoming_files_queue_dead_letter_policy',
      'incoming_files_queue_policy',
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

  describe('the incoming-files pipeline (S3 -> SQS -> Batch)', () => {
    test('a queue and its DLQ: configured receive count, retention, visibility and long polling, encrypted', () => {
      expect(stack.resource.aws_sqs_queue.incoming_files_queue).toMatchObject({
        name: 'gss-prod-incoming-files',
        visibility_timeout_seconds: 900,
        message_retention_seconds: 345600,
        receive_wait_time_seconds: 20,
        sqs_managed_sse_enabled: true,
      });
      expect(JSON.parse(text(stack.resource.aws_sqs_queue.incoming_files_queue.redrive_policy))).toEqual({
        deadLetterTargetArn: '${aws_sqs_queue.incoming_files_queue_dead_letter.arn}',
        maxReceiveCount: 3,
      });
      expect(stack.resource.aws_sqs_queue.incoming_files_queue_dead_letter).toMatchObject({
        name: 'gss-prod-incoming-files-dlq',
        message_retention_seconds: 1209600,
        sqs_managed_sse_enabled: true,
      });
    });

    test('the queue policy lets S3 send for the named bucket of this account only', () => {
      const [allow] = statementsOfPolicy('incoming_files_queue_policy');
      expect(allow).toEqual({
        Sid: 'AllowSendFromS3',
        Effect: 'Allow',
        Principal: { Service: 's3.amazonaws.com' },
        Action: 'sqs:SendMessage',
        Resource: '${aws_sqs_queue.incoming_files_queue.arn}',
        Condition: {
          ArnEquals: { 'aws:SourceArn': 'arn:aws:s3:::gss-prod-chunks' },
          StringEquals: { 'aws:SourceAccount': '222222222222' },
        },
      });
      expect(statementsOfPolicy('core_queue_policy')).toHaveLength(1);
    });

    test('the bucket notifies the queue of new objects under the prefix with the suffix, once allowed', () => {
      expect(stack.resource.aws_s3_bucket_notification.incoming_files_bucket_notifications).toMatchObject({
        bucket: 'gss-prod-chunks',
        queue: [
          {
            id: 'incoming_files',
            queue_arn: '${aws_sqs_queue.incoming_files_queue.arn}',
            events: ['s3:ObjectCreated:*'],
            filter_prefix: 'incoming/',
            filter_suffix: '.csv',
          },
        ],
        depends_on: ['aws_sqs_queue_policy.incoming_files_queue_policy'],
      });
    });

    test('alarms to the SNS topic when the dead-letter queue holds a message and when the queue holds 100', () => {
      const common = {
        namespace: 'AWS/SQS',
        metric_name: 'ApproximateNumberOfMessagesVisible',
        comparison_operator: 'GreaterThanOrEqualToThreshold',
        alarm_actions: ['arn:aws:sns:eu-west-1:222222222222:gss-prod-platform-alerts'],
        ok_actions: ['arn:aws:sns:eu-west-1:222222222222:gss-prod-platform-alerts'],
      };
      expect(synth.sqs).toHaveResourceWithProperties(CloudwatchMetricAlarm, {
        ...common,
        alarm_name: 'gss-prod-incoming-files-dlq-not-empty',
        dimensions: { QueueName: 'gss-prod-incoming-files-dlq' },
        threshold: 1,
      });
      expect(synth.sqs).toHaveResourceWithProperties(CloudwatchMetricAlarm, {
        ...common,
        alarm_name: 'gss-prod-incoming-files-depth',
        dimensions: { QueueName: 'gss-prod-incoming-files' },
        threshold: 100,
      });
      expect(Object.keys(stack.resource.aws_cloudwatch_metric_alarm)).toHaveLength(2);
    });
  });

  test('pipelines of one bucket share its one notification resource (S3 keeps one configuration per bucket)', () => {
    const fixture = ConfigFixture.copy().editJson('config/defaults.json', (d) => {
      const second = structuredClone(d.sqs.pipelines.incoming_files);
      second.queue.name = '{prefix}-reports';
      second.queue.dead_letter_queue.name = '{prefix}-reports-dlq';
      second.source.prefix = 'reports/';
      delete second.trigger;
      d.sqs.pipelines.reports = second;
    });
    try {
      const notifications = parsed(synthEnvironment(shippedEnvironment('dev', fixture.root)).sqs).resource
        .aws_s3_bucket_notification;
      expect(Object.keys(notifications)).toEqual(['incoming_files_bucket_notifications']);
      const queues = list(notifications.incoming_files_bucket_notifications.queue).map(block);
      expect(queues.map((q) => [q.id, q.filter_prefix])).toEqual([
        ['incoming_files', 'incoming/'],
        ['reports', 'reports/'],
      ]);
      expect(notifications.incoming_files_bucket_notifications.depends_on).toEqual([
        'aws_sqs_queue_policy.incoming_files_queue_policy',
        'aws_sqs_queue_policy.reports_queue_policy',
      ]);
    } finally {
      fixture.dispose();
    }
  });

  test('declares the queue URLs and ARNs its dependents read', () => {
    expect(stack.output.core_queue_url.value).toBe('${aws_sqs_queue.core_queue.url}');
    expect(stack.output.pipeline_queue_arns.value).toEqual({
      incoming_files: '${aws_sqs_queue.incoming_files_queue.arn}',
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
