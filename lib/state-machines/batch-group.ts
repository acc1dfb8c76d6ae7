import type { ErrorRetrySettings, RetrySettings, State, StateMachineDefinition } from './asl';
import { type BatchJobSubmission, batchJobTask, catchAllInto, errorRetrier, lambdaTask, transitionTo } from './tasks';

/** A batch group, with every ARN already resolved. */
export interface BatchGroupProps {
  /** Lambda that prepares the job's input. */
  readonly preBatchLambdaArn: string;
  /** Lambda that always runs after the job: returns its result or raises its error. */
  readonly postBatchLambdaArn: string;
  /** Lambda run on the group's output once it succeeds; the workflow ends after the group when omitted. */
  readonly publishLambdaArn?: string;
  /** The Batch job. */
  readonly job: BatchJobSubmission;
  /** Retries of each Lambda on Lambda service errors. */
  readonly lambdaRetry: RetrySettings;
  /** Retries of the submission on Batch API errors. */
  readonly batchRetry: RetrySettings;
  /** Retries of the whole group, by error. */
  readonly groupRetries: readonly ErrorRetrySettings[];
}

const GROUP = 'BatchGroup';
const PRE_BATCH = 'PreBatch';
const BATCH_JOB = 'RunBatchJob';
const POST_BATCH = 'PostBatch';
const PUBLISH = 'Publish';
const FAILED = 'BatchGroupFailed';

/**
 * pre-batch Lambda -> Batch job -> post-batch Lambda as one step: a single-branch Parallel state
 * whose Retry re-runs all three and whose Catch ends in a Fail state. The job's Catch always leads
 * to post-batch, with the error at $.error, so post-batch can raise it with what the job logged;
 * the group's output is its branch's (OutputPath $[0]).
 */
export function batchGroupDefinition(props: BatchGroupProps): StateMachineDefinition {
  const branch: StateMachineDefinition = {
    StartAt: PRE_BATCH,
    States: {
      [PRE_BATCH]: lambdaTask(props.preBatchLambdaArn, props.lambdaRetry, { Next: BATCH_JOB }),
      [BATCH_JOB]: batchJobTask(
        props.job,
        props.batchRetry,
        { Next: POST_BATCH },
        { resultPath: '$.batchJob', catch: [catchAllInto(POST_BATCH)] },
      ),
      [POST_BATCH]: lambdaTask(props.postBatchLambdaArn, props.lambdaRetry, { End: true }),
    },
  };
  const states: Record<string, State> = {
    [GROUP]: {
      Type: 'Parallel',
      Comment: 'pre-batch, the Batch job and post-batch, retried and caught as one step',
      Branches: [branch],
      // A Parallel state outputs an array, one element per branch; the next state gets the only one.
      OutputPath: '$[0]',
      Retry: props.groupRetries.map(errorRetrier),
      Catch: [catchAllInto(FAILED)],
      ...transitionTo(props.publishLambdaArn !== undefined ? PUBLISH : undefined),
    },
  };
  if (props.publishLambdaArn !== undefined) {
    states[PUBLISH] = lambdaTask(
      props.publishLambdaArn,
      props.lambdaRetry,
      { End: true },
      { catch: [catchAllInto(FAILED)] },
    );
  }
  states[FAILED] = {
    Type: 'Fail',
    Error: 'BatchGroupFailed',
    Cause: 'The batch group failed after its retries; the execution history holds the error',
  };
  return { Comment: 'Batch group: pre-batch Lambda, Batch job, post-batch Lambda', StartAt: GROUP, States: states };
}
