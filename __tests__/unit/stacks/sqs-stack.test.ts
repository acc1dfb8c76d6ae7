import { SqsQueue } from '@cdktf/provider-aws/lib/sqs-queue';
import { parsed, shippedEnvironment, synthEnvironment } from '../../support/synth-helpers';

const synth = synthEnvironment(shippedEnvironment('prod'));
const stack = parsed(synth.sqs);

describe('sqs stack', () => {
  test('creates the core queue and its dead-letter queue, both encrypted', () => {
    expect(synth.sqs).toHaveResourceWithProperties(SqsQueue, { name: 'gss-prod-core-queue', sqs_managed_sse_enabled: true, receive_wait_time_seconds: 20 });
    expect(synth.sqs).toHaveResourceWithProperties(SqsQueue, { name: 'gss-prod-core-queue-dlq', sqs_managed_sse_enabled: true, message_retention_seconds: 1209600 });
  });

  test('redrives to the dead-letter queue after the configured receives, and only from the core queue', () => {
    const queue = stack.resource.aws_sqs_queue.core_queue;
    expect(JSON.parse(queue.redrive_policy)).toEqual({ deadLetterTargetArn: '${aws_sqs_queue.core_queue_dead_letter.arn}', maxReceiveCount: 3 });
    const allow = stack.resource.aws_sqs_queue_redrive_allow_policy.core_queue_dead_letter_redrive_allow;
    expect(JSON.parse(allow.redrive_allow_policy)).toEqual({ redrivePermission: 'byQueue', sourceQueueArns: ['${aws_sqs_queue.core_queue.arn}'] });
  });

  test('denies every request not made over TLS, on both queues', () => {
    for (const name of ['core_queue_policy', 'core_queue_dead_letter_policy']) {
      const statement = JSON.parse(stack.resource.aws_sqs_queue_policy[name].policy).Statement[0];
      expect(statement).toMatchObject({ Effect: 'Deny', Principal: '*', Action: 'sqs:*', Condition: { Bool: { 'aws:SecureTransport': 'false' } } });
    }
  });

  test('declares the queue URL and ARN its dependents read', () => {
    expect(stack.output.core_queue_url.value).toBe('${aws_sqs_queue.core_queue.url}');
    expect(Object.keys(stack.output).sort()).toEqual(['core_dead_letter_queue_arn', 'core_dead_letter_queue_url', 'core_queue_arn', 'core_queue_url']);
  });
});
