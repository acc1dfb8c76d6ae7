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

/** An AWS service allowed to send to the queue, for one resource of one account only. */
export interface QueueSender {
  /** Service principal, such as `s3.amazonaws.com`. */
  readonly servicePrincipal: string;
  /** ARN of the resource the service sends for (`aws:SourceArn`), such as a bucket's. */
  readonly sourceArn: string;
  /** Account that owns that resource (`aws:SourceAccount`), against the confused deputy problem. */
  readonly sourceAccount: string;
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
  /** Services the queue policy lets send to the queue, such as S3 for one bucket's notifications. */
  readonly senders?: readonly QueueSender[];
}

/** A queue and its dead-letter queue, both encrypted and reachable over TLS only. */
export class QueueWithDeadLetter extends Construct {
  /** The queue. */
  public readonly queue: SqsQueue;
  /** Its dead-letter queue. */
  public readonly deadLetterQueue: SqsQueue;
  /** The queue's resource policy. */
  public readonly policy: SqsQueuePolicy;

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
      redrivePolicy: JSON.stringify({
        deadLetterTargetArn: this.deadLetterQueue.arn,
        maxReceiveCount: props.deadLetter.maxReceiveCount,
      }),
      ...encryption,
    });
    new SqsQueueRedriveAllowPolicy(this, 'dead_letter_redrive_allow', {
      queueUrl: this.deadLetterQueue.url,
      redriveAllowPolicy: JSON.stringify({ redrivePermission: 'byQueue', sourceQueueArns: [this.queue.arn] }),
    });
    const senders = (props.senders ?? []).map((sender, i): PolicyStatement => ({
      sid: `AllowSendFrom${serviceName(sender.servicePrincipal)}${i === 0 ? '' : i}`,
      servicePrincipals: [sender.servicePrincipal],
      actions: ['sqs:SendMessage'],
      resources: [this.queue.arn],
      conditions: {
        ArnEquals: { 'aws:SourceArn': sender.sourceArn },
        StringEquals: { 'aws:SourceAccount': sender.sourceAccount },
      },
    }));
    this.policy = new SqsQueuePolicy(this, 'policy', {
      queueUrl: this.queue.url,
      policy: policyDocument([...senders, denyInsecureTransport(this.queue.arn)]),
    });
    new SqsQueuePolicy(this, 'dead_letter_policy', {
      queueUrl: this.deadLetterQueue.url,
      policy: policyDocument([denyInsecureTransport(this.deadLetterQueue.arn)]),
    });
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

/** `S3` for `s3.amazonaws.com`: the service's name, for statement ids. */
function serviceName(servicePrincipal: string): string {
  const name = servicePrincipal.split('.')[0]!.replace(/[^A-Za-z0-9]/g, '');
  return name.charAt(0).toUpperCase() + name.slice(1);
}
