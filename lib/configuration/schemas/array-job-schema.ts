import * as z from 'zod';
import { WHEN_FIELDS_VALID } from './common-fields';
import {
  ArraySize,
  BatchInputParameters,
  BatchJobName,
  BatchParameters,
  checkPriorityNeedsShare,
  EnvironmentVariableName,
  ErrorRetry,
  FAIR_SHARE_FIELDS,
  InputPath,
  JobAttempts,
  STATE_MACHINE_FIELDS,
  TaskRetry,
} from './workflow-fields';

/**
 * Array jobs: one task submits an array job, its size from configuration or from the
 * execution input, on a FIFO or a fair-share queue, and waits for every child job.
 */
export const ArrayJobSettings = z
  .strictObject({
    pattern: z.literal('array_job'),
    ...STATE_MACHINE_FIELDS,
    /** Queue of the batch stack, by name. */
    job_queue: z.string().min(1),
    /** Job definition of the batch stack, by name. */
    job_definition: z.string().min(1),
    /** Name of the submitted jobs; the job definition's name when omitted. */
    job_name: BatchJobName.optional(),
    /** Children of every array job; give this or array_size_path. */
    array_size: ArraySize.optional(),
    /** JSONPath of the number of children in the execution input; give this or array_size. */
    array_size_path: InputPath.optional(),
    ...FAIR_SHARE_FIELDS,
    /** Job parameters given literally. */
    parameters: BatchParameters.optional(),
    /** Job parameters read from the execution input. */
    input_parameters: BatchInputParameters.optional(),
    /** Container environment variable that receives the whole execution input as JSON (such as JOB_INPUT). */
    input_environment_variable: EnvironmentVariableName.optional(),
    job_attempts: JobAttempts.default(1),
    /** Retries of the array job by the workflow; none when omitted. */
    job_retry: ErrorRetry.optional(),
    /** Retries of the submission on Batch API errors. */
    batch_retry: TaskRetry,
  })
  .superRefine((job, ctx) => {
    if ((job.array_size === undefined) === (job.array_size_path === undefined)) {
      ctx.addIssue({
        code: 'custom',
        path: job.array_size === undefined ? [] : ['array_size_path'],
        input: job.array_size_path,
        message: 'exactly one of array_size (a fixed size) and array_size_path (the size from the input)',
      });
    }
    checkPriorityNeedsShare(job, ctx);
  }, WHEN_FIELDS_VALID);

/** The array job's validated settings. */
export type ArrayJobConfig = z.infer<typeof ArrayJobSettings>;
