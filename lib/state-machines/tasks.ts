import {
  BATCH_API_ERRORS,
  type Catcher,
  type ErrorRetrySettings,
  LAMBDA_TRANSIENT_ERRORS,
  type Retrier,
  type RetrySettings,
  retrier,
  type State,
} from './asl';

/** Step Functions' optimized integration that submits a Batch job and waits for it to end. */
export const BATCH_SUBMIT_JOB_SYNC = 'arn:aws:states:::batch:submitJob.sync';
/** Step Functions' optimized integration that invokes a Lambda function. */
export const LAMBDA_INVOKE = 'arn:aws:states:::lambda:invoke';

/** One Batch job submission, with every ARN already resolved. */
export interface BatchJobSubmission {
  /** Name of the job. */
  readonly jobName: string;
  /** Queue the job goes to. */
  readonly jobQueueArn: string;
  /** Job definition of the job. */
  readonly jobDefinitionArn: string;
  /** Job parameters given literally. */
  readonly parameters?: Readonly<Record<string, string>>;
  /** Job parameters read from the state's input, as JSONPaths. */
  readonly inputParameters?: Readonly<Record<string, string>>;
  /** JSONPath of an object in the state's input holding every job parameter, instead of the two above. */
  readonly parametersPath?: string;
  /** Submit an array job: a fixed number of children, or the JSONPath of the number in the input. */
  readonly arraySize?: number | { readonly path: string };
  /** Share identifier, for fair-share queues. */
  readonly shareIdentifier?: string;
  /** Scheduling priority within the share. */
  readonly schedulingPriorityOverride?: number;
  /** Attempts Batch makes of the job; the job definition's retry strategy when omitted. */
  readonly attempts?: number;
  /** Container environment variable that receives the state's whole input as JSON text. */
  readonly inputEnvironmentVariable?: string;
}

/** The SubmitJob request of a submission, in the integration's Parameters form (`.$` keys read the input). */
export function submitJobParameters(job: BatchJobSubmission): Record<string, unknown> {
  const parameters = {
    ...job.parameters,
    ...Object.fromEntries(Object.entries(job.inputParameters ?? {}).map(([name, path]) => [`${name}.$`, path])),
  };
  const size = job.arraySize;
  return {
    JobName: job.jobName,
    JobQueue: job.jobQueueArn,
    JobDefinition: job.jobDefinitionArn,
    ...(job.parametersPath !== undefined
      ? { 'Parameters.$': job.parametersPath }
      : Object.keys(parameters).length > 0
        ? { Parameters: parameters }
        : {}),
    ...(size === undefined
      ? {}
      : { ArrayProperties: typeof size === 'number' ? { Size: size } : { 'Size.$': size.path } }),
    ...(job.shareIdentifier !== undefined ? { ShareIdentifier: job.shareIdentifier } : {}),
    ...(job.schedulingPriorityOverride !== undefined
      ? { SchedulingPriorityOverride: job.schedulingPriorityOverride }
      : {}),
    ...(job.inputEnvironmentVariable !== undefined
      ? {
          ContainerOverrides: {
            Environment: [{ Name: job.inputEnvironmentVariable, 'Value.$': 'States.JsonToString($)' }],
          },
        }
      : {}),
    ...(job.attempts !== undefined ? { RetryStrategy: { Attempts: job.attempts } } : {}),
  };
}

/** Where a task goes next: the name of the next state, or the end of its branch. */
export type Transition = { readonly Next: string } | { readonly End: true };

/** The transition to `next`, or the end when there is no next state. */
export function transitionTo(next: string | undefined): Transition {
  return next === undefined ? { End: true } : { Next: next };
}

/** What a task does around its call: where its result goes, its retriers and catchers. */
export interface TaskOptions {
  /** Where the result goes in the state's output; null discards it, so the input passes through. */
  readonly resultPath?: string | null;
  /** Retriers after the ones on transient service errors. */
  readonly retry?: readonly Retrier[];
  /** Catchers. */
  readonly catch?: readonly Catcher[];
}

/**
 * A task that submits a Batch job and waits for it (`.sync`). Throttling and faults of the Batch
 * API are retried with `batchRetry`; the job's own failure raises States.TaskFailed.
 */
export function batchJobTask(
  job: BatchJobSubmission,
  batchRetry: RetrySettings,
  transition: Transition,
  options: TaskOptions = {},
): State {
  return {
    Type: 'Task',
    Resource: BATCH_SUBMIT_JOB_SYNC,
    Parameters: submitJobParameters(job),
    ...(options.resultPath !== undefined ? { ResultPath: options.resultPath } : {}),
    Retry: [retrier(BATCH_API_ERRORS, batchRetry), ...(options.retry ?? [])],
    ...(options.catch ? { Catch: options.catch } : {}),
    ...transition,
  };
}

/** A task that invokes a Lambda function with the state's input and outputs what it returns. */
export function lambdaTask(
  functionArn: string,
  lambdaRetry: RetrySettings,
  transition: Transition,
  options: TaskOptions = {},
): State {
  return {
    Type: 'Task',
    Resource: LAMBDA_INVOKE,
    Parameters: { FunctionName: functionArn, 'Payload.$': '$' },
    OutputPath: '$.Payload',
    Retry: [retrier(LAMBDA_TRANSIENT_ERRORS, lambdaRetry), ...(options.retry ?? [])],
    ...(options.catch ? { Catch: options.catch } : {}),
    ...transition,
  };
}

/** A Retrier for the errors that settings name. */
export function errorRetrier(settings: ErrorRetrySettings): Retrier {
  return retrier(settings.errors, settings);
}

/** Catches every error into `next`, keeping the input and adding the error at $.error. */
export function catchAllInto(next: string): Catcher {
  return { ErrorEquals: ['States.ALL'], ResultPath: '$.error', Next: next };
}
