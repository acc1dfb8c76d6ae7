/**
 * The parts of the Amazon States Language the generated workflows use
 * (https://states-language.net/spec.html).
 */

/** Retries a state on the listed errors. */
export interface Retrier {
  readonly ErrorEquals: readonly string[];
  readonly IntervalSeconds?: number;
  readonly MaxAttempts?: number;
  readonly BackoffRate?: number;
}

/** Moves to `Next` on the listed errors, keeping the error at `ResultPath`. */
export interface Catcher {
  readonly ErrorEquals: readonly string[];
  readonly ResultPath?: string;
  readonly Next: string;
}

/** Any state; the fields allowed depend on `Type`. */
export interface State {
  readonly Type: 'Task' | 'Choice' | 'Parallel' | 'Map' | 'Pass' | 'Wait' | 'Succeed' | 'Fail';
  readonly Comment?: string;
  readonly Resource?: string;
  readonly Parameters?: Readonly<Record<string, unknown>>;
  readonly Result?: unknown;
  readonly ResultPath?: string | null;
  readonly OutputPath?: string;
  readonly ResultSelector?: Readonly<Record<string, unknown>>;
  readonly Choices?: readonly Readonly<Record<string, unknown>>[];
  readonly Default?: string;
  readonly Branches?: readonly StateMachineDefinition[];
  readonly Retry?: readonly Retrier[];
  readonly Catch?: readonly Catcher[];
  readonly Next?: string;
  readonly End?: boolean;
  readonly Error?: string;
  readonly Cause?: string;
}

/** A whole state machine, or one branch of a Parallel state. */
export interface StateMachineDefinition {
  readonly Comment?: string;
  readonly StartAt: string;
  readonly States: Readonly<Record<string, State>>;
}

/** Task retry settings, in configuration's terms. */
export interface RetrySettings {
  /** Seconds before the first retry. */
  readonly intervalSeconds: number;
  /** Retries after the first attempt. */
  readonly maxAttempts: number;
  /** Multiplier of the interval at each retry. */
  readonly backoffRate: number;
}

/** Transient errors of the Lambda service, which AWS recommends retrying. */
export const LAMBDA_TRANSIENT_ERRORS = [
  'Lambda.ServiceException',
  'Lambda.AWSLambdaException',
  'Lambda.SdkClientException',
  'Lambda.TooManyRequestsException',
] as const;

/** Errors of the Batch API itself (throttling, service faults), not of the job. */
export const BATCH_API_ERRORS = ['Batch.AWSBatchException', 'Batch.ServerException'] as const;

/** Retry settings for the errors they name. */
export interface ErrorRetrySettings extends RetrySettings {
  /** Error names matched, such as `States.TaskFailed`; `States.ALL` alone matches every error. */
  readonly errors: readonly string[];
}

/** The error Step Functions raises when a task's job or function fails. */
export const TASK_FAILED = 'States.TaskFailed';

/** A Retrier from retry settings. */
export function retrier(errors: readonly string[], settings: RetrySettings): Retrier {
  return {
    ErrorEquals: errors,
    IntervalSeconds: settings.intervalSeconds,
    MaxAttempts: settings.maxAttempts,
    BackoffRate: settings.backoffRate,
  };
}
