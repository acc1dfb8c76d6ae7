import * as z from 'zod';
import { findCycle } from '../job-graph';
import { WHEN_FIELDS_VALID } from './common-fields';
import {
  ArraySize,
  BatchInputParameters,
  BatchParameters,
  checkPriorityNeedsShare,
  ErrorRetry,
  FAIR_SHARE_FIELDS,
  JobAttempts,
  STATE_MACHINE_FIELDS,
  TaskRetry,
} from './workflow-fields';

/** A job of a schedule is named by its key: a Batch job name short enough to be a state name (80 characters). */
const ScheduledJobName = z
  .string()
  .regex(
    /^[A-Za-z0-9][A-Za-z0-9_-]{0,79}$/,
    'a job name: up to 80 letters, digits, dashes or underscores, starting with a letter or digit',
  );

/** One Batch job of a schedule. */
const ScheduledJob = z
  .strictObject({
    /** Job definition of the batch stack, by name. */
    job_definition: z.string().min(1),
    /** Queue of the batch stack, by name; the schedule's job_queue when omitted. */
    job_queue: z.string().min(1).optional(),
    /** Jobs of the schedule this one runs after. */
    depends_on: z.array(ScheduledJobName).default([]),
    /** Retries of the job by the workflow; none when omitted. */
    retry: ErrorRetry.optional(),
    /** Job parameters given literally. */
    parameters: BatchParameters.optional(),
    /** Job parameters read from the execution input. */
    input_parameters: BatchInputParameters.optional(),
    /** Submit an array job of this many children. */
    array_size: ArraySize.optional(),
    /** Share and priority of the job, when its queue is a fair-share queue. */
    ...FAIR_SHARE_FIELDS,
    /** Pass over the job (a Pass state): its dependents still run after it. */
    skip: z.boolean().default(false),
  })
  .superRefine(checkPriorityNeedsShare, WHEN_FIELDS_VALID);

/**
 * A job schedule: a graph of Batch jobs. Independent jobs run in parallel, each job after
 * its dependencies; a failed schedule is restarted with Step Functions redrive.
 */
export const JobScheduleSettings = z.strictObject({
  pattern: z.literal('job_schedule'),
  ...STATE_MACHINE_FIELDS,
  /** Queue of the batch stack the jobs go to unless they name their own, by name. */
  job_queue: z.string().min(1),
  job_attempts: JobAttempts.default(1),
  /** Retries of each submission on Batch API errors. */
  batch_retry: TaskRetry,
  /** The jobs, by name. */
  jobs: z
    .record(ScheduledJobName, ScheduledJob)
    .refine((jobs) => Object.keys(jobs).length > 0, 'at least one job')
    .superRefine((jobs, ctx) => {
      const names = Object.keys(jobs);
      for (const [name, job] of Object.entries(jobs)) {
        job.depends_on.forEach((dependency, i) => {
          if (dependency === name)
            ctx.addIssue({
              code: 'custom',
              path: [name, 'depends_on', i],
              input: dependency,
              message: 'another job of the schedule: a job cannot depend on itself',
            });
          else if (!names.includes(dependency))
            ctx.addIssue({
              code: 'custom',
              path: [name, 'depends_on', i],
              input: dependency,
              message:
                `the name of a job of this schedule: ` +
                `${names.filter((n) => n !== name).join(', ') || '(no other job)'}`,
            });
        });
      }
      const cycle = findCycle(
        Object.fromEntries(Object.entries(jobs).map(([name, job]) => [name, job.depends_on.filter((d) => d !== name)])),
      );
      if (cycle) {
        const [job, dependency] = cycle;
        ctx.addIssue({
          code: 'custom',
          path: [job!, 'depends_on', jobs[job!]!.depends_on.indexOf(dependency!)],
          input: dependency,
          message: `dependencies without a cycle (${cycle
            .slice(0, -1)
            .map((j, i) => `${j} depends on ${cycle[i + 1]}`)
            .join(', ')}): a schedule is a graph without cycles`,
        });
      }
    }, WHEN_FIELDS_VALID),
});

/** The job schedule's validated settings. */
export type JobScheduleConfig = z.infer<typeof JobScheduleSettings>;
/** One scheduled job's validated settings. */
export type ScheduledJobConfig = JobScheduleConfig['jobs'][string];
