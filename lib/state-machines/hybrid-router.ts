import type { RetrySettings, State, StateMachineDefinition } from './asl';
import { type BatchJobSubmission, batchJobTask, catchAllInto, lambdaTask } from './tasks';

/** The hybrid router, with every ARN already resolved. */
export interface HybridRouterProps {
  /** JSONPath of the chunk's record count in the input. */
  readonly chunkSizePath: string;
  /** Chunks with more records go to Batch. */
  readonly threshold: number;
  /** The existing Lambda for small chunks. */
  readonly lambdaFunctionArn: string;
  /** Queue of the Batch jobs. */
  readonly jobQueueArn: string;
  /** Job definition that processes a chunk. */
  readonly processingJobDefinitionArn: string;
  /** Name given to processing jobs. */
  readonly processingJobName: string;
  /** Job definition run first on large chunks; no validation step when omitted. */
  readonly validation?: { readonly jobDefinitionArn: string; readonly jobName: string };
  /** Share and priority of both jobs, on a fair-share queue. */
  readonly fairShare?: Pick<BatchJobSubmission, 'shareIdentifier' | 'schedulingPriorityOverride'>;
  /** Retries of the Lambda task on Lambda service errors. */
  readonly lambdaRetry: RetrySettings;
  /** Retries of Batch tasks on Batch API errors (the job's own failures are retried by Batch). */
  readonly batchRetry: RetrySettings;
}

const FAILED = 'ChunkFailed';
const INVALID_INPUT = 'InvalidInput';
/** Where the job parameters of both Batch jobs are in the input. */
const BATCH_PARAMETERS_PATH = '$.batchParameters';

/**
 * Routes a chunk by record count: at most `threshold` records to the Lambda, more to AWS Batch
 * (validation job first when configured, then the processing job, each `submitJob.sync`).
 * Every task retries transient service errors and catches everything else into one Fail state.
 */
export function hybridRouterDefinition(props: HybridRouterProps): StateMachineDefinition {
  const batchStart = props.validation ? 'ValidateWithBatch' : 'ProcessWithBatch';
  const catchAll = [catchAllInto(FAILED)];
  const states: Record<string, State> = {
    RouteBySize: {
      Type: 'Choice',
      Comment: `More than ${props.threshold} records go to AWS Batch, the rest to Lambda`,
      Choices: [
        { Not: { Variable: props.chunkSizePath, IsNumeric: true }, Next: INVALID_INPUT },
        { Variable: props.chunkSizePath, NumericGreaterThan: props.threshold, Next: batchStart },
      ],
      Default: 'ProcessWithLambda',
    },
    ProcessWithLambda: lambdaTask(props.lambdaFunctionArn, props.lambdaRetry, { End: true }, { catch: catchAll }),
  };
  if (props.validation) {
    states.ValidateWithBatch = batchJobTask(
      {
        jobName: props.validation.jobName,
        jobQueueArn: props.jobQueueArn,
        jobDefinitionArn: props.validation.jobDefinitionArn,
        parametersPath: BATCH_PARAMETERS_PATH,
        ...props.fairShare,
      },
      props.batchRetry,
      { Next: 'ProcessWithBatch' },
      { resultPath: '$.validation', catch: catchAll },
    );
  }
  states.ProcessWithBatch = batchJobTask(
    {
      jobName: props.processingJobName,
      jobQueueArn: props.jobQueueArn,
      jobDefinitionArn: props.processingJobDefinitionArn,
      parametersPath: BATCH_PARAMETERS_PATH,
      ...props.fairShare,
    },
    props.batchRetry,
    { End: true },
    { resultPath: '$.processing', catch: catchAll },
  );
  states[INVALID_INPUT] = {
    Type: 'Fail',
    Error: 'InvalidInput',
    Cause: `The input has no numeric ${props.chunkSizePath}`,
  };
  states[FAILED] = {
    Type: 'Fail',
    Error: 'ChunkProcessingFailed',
    Cause: 'A task failed after its retries; the execution history holds the error',
  };
  return {
    Comment: `Hybrid chunk router: Lambda up to ${props.threshold} records, AWS Batch above`,
    StartAt: 'RouteBySize',
    States: states,
  };
}
