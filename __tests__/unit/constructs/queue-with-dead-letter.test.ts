import { SqsQueue } from '@cdktf/provider-aws/lib/sqs-queue';
import { SqsQueueRedriveAllowPolicy } from '@cdktf/provider-aws/lib/sqs-queue-redrive-allow-policy';
import {
  QueueWithDeadLetter,
  type QueueWithDeadLetterProps,
} from '../../../lib/constructs/messaging/queue-with-dead-letter';
import { synthConstruct } from '../../support/construct-stack';
import { text } from '../../support/synth-helpers';

const queue: QueueWithDeadLetterProps = {
  name: 'results',
  visibilityTimeoutSeconds: 300,
  messageRetentionSeconds: 345_600,
  receiveWaitTimeSeconds: 20,
  delaySeconds: 0,
  maxMessageSize: 262_144,
  deadLetter: { name: 'results-dlq', maxReceiveCount: 5, messageRetentionSeconds: 1_209_600 },
};

describe('QueueWithDeadLetter', () => {
  test('both queues use SQS-managed encryption unless a KMS key is given', () => {
    const { json } = synthConstruct((scope) => new QueueWithDeadLetter(scope, 'results', queue));
    expect(json).toHaveResourceWithProperties(SqsQueue, { name: 'results', sqs_managed_sse_enabled: true });
    expect(json).toHaveResourceWithProperties(SqsQueue, { name: 'results-dlq', sqs_managed_sse_enabled: true });
    const key = 'arn:aws:kms:eu-west-1:111111111111:key/0a1b2c3d';
    const encrypted = synthConstruct(
      (scope) => new QueueWithDeadLetter(scope, 'results', { ...queue, kmsMasterKeyId: key }),
    );
    expect(encrypted.json).toHaveResourceWithProperties(SqsQueue, { name: 'results', kms_master_key_id: key });
    expect(encrypted.json).not.toHaveResourceWithProperties(SqsQueue, { sqs_managed_sse_enabled: true });
  });

  test('messages move to the dead-letter queue after the receive count, and only from this queue', () => {
    const { json, stack } = synthConstruct((scope) => new QueueWithDeadLetter(scope, 'results', queue));
    const main = Object.values(stack.resource.aws_sqs_queue!).find((q) => q.name === 'results')!;
    expect(JSON.parse(text(main.redrive_policy))).toEqual({
      deadLetterTargetArn: expect.stringContaining('aws_sqs_queue.results_dead_letter'),
      maxReceiveCount: 5,
    });
    expect(json).toHaveResource(SqsQueueRedriveAllowPolicy);
  });

  test('each sender is allowed for its source only, and every request must use TLS', () => {
    const { stack } = synthConstruct(
      (scope) =>
        new QueueWithDeadLetter(scope, 'results', {
          ...queue,
          senders: [
            { servicePrincipal: 's3.amazonaws.com', sourceArn: 'arn:aws:s3:::uploads', sourceAccount: '111111111111' },
          ],
        }),
    );
    // The queue's policy, then the dead-letter queue's.
    const policies = Object.values(stack.resource.aws_sqs_queue_policy!)
      .map((p) => JSON.parse(text(p.policy)) as { Statement: { Sid: string; Condition: unknown }[] })
      .sort((a, b) => b.Statement.length - a.Statement.length);
    expect(policies.map((p) => p.Statement.map((s) => s.Sid))).toEqual([
      ['AllowSendFromS3', 'DenyInsecureTransport'],
      ['DenyInsecureTransport'],
    ]);
    expect(policies[0]!.Statement[0]!.Condition).toEqual({
      ArnEquals: { 'aws:SourceArn': 'arn:aws:s3:::uploads' },
      StringEquals: { 'aws:SourceAccount': '111111111111' },
    });
  });
});
