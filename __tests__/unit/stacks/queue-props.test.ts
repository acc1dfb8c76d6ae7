import { QueueSettings } from '../../../lib/configuration/schemas/queue-schema';
import { queueDepthAlarmsProps, queueWithDeadLetterProps } from '../../../stacks/queue-props';

const queue = {
  name: 'results',
  visibility_timeout_seconds: 300,
  message_retention_seconds: 345_600,
  receive_wait_time_seconds: 20,
  dead_letter_queue: { name: 'results-dlq', max_receive_count: 5, message_retention_seconds: 1_209_600 },
};

describe('queueWithDeadLetterProps', () => {
  test('takes the queue, its dead-letter queue and the senders; SQS-managed encryption by default', () => {
    const senders = [{ servicePrincipal: 's3.amazonaws.com', sourceArn: 'arn:aws:s3:::uploads', sourceAccount: '1' }];
    expect(queueWithDeadLetterProps(QueueSettings.parse(queue), senders)).toEqual({
      name: 'results',
      visibilityTimeoutSeconds: 300,
      messageRetentionSeconds: 345_600,
      receiveWaitTimeSeconds: 20,
      delaySeconds: 0,
      maxMessageSize: 262_144,
      kmsMasterKeyId: undefined,
      deadLetter: { name: 'results-dlq', maxReceiveCount: 5, messageRetentionSeconds: 1_209_600 },
      senders,
    });
  });

  test('passes a KMS key on', () => {
    const key = 'arn:aws:kms:eu-west-1:111111111111:key/0a1b2c3d-0000-1111-2222-333344445555';
    const props = queueWithDeadLetterProps(QueueSettings.parse({ ...queue, kms_master_key_id: key }), []);
    expect(props.kmsMasterKeyId).toBe(key);
  });
});

describe('queueDepthAlarmsProps', () => {
  test('no alarms unless the queue configures them', () => {
    expect(queueDepthAlarmsProps(QueueSettings.parse(queue))).toBeUndefined();
  });

  test('alarms on both queues, notifying the configured topic', () => {
    const alarms = {
      queue_depth_threshold: 1000,
      period_seconds: 300,
      evaluation_periods: 2,
      sns_topic_arn: 'arn:aws:sns:eu-west-1:111111111111:oncall',
    };
    expect(queueDepthAlarmsProps(QueueSettings.parse({ ...queue, alarms }))).toEqual({
      queueName: 'results',
      deadLetterQueueName: 'results-dlq',
      queueDepthThreshold: 1000,
      periodSeconds: 300,
      evaluationPeriods: 2,
      actions: ['arn:aws:sns:eu-west-1:111111111111:oncall'],
    });
  });
});
