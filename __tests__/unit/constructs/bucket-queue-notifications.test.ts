import { S3BucketNotification } from '@cdktf/provider-aws/lib/s3-bucket-notification';
import { SqsQueuePolicy } from '@cdktf/provider-aws/lib/sqs-queue-policy';
import { BucketQueueNotifications } from '../../../lib/constructs/storage/bucket-queue-notifications';
import { synthConstruct } from '../../support/construct-stack';

describe('BucketQueueNotifications', () => {
  const { json, stack } = synthConstruct((scope) => {
    const policy = new SqsQueuePolicy(scope, 'policy', { queueUrl: 'https://sqs/uploads', policy: '{}' });
    new BucketQueueNotifications(scope, 'uploads', {
      bucket: 'uploads',
      notifications: [
        { id: 'videos', queueArn: 'arn:aws:sqs:eu-west-1:1:videos', events: ['s3:ObjectCreated:*'], suffix: '.mp4' },
        { id: 'all', queueArn: 'arn:aws:sqs:eu-west-1:1:all', events: ['s3:ObjectCreated:*'] },
      ],
      queuePolicies: [policy],
    });
  });

  test("one resource holds all of the bucket's queue notifications, filters only where given", () => {
    expect(json).toHaveResourceWithProperties(S3BucketNotification, {
      bucket: 'uploads',
      queue: [
        {
          id: 'videos',
          queue_arn: 'arn:aws:sqs:eu-west-1:1:videos',
          events: ['s3:ObjectCreated:*'],
          filter_suffix: '.mp4',
        },
        { id: 'all', queue_arn: 'arn:aws:sqs:eu-west-1:1:all', events: ['s3:ObjectCreated:*'] },
      ],
    });
    const [notification] = Object.values(stack.resource.aws_s3_bucket_notification!);
    expect((notification!.queue as object[])[1]).not.toHaveProperty('filter_prefix');
  });

  test('waits for the queue policies, since S3 tests that it may send', () => {
    const [notification] = Object.values(stack.resource.aws_s3_bucket_notification!);
    expect(notification!.depends_on).toEqual(['aws_sqs_queue_policy.policy']);
  });
});
