import * as z from 'zod';
import { arn, LogRetentionDays, RoleName } from './common-fields';

/** State machine names: 1-80 letters, digits, dashes or underscores (a subset of what CreateStateMachine accepts). */
export const StateMachineName = z
  .string()
  .regex(/^[A-Za-z0-9_-]{1,80}$/, 'a state machine name: 1-80 letters, digits, dashes or underscores');

/** A JSONPath into the execution input, in dot notation. */
export const InputPath = z
  .string()
  .regex(/^\$(\.[A-Za-z_][A-Za-z0-9_]*)+$/, 'a JSONPath into the input such as "$.chunkSize"');

/** A Lambda function's ARN, optionally with a version or alias. */
export const LambdaFunctionArn = arn(
  'lambda',
  'function:[A-Za-z0-9_-]{1,64}(:[A-Za-z0-9$_-]+)?',
  'arn:aws:lambda:eu-west-1:111111111111:function:name',
);

/** Batch job names: 1-128 letters, digits, dashes and underscores, starting with a letter or digit (SubmitJob). */
export const BatchJobName = z
  .string()
  .regex(
    /^[A-Za-z0-9][A-Za-z0-9_-]{0,127}$/,
    'a Batch job name: up to 128 letters, digits, dashes or underscores, starting with a letter or digit',
  );

/** Names of Batch job parameters, the `Ref::<name>` of a job definition's command. */
export const BatchParameterName = z
  .string()
  .regex(/^[A-Za-z0-9_-]{1,128}$/, 'a parameter name: letters, digits, dashes or underscores');

/** Container environment variable names. */
export const EnvironmentVariableName = z
  .string()
  .regex(
    /^[A-Za-z_][A-Za-z0-9_]{0,254}$/,
    'an environment variable name: letters, digits and underscores, not starting with a digit',
  );

/** Retry of a task on transient errors (States Language Retrier). */
export const TaskRetry = z.strictObject({
  interval_seconds: z.number().int().min(1).max(99_999_999),
  max_attempts: z.number().int().min(0).max(99_999_999),
  backoff_rate: z.number().min(1),
});

/** Error names a Retrier matches: States.* errors or a task's own (`Lambda.TooManyRequestsException`, `MyError`). */
const ErrorNames = z
  .array(
    z
      .string()
      .regex(/^[A-Za-z0-9_.:-]{1,256}$/, 'an error name such as "States.TaskFailed" or "Lambda.ServiceException"'),
  )
  .min(1)
  .refine(
    (errors) => !errors.includes('States.ALL') || errors.length === 1,
    'either "States.ALL" alone or a list of errors without it (States Language: States.ALL must appear alone)',
  );

/** A Retrier that names its errors. */
export const ErrorRetry = TaskRetry.extend({ errors: ErrorNames });

/** Retriers in order; States.ALL, which matches everything, may only come last (States Language). */
export const ErrorRetries = z
  .array(ErrorRetry)
  .min(1)
  .superRefine((retriers, ctx) => {
    retriers.forEach((retrier, i) => {
      if (retrier.errors.includes('States.ALL') && i !== retriers.length - 1) {
        ctx.addIssue({
          code: 'custom',
          path: [i, 'errors'],
          input: retrier.errors,
          message: 'States.ALL in the last retrier only: it matches every error, so retriers after it would never run',
        });
      }
    });
  });

/** Logging of a state machine to its own CloudWatch log group. */
export const StateMachineLogging = z.strictObject({
  level: z.enum(['ALL', 'ERROR', 'FATAL']),
  include_execution_data: z.boolean(),
  retention_in_days: LogRetentionDays,
});

/**
 * Attempts AWS Batch makes of a job before the workflow sees it fail (SubmitJob RetryStrategy,
 * overriding the job definition's): 1, so that the workflow's retries, matched by error type and
 * visible in its history, decide; "job_definition" keeps the job definition's blanket retries.
 */
export const JobAttempts = z.union([z.number().int().min(1).max(10), z.literal('job_definition')]);

/** Array job sizes AWS Batch accepts (ArrayProperties: 2-10,000). */
export const ArraySize = z.number().int().min(2).max(10_000);

/** Fair-share share identifiers: up to 255 letters and digits (SubmitJob shareIdentifier). */
export const ShareIdentifier = z.string().regex(/^[A-Za-z0-9]{1,255}$/, 'a share identifier: 1-255 letters and digits');

/** Fair-share scheduling priorities (SubmitJob schedulingPriorityOverride: 0-9999). */
export const SchedulingPriority = z.number().int().min(0).max(9999);

/**
 * The share and priority of a submission. AWS Batch SubmitJob: shareIdentifier is required on a
 * queue with a scheduling policy and refused on any other; the loader checks it against the queue.
 */
export const FAIR_SHARE_FIELDS = {
  /** Share identifier: required on a fair-share queue, refused on a first-in-first-out one. */
  share_identifier: ShareIdentifier.optional(),
  /** Scheduling priority within the share, overriding the job definition's; needs share_identifier. */
  scheduling_priority_override: SchedulingPriority.optional(),
};

/** A priority override applies only within a share: one without share_identifier is refused. */
export function checkPriorityNeedsShare(
  fields: { readonly share_identifier?: string; readonly scheduling_priority_override?: number },
  ctx: z.RefinementCtx,
): void {
  if (fields.scheduling_priority_override !== undefined && fields.share_identifier === undefined) {
    ctx.addIssue({
      code: 'custom',
      path: ['scheduling_priority_override'],
      input: fields.scheduling_priority_override,
      message:
        'no scheduling_priority_override without share_identifier: the override only applies within a share ' +
        'of a fair-share queue',
    });
  }
}

/** Batch job parameters given literally, by parameter name. */
export const BatchParameters = z.record(BatchParameterName, z.string());

/** Batch job parameters read from the execution input, by parameter name. */
export const BatchInputParameters = z.record(BatchParameterName, InputPath);

/** Fields every state machine has, whatever its pattern. */
export const STATE_MACHINE_FIELDS = {
  name: StateMachineName,
  role_name: RoleName,
  logging: StateMachineLogging,
  tracing_enabled: z.boolean(),
};

/** A task's validated retry settings. */
export type TaskRetryConfig = z.infer<typeof TaskRetry>;
/** A validated retrier with its errors. */
export type ErrorRetryConfig = z.infer<typeof ErrorRetry>;
/** Validated job attempts. */
export type JobAttemptsConfig = z.infer<typeof JobAttempts>;
