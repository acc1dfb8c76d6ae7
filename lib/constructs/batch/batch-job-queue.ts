import { BatchJobQueue as BatchJobQueueResource } from '@cdktf/provider-aws/lib/batch-job-queue';
import { Construct } from 'constructs';

/** A Batch job queue. */
export interface BatchJobQueueProps {
  /** Queue name. */
  readonly name: string;
  /** ENABLED or DISABLED. */
  readonly state: string;
  /** Higher runs first among queues sharing compute environments. */
  readonly priority: number;
  /** Compute environments by ARN, tried in ascending order. */
  readonly computeEnvironments: readonly { readonly order: number; readonly arn: string }[];
  /** Tags of this resource, on top of the provider's default tags. */
  readonly tags?: Readonly<Record<string, string>>;
}

/** A Batch job queue. */
export class BatchJobQueue extends Construct {
  /** The queue. */
  public readonly queue: BatchJobQueueResource;

  public constructor(scope: Construct, id: string, props: BatchJobQueueProps) {
    super(scope, id);
    this.queue = new BatchJobQueueResource(this, 'Resource', {
      name: props.name,
      state: props.state,
      priority: props.priority,
      computeEnvironmentOrder: props.computeEnvironments.map((ce) => ({ order: ce.order, computeEnvironment: ce.arn })),
      ...(props.tags ? { tags: { ...props.tags } } : {}),
    });
  }
}
