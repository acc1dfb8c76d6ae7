import { S3BucketNotification } from '@cdktf/provider-aws/lib/s3-bucket-notification';
import type { ITerraformDependable } from 'cdktf';
import { Construct } from 'constructs';

/** One notification of a bucket into a queue. */
export interface QueueNotification {
  /** Id of the notification in the bucket's configuration. */
  readonly id: string;
  /** The queue notified. */
  readonly queueArn: string;
  /** S3 event types, such as `s3:ObjectCreated:*`. */
  readonly events: readonly string[];
  /** Object key prefix the notification is limited to. */
  readonly prefix?: string;
  /** Object key suffix the notification is limited to. */
  readonly suffix?: string;
}

/** The notifications of an existing bucket into SQS queues. */
export interface BucketQueueNotificationsProps {
  /** The bucket (it exists already; this construct does not own it). */
  readonly bucket: string;
  /** Its notifications. */
  readonly notifications: readonly QueueNotification[];
  /** The queue policies that let S3 send: S3 sends a test message, and rejects the configuration if it cannot. */
  readonly queuePolicies: readonly ITerraformDependable[];
}

/**
 * The whole notification configuration of one bucket: S3 keeps one per bucket and the resource
 * replaces it, so every queue notification of a bucket belongs in this one construct.
 */
export class BucketQueueNotifications extends Construct {
  /** The bucket's notification configuration. */
  public readonly notification: S3BucketNotification;

  public constructor(scope: Construct, id: string, props: BucketQueueNotificationsProps) {
    super(scope, id);
    this.notification = new S3BucketNotification(this, 'Resource', {
      bucket: props.bucket,
      queue: props.notifications.map((n) => ({
        id: n.id,
        queueArn: n.queueArn,
        events: [...n.events],
        filterPrefix: n.prefix,
        filterSuffix: n.suffix,
      })),
      dependsOn: [...props.queuePolicies],
    });
  }
}
