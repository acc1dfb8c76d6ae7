import type { JobAttemptsConfig, TaskRetryConfig, ErrorRetryConfig } from '../configuration/schemas/workflow-fields';
import type { StateMachineConfig } from '../configuration/schemas/state-machine-schema';
import { arrayJobDefinition } from './array-job';
import type { ErrorRetrySettings, RetrySettings, StateMachineDefinition } from './asl';
import { batchGroupDefinition } from './batch-group';
import { hybridRouterDefinition } from './hybrid-router';
import { jobScheduleDefinition } from './job-schedule';

/** The ARNs of the batch stack's resources, by name: from its remote state, or mocked offline. */
export interface BatchArns {
  /** ARN of the job queue `name`. */
  jobQueueArn(name: string): string;
  /** ARN of the job definition `name`. */
  jobDefinitionArn(name: string): string;
}

/** The Amazon States Language definition a configured state machine generates. */
export function stateMachineDefinition(config: StateMachineConfig, arns: BatchArns): StateMachineDefinition {
  switch (config.pattern) {
    case 'hybrid_router':
      return hybridRouterDefinition({
        chunkSizePath: config.chunk_size_path,
        threshold: config.chunk_size_threshold,
        lambdaFunctionArn: config.lambda_function_arn,
        jobQueueArn: arns.jobQueueArn(config.job_queue),
        processingJobDefinitionArn: arns.jobDefinitionArn(config.processing_job_definition),
        processingJobName: config.processing_job_definition,
        ...(config.validation_job_definition !== undefined
          ? {
              validation: {
                jobDefinitionArn: arns.jobDefinitionArn(config.validation_job_definition),
                jobName: config.validation_job_definition,
              },
            }
          : {}),
        fairShare: fairShare(config),
        lambdaRetry: retrySettings(config.lambda_retry),
        batchRetry: retrySettings(config.batch_retry),
      });
    case 'batch_group':
      return batchGroupDefinition({
        preBatchLambdaArn: config.pre_batch_lambda_arn,
        postBatchLambdaArn: config.post_batch_lambda_arn,
        ...(config.publish_lambda_arn !== undefined ? { publishLambdaArn: config.publish_lambda_arn } : {}),
        job: {
          jobName: config.job_name ?? config.job_definition,
          jobQueueArn: arns.jobQueueArn(config.job_queue),
          jobDefinitionArn: arns.jobDefinitionArn(config.job_definition),
          ...optional('parameters', config.parameters),
          ...optional('inputParameters', config.input_parameters),
          ...fairShare(config),
          ...attempts(config.job_attempts),
        },
        lambdaRetry: retrySettings(config.lambda_retry),
        batchRetry: retrySettings(config.batch_retry),
        groupRetries: config.group_retries.map(errorRetrySettings),
      });
    case 'job_schedule':
      return jobScheduleDefinition({
        jobs: Object.fromEntries(
          Object.entries(config.jobs).map(([name, job]) => [
            name,
            {
              submission: {
                jobName: name,
                jobQueueArn: arns.jobQueueArn(job.job_queue ?? config.job_queue),
                jobDefinitionArn: arns.jobDefinitionArn(job.job_definition),
                ...optional('parameters', job.parameters),
                ...optional('inputParameters', job.input_parameters),
                ...optional('arraySize', job.array_size),
                ...fairShare(job),
                ...attempts(config.job_attempts),
              },
              dependsOn: [...new Set(job.depends_on)],
              ...(job.retry ? { retry: errorRetrySettings(job.retry) } : {}),
              skip: job.skip,
            },
          ]),
        ),
        batchRetry: retrySettings(config.batch_retry),
      });
    case 'array_job':
      return arrayJobDefinition({
        job: {
          jobName: config.job_name ?? config.job_definition,
          jobQueueArn: arns.jobQueueArn(config.job_queue),
          jobDefinitionArn: arns.jobDefinitionArn(config.job_definition),
          // The schema requires exactly one of the two.
          arraySize: config.array_size ?? { path: config.array_size_path! },
          ...optional('parameters', config.parameters),
          ...optional('inputParameters', config.input_parameters),
          ...fairShare(config),
          ...optional('inputEnvironmentVariable', config.input_environment_variable),
          ...attempts(config.job_attempts),
        },
        batchRetry: retrySettings(config.batch_retry),
        ...(config.job_retry ? { jobRetry: errorRetrySettings(config.job_retry) } : {}),
      });
  }
}

/** The SubmitJob share and priority of a submission's settings. */
function fairShare(settings: { readonly share_identifier?: string; readonly scheduling_priority_override?: number }): {
  shareIdentifier?: string;
  schedulingPriorityOverride?: number;
} {
  return {
    ...optional('shareIdentifier', settings.share_identifier),
    ...optional('schedulingPriorityOverride', settings.scheduling_priority_override),
  };
}

function retrySettings(settings: TaskRetryConfig): RetrySettings {
  return {
    intervalSeconds: settings.interval_seconds,
    maxAttempts: settings.max_attempts,
    backoffRate: settings.backoff_rate,
  };
}

function errorRetrySettings(settings: ErrorRetryConfig): ErrorRetrySettings {
  return { errors: settings.errors, ...retrySettings(settings) };
}

/** Batch's own attempts: a number overrides the job definition's retry strategy; "job_definition" keeps it. */
function attempts(value: JobAttemptsConfig): { attempts?: number } {
  return value === 'job_definition' ? {} : { attempts: value };
}

function optional<K extends string, V>(key: K, value: V | undefined): { [P in K]?: V } {
  return (value === undefined ? {} : { [key]: value }) as { [P in K]?: V };
}
