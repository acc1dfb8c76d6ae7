import { BatchJobDefinition as BatchJobDefinitionResource } from '@cdktf/provider-aws/lib/batch-job-definition';
import { Construct } from 'constructs';

/** A retry condition of a job. */
export interface EvaluateOnExit {
  /** RETRY or EXIT. */
  readonly action: string;
  /** Exit code pattern. */
  readonly onExitCode?: string;
  /** Reason pattern. */
  readonly onReason?: string;
  /** Status reason pattern. */
  readonly onStatusReason?: string;
}

/** A Batch job definition; the container properties are the AWS API's JSON. */
export interface BatchJobDefinitionProps {
  /** Definition name. */
  readonly name: string;
  /** container or multinode. */
  readonly type: string;
  /** EC2 or FARGATE. */
  readonly platformCapabilities: readonly string[];
  /** Copy the job's tags to its ECS tasks. */
  readonly propagateTags: boolean;
  /** Default values of `Ref::` parameters. */
  readonly parameters?: Readonly<Record<string, string>>;
  /** Attempts and when to retry. */
  readonly retryStrategy?: { readonly attempts: number; readonly evaluateOnExit?: readonly EvaluateOnExit[] };
  /** Attempt timeout, in seconds. */
  readonly timeoutSeconds?: number;
  /** Priority on fair-share queues. */
  readonly schedulingPriority?: number;
  /** Deregister the previous revision when a new one is made. */
  readonly deregisterOnNewRevision: boolean;
  /** containerProperties, as JSON. */
  readonly containerProperties: string;
  /** Tags of this resource, on top of the provider's default tags. */
  readonly tags?: Readonly<Record<string, string>>;
}

/** A Batch job definition. */
export class BatchJobDefinition extends Construct {
  /** The definition. */
  public readonly definition: BatchJobDefinitionResource;

  public constructor(scope: Construct, id: string, props: BatchJobDefinitionProps) {
    super(scope, id);
    this.definition = new BatchJobDefinitionResource(this, 'Resource', {
      name: props.name,
      type: props.type,
      platformCapabilities: [...props.platformCapabilities],
      propagateTags: props.propagateTags,
      deregisterOnNewRevision: props.deregisterOnNewRevision,
      containerProperties: props.containerProperties,
      ...(props.tags ? { tags: { ...props.tags } } : {}),
      ...(props.parameters ? { parameters: { ...props.parameters } } : {}),
      ...(props.schedulingPriority !== undefined ? { schedulingPriority: props.schedulingPriority } : {}),
      ...(props.timeoutSeconds !== undefined ? { timeout: { attemptDurationSeconds: props.timeoutSeconds } } : {}),
      ...(props.retryStrategy ? {
        retryStrategy: {
          attempts: props.retryStrategy.attempts,
          ...(props.retryStrategy.evaluateOnExit ? {
            evaluateOnExit: props.retryStrategy.evaluateOnExit.map((e) => ({
              action: e.action,
              ...(e.onExitCode !== undefined ? { onExitCode: e.onExitCode } : {}),
              ...(e.onReason !== undefined ? { onReason: e.onReason } : {}),
              ...(e.onStatusReason !== undefined ? { onStatusReason: e.onStatusReason } : {}),
            })),
          } : {}),
        },
      } : {}),
    });
  }
}
