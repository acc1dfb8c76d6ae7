import { BatchJobQueue as BatchJobQueueResource } from '@cdktf/provider-aws/lib/batch-job-queue';
import { Construct } from 'constructs';

/** Cancels jobs that wait too long at the head of the queue. */
export interface JobStateTimeLimitActionProps {
  /** CANCEL. */
  readonly action: 'CANCEL';
  /** Seconds in `state` before the action: 600 to 86400. */
  readonly maxTimeSeconds: number;
  /** Status reason logged for the job. */
  readonly reason: string;
  /** RUNNABLE. */
  readonly state: 'RUNNABLE';
}

/** A Batch job queue. */
export interface BatchJobQueueProps {
  /** Queue name. */
  readonly name: string;
  /** ENABLED or DISABLED. */
  readonly state: 'ENABLED' | 'DISABLED';
  /** Higher runs first among queues sharing compute environments. */
  readonly priority: number;
  /** Compute environments by ARN, tried in ascending order (at most 3, all EC2 or all Fargate). */
  readonly computeEnvironments: readonly { readonly order: number; readonly arn: string }[];
  /** Fair-share scheduling policy. @default first in, first out */
  readonly schedulingPolicyArn?: string;
  /** Actions on jobs stuck in a state. @default none */
  readonly jobStateTimeLimitActions?: readonly JobStateTimeLimitActionProps[];
  /** Tags of this resource, on top of the provider's default tags. */
  readonly tags?: Readonly<Record<string, string>>;
}

/** A Batch job queue. */
export class BatchJobQueue extends Construct {
  /** The queue. */
  public readonly queue: BatchJobQueueResource;

  public constructor(scope: Construct, id: string, props: BatchJobQueueProps) {
    super(scope, id);
    this.node.addValidation({ validate: () => validateJobQueue(props) });
    this.queue = new BatchJobQueueResource(this, 'Resource', {
      name: props.name,
      state: props.state,
      priority: props.priority,
      computeEnvironmentOrder: props.computeEnvironments.map((ce) => ({ order: ce.order, computeEnvironment: ce.arn })),
      schedulingPolicyArn: props.schedulingPolicyArn,
      jobStateTimeLimitAction: props.jobStateTimeLimitActions?.map((a) => ({
        action: a.action,
        maxTimeSeconds: a.maxTimeSeconds,
        reason: a.reason,
        state: a.state,
      })),
      tags: props.tags,
    });
  }
}

/** Limits of CreateJobQueue (AWS Batch API reference). */
function validateJobQueue(props: BatchJobQueueProps): string[] {
  const errors: string[] = [];
  const count = props.computeEnvironments.length;
  if (count < 1 || count > 3) errors.push(`a job queue takes 1 to 3 compute environments, not ${count}`);
  const orders = props.computeEnvironments.map((ce) => ce.order);
  if (new Set(orders).size !== orders.length)
    errors.push(`compute environment orders must be unique: ${orders.join(', ')}`);
  for (const action of props.jobStateTimeLimitActions ?? []) {
    if (action.maxTimeSeconds < 600 || action.maxTimeSeconds > 86_400)
      errors.push(`job state time limit of ${action.maxTimeSeconds} s: allowed 600 to 86400`);
  }
  return errors;
}
