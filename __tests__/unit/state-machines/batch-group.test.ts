import { aslProblems } from '../../../lib/state-machines/asl-validation';
import { batchGroupDefinition, type BatchGroupProps } from '../../../lib/state-machines/batch-group';

const lambda = (name: string): string => `arn:aws:lambda:eu-west-1:111111111111:function:${name}`;
const props: BatchGroupProps = {
  preBatchLambdaArn: lambda('pre-batch'),
  postBatchLambdaArn: lambda('post-batch'),
  publishLambdaArn: lambda('publish'),
  job: {
    jobName: 'some-batch-job',
    jobQueueArn: 'arn:aws:batch:eu-west-1:111111111111:job-queue/example',
    jobDefinitionArn: 'arn:aws:batch:eu-west-1:111111111111:job-definition/example',
    inputParameters: { url: '$.url' },
    attempts: 1,
  },
  lambdaRetry: { intervalSeconds: 1, maxAttempts: 5, backoffRate: 2 },
  batchRetry: { intervalSeconds: 30, maxAttempts: 2, backoffRate: 2 },
  groupRetries: [{ errors: ['States.ALL'], intervalSeconds: 3, maxAttempts: 2, backoffRate: 2 }],
};
const definition = batchGroupDefinition(props);
const group = definition.States.BatchGroup!;
const branch = group.Branches![0]!;

describe('the batch group definition', () => {
  test('is valid Amazon States Language, with and without the publish step', () => {
    expect(aslProblems(definition)).toEqual([]);
    const { publishLambdaArn: _none, ...withoutPublish } = props;
    expect(aslProblems(batchGroupDefinition(withoutPublish))).toEqual([]);
    // The validator does reject a broken definition: a branch whose state leads nowhere.
    const broken = {
      ...definition,
      States: {
        ...definition.States,
        BatchGroup: {
          ...group,
          Branches: [
            {
              ...branch,
              States: { ...branch.States, PostBatch: { ...branch.States.PostBatch!, End: undefined, Next: 'Nowhere' } },
            },
          ],
        },
      },
    };
    expect(aslProblems(broken)).not.toEqual([]);
  });

  test('runs pre-batch, the Batch job and post-batch inside one single-branch Parallel state', () => {
    expect(definition.StartAt).toBe('BatchGroup');
    expect(group.Type).toBe('Parallel');
    expect(group.Branches).toHaveLength(1);
    expect(branch.StartAt).toBe('PreBatch');
    expect(branch.States.PreBatch).toMatchObject({
      Resource: 'arn:aws:states:::lambda:invoke',
      Parameters: { FunctionName: props.preBatchLambdaArn },
      Next: 'RunBatchJob',
    });
    expect(branch.States.RunBatchJob).toMatchObject({
      Resource: 'arn:aws:states:::batch:submitJob.sync',
      Next: 'PostBatch',
    });
    expect(branch.States.PostBatch).toMatchObject({
      Parameters: { FunctionName: props.postBatchLambdaArn },
      End: true,
    });
  });

  test('the Batch job always leads to post-batch: on success, and on any error with the error at $.error', () => {
    expect(branch.States.RunBatchJob!.Catch).toEqual([
      { ErrorEquals: ['States.ALL'], ResultPath: '$.error', Next: 'PostBatch' },
    ]);
    expect(branch.States.RunBatchJob!.Next).toBe('PostBatch');
  });

  test("the group has its own States.ALL retry and catches into a Fail state; its output is its one branch's", () => {
    expect(group.Retry).toEqual([{ ErrorEquals: ['States.ALL'], IntervalSeconds: 3, MaxAttempts: 2, BackoffRate: 2 }]);
    expect(group.Catch).toEqual([{ ErrorEquals: ['States.ALL'], ResultPath: '$.error', Next: 'BatchGroupFailed' }]);
    expect(definition.States.BatchGroupFailed!.Type).toBe('Fail');
    expect(group.OutputPath).toBe('$[0]');
    expect(group.Next).toBe('Publish');
    expect(definition.States.Publish).toMatchObject({
      Parameters: { FunctionName: props.publishLambdaArn },
      End: true,
      Catch: [{ ErrorEquals: ['States.ALL'], Next: 'BatchGroupFailed' }],
    });
  });

  test('Batch runs the job once (RetryStrategy 1): the workflow retries, by error type', () => {
    const parameters = branch.States.RunBatchJob!.Parameters!;
    expect(parameters).toMatchObject({
      JobName: 'some-batch-job',
      JobQueue: props.job.jobQueueArn,
      JobDefinition: props.job.jobDefinitionArn,
      RetryStrategy: { Attempts: 1 },
      Parameters: { 'url.$': '$.url' },
    });
    // Inside the branch only transient service errors are retried; everything else is the group's to retry.
    expect(branch.States.RunBatchJob!.Retry!.flatMap((r) => r.ErrorEquals)).toEqual([
      'Batch.AWSBatchException',
      'Batch.ServerException',
    ]);
    expect(branch.States.PreBatch!.Retry!.flatMap((r) => r.ErrorEquals)).not.toContain('States.ALL');
  });

  test("keeps the job definition's own retries when asked to", () => {
    const { attempts: _none, ...job } = props.job;
    const parameters = batchGroupDefinition({ ...props, job }).States.BatchGroup!.Branches![0]!.States.RunBatchJob!
      .Parameters!;
    expect(parameters).not.toHaveProperty('RetryStrategy');
  });

  test('ends after the group when there is no publish step', () => {
    const { publishLambdaArn: _none, ...withoutPublish } = props;
    const states = batchGroupDefinition(withoutPublish).States;
    expect(states.BatchGroup!.End).toBe(true);
    expect(states).not.toHaveProperty('Publish');
  });
});
