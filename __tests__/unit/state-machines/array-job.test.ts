import { arrayJobDefinition, type ArrayJobProps } from '../../../lib/state-machines/array-job';
import { aslProblems } from '../../../lib/state-machines/asl-validation';

const props: ArrayJobProps = {
  job: {
    jobName: 'batchworker',
    jobQueueArn: 'arn:aws:batch:eu-west-1:111111111111:job-queue/fargate',
    jobDefinitionArn: 'arn:aws:batch:eu-west-1:111111111111:job-definition/batchworker',
    arraySize: { path: '$.arraySize' },
    shareIdentifier: 'teamA',
    schedulingPriorityOverride: 50,
    inputEnvironmentVariable: 'JOB_INPUT',
    attempts: 1,
  },
  batchRetry: { intervalSeconds: 30, maxAttempts: 2, backoffRate: 2 },
  jobRetry: { errors: ['States.TaskFailed'], intervalSeconds: 60, maxAttempts: 1, backoffRate: 2 },
};

describe('the array job definition (seed 001)', () => {
  test('is valid Amazon States Language, sized from the input or from configuration', () => {
    expect(aslProblems(arrayJobDefinition(props))).toEqual([]);
    expect(aslProblems(arrayJobDefinition({ ...props, job: { ...props.job, arraySize: 2 } }))).toEqual([]);
  });

  test('submits an array job sized from the input, after checking the size is a number from 2 to 10000', () => {
    const definition = arrayJobDefinition(props);
    expect(definition.StartAt).toBe('CheckArraySize');
    const check = definition.States.CheckArraySize!;
    expect(check.Choices).toEqual([
      { Not: { Variable: '$.arraySize', IsPresent: true }, Next: 'InvalidArraySize' },
      { Not: { Variable: '$.arraySize', IsNumeric: true }, Next: 'InvalidArraySize' },
      {
        And: [
          { Variable: '$.arraySize', NumericGreaterThanEquals: 2 },
          { Variable: '$.arraySize', NumericLessThanEquals: 10000 },
        ],
        Next: 'RunArrayJob',
      },
    ]);
    expect(check.Default).toBe('InvalidArraySize');
    expect(definition.States.InvalidArraySize!.Type).toBe('Fail');
    expect(definition.States.RunArrayJob!.Parameters).toMatchObject({ ArrayProperties: { 'Size.$': '$.arraySize' } });
  });

  test('a fixed size needs no check', () => {
    const definition = arrayJobDefinition({ ...props, job: { ...props.job, arraySize: 2 } });
    expect(definition.StartAt).toBe('RunArrayJob');
    expect(definition.States).not.toHaveProperty('CheckArraySize');
    expect(definition.States.RunArrayJob!.Parameters).toMatchObject({ ArrayProperties: { Size: 2 } });
  });

  test("submits with a fair-share queue's share identifier and priority, and the input as JOB_INPUT", () => {
    expect(arrayJobDefinition(props).States.RunArrayJob!.Parameters).toMatchObject({
      ShareIdentifier: 'teamA',
      SchedulingPriorityOverride: 50,
      ContainerOverrides: { Environment: [{ Name: 'JOB_INPUT', 'Value.$': 'States.JsonToString($)' }] },
      RetryStrategy: { Attempts: 1 },
    });
    const { shareIdentifier: _s, schedulingPriorityOverride: _p, ...fifo } = props.job;
    const parameters = arrayJobDefinition({ ...props, job: fifo }).States.RunArrayJob!.Parameters!;
    expect(parameters).not.toHaveProperty('ShareIdentifier');
    expect(parameters).not.toHaveProperty('SchedulingPriorityOverride');
  });

  test('waits for the array job, retries it on failure, and catches what is left into a Fail state', () => {
    const task = arrayJobDefinition(props).States.RunArrayJob!;
    expect(task).toMatchObject({
      Resource: 'arn:aws:states:::batch:submitJob.sync',
      ResultPath: '$.arrayJob',
      End: true,
    });
    expect(task.Retry!.map((r) => r.ErrorEquals)).toEqual([
      ['Batch.AWSBatchException', 'Batch.ServerException'],
      ['States.TaskFailed'],
    ]);
    expect(task.Catch).toEqual([{ ErrorEquals: ['States.ALL'], ResultPath: '$.error', Next: 'ArrayJobFailed' }]);
  });
});
