import * as z from 'zod';
import { WHEN_FIELDS_VALID } from './common-fields';
import {
  BatchInputParameters,
  BatchJobName,
  BatchParameters,
  checkPriorityNeedsShare,
  ErrorRetries,
  FAIR_SHARE_FIELDS,
  JobAttempts,
  LambdaFunctionArn,
  STATE_MACHINE_FIELDS,
  TaskRetry,
} from './workflow-fields';

/**
 * A batch group: a pre-batch Lambda, a Batch job and a post-batch Lambda, retried and
 * caught together as one step inside a single-branch Parallel state.
 */
export const BatchGroupSettings = z
  .strictObject({
    pattern: z.literal('batch_group'),
    ...STATE_MACHINE_FIELDS,
    /** Prepares the job's input (for example: writes the payload to S3 and returns its url). */
    pre_batch_lambda_arn: LambdaFunctionArn,
    /** Always runs after the job: returns its result, or raises the job's error (found at $.error). */
    post_batch_lambda_arn: LambdaFunctionArn,
    /**
     * Runs on the group's output once it succeeds (for example, a publish step); the workflow ends after the group
     * when omitted.
     */
    publish_lambda_arn: LambdaFunctionArn.optional(),
    /** Queue of the batch stack, by name. */
    job_queue: z.string().min(1),
    /** Job definition of the batch stack, by name. */
    job_definition: z.string().min(1),
    /** Name of the submitted jobs; the job definition's name when omitted. */
    job_name: BatchJobName.optional(),
    /** Job parameters given literally. */
    parameters: BatchParameters.optional(),
    /** Job parameters read from the pre-batch Lambda's output, such as {"url": "$.url"}. */
    input_parameters: BatchInputParameters.optional(),
    ...FAIR_SHARE_FIELDS,
    job_attempts: JobAttempts.default(1),
    /** Retries of each Lambda on Lambda service errors. */
    lambda_retry: TaskRetry,
    /** Retries of the submission on Batch API errors. */
    batch_retry: TaskRetry,
    /** Retries of the whole group (pre-batch, job, post-batch), by error (for example States.ALL). */
    group_retries: ErrorRetries,
  })
  .superRefine(checkPriorityNeedsShare, WHEN_FIELDS_VALID);

/** The batch group's validated settings. */
export type BatchGroupConfig = z.infer<typeof BatchGroupSettings>;
