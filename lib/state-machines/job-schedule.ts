import type { ErrorRetrySettings, RetrySettings, State, StateMachineDefinition } from './asl';
import { type BatchJobSubmission, batchJobTask, errorRetrier, transitionTo } from './tasks';

/** One job of a schedule, with every ARN already resolved. */
export interface ScheduledJob {
  /** The job's submission; its name is the job's state name. */
  readonly submission: BatchJobSubmission;
  /** Jobs of the schedule this one runs after. */
  readonly dependsOn: readonly string[];
  /** Retries of the job by the workflow; none when omitted. */
  readonly retry?: ErrorRetrySettings;
  /** Pass over the job: a Pass state stands in for it. */
  readonly skip: boolean;
}

/** Seed 003's schedule: jobs by name, each with its dependencies (checked acyclic and complete). */
export interface JobScheduleProps {
  /** The jobs, by name, in configuration order. */
  readonly jobs: Readonly<Record<string, ScheduledJob>>;
  /** Retries of each submission on Batch API errors. */
  readonly batchRetry: RetrySettings;
}

/** How the jobs of a schedule run: one job, steps one after another, or branches side by side. */
export type SchedulePlan =
  | { readonly kind: 'job'; readonly job: string }
  | { readonly kind: 'sequence'; readonly steps: readonly SchedulePlan[] }
  | { readonly kind: 'parallel'; readonly branches: readonly SchedulePlan[] };

/**
 * Orders a job graph into sequences and parallel branches, the only joins the States Language has.
 * Jobs that share no dependency path run in separate branches; a connected group first runs the
 * jobs that depend on none of the group (side by side), then plans the rest the same way. Every
 * job runs after all its dependencies. The plan is exact for series-parallel graphs; in other
 * graphs (A→C, B→C, B→D) a job may also wait for a job it does not depend on (D for A), since a
 * Parallel state can only join all of its branches.
 */
export function planSchedule(dependencies: Readonly<Record<string, readonly string[]>>): SchedulePlan {
  return planGroup(Object.keys(dependencies), dependencies);
}

function planGroup(jobs: readonly string[], dependencies: Readonly<Record<string, readonly string[]>>): SchedulePlan {
  const components = connectedGroups(jobs, dependencies);
  if (components.length > 1)
    return { kind: 'parallel', branches: components.map((group) => planGroup(group, dependencies)) };
  const inGroup = new Set(jobs);
  const first = jobs.filter((job) => !dependencies[job]!.some((d) => inGroup.has(d)));
  const rest = jobs.filter((job) => !first.includes(job));
  const head: SchedulePlan =
    first.length === 1
      ? { kind: 'job', job: first[0]! }
      : { kind: 'parallel', branches: first.map((job) => ({ kind: 'job', job })) };
  if (rest.length === 0) return head;
  const tail = planGroup(rest, dependencies);
  return { kind: 'sequence', steps: [head, ...(tail.kind === 'sequence' ? tail.steps : [tail])] };
}

/** The weakly connected groups of `jobs` (dependencies outside `jobs` ignored), each in input order. */
function connectedGroups(
  jobs: readonly string[],
  dependencies: Readonly<Record<string, readonly string[]>>,
): string[][] {
  const group = new Map(jobs.map((job) => [job, job]));
  const root = (job: string): string => {
    let r = job;
    while (group.get(r) !== r) r = group.get(r)!;
    return r;
  };
  for (const job of jobs) {
    for (const dependency of dependencies[job]!.filter((d) => group.has(d))) group.set(root(dependency), root(job));
  }
  const groups = new Map<string, string[]>();
  for (const job of jobs) {
    const key = root(job);
    if (!groups.has(key)) groups.set(key, []);
    groups.get(key)!.push(job);
  }
  return [...groups.values()];
}

/**
 * A state machine that runs a job schedule: independent jobs in parallel branches, each job after
 * its dependencies, each job `submitJob.sync` with its own retries, skipped jobs as Pass states.
 * No state catches a job's failure: the execution fails at that job (Step Functions stops the
 * jobs still running beside it), and RedriveExecution restarts it there, running again only the
 * failed and stopped jobs and those not yet started. Job results are discarded (ResultPath null),
 * so every job sees the execution input and the state stays far below the 256 KiB payload limit.
 */
export function jobScheduleDefinition(props: JobScheduleProps): StateMachineDefinition {
  const plan = planSchedule(Object.fromEntries(Object.entries(props.jobs).map(([name, job]) => [name, job.dependsOn])));
  let parallels = 0;
  const nameOf = new Map<SchedulePlan, string>();
  const stateName = (step: SchedulePlan): string => {
    if (step.kind === 'job') return step.job;
    if (!nameOf.has(step)) nameOf.set(step, `Parallel ${++parallels}`);
    return nameOf.get(step)!;
  };
  const chain = (step: SchedulePlan): StateMachineDefinition => {
    const steps = step.kind === 'sequence' ? step.steps : [step];
    const names = steps.map(stateName);
    const states: Record<string, State> = {};
    steps.forEach((current, i) => {
      states[names[i]!] = stateOf(current, names[i + 1]);
    });
    return { StartAt: names[0]!, States: states };
  };
  const stateOf = (step: SchedulePlan, next: string | undefined): State => {
    if (step.kind === 'parallel') {
      return { Type: 'Parallel', Branches: step.branches.map(chain), ResultPath: null, ...transitionTo(next) };
    }
    if (step.kind === 'sequence') throw new Error('a sequence is always flattened into its chain');
    const job = props.jobs[step.job]!;
    if (job.skip)
      return { Type: 'Pass', Comment: `Skipped: ${step.job} is configured with "skip": true`, ...transitionTo(next) };
    return batchJobTask(job.submission, props.batchRetry, transitionTo(next), {
      resultPath: null,
      retry: job.retry ? [errorRetrier(job.retry)] : [],
    });
  };
  const jobs = Object.keys(props.jobs);
  return {
    Comment:
      `Job schedule of ${jobs.length} Batch job${jobs.length === 1 ? '' : 's'}; ` +
      'after a failure, redrive the execution to run only the jobs that did not complete',
    ...chain(plan),
  };
}
