import { SqsQueue } from '@cdktf/provider-aws/lib/sqs-queue';
import { SqsQueuePolicy } from '@cdktf/provider-aws/lib/sqs-queue-policy';
import { SqsQueueRedriveAllowPolicy } from '@cdktf/provider-aws/lib/sqs-queue-redrive-allow-policy';
import { Construct } from 'constructs';
import { type PolicyStatement, policyDocument } from '../iam/policy-document';

/** Settings shared by a queue and its dead-letter queue. */
export interface DeadLetterQueueProps {
  /** Name of the dead-letter queue. */
  readonly name: string;
  /** Receives before a message moves to the dead-letter queue. */
  readonly maxReceiveCount: number;
  /** How long failed messages are kept, in seconds. */
  readonly messageRetentionSeconds: number;
}

/** An encrypted queue with its dead-letter queue. */
export interface QueueWithDeadLetterProps {
  /** Queue name. */
  readonly name: string;
  /** Seconds a received message stays hidden from other consumers. */
  readonly visibilityTimeoutSeconds: number;
  /** Seconds a message is kept. */
  readonly messageRetentionSeconds: number;
  /** Long polling wait, in seconds. */
  readonly receiveWaitTimeSeconds: number;
  /** Delivery delay, in seconds. */
  readonly delaySeconds: number;
  /** Largest message, in bytes. */
  readonly maxMessageSize: number;
  /** KMS key for SSE-KMS; SQS-managed encryption when omitted. */
  readonly kmsMasterKeyId?: string;
  /** The dead-letter queue. */
  readonly deadLetter: DeadLetterQueueProps;
  /** Statements added to the queue's resource policy, such as S3 sending to it. */
  readonly policyStatements?: readonly PolicyStatement[];
}

/** A queue and its dead-letter queue, both encrypted and reachable over TLS only. */
export class QueueWithDeadLetter extends Construct {
  /** The queue. */
  public readonly queue: SqsQueue;
  /** Its dead-letter queue. */
  public readonly deadLetterQueue: SqsQueue;

  public constructor(scope: Construct, id: string, props: QueueWithDeadLetterProps) {
    super(scope, id);
    const encryption = props.kmsMasterKeyId ? { kmsMasterKeyId: props.kmsMasterKeyId } : { sqsManagedSseEnabled: true };
    this.deadLetterQueue = new SqsQueue(this, 'dead_letter', {
      name: props.deadLetter.name,
      messageRetentionSeconds: props.deadLetter.messageRetentionSeconds,
      ...encryption,
    });
    this.queue = new SqsQueue(this, 'Resource', {
      name: props.name,
      visibilityTimeoutSeconds: props.visibilityTimeoutSeconds,
      messageRetentionSeconds: props.messageRetentionSeconds,
      receiveWaitTimeSeconds: props.receiveWaitTimeSeconds,
      delaySeconds: props.delaySeconds,
      maxMessageSize: props.maxMessageSize,
      // SQS returns the policy as compact JSON; anything else is a perpetual diff.
      redrivePolicy: JSON.stringify({ deadLetterTargetArn: this.deadLetterQueue.arn, maxReceiveCount: props.deadLetter.maxReceiveCount }),
      ...encryption,
    });
    new SqsQueueRedriveAllowPolicy(this, 'dead_letter_redrive_allow', {
      queueUrl: this.deadLetterQueue.url,
      redriveAllowPolicy: JSON.stringify({ redrivePermission: 'byQueue', sourceQueueArns: [this.queue.arn] }),
    });
    new SqsQueuePolicy(this, 'policy', { queueUrl: this.queue.url, policy: policyDocument([...(props.policyStatements ?? []), denyInsecureTransport(this.queue.arn)]) });
    new SqsQueuePolicy(this, 'dead_letter_policy', { queueUrl: this.deadLetterQueue.url, policy: policyDocument([denyInsecureTransport(this.deadLetterQueue.arn)]) });
  }
}

/** Refuses every request not made over TLS. */
function denyInsecureTransport(queueArn: string): PolicyStatement {
  return {
    sid: 'DenyInsecureTransport',
    effect: 'Deny',
    anyPrincipal: true,
    actions: ['sqs:*'],
    resources: [queueArn],
    conditions: { Bool: { 'aws:SecureTransport': 'false' } },
  };
}
