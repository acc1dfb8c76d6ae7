import type { PolicyStatement } from '../constructs/iam/policy-document';
import {
  type ArnScope,
  jobDefinitionArn,
  jobQueueArn,
  logGroupArn,
  pipeLogGroupName,
  queueArn,
} from '../naming/aws-arns';

/** What a pipe from an SQS queue to AWS Batch touches, by name. */
export interface QueueToBatchPipeNeeds {
  /** The pipe's name (its log group follows from it). */
  readonly pipeName: string;
  /** The queue the pipe polls. */
  readonly queueName: string;
  /** KMS key of the queue, when it uses SSE-KMS. */
  readonly queueKmsKeyArn?: string;
  /** The Batch job queue jobs are submitted to. */
  readonly jobQueueName: string;
  /** The job definition submitted. */
  readonly jobDefinitionName: string;
}

/**
 * Exactly what the role of a pipe from SQS to Batch needs: poll and delete the source queue's
 * messages (the EventBridge Pipes SQS source permissions), submit its one job definition to its
 * one queue, and write its own log group.
 */
export function pipeRoleStatements(scope: ArnScope, needs: QueueToBatchPipeNeeds): PolicyStatement[] {
  const definition = jobDefinitionArn(scope, needs.jobDefinitionName);
  return [
    {
      sid: 'ConsumeSourceQueue',
      actions: ['sqs:DeleteMessage', 'sqs:GetQueueAttributes', 'sqs:ReceiveMessage'],
      resources: [queueArn(scope, needs.queueName)],
    },
    ...(needs.queueKmsKeyArn
      ? [{ sid: 'DecryptSourceQueue', actions: ['kms:Decrypt'], resources: [needs.queueKmsKeyArn] }]
      : []),
    {
      sid: 'SubmitBatchJobs',
      actions: ['batch:SubmitJob'],
      resources: [jobQueueArn(scope, needs.jobQueueName), definition, `${definition}:*`],
    },
    {
      sid: 'WritePipeLogs',
      actions: ['logs:CreateLogStream', 'logs:PutLogEvents'],
      resources: [logGroupArn(scope, pipeLogGroupName(needs.pipeName))],
    },
  ];
}
