import * as z from 'zod';
import { WHEN_FIELDS_VALID } from './common-fields';
import {
  checkPriorityNeedsShare,
  FAIR_SHARE_FIELDS,
  InputPath,
  LambdaFunctionArn,
  STATE_MACHINE_FIELDS,
  TaskRetry,
} from './workflow-fields';

/** The hybrid router: small chunks to the existing Lambda, large ones to Batch. */
export const HybridRouterSettings = z
  .strictObject({
    pattern: z.literal('hybrid_router'),
    ...STATE_MACHINE_FIELDS,
    /** JSONPath of the chunk's record count in the execution input. */
    chunk_size_path: InputPath,
    /** Chunks with more records than this go to Batch. */
    chunk_size_threshold: z.number().int().min(1),
    lambda_function_arn: LambdaFunctionArn,
    /** Queue of the batch stack, by name. */
    job_queue: z.string().min(1),
    /** Job definition that processes a chunk, by name. */
    processing_job_definition: z.string().min(1),
    /** Job definition run on the whole file before processing, by name; no validation step when omitted. */
    validation_job_definition: z.string().min(1).optional(),
    /** Share and priority of both jobs, on a fair-share queue. */
    ...FAIR_SHARE_FIELDS,
    lambda_retry: TaskRetry,
    batch_retry: TaskRetry,
  })
  .superRefine(checkPriorityNeedsShare, WHEN_FIELDS_VALID);

/** The hybrid router's validated settings. */
export type HybridRouterConfig = z.infer<typeof HybridRouterSettings>;
