import { ofTypes, type ResourceRule } from '../../policy-rule';
import type { SynthesizedResource } from '../../synthesized-stack';

/**
 * Every queue has a dead-letter queue, or is one. A queue is a dead-letter queue when another
 * queue's redrive policy names it, or when it has a redrive allow policy.
 */
export const deadLetterQueue: ResourceRule = {
  id: 'SQS-2',
  name: 'queue-has-dead-letter-queue',
  reason:
    'without a dead-letter queue a message that always fails is received forever and then lost when retention ends',
  sources: ['https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/sqs-dead-letter-queues.html'],
  scope: 'resource',
  appliesTo: ofTypes('aws_sqs_queue'),
  check(resource, { stack }) {
    const redrive = resource.values.redrive_policy;
    if (typeof redrive === 'string' && redrive.includes('deadLetterTargetArn')) return [];
    if (resource.values.redrive_allow_policy !== undefined || isDeadLetterTarget(resource, stack.resources)) return [];
    return [
      {
        attribute: 'redrive_policy',
        found: 'no redrive policy, and no queue uses this one as its dead-letter queue',
        allowed: 'a redrive_policy with deadLetterTargetArn (or be the dead-letter queue of another queue)',
      },
    ];
  },
};

/** Whether another resource of the stack gives the queue a dead-letter queue, or makes it one. */
function isDeadLetterTarget(queue: SynthesizedResource, resources: readonly SynthesizedResource[]): boolean {
  const arnReference = `\${${queue.address}.arn}`;
  const urlReferences = [`\${${queue.address}.url}`, `\${${queue.address}.id}`];
  const name = queue.values.name;
  const namesQueue = (redrive: unknown): boolean =>
    typeof redrive === 'string' &&
    (redrive.includes(arnReference) || (typeof name === 'string' && redrive.includes(`:${name}"`)));
  return resources.some((other) => {
    if (other === queue) return false;
    switch (other.type) {
      case 'aws_sqs_queue':
        return namesQueue(other.values.redrive_policy);
      case 'aws_sqs_queue_redrive_policy':
        // The queue's own redrive policy as a resource, or another queue's naming this one.
        return urlReferences.includes(other.values.queue_url as string) || namesQueue(other.values.redrive_policy);
      case 'aws_sqs_queue_redrive_allow_policy':
        return urlReferences.includes(other.values.queue_url as string);
      default:
        return false;
    }
  });
}
