import type { ErrorRetrySettings, RetrySettings, State, StateMachineDefinition } from './asl';
import { type BatchJobSubmission, batchJobTask, catchAllInto, errorRetrier } from './tasks';

/** Array job sizes AWS Batch accepts (ArrayProperties). */
const MIN_ARRAY_SIZE = 2;
const MAX_ARRAY_SIZE = 10_000;

/** An array job, with every ARN already resolved. */
export interface ArrayJobProps {
  /** The array job: `arraySize` is a fixed size or the JSONPath of the size in the input. */
  readonly job: BatchJobSubmission & { readonly arraySize: number | { readonly path: string } };
  /** Retries of the submission on Batch API errors. */
  readonly batchRetry: RetrySettings;
  /** Retries of the whole array job by the workflow; none when omitted. */
  readonly jobRetry?: ErrorRetrySettings;
}

const CHECK_SIZE = 'CheckArraySize';
const SUBMIT = 'RunArrayJob';
const INVALID_SIZE = 'InvalidArraySize';
const FAILED = 'ArrayJobFailed';

/**
 * Submits an array job and waits for it (`.sync` waits for the parent job, which ends once every
 * child has: SUCCEEDED if all did, FAILED otherwise). A size read from the input is checked first,
 * so a bad input fails with a clear error instead of a Batch API exception.
 */
export function arrayJobDefinition(props: ArrayJobProps): StateMachineDefinition {
  const size = props.job.arraySize;
  const states: Record<string, State> = {};
  if (typeof size !== 'number') {
    states[CHECK_SIZE] = {
      Type: 'Choice',
      Comment: `The array size at ${size.path} must be a number from ${MIN_ARRAY_SIZE} to ${MAX_ARRAY_SIZE}`,
      Choices: [
        // Rules run in order: a comparison of a value that is missing or not a number would fail the execution.
        { Not: { Variable: size.path, IsPresent: true }, Next: INVALID_SIZE },
        { Not: { Variable: size.path, IsNumeric: true }, Next: INVALID_SIZE },
        {
          And: [
            { Variable: size.path, NumericGreaterThanEquals: MIN_ARRAY_SIZE },
            { Variable: size.path, NumericLessThanEquals: MAX_ARRAY_SIZE },
          ],
          Next: SUBMIT,
        },
      ],
      Default: INVALID_SIZE,
    };
  }
  states[SUBMIT] = batchJobTask(
    props.job,
    props.batchRetry,
    { End: true },
    {
      resultPath: '$.arrayJob',
      retry: props.jobRetry ? [errorRetrier(props.jobRetry)] : [],
      catch: [catchAllInto(FAILED)],
    },
  );
  if (typeof size !== 'number') {
    states[INVALID_SIZE] = {
      Type: 'Fail',
      Error: 'InvalidArraySize',
      Cause: `The input's ${size.path} is not a number from ${MIN_ARRAY_SIZE} to ${MAX_ARRAY_SIZE}`,
    };
  }
  states[FAILED] = {
    Type: 'Fail',
    Error: 'ArrayJobFailed',
    Cause: 'The array job failed after its retries; the execution history holds the error',
  };
  return {
    Comment: `Array job of ${typeof size === 'number' ? size : `${size.path} (from the input)`} children`,
    StartAt: typeof size === 'number' ? SUBMIT : CHECK_SIZE,
    States: states,
  };
}
