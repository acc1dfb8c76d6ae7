import { aslProblems } from '../../../lib/state-machines/asl-validation';
import { hybridRouterDefinition, type HybridRouterProps } from '../../../lib/state-machines/hybrid-router';

const props: HybridRouterProps = {
  chunkSizePath: '$.chunkSize',
  threshold: 290000,
  lambdaFunctionArn: 'arn:aws:lambda:eu-west-1:111111111111:function:gss-dev-chunk-processor',
  jobQueueArn: 'arn:aws:batch:eu-west-1:111111111111:job-queue/gss-dev-batch-queue',
  processingJobDefinitionArn: 'arn:aws:batch:eu-west-1:111111111111:job-definition/gss-dev-batch-processing',
  processingJobName: 'gss-dev-batch-processing',
  validation: {
    jobDefinitionArn: 'arn:aws:batch:eu-west-1:111111111111:job-definition/gss-dev-batch-validation',
    jobName: 'gss-dev-batch-validation',
  },
  lambdaRetry: { intervalSeconds: 2, maxAttempts: 3, backoffRate: 2 },
  batchRetry: { intervalSeconds: 30, maxAttempts: 2, backoffRate: 2 },
};

describe('the hybrid router definition', () => {
  test('is valid Amazon States Language', () => {
    expect(aslProblems(hybridRouterDefinition(props))).toEqual([]);
    const { validation: _none, ...withoutValidation } = props;
    expect(aslProblems(hybridRouterDefinition(withoutValidation))).toEqual([]);
  });

  test('sends chunks over the threshold to Batch and the rest to the Lambda', () => {
    const router = hybridRouterDefinition(props).States.RouteBySize!;
    expect(router.Type).toBe('Choice');
    expect(router.Choices).toContainEqual({
      Variable: '$.chunkSize',
      NumericGreaterThan: 290000,
      Next: 'ValidateWithBatch',
    });
    expect(router.Default).toBe('ProcessWithLambda');
  });

  test('rejects input without a numeric chunk size before routing', () => {
    const definition = hybridRouterDefinition(props);
    expect(definition.States.RouteBySize!.Choices![0]).toEqual({
      Not: { Variable: '$.chunkSize', IsNumeric: true },
      Next: 'InvalidInput',
    });
    expect(definition.States.InvalidInput!.Type).toBe('Fail');
  });

  test('runs the validation job, then the processing job, both waiting for the job (.sync)', () => {
    const states = hybridRouterDefinition(props).States;
    expect(states.ValidateWithBatch).toMatchObject({
      Resource: 'arn:aws:states:::batch:submitJob.sync',
      Next: 'ProcessWithBatch',
      Parameters: { JobDefinition: props.validation!.jobDefinitionArn, JobQueue: props.jobQueueArn },
    });
    expect(states.ProcessWithBatch).toMatchObject({
      Resource: 'arn:aws:states:::batch:submitJob.sync',
      End: true,
      Parameters: { JobDefinition: props.processingJobDefinitionArn },
    });
  });

  test('goes straight to processing when no validation job is configured', () => {
    const { validation: _none, ...withoutValidation } = props;
    const definition = hybridRouterDefinition(withoutValidation);
    expect(definition.States).not.toHaveProperty('ValidateWithBatch');
    expect(definition.States.RouteBySize!.Choices).toContainEqual(
      expect.objectContaining({ Next: 'ProcessWithBatch' }),
    );
  });

  test('every task retries transient service errors and catches the rest into the Fail state', () => {
    const tasks = Object.entries(hybridRouterDefinition(props).States).filter(([, s]) => s.Type === 'Task');
    expect(tasks.map(([name]) => name)).toEqual(['ProcessWithLambda', 'ValidateWithBatch', 'ProcessWithBatch']);
    for (const [, task] of tasks) {
      expect(task.Retry!.length).toBeGreaterThan(0);
      expect(task.Retry!.flatMap((r) => r.ErrorEquals)).not.toContain('States.ALL');
      expect(task.Catch).toEqual([{ ErrorEquals: ['States.ALL'], ResultPath: '$.error', Next: 'ChunkFailed' }]);
    }
    expect(tasks.find(([n]) => n === 'ProcessWithLambda')![1].Retry![0]).toMatchObject({
      ErrorEquals: expect.arrayContaining(['Lambda.TooManyRequestsException']),
      MaxAttempts: 3,
    });
  });
});
