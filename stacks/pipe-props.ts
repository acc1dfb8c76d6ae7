import type { BatchTriggerConfig } from '../lib/configuration/schemas/queue-pipeline-schema';
import type { QueueToBatchPipeProps } from '../lib/constructs/pipes/queue-to-batch-pipe';
import { pipeLogGroupName } from '../lib/naming/aws-arns';

/**
 * An S3 notification queue also receives the s3:TestEvent S3 sends when the notification is set
 * up; only object events start jobs.
 */
export const OBJECT_CREATED_PATTERN = JSON.stringify({
  body: { Records: { eventName: [{ prefix: 'ObjectCreated:' }] } },
});

/** What a pipe reads from the iam, sqs and batch stacks. */
export interface PipeUpstream {
  /** The pipe's role. */
  readonly roleArn: string;
  /** The pipeline's queue. */
  readonly queueArn: string;
  /** A job queue's ARN, by name. */
  readonly jobQueueArn: (name: string) => string;
  /** A job definition's ARN, by name. */
  readonly jobDefinitionArn: (name: string) => string;
}

/** A pipeline's pipe to Batch as the construct takes it; a pipeline fed by a bucket passes on object events only. */
export function pipeProps(
  trigger: BatchTriggerConfig,
  fromBucket: boolean,
  upstream: PipeUpstream,
): QueueToBatchPipeProps {
  return {
    name: trigger.name,
    roleArn: upstream.roleArn,
    queueArn: upstream.queueArn,
    filterPattern: fromBucket ? OBJECT_CREATED_PATTERN : undefined,
    jobQueueArn: upstream.jobQueueArn(trigger.job_queue),
    jobDefinitionArn: upstream.jobDefinitionArn(trigger.job_definition),
    jobName: trigger.job_name,
    parameters: trigger.parameters,
    environment: trigger.environment,
    logGroupName: pipeLogGroupName(trigger.name),
    logLevel: trigger.logging.level,
    logExecutionData: trigger.logging.include_execution_data,
    logRetentionDays: trigger.logging.retention_in_days,
  };
}
