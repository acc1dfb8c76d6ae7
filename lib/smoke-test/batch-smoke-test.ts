import {
  type BatchClient,
  DescribeJobsCommand,
  type JobDetail,
  type JobStatus,
  SubmitJobCommand,
} from '@aws-sdk/client-batch';
import {
  type CloudWatchLogsClient,
  GetLogEventsCommand,
  ResourceNotFoundException,
} from '@aws-sdk/client-cloudwatch-logs';

/** What to submit and how long to follow it. */
export interface SmokeTestOptions {
  /** Job queue, by name or ARN. */
  readonly jobQueue: string;
  /** Job definition, by name, name:revision or ARN. */
  readonly jobDefinition: string;
  /** Name of the submitted job. */
  readonly jobName: string;
  /** Children of an array job (2-10000); a single job when omitted. */
  readonly arraySize?: number;
  /** Environment variables set on the container (containerOverrides), such as JOB_INPUT. */
  readonly environment?: Readonly<Record<string, string>>;
  /** For a job definition with ecs_properties: its task's container that gets `environment` (ecsPropertiesOverride). */
  readonly container?: string;
  /** Values of the job definition's `Ref::` parameters. */
  readonly parameters?: Readonly<Record<string, string>>;
  /** Share of a fair-share queue (required there, refused elsewhere by Batch). */
  readonly shareIdentifier?: string;
  /** How often the job's status is read, in milliseconds. */
  readonly pollIntervalMs: number;
  /** How long to follow the job before giving up, in milliseconds. */
  readonly timeoutMs: number;
  /** Receives every line the smoke test prints. */
  readonly log: (line: string) => void;
  /** Waits between polls; setTimeout unless a test replaces it. */
  readonly sleep?: (ms: number) => Promise<void>;
  /** The clock; Date.now unless a test replaces it. */
  readonly now?: () => number;
}

/** How the job ended, as the smoke test saw it. */
export type SmokeTestOutcome = 'SUCCEEDED' | 'FAILED' | 'TIMED_OUT';

/** What the smoke test found. */
export interface SmokeTestResult {
  /** The submitted job (the parent of an array job). */
  readonly jobId: string;
  /** How it ended. */
  readonly outcome: SmokeTestOutcome;
  /** The job's last description, and each child's for an array job. */
  readonly jobs: readonly JobDetail[];
}

/** Exit code of the smoke test command for each outcome. */
export const SMOKE_TEST_EXIT_CODES: Readonly<Record<SmokeTestOutcome, number>> = {
  SUCCEEDED: 0,
  FAILED: 1,
  TIMED_OUT: 2,
};

/** DescribeJobs takes at most 100 job ids per call (AWS Batch API reference). */
const DESCRIBE_JOBS_LIMIT = 100;
/** Where the awslogs driver writes when the job definition names no group (AWS Batch user guide). */
const DEFAULT_LOG_GROUP = '/aws/batch/job';
const FINISHED: readonly JobStatus[] = ['SUCCEEDED', 'FAILED'];

/**
 * Submits a job, or an array job, to a deployed queue, follows its status to the end, prints the
 * CloudWatch log lines of every attempt, and returns the outcome: what seed 001's test runner does.
 */
export async function runSmokeTest(
  batch: BatchClient,
  logs: CloudWatchLogsClient,
  options: SmokeTestOptions,
): Promise<SmokeTestResult> {
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  const now = options.now ?? Date.now;
  const environment = Object.entries(options.environment ?? {}).map(([name, value]) => ({ name, value }));
  const submitted = await batch.send(
    new SubmitJobCommand({
      jobName: options.jobName,
      jobQueue: options.jobQueue,
      jobDefinition: options.jobDefinition,
      ...(options.arraySize !== undefined ? { arrayProperties: { size: options.arraySize } } : {}),
      // Batch refuses containerOverrides for a job with ecsProperties: its overrides name a container of the task.
      ...(environment.length === 0
        ? {}
        : options.container !== undefined
          ? { ecsPropertiesOverride: { taskProperties: [{ containers: [{ name: options.container, environment }] }] } }
          : { containerOverrides: { environment } }),
      ...(options.parameters ? { parameters: { ...options.parameters } } : {}),
      ...(options.shareIdentifier ? { shareIdentifier: options.shareIdentifier } : {}),
    }),
  );
  const jobId = submitted.jobId!;
  const kind = options.arraySize !== undefined ? `array job (size ${options.arraySize})` : 'job';
  options.log(`submitted ${kind} ${options.jobName}: ${jobId} to ${options.jobQueue} with ${options.jobDefinition}`);

  const deadline = now() + options.timeoutMs;
  let last = '';
  for (;;) {
    const job = await describeJob(batch, jobId);
    const progress = progressOf(job);
    if (progress !== last) options.log(`${jobId}: ${progress}`);
    last = progress;
    const outcome = outcomeOf(job);
    if (outcome !== undefined) {
      const children = options.arraySize !== undefined ? await describeChildren(batch, jobId, options.arraySize) : [];
      await printLogs(logs, [job, ...children], options.log);
      report(job, children, outcome, options.log);
      return { jobId, outcome, jobs: [job, ...children] };
    }
    if (now() >= deadline) {
      options.log(
        `${jobId}: still ${job.status} after ${Math.round(options.timeoutMs / 1000)} s; giving up ` +
          `(the job keeps running: aws batch terminate-job --job-id ${jobId} --reason smoke-test)`,
      );
      return { jobId, outcome: 'TIMED_OUT', jobs: [job] };
    }
    await sleep(options.pollIntervalMs);
  }
}

async function describeJob(batch: BatchClient, jobId: string): Promise<JobDetail> {
  const { jobs } = await batch.send(new DescribeJobsCommand({ jobs: [jobId] }));
  const job = jobs?.[0];
  if (!job) throw new Error(`DescribeJobs does not know the job ${jobId} it has just accepted`);
  return job;
}

/** The children of an array job, `<jobId>:<index>`, in index order. */
async function describeChildren(batch: BatchClient, jobId: string, size: number): Promise<JobDetail[]> {
  const ids = Array.from({ length: size }, (_, index) => `${jobId}:${index}`);
  const children: JobDetail[] = [];
  for (let start = 0; start < ids.length; start += DESCRIBE_JOBS_LIMIT) {
    const { jobs } = await batch.send(new DescribeJobsCommand({ jobs: ids.slice(start, start + DESCRIBE_JOBS_LIMIT) }));
    children.push(...(jobs ?? []));
  }
  return children.sort((a, b) => (childIndex(a) ?? 0) - (childIndex(b) ?? 0));
}

/** The index of a child of an array job: its arrayProperties.index, or the end of its id `<parent>:<index>`. */
function childIndex(job: JobDetail): number | undefined {
  if (job.arrayProperties?.index !== undefined) return job.arrayProperties.index;
  const match = /:(\d+)$/.exec(job.jobId ?? '');
  return match ? Number(match[1]) : undefined;
}

/** The status, with the children's counts for an array job. */
function progressOf(job: JobDetail): string {
  const summary = job.arrayProperties?.statusSummary;
  if (!summary) return job.status ?? 'UNKNOWN';
  const counts = Object.entries(summary)
    .filter(([, count]) => count > 0)
    .map(([status, count]) => `${count} ${status}`);
  return `${job.status} (children: ${counts.join(', ') || 'none yet'})`;
}

/**
 * SUCCEEDED or FAILED once the job has finished. An array job has finished when it says so, or
 * when every child has: Batch marks the parent FAILED once all children are done and one failed.
 */
function outcomeOf(job: JobDetail): 'SUCCEEDED' | 'FAILED' | undefined {
  if (job.status !== undefined && FINISHED.includes(job.status)) return job.status as 'SUCCEEDED' | 'FAILED';
  const summary = job.arrayProperties?.statusSummary;
  const size = job.arrayProperties?.size;
  if (!summary || size === undefined || size === 0) return undefined;
  const succeeded = summary.SUCCEEDED ?? 0;
  const failed = summary.FAILED ?? 0;
  if (succeeded + failed < size) return undefined;
  return failed > 0 ? 'FAILED' : 'SUCCEEDED';
}

/** One log stream of a job: its group, its name, and the container of a multi-container task it belongs to. */
interface JobLogStream {
  readonly group: string;
  readonly stream: string;
  readonly container?: string;
}

/**
 * The log streams of every attempt of a job: its container's, or for a job with ecsProperties each
 * container's of the task (by name, with the group its logConfiguration names).
 */
function logStreamsOf(job: JobDetail): JobLogStream[] {
  const streams = new Map<string, JobLogStream>();
  const add = (stream: string | undefined, group: string | undefined, container?: string): void => {
    if (stream)
      streams.set(stream, {
        group: group ?? DEFAULT_LOG_GROUP,
        stream,
        ...(container !== undefined ? { container } : {}),
      });
  };
  const taskContainers = job.ecsProperties?.taskProperties?.flatMap((task) => task.containers ?? []) ?? [];
  const groupOf = (name: string | undefined): string | undefined =>
    taskContainers.find((c) => c.name === name)?.logConfiguration?.options?.['awslogs-group'];
  for (const attempt of job.attempts ?? []) {
    add(attempt.container?.logStreamName, job.container?.logConfiguration?.options?.['awslogs-group']);
    for (const container of attempt.taskProperties?.flatMap((task) => task.containers ?? []) ?? [])
      add(container.logStreamName, groupOf(container.name), container.name);
  }
  add(job.container?.logStreamName, job.container?.logConfiguration?.options?.['awslogs-group']);
  for (const container of taskContainers)
    add(container.logStreamName, container.logConfiguration?.options?.['awslogs-group'], container.name);
  return [...streams.values()];
}

/** Every log line of every attempt of every job, each line prefixed by the child's index for an array job. */
async function printLogs(
  logs: CloudWatchLogsClient,
  jobs: readonly JobDetail[],
  log: (line: string) => void,
): Promise<void> {
  const started = jobs.filter(
    (job) => job.container !== undefined || job.ecsProperties !== undefined || (job.attempts ?? []).length > 0,
  );
  for (const job of started) {
    const index = childIndex(job);
    const label = index !== undefined ? `[${index}] ` : '';
    const streams = logStreamsOf(job);
    if (streams.length === 0) {
      if (!job.arrayProperties?.statusSummary) log(`${label}no log stream: the job never started a container`);
      continue;
    }
    for (const { group, stream, container } of streams) {
      log(`${label}--- ${group} ${stream}${container !== undefined ? ` (container ${container})` : ''}`);
      for (const line of await logLines(logs, group, stream)) log(`${label}${line}`);
    }
  }
}

/** The messages of one log stream, oldest first, following the forward token to the end. */
async function logLines(logs: CloudWatchLogsClient, logGroupName: string, logStreamName: string): Promise<string[]> {
  const lines: string[] = [];
  let token: string | undefined;
  for (;;) {
    let page;
    try {
      page = await logs.send(
        new GetLogEventsCommand({
          logGroupName,
          logStreamName,
          startFromHead: true,
          ...(token ? { nextToken: token } : {}),
        }),
      );
    } catch (error) {
      if (error instanceof ResourceNotFoundException) return [`(no log stream ${logStreamName} in ${logGroupName})`];
      throw error;
    }
    lines.push(...(page.events ?? []).map((event) => event.message ?? ''));
    // GetLogEvents returns the token it was given once the stream has no more events.
    if (!page.nextForwardToken || page.nextForwardToken === token) return lines;
    token = page.nextForwardToken;
  }
}

/** The verdict, with the reasons Batch gives for every failure. */
function report(
  job: JobDetail,
  children: readonly JobDetail[],
  outcome: 'SUCCEEDED' | 'FAILED',
  log: (line: string) => void,
): void {
  if (children.length === 0) {
    log(`${job.jobId}: ${outcome}${outcome === 'FAILED' ? `: ${failureOf(job)}` : ''}`);
    return;
  }
  const failed = children.filter((child) => child.status === 'FAILED');
  for (const child of failed) log(`[${childIndex(child)}] FAILED: ${failureOf(child)}`);
  log(`${job.jobId}: ${outcome}: ${children.length - failed.length} of ${children.length} children succeeded`);
}

/**
 * Why a job failed, from its status reason and its attempts' exit codes and reasons (each
 * container's, for a multi-container task).
 */
function failureOf(job: JobDetail): string {
  const attempts = (job.attempts ?? []).map(
    (a, i) =>
      `attempt ${i + 1}: ${
        [
          a.container?.exitCode !== undefined ? `exit code ${a.container.exitCode}` : undefined,
          a.container?.reason,
          ...(a.taskProperties?.flatMap((task) => task.containers ?? []) ?? []).map((c) =>
            [
              c.exitCode !== undefined ? `container ${c.name} exit code ${c.exitCode}` : undefined,
              c.reason !== undefined ? `container ${c.name}: ${c.reason}` : undefined,
            ]
              .filter((part) => part)
              .join(', '),
          ),
          a.statusReason,
        ]
          .filter((part) => part)
          .join(', ') || 'no reason given'
      }`,
  );
  const exitCode =
    job.container?.exitCode !== undefined && attempts.length === 0 ? [`exit code ${job.container.exitCode}`] : [];
  return [job.statusReason ?? 'Batch gives no status reason', ...exitCode, ...attempts].join('; ');
}
