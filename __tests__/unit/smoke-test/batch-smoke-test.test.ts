import { BatchClient, DescribeJobsCommand, type JobDetail, SubmitJobCommand } from '@aws-sdk/client-batch';
import { CloudWatchLogsClient, GetLogEventsCommand, ResourceNotFoundException } from '@aws-sdk/client-cloudwatch-logs';
import { mockClient } from 'aws-sdk-client-mock';
import { runSmokeTest, SMOKE_TEST_EXIT_CODES, type SmokeTestOptions } from '../../../lib/smoke-test/batch-smoke-test';

const batchMock = mockClient(BatchClient);
const logsMock = mockClient(CloudWatchLogsClient);
const JOB = 'job-1';
const GROUP = '/aws/batch/arrayjobs-dev-worker';

/** A job as DescribeJobs returns it. */
function job(status: JobDetail['status'], extra: Partial<JobDetail> = {}): JobDetail {
  return {
    jobId: JOB,
    jobName: 'smoke',
    jobQueue: 'q',
    jobDefinition: 'd',
    status,
    startedAt: 1,
    createdAt: 0,
    ...extra,
  } as JobDetail;
}

/** Options with a fake clock that advances by each sleep, and a log that keeps its lines. */
function options(overrides: Partial<SmokeTestOptions> = {}): SmokeTestOptions & { lines: string[]; sleeps: number[] } {
  let clock = 0;
  const lines: string[] = [];
  const sleeps: number[] = [];
  return {
    jobQueue: 'arrayjobs-dev-worker-queue',
    jobDefinition: 'arrayjobs-dev-worker',
    jobName: 'smoke',
    pollIntervalMs: 10_000,
    timeoutMs: 60_000,
    log: (line) => void lines.push(line),
    sleep: async (ms) => {
      sleeps.push(ms);
      clock += ms;
    },
    now: () => clock,
    lines,
    sleeps,
    ...overrides,
  };
}

beforeEach(() => {
  batchMock.reset();
  logsMock.reset();
  batchMock
    .on(SubmitJobCommand)
    .resolves({ jobId: JOB, jobName: 'smoke', jobArn: `arn:aws:batch:ap-northeast-1:123456789012:job/${JOB}` });
});

const batch = (): BatchClient => new BatchClient({ region: 'ap-northeast-1' });
const logs = (): CloudWatchLogsClient => new CloudWatchLogsClient({ region: 'ap-northeast-1' });

describe('the Batch smoke test', () => {
  test('a single job: submitted with its input, followed to SUCCEEDED, its logs printed, exit code 0', async () => {
    batchMock
      .on(DescribeJobsCommand, { jobs: [JOB] })
      .resolvesOnce({ jobs: [job('RUNNABLE')] })
      .resolvesOnce({ jobs: [job('RUNNING')] })
      .resolves({
        jobs: [
          job('SUCCEEDED', {
            container: {
              logStreamName: 'worker/default/abc',
              logConfiguration: { logDriver: 'awslogs', options: { 'awslogs-group': GROUP } },
            },
            attempts: [{ container: { logStreamName: 'worker/default/abc', exitCode: 0 } }],
          }),
        ],
      });
    logsMock
      .on(GetLogEventsCommand)
      .resolvesOnce({ events: [{ message: '{"index": ""}' }, { message: 'done' }], nextForwardToken: 'f/1' })
      .resolves({ events: [], nextForwardToken: 'f/1' });
    const run = options({ environment: { JOB_INPUT: '{"message":"Hello!"}' } });

    const result = await runSmokeTest(batch(), logs(), run);

    expect(result.outcome).toBe('SUCCEEDED');
    expect(SMOKE_TEST_EXIT_CODES[result.outcome]).toBe(0);
    expect(batchMock.commandCalls(SubmitJobCommand)[0]!.args[0].input).toEqual({
      jobName: 'smoke',
      jobQueue: 'arrayjobs-dev-worker-queue',
      jobDefinition: 'arrayjobs-dev-worker',
      containerOverrides: { environment: [{ name: 'JOB_INPUT', value: '{"message":"Hello!"}' }] },
    });
    expect(run.lines).toEqual([
      `submitted job smoke: ${JOB} to arrayjobs-dev-worker-queue with arrayjobs-dev-worker`,
      `${JOB}: RUNNABLE`,
      `${JOB}: RUNNING`,
      `${JOB}: SUCCEEDED`,
      `--- ${GROUP} worker/default/abc`,
      '{"index": ""}',
      'done',
      `${JOB}: SUCCEEDED`,
    ]);
    expect(logsMock.commandCalls(GetLogEventsCommand).map((c) => c.args[0].input)).toEqual([
      { logGroupName: GROUP, logStreamName: 'worker/default/abc', startFromHead: true },
      { logGroupName: GROUP, logStreamName: 'worker/default/abc', startFromHead: true, nextToken: 'f/1' },
    ]);
    expect(run.sleeps).toEqual([10_000, 10_000]);
  });

  test("an array job: each child's logs by index; a failed child fails the run with its reasons, exit 1", async () => {
    const summary = (succeeded: number, failed: number, running: number) => ({
      size: 2,
      statusSummary: { SUCCEEDED: succeeded, FAILED: failed, RUNNING: running },
    });
    batchMock
      .on(DescribeJobsCommand, { jobs: [JOB] })
      .resolvesOnce({ jobs: [job('PENDING', { arrayProperties: summary(0, 0, 2) })] })
      .resolves({
        jobs: [job('FAILED', { statusReason: 'Array Child Job failed', arrayProperties: summary(1, 1, 0) })],
      });
    batchMock.on(DescribeJobsCommand, { jobs: [`${JOB}:0`, `${JOB}:1`] }).resolves({
      jobs: [
        job('FAILED', {
          jobId: `${JOB}:1`,
          arrayProperties: { index: 1 },
          statusReason: 'Essential container in task exited',
          container: { exitCode: 3, logStreamName: 'worker/default/one' },
          attempts: [{ container: { exitCode: 3, logStreamName: 'worker/default/one', reason: 'boom' } }],
        }),
        job('SUCCEEDED', {
          jobId: `${JOB}:0`,
          arrayProperties: { index: 0 },
          container: { exitCode: 0, logStreamName: 'worker/default/zero' },
        }),
      ],
    });
    logsMock
      .on(GetLogEventsCommand, { logStreamName: 'worker/default/zero' })
      .resolves({ events: [{ message: 'item-A' }] });
    logsMock
      .on(GetLogEventsCommand, { logStreamName: 'worker/default/one' })
      .resolves({ events: [{ message: 'item-B failed' }] });
    const run = options({ arraySize: 2 });

    const result = await runSmokeTest(batch(), logs(), run);

    expect(result.outcome).toBe('FAILED');
    expect(SMOKE_TEST_EXIT_CODES[result.outcome]).toBe(1);
    expect(batchMock.commandCalls(SubmitJobCommand)[0]!.args[0].input.arrayProperties).toEqual({ size: 2 });
    expect(run.lines).toEqual([
      `submitted array job (size 2) smoke: ${JOB} to arrayjobs-dev-worker-queue with arrayjobs-dev-worker`,
      `${JOB}: PENDING (children: 2 RUNNING)`,
      `${JOB}: FAILED (children: 1 SUCCEEDED, 1 FAILED)`,
      '[0] --- /aws/batch/job worker/default/zero',
      '[0] item-A',
      '[1] --- /aws/batch/job worker/default/one',
      '[1] item-B failed',
      '[1] FAILED: Essential container in task exited; attempt 1: exit code 3, boom',
      `${JOB}: FAILED: 1 of 2 children succeeded`,
    ]);
  });

  test('an array job whose parent never settles is over once every child has finished (as moto has it)', async () => {
    batchMock.on(DescribeJobsCommand, { jobs: [JOB] }).resolves({
      jobs: [job('SUBMITTED', { arrayProperties: { size: 2, statusSummary: { FAILED: 2, SUBMITTED: 0 } } })],
    });
    batchMock.on(DescribeJobsCommand, { jobs: [`${JOB}:0`, `${JOB}:1`] }).resolves({
      jobs: [
        job('FAILED', { jobId: `${JOB}:0`, container: {}, attempts: [{ container: {} }] }),
        job('FAILED', { jobId: `${JOB}:1`, container: {}, attempts: [{ container: {} }] }),
      ],
    });
    const run = options({ arraySize: 2 });

    const result = await runSmokeTest(batch(), logs(), run);

    expect(result.outcome).toBe('FAILED');
    expect(run.lines.slice(2)).toEqual([
      '[0] no log stream: the job never started a container',
      '[1] no log stream: the job never started a container',
      '[0] FAILED: Batch gives no status reason; attempt 1: no reason given',
      '[1] FAILED: Batch gives no status reason; attempt 1: no reason given',
      `${JOB}: FAILED: 0 of 2 children succeeded`,
    ]);
    expect(logsMock.commandCalls(GetLogEventsCommand)).toHaveLength(0);
  });

  test('a job that does not finish in time: TIMED_OUT, exit code 2, and how to stop it', async () => {
    batchMock.on(DescribeJobsCommand).resolves({ jobs: [job('RUNNABLE')] });
    const run = options({ timeoutMs: 30_000 });

    const result = await runSmokeTest(batch(), logs(), run);

    expect(result.outcome).toBe('TIMED_OUT');
    expect(SMOKE_TEST_EXIT_CODES[result.outcome]).toBe(2);
    expect(run.sleeps).toEqual([10_000, 10_000, 10_000]);
    expect(run.lines.at(-1)).toBe(
      `${JOB}: still RUNNABLE after 30 s; giving up (the job keeps running: ` +
        `aws batch terminate-job --job-id ${JOB} --reason smoke-test)`,
    );
  });

  test('a log stream that is gone is reported, not a crash', async () => {
    batchMock.on(DescribeJobsCommand).resolves({
      jobs: [
        job('FAILED', { statusReason: 'Task failed to start', container: { logStreamName: 'worker/default/gone' } }),
      ],
    });
    logsMock
      .on(GetLogEventsCommand)
      .rejects(new ResourceNotFoundException({ message: 'The specified log stream does not exist.', $metadata: {} }));
    const run = options();

    const result = await runSmokeTest(batch(), logs(), run);

    expect(result.outcome).toBe('FAILED');
    expect(run.lines).toContain('(no log stream worker/default/gone in /aws/batch/job)');
    expect(run.lines.at(-1)).toBe(`${JOB}: FAILED: Task failed to start`);
  });

  test('a submit Batch refuses is an error for the command to report', async () => {
    batchMock.on(SubmitJobCommand).rejects(new Error('Job queue nope does not exist'));
    await expect(runSmokeTest(batch(), logs(), options({ jobQueue: 'nope' }))).rejects.toThrow(
      'Job queue nope does not exist',
    );
  });

  test("a multi-container job: the input goes to the named container; each container's logs, exit code", async () => {
    const container = (name: string, stream: string, group: string, exitCode: number) => ({
      name,
      logStreamName: stream,
      exitCode,
      logConfiguration: { logDriver: 'awslogs' as const, options: { 'awslogs-group': group } },
    });
    batchMock.on(DescribeJobsCommand).resolves({
      jobs: [
        job('FAILED', {
          statusReason: 'Essential container in task exited',
          ecsProperties: {
            taskProperties: [
              {
                containers: [
                  container('main', 'sidecar/main/t1', GROUP, 3),
                  container('proxy', 'sidecar/proxy/t1', '/aws/batch/proxy', 0),
                ],
              },
            ],
          },
          attempts: [
            {
              taskProperties: [
                {
                  containers: [
                    { name: 'main', exitCode: 3, logStreamName: 'sidecar/main/t1' },
                    { name: 'proxy', exitCode: 0, logStreamName: 'sidecar/proxy/t1' },
                  ],
                },
              ],
            },
          ],
        }),
      ],
    });
    logsMock
      .on(GetLogEventsCommand, { logStreamName: 'sidecar/main/t1' })
      .resolves({ events: [{ message: 'bad input' }] });
    logsMock
      .on(GetLogEventsCommand, { logStreamName: 'sidecar/proxy/t1' })
      .resolves({ events: [{ message: 'proxy up' }] });
    const run = options({ environment: { JOB_INPUT: '{}' }, container: 'main' });

    const result = await runSmokeTest(batch(), logs(), run);

    expect(result.outcome).toBe('FAILED');
    expect(batchMock.commandCalls(SubmitJobCommand)[0]!.args[0].input).toEqual({
      jobName: 'smoke',
      jobQueue: 'arrayjobs-dev-worker-queue',
      jobDefinition: 'arrayjobs-dev-worker',
      ecsPropertiesOverride: {
        taskProperties: [{ containers: [{ name: 'main', environment: [{ name: 'JOB_INPUT', value: '{}' }] }] }],
      },
    });
    expect(run.lines.slice(2)).toEqual([
      `--- ${GROUP} sidecar/main/t1 (container main)`,
      'bad input',
      '--- /aws/batch/proxy sidecar/proxy/t1 (container proxy)',
      'proxy up',
      `${JOB}: FAILED: Essential container in task exited; attempt 1: ` +
        `container main exit code 3, container proxy exit code 0`,
    ]);
  });
});
